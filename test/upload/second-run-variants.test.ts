// A product held without some of the catalog's variants: a handle's rows split in the file (a
// sorted spreadsheet) create the product with its first rows only and refuse the rest; run again
// with the rows together, a skip must say what is missing, and an update adds it. Also: lookup
// retries are counted.
import { strict as assert } from 'node:assert';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { run, tempDir } from '../helpers.js';
import { sandboxFor } from './harness.js';

const HEADER = 'handle,title,sku,price,option1_name,option1_value';

test('variants the held product lacks: a skip warns (summary, --json, the unit\'s line); --existing update adds them', async () => {
  const h = await sandboxFor('veeqo');
  try {
    const dir = tempDir();
    const split = path.join(dir, 'split.csv');
    const fixed = path.join(dir, 'fixed.csv');
    writeFileSync(split, [HEADER, 'h1,Hat,H1-S,1.00,Size,S', 'h2,Cap,C1,2.00,,', 'h1,,H1-M,1.00,,M'].join('\n'));
    writeFileSync(fixed, [HEADER, 'h1,Hat,H1-S,1.00,Size,S', 'h1,,H1-M,1.00,,M', 'h2,Cap,C1,2.00,,'].join('\n'));
    const base = ['--target', 'veeqo', '--rate', 'unlimited', '--no-progress'];
    const first = await run(['upload', split, ...base, '--report', path.join(dir, 'r1.jsonl')], { env: h.env });
    assert.equal(first.code, 1, 'the stray row is refused');
    const again = await run(['upload', fixed, ...base, '--report', path.join(dir, 'r2.jsonl'), '--json'], { env: h.env });
    assert.equal(again.code, 0, again.stderr);
    const summary = JSON.parse(again.stdout) as { units: { existing: number }; warning_groups: { code: string; message: string }[] };
    assert.equal(summary.units.existing, 2);
    const lack = summary.warning_groups.find((g) => g.code === 'existing.lacks_variants');
    assert.match(lack?.message ?? '', /fixed\.csv:2: .*expected Veeqo to hold every variant of the product; run again with --existing update to add them; found \d+ without H1-M/);
    const update = await run(['upload', fixed, ...base, '--report', path.join(dir, 'r3.jsonl'), '--existing', 'update', '--json'], { env: h.env });
    assert.equal(update.code, 0, update.stderr);
    assert.equal(JSON.parse(update.stdout).units.updated, 1);
    const last = await run(['upload', fixed, ...base, '--report', path.join(dir, 'r4.jsonl'), '--json'], { env: h.env });
    assert.deepEqual(JSON.parse(last.stdout).warning_groups.filter((g: { code: string }) => g.code === 'existing.lacks_variants'), [], 'nothing lacks any more');
  } finally {
    await h.close();
  }
});

test('lookups sent again after a 503 are counted as retried in the summary', async () => {
  const h = await sandboxFor('veeqo', { seed: 7, failRate: 0.5, methods: ['GET'] });
  try {
    const dir = tempDir();
    const input = path.join(dir, 'in.csv');
    writeFileSync(input, [HEADER, 'h1,Hat,H1-S,1.00,Size,S', 'h2,Cap,C1,2.00,,'].join('\n'));
    const r = await run(['upload', input, '--target', 'veeqo', '--rate', 'unlimited', '--no-progress', '--report', path.join(dir, 'r.jsonl'), '--json'], { env: h.env });
    assert.equal(r.code, 0, r.stderr);
    const failed = h.sandbox.stats.byStatus['503'] ?? 0;
    assert.ok(failed > 0, 'the fault happened');
    assert.equal(JSON.parse(r.stdout).requests.retried, failed, 'each 503 was followed by a retry, and counted');
  } finally {
    await h.close();
  }
});
