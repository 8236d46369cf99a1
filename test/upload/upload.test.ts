// End to end: the built binary uploads to a sandbox over real HTTP, faults on, and we check
// what the sandbox received and what the report says.
import { strict as assert } from 'node:assert';
import { before, describe, test } from 'node:test';
import { readFileSync, writeFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { generateCsv } from '../../bench/generate.js';
import { fixture, run, tempDir } from '../helpers.js';
import { createCounts, duplicates, goldenBodies, readReportFile, sandboxFor } from './harness.js';

const CATALOG = fixture('catalog.json');
const DIGITAL = fixture('digital.csv');

function parseSummary(stdout: string) {
  const lines = stdout.trim().split('\n');
  assert.equal(lines.length, 1, `--json prints exactly one line on stdout, got: ${stdout}`);
  return JSON.parse(lines[0]!);
}

describe('upload: every target end to end', () => {
  // Panora stores integer prices: the fixture's cents go as integer cents (PANORA_PRICE_UNIT=minor).
  for (const [target, input, expected, golden, extraEnv] of [
    ['panora', CATALOG, { created: 3, invalid: 0, code: 0 }, 'panora.minor', { PANORA_PRICE_UNIT: 'minor' }],
    ['fanfare', CATALOG, { created: 3, invalid: 0, code: 0 }, 'fanfare', {}],
    ['veeqo', CATALOG, { created: 3, invalid: 0, code: 0 }, 'veeqo', {}],
    ['s2', CATALOG, { created: 4, invalid: 1, code: 1 }, 's2', {}], // the eBook has no place in a warehouse
    ['pandabase', DIGITAL, { created: 3, invalid: 0, code: 0 }, undefined, {}],
  ] as const) {
    test(`${target}: the fixture catalog lands once, bodies exactly as golden`, async () => {
      const h = await sandboxFor(target);
      try {
        const dir = tempDir();
        const report = path.join(dir, 'report.jsonl');
        const r = await run(['upload', input, '--target', target, '--report', report, '--json', '--rate', 'unlimited'], { env: { ...h.env, ...extraEnv } });
        assert.equal(r.code, expected.code, r.stderr);
        const s = parseSummary(r.stdout);
        assert.equal(s.units.created, expected.created);
        assert.equal(s.units.invalid, expected.invalid);
        assert.equal(r.stderr.trim(), '', '--json keeps stderr free of progress and summary');
        assert.equal(h.sandbox.store.created.length, expected.created);
        assert.deepEqual(duplicates(h.sandbox), []);
        assert.ok(Object.keys(h.sandbox.stats.byStatus).every((s) => /^2\d\d$/.test(s)), 'every request accepted');
        const created = [...readReportFile(report).last.values()].filter((l) => l.status === 'created');
        assert.equal(created.length, expected.created);
        assert.ok(created.every((l) => l.remote_id), 'remote ids recorded');
        if (golden) {
          const sorted = (bodies: unknown[]) => bodies.map((b) => JSON.stringify(b)).sort();
          assert.deepEqual(sorted(h.sandbox.store.created.map((c) => c.body)), sorted([...goldenBodies(golden).values()]));
        }
      } finally {
        await h.close();
      }
    });
  }

  test('--sandbox runs the demo with no credentials at all', async () => {
    const r = await run(['upload', CATALOG, '--target', 'veeqo', '--sandbox', '--report', path.join(tempDir(), 'r.jsonl')], {
      env: { VEEQO_API_KEY: undefined, VEEQO_BASE_URL: undefined },
    });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /created\s+3/);
    assert.match(r.stderr, /3 planned = 3 created/);
  });

  test('--sandbox sends only to its fake, whatever base URL --base-url, the environment or a config file names', async () => {
    // A server that would take the fake's dummy credentials if the run went there.
    let hits = 0;
    const elsewhere = http.createServer((_q, res) => (hits++, res.writeHead(500), res.end()));
    await new Promise<void>((resolve) => elsewhere.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(elsewhere.address() as AddressInfo).port}`;
    try {
      const dir = tempDir();
      writeFileSync(path.join(dir, 'c.json'), JSON.stringify({ targets: { veeqo: { 'base-url': url } } }));
      for (const [i, args] of [['--base-url', url], ['--config', path.join(dir, 'c.json')], []].entries()) {
        const r = await run(['upload', CATALOG, '--target', 'veeqo', '--sandbox', '--allow-http', '--report', path.join(dir, `r${i}.jsonl`), ...args], { env: { VEEQO_BASE_URL: url } });
        assert.equal(r.code, 0, r.stderr);
        if (i === 0) assert.match(r.stderr, new RegExp(`--sandbox sends to its local fake: the base URL ${url.replace(/\./g, '\\.')} is not used`));
        assert.match(r.stderr, /created\s+3/);
      }
      assert.equal(hits, 0);
    } finally {
      elsewhere.close();
    }
  });
});

describe('upload: faults', () => {
  let dir: string;
  let physical: string;
  let digital: string;
  before(async () => {
    dir = tempDir();
    physical = path.join(dir, 'physical.csv');
    digital = path.join(dir, 'digital.csv');
    await generateCsv(physical, { rows: 300, prefix: 'F' });
    await generateCsv(digital, { rows: 120, kind: 'digital_download', prefix: 'D' });
  });

  async function upload(target: string, input: string, faults: object, extra: string[] = []) {
    const h = await sandboxFor(target, { seed: 7, ...faults });
    const report = path.join(tempDir(), 'report.jsonl');
    // Generated prices have cents: Panora takes them as integer cents (see PANORA_PRICE_UNIT).
    const env = { ...h.env, PANORA_PRICE_UNIT: 'minor' };
    const r = await run(['upload', input, '--target', target, '--report', report, '--json', '--rate', 'unlimited', '--concurrency', '16', '--retries', '8', ...extra], { env, timeoutMs: 120_000 });
    await h.close();
    // Sixteen workers waiting at once are normal: Node must not call that a leak.
    assert.doesNotMatch(r.stderr, /MaxListenersExceededWarning|memory leak detected/);
    return { h, r, report, summary: r.stdout ? parseSummary(r.stdout) : undefined };
  }

  test('429 storm with Retry-After (Panora): all created once, workers paused', async () => {
    const { h, r, summary } = await upload('panora', physical, { rateLimit: 200, burst: 5 });
    assert.equal(r.code, 0, r.stderr);
    assert.ok(summary.requests.rate_limited > 0, 'the storm happened');
    assert.equal(summary.units.created, 300);
    assert.deepEqual(duplicates(h.sandbox), []);
  });

  test('429 storm with reset headers only (Pandabase): all created once', async () => {
    const { h, r, summary } = await upload('pandabase', digital, { rateLimit: 100, burst: 5 });
    assert.equal(r.code, 0, r.stderr);
    assert.ok(summary.requests.rate_limited > 0);
    assert.equal(summary.units.created, 120);
    assert.deepEqual(duplicates(h.sandbox), []);
  });

  test('503s and dropped connections (Fanfare upsert): every unit created exactly once', async () => {
    const { h, r, summary } = await upload('fanfare', physical, { failRate: 0.2, resetRate: 0.1 });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(summary.units.created, 300);
    assert.equal(createCounts(h.sandbox).size, 300);
    assert.deepEqual(duplicates(h.sandbox), []);
  });

  for (const target of ['fanfare', 'pandabase', 'veeqo', 'panora']) {
    test(`ambiguous failures (${target}): retried only as its dedupe allows, never duplicated`, async () => {
      const input = target === 'pandabase' ? digital : physical;
      const total = target === 'pandabase' ? 120 : 300;
      const { h, r, summary } = await upload(target, input, { ambiguousRate: 0.15 });
      assert.equal(r.code, 0, r.stderr);
      assert.equal(summary.units.created + summary.units.existing, total);
      assert.equal(createCounts(h.sandbox).size, total);
      assert.deepEqual(duplicates(h.sandbox), []);
      if (target === 'veeqo' || target === 'panora') assert.ok(summary.units.existing > 0, 'lookups found units created by an ambiguous request');
    });
  }

  test('ambiguous failures on S2 (no dedupe): recorded unknown, never sent twice', async () => {
    const { h, r, summary, report } = await upload('s2', physical, { ambiguousRate: 0.15 });
    assert.equal(r.code, 1);
    assert.ok(summary.units.unknown > 0);
    assert.equal(summary.units.created + summary.units.unknown, 300);
    assert.deepEqual(duplicates(h.sandbox), []);
    const unknown = [...readReportFile(report).last.values()].filter((l) => l.status === 'unknown');
    assert.ok(unknown.every((l) => l.attempts === 1 && /no way to deduplicate/.test(l.error ?? '')));
  });

  test('S2 units left unknown by ambiguous failures: --resume looks each up, finds them held, sends none again', async () => {
    const h = await sandboxFor('s2', { seed: 7, ambiguousRate: 0.15 });
    try {
      const report = path.join(tempDir(), 'report.jsonl');
      const args = ['upload', physical, '--target', 's2', '--report', report, '--json', '--rate', 'unlimited', '--concurrency', '8'];
      const first = await run(args, { env: h.env, timeoutMs: 120_000 });
      const unknown = parseSummary(first.stdout).units.unknown;
      assert.ok(unknown > 0, 'the faults happened');
      h.sandbox.setFaults({});
      const again = await run([...args, '--resume'], { env: h.env, timeoutMs: 120_000 });
      assert.equal(again.code, 0, again.stderr);
      const s = parseSummary(again.stdout);
      assert.equal(s.resume.uncertain, unknown);
      assert.equal(s.units.existing, unknown, 'every unknown unit was held: found, not sent again');
      assert.equal(s.units.created, 0);
      assert.deepEqual(duplicates(h.sandbox), []);
    } finally {
      await h.close();
    }
  });

  test('timeouts are ambiguous: S2 gives up at once and says so', async () => {
    const small = path.join(dir, 'small.csv');
    await generateCsv(small, { rows: 3, prefix: 'T' });
    // Only the creates are slow: the lookup before them answers in time.
    const { r, summary } = await upload('s2', small, { latencyMs: 1500, methods: ['POST'] }, ['--timeout', '200ms']);
    assert.equal(r.code, 1);
    assert.equal(summary.units.unknown, 3);
    assert.match(JSON.stringify(summary.failures), /timed out/);
  });

  test('401 stops the run with exit 3 and names the variable, never its value', async () => {
    const h = await sandboxFor('fanfare');
    try {
      const report = path.join(tempDir(), 'r.jsonl');
      const secret = 'invalid_sk_test_secret_1234567890'; // the fake refuses keys starting with "invalid"
      const r = await run(['upload', physical, '--target', 'fanfare', '--report', report, '--rate', 'unlimited'], { env: { ...h.env, FANFARE_SECRET_KEY: secret } });
      assert.equal(r.code, 3, r.stderr);
      assert.match(r.stderr, /FANFARE_SECRET_KEY/);
      assert.ok(!r.stderr.includes(secret) && !r.stdout.includes(secret));
      assert.ok(!readFileSync(report, 'utf8').includes(secret));
      assert.ok(h.sandbox.store.created.length === 0);
    } finally {
      await h.close();
    }
  });

  test('--max-errors stops the run (exit 3)', async () => {
    const bad = path.join(dir, 'bad.csv');
    const rows = readFileSync(physical, 'utf8').split('\n');
    // Break the price of every product: each is invalid.
    writeFileSync(bad, [rows[0], ...rows.slice(1, 60).map((l) => l.replace(/,\d+\.\d\d,/, ',12.345,'))].join('\n'));
    const h = await sandboxFor('veeqo');
    try {
      const r = await run(['upload', bad, '--target', 'veeqo', '--report', path.join(tempDir(), 'r.jsonl'), '--max-errors', '5', '--json'], { env: h.env });
      assert.equal(r.code, 3, r.stderr);
      const s = parseSummary(r.stdout);
      assert.match(s.aborted, /max-errors 5/);
      assert.ok(s.units.invalid >= 5 && s.units.invalid < 59);
    } finally {
      await h.close();
    }
  });
});

describe('upload: safety', () => {
  test('credentials never appear in anything a run writes', async () => {
    const h = await sandboxFor('panora', { failRate: 0.2, seed: 5 });
    try {
      const dir = tempDir();
      const r = await run(['upload', CATALOG, fixture('bad', 'bad-price.csv'), '--target', 'panora', '--report', path.join(dir, 'r.jsonl'), '--rejects', path.join(dir, 'rejects.csv'), '--rate', 'unlimited'], { env: h.env });
      const secrets = Object.entries(h.env).filter(([k]) => /KEY|TOKEN|SECRET/.test(k)).map(([, v]) => v);
      assert.ok(secrets.length > 0);
      const written = [r.stdout, r.stderr, ...readdirSync(dir).map((f) => readFileSync(path.join(dir, f), 'utf8'))].join('\n');
      for (const s of secrets) assert.ok(!written.includes(s), 'secret leaked');
    } finally {
      await h.close();
    }
  });

  test('plain http:// to another host is refused before anything is read or sent', async () => {
    const r = await run(['upload', CATALOG, '--target', 'veeqo', '--base-url', 'http://api.example.com'], { env: { VEEQO_API_KEY: 'k-123456' } });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /plain http:\/\/.*--allow-http/);
  });

  test('a missing credential is exit 2 naming the variable', async () => {
    const r = await run(['upload', CATALOG, '--target', 'pandabase'], { env: { PANDABASE_API_KEY: undefined, PANDABASE_STORE_ID: undefined } });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /PANDABASE_API_KEY/);
  });

  test('an existing report is not overwritten without --resume or --force', async () => {
    const h = await sandboxFor('veeqo');
    try {
      const report = path.join(tempDir(), 'r.jsonl');
      const first = await run(['upload', CATALOG, '--target', 'veeqo', '--report', report], { env: h.env });
      assert.equal(first.code, 0, first.stderr);
      const again = await run(['upload', CATALOG, '--target', 'veeqo', '--report', report], { env: h.env });
      assert.equal(again.code, 2);
      assert.match(again.stderr, /--resume/);
      assert.equal(h.sandbox.store.created.length, 3);
    } finally {
      await h.close();
    }
  });
});
