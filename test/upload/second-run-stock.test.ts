// Second runs, end to end (continued from second-run.test.ts, split so the two run side by side):
// Veeqo stock levels set once per variant and finished by --resume, a plan against an empty
// target, and the create-only targets refusing --existing update before anything is sent.
import { strict as assert } from 'node:assert';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { generateCsv } from '../../bench/generate.js';
import { stockLog } from '../../src/targets/veeqo/sandbox.js';
import { run, tempDir } from '../helpers.js';
import { duplicates, exited, readReportFile, spawnCli, waitFor } from './harness.js';
import { catalogs, PRODUCTS, readCsv, sandbox, TARGETS, upload, writeCsv } from './second-run-support.js';

describe('second runs: --plan against a target that holds nothing', () => {
  test('everything would be created: one listing request; without a warehouse, one notice on how to find one', async () => {
    const { dir, first } = await catalogs(TARGETS[0]!);
    const h = await sandbox('veeqo');
    try {
      const r = await run(['upload', first, '--target', 'veeqo', '--plan', '--report', path.join(dir, 'plan.jsonl'), '--rate', 'unlimited', '--no-progress'], { env: h.env });
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stderr, new RegExp(`to_create\\s+${PRODUCTS}\\n`));
      assert.deepEqual(h.sandbox.stats.byMethod, { GET: 1 });
      assert.equal(r.stderr.match(/stock levels are not set/g)?.length, 1);
      assert.match(r.stderr, /GET \/warehouses/);
      assert.match(r.stderr, /--warehouse <id> \(or set VEEQO_WAREHOUSE_ID\)/);
    } finally {
      await h.close();
    }
  });
});

describe('second runs: Veeqo stock levels', () => {
  test('set once per variant after the create; an unchanged rerun sets none; a changed level is set again', async () => {
    const { dir, first } = await catalogs(TARGETS[0]!);
    const h = await sandbox('veeqo');
    try {
      const r = await upload(h, first, path.join(dir, 's1.jsonl'), ['--warehouse', '22668']);
      assert.equal(r.code, 0, r.stderr);
      const log = stockLog(h.sandbox.store);
      assert.equal(log.length, PRODUCTS * 2, 'one stock entry per variant');
      assert.equal(new Set(log.map((e) => e.sellable)).size, PRODUCTS * 2);
      assert.ok(log.every((e) => e.warehouse === 22668));
      const again = await upload(h, first, path.join(dir, 's2.jsonl'), ['--warehouse', '22668', '--existing', 'update']);
      assert.equal(JSON.parse(again.stdout).units.unchanged, PRODUCTS);
      assert.equal(log.length, PRODUCTS * 2, 'no stock write when the levels are held');
      const rows = readCsv(first);
      rows.find((x) => x.sku === 'V-4-1')!.inventory_quantity = '777';
      const moved = path.join(dir, 'moved.csv');
      writeCsv(moved, rows);
      const three = await upload(h, moved, path.join(dir, 's3.jsonl'), ['--warehouse', '22668', '--existing', 'update']);
      assert.equal(JSON.parse(three.stdout).units.updated, 1);
      assert.deepEqual(log.slice(PRODUCTS * 2).map((e) => e.level), [777]);
    } finally {
      await h.close();
    }
  });

  test('killed with -9 after creating and before every level was set: --resume sets the rest, creating nothing again', async () => {
    const { dir, first } = await catalogs(TARGETS[0]!);
    const h = await sandbox('veeqo', { latencyMs: 250, methods: ['PUT'] });
    try {
      const report = path.join(dir, 'k.jsonl');
      const args = ['upload', first, '--target', 'veeqo', '--report', report, '--rate', 'unlimited', '--warehouse', '22668', '--concurrency', '2'];
      const child = spawnCli(args, h.env);
      await waitFor(() => existsSync(report) && readFileSync(report, 'utf8').includes('"step":"stock"'));
      child.kill('SIGKILL');
      await exited(child);
      h.sandbox.setFaults({});
      const log = stockLog(h.sandbox.store);
      // The levels in flight land at the fake all the same: wait until every PUT received is handled.
      await waitFor(() => log.length === (h.sandbox.stats.byMethod.PUT ?? 0));
      const mid = readReportFile(report).last;
      assert.ok([...mid.values()].some((l) => l.status === 'sending' && l.step === 'stock'), 'a unit stopped in its stock step');
      const r = await run([...args, '--resume', '--json'], { env: h.env, timeoutMs: 60_000 });
      assert.equal(r.code, 0, r.stderr);
      const { last } = readReportFile(report);
      for (const l of last.values()) assert.ok(['created', 'skipped', 'existing'].includes(l.status), `${l.key}: ${l.status}`);
      assert.ok([...last.values()].some((l) => l.status === 'created' && l.at! > mid.get(l.key)!.at!), 'a resumed unit finishes as created');
      assert.deepEqual(duplicates(h.sandbox), []);
      assert.equal(h.sandbox.store.created.length, PRODUCTS);
      const perSellable = new Map<number, number>();
      for (const e of log) perSellable.set(e.sellable, (perSellable.get(e.sellable) ?? 0) + 1);
      assert.equal(perSellable.size, PRODUCTS * 2, 'every variant has its level');
      assert.ok([...perSellable.values()].every((n) => n === 1), 'each level set once');
    } finally {
      await h.close();
    }
  });
});

describe('second runs: create-only targets', () => {
  for (const target of ['panora', 's2']) {
    test(`${target}: --existing update stops before anything is sent (exit 2); the default skips what it holds`, async () => {
      const dir = tempDir();
      const input = path.join(dir, 'in.csv');
      await generateCsv(input, { rows: 6, prefix: 'C' });
      const h = await sandbox(target);
      h.env.PANORA_PRICE_UNIT = 'minor';
      try {
        const refused = await run(['upload', input, '--target', target, '--existing', 'update', '--report', path.join(dir, 'r0.jsonl')], { env: h.env });
        assert.equal(refused.code, 2);
        assert.match(refused.stderr, /--existing update: .* documents no way to update a product \(it is create-only\), so nothing was sent/);
        assert.equal(h.sandbox.stats.requests, 0);
        assert.ok(!existsSync(path.join(dir, 'r0.jsonl')));
        assert.equal((await upload(h, input, path.join(dir, 'r1.jsonl'))).code, 0);
        const again = await upload(h, input, path.join(dir, 'r2.jsonl'));
        assert.equal(again.code, 0, again.stderr);
        assert.equal(JSON.parse(again.stdout).units.existing, 6);
        assert.equal(h.sandbox.store.created.length, 6);
      } finally {
        await h.close();
      }
    });
  }
});

describe('second runs: an answer the lookup cannot read', () => {
  // A search that answers `{result: …}`: no list where the adapter looks for one.
  async function oddSearch() {
    const { startSandbox } = await import('../../src/sandbox/server.js');
    const { loadFake } = await import('../../src/targets/index.js');
    const fanfare = await loadFake('fanfare');
    const odd = { ...fanfare, handle: (req: Parameters<typeof fanfare.handle>[0], store: Parameters<typeof fanfare.handle>[1]) => (req.path === '/products/search' ? { status: 200, body: { result: 'ok', count: 0 } } : fanfare.handle(req, store)) };
    return { fanfare, sb: await startSandbox(odd, { port: 0 }) };
  }

  test('Fanfare search answering another shape: a plan stops before anything is written (exit 3), never read as "not found"', async () => {
    const { fanfare, sb } = await oddSearch();
    try {
      const dir = tempDir();
      const input = path.join(dir, 'in.csv');
      await generateCsv(input, { rows: 4, prefix: 'O' });
      const r = await run(['upload', input, '--plan', '--target', 'fanfare', '--report', path.join(dir, 'r.jsonl'), '--rate', 'unlimited', '--concurrency', '1', '--no-progress'], { env: fanfare.dummyEnv(sb.url) });
      assert.equal(r.code, 3, r.stderr);
      assert.match(r.stderr, /Fanfare answered a lookup in a shape this tool cannot read .*stopped before writing anything/);
      assert.equal(sb.store.created.length, 0);
      assert.deepEqual(Object.keys(sb.stats.byMethod), ['GET']);
    } finally {
      await sb.close();
    }
  });

  test('Fanfare search answering another shape: creates go as upserts (never twice), searched only until it failed 3 times, and said once', async () => {
    const { fanfare, sb } = await oddSearch();
    try {
      const dir = tempDir();
      const input = path.join(dir, 'in.csv');
      await generateCsv(input, { rows: 6, prefix: 'O' });
      const args = ['upload', input, '--target', 'fanfare', '--rate', 'unlimited', '--concurrency', '1', '--no-progress'];
      const first = await run([...args, '--report', path.join(dir, 'r1.jsonl')], { env: fanfare.dummyEnv(sb.url) });
      assert.equal(first.code, 0, first.stderr);
      assert.equal(first.stderr.match(/Fanfare's lookup failed \(Fanfare answered a lookup in a shape this tool cannot read/g)?.length, 1, first.stderr);
      assert.match(first.stderr, /sent as upserts .*updated with the file's values rather than skipped/);
      assert.equal(sb.store.created.length, 6);
      assert.equal(sb.stats.byMethod.GET, 3);
      // Run again by mistake, under another report name: upserts, nothing created twice.
      const again = await run([...args, '--report', path.join(dir, 'r2.jsonl')], { env: fanfare.dummyEnv(sb.url) });
      assert.equal(again.code, 0, again.stderr);
      assert.equal(new Set(sb.store.created.map((p) => p.id)).size, 6);
      assert.equal(sb.store.created.length, 6);
    } finally {
      await sb.close();
    }
  });
});
