// The acceptance run of the upload engine: 10,000 products against a sandbox that fails 10% of
// creates with 503, drops 3% of connections and acts-then-fails on 3% (ambiguous). Every unit
// must end created exactly once on each target that can deduplicate.
import { strict as assert } from 'node:assert';
import { before, describe, test } from 'node:test';
import path from 'node:path';
import { generateCsv } from '../../bench/generate.js';
import { run, tempDir } from '../helpers.js';
import { createCounts, duplicates, readReportFile, sandboxFor } from '../upload/harness.js';

const N = 10_000;

describe(`soak: ${N} products, 10% 503 + 3% dropped + 3% ambiguous`, () => {
  let physical: string;
  let digital: string;
  before(async () => {
    const dir = tempDir();
    physical = path.join(dir, 'physical.csv');
    digital = path.join(dir, 'digital.csv');
    await generateCsv(physical, { rows: N, prefix: 'S' });
    await generateCsv(digital, { rows: N, kind: 'digital_download', prefix: 'S' });
  });

  for (const target of ['fanfare', 'pandabase', 'veeqo']) {
    test(`${target}: every unit created exactly once`, async (t) => {
      const h = await sandboxFor(target, { failRate: 0.1, resetRate: 0.03, ambiguousRate: 0.03, seed: 42 });
      try {
        const report = path.join(tempDir(), 'report.jsonl');
        const input = target === 'pandabase' ? digital : physical;
        const r = await run(['upload', input, '--target', target, '--report', report, '--json', '--rate', 'unlimited', '--concurrency', '32', '--retries', '10'], { env: h.env, timeoutMs: 300_000 });
        assert.equal(r.code, 0, r.stderr.slice(-2000));
        const s = JSON.parse(r.stdout);
        const counts = createCounts(h.sandbox);
        assert.equal(counts.size, N, 'every unit exists on the target');
        assert.deepEqual(duplicates(h.sandbox), [], 'none created twice');
        assert.equal(s.units.created + s.units.existing, N);
        const { last } = readReportFile(report);
        assert.equal(last.size, N, 'every unit has a final line');
        t.diagnostic(`${target}: ${s.units.created} created + ${s.units.existing} existing in ${(s.elapsed_ms / 1000).toFixed(1)}s; ${s.requests.sent} requests, ${s.requests.retried} retried; sandbox saw ${h.sandbox.stats.byStatus['503'] ?? 0}×503, ${h.sandbox.stats.resets} dropped, ${h.sandbox.stats.ambiguous} ambiguous`);
      } finally {
        await h.close();
      }
    });
  }
});
