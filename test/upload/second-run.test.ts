// Second runs, end to end: the built binary against a target's fake over HTTP, run again and
// again. The default never creates twice; --existing fail refuses; --existing update sends
// exactly what changed, then nothing; a plan writes nothing; an interrupted update resumes; an
// ambiguous update failure is retried. (Stock levels and create-only targets: second-run-stock.)
import { strict as assert } from 'node:assert';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { run } from '../helpers.js';
import { createCounts, duplicates, exited, readReportFile, spawnCli, waitFor } from './harness.js';
import { catalogs, type Fake, PRODUCTS, readCsv, sandbox, skuOf, TARGETS, upload, writes } from './second-run-support.js';


for (const s of TARGETS) {
  // Pandabase's unit key is the first sku (it keeps no handle).
  const key = (p: number) => (s.target === 'pandabase' ? skuOf(s, p, 0) : `${s.prefix.toLowerCase()}-product-${p}`);

  describe(`second runs: ${s.target}`, () => {
    let files: Awaited<ReturnType<typeof catalogs>>;
    /** One fake for the tests below, in order: each starts from what the one before left. */
    let h: Fake;
    let ids: Map<string, string | null | undefined>;
    before(async () => {
      files = await catalogs(s);
      h = await sandbox(s.target);
      const one = await upload(h, files.first, path.join(files.dir, 'first.jsonl'));
      assert.equal(one.code, 0, one.stderr);
      ids = new Map([...readReportFile(path.join(files.dir, 'first.jsonl')).last].map(([k, l]) => [k, l.remote_id]));
    });
    after(() => h.close());

    test('the same file again: nothing created twice, each unit existing with its remote id, no write', async () => {
      const before = writes(h);
      const two = await upload(h, files.first, path.join(files.dir, 'skip.jsonl'));
      assert.equal(two.code, 0, two.stderr);
      assert.equal(JSON.parse(two.stdout).units.existing, PRODUCTS);
      assert.equal(writes(h), before, 'the second run sent no write');
      assert.deepEqual(duplicates(h.sandbox), []);
      for (const [k, line] of readReportFile(path.join(files.dir, 'skip.jsonl')).last) {
        assert.equal(line.status, 'existing');
        assert.equal(line.remote_id, ids.get(k), `${k} keeps its remote id`);
      }
    });

    test('--existing fail: a product already held is invalid, naming its remote id; nothing written', async () => {
      const before = writes(h);
      const report = path.join(files.dir, 'fail.jsonl');
      const r = await upload(h, files.second, report, ['--existing', 'fail']);
      assert.equal(r.code, 1);
      assert.equal(JSON.parse(r.stdout).units.invalid, PRODUCTS);
      const line = readReportFile(report).last.get(key(3))!;
      assert.equal(line.code, 'existing.found');
      assert.equal(line.remote_id, ids.get(key(3)));
      assert.ok(line.error?.includes(line.remote_id!), line.error ?? '');
      assert.equal(writes(h), before);
    });

    test('--existing update: exactly the changed products and fields are sent; then nothing at all', async () => {
      const report = path.join(files.dir, 'update.csv');
      const two = await upload(h, files.second, report, ['--existing', 'update']);
      assert.equal(two.code, 0, two.stderr);
      const sum = JSON.parse(two.stdout);
      assert.equal(sum.units.updated, 3);
      assert.equal(sum.units.unchanged, PRODUCTS - 3);
      assert.match(sum.arithmetic, new RegExp(`${PRODUCTS} planned = 3 updated \\+ ${PRODUCTS - 3} unchanged ✓`));
      assert.deepEqual(h.sandbox.store.updated.map((u) => u.id).sort(), [3, 7, 9].map((p) => ids.get(key(p))).sort(), 'one update per changed product');
      assert.deepEqual(duplicates(h.sandbox), []);
      // The CSV report: each updated product with its remote id and exactly its changes.
      const rows = new Map(readCsv(report).map((r) => [r.key, r]));
      const changes = (p: number) => rows.get(key(p))!.changes!.split(' | ');
      assert.equal(rows.get(key(3))!.status, 'updated');
      assert.equal(rows.get(key(3))!.remote_id, ids.get(key(3)));
      assert.deepEqual(changes(3).map((c) => c.split(':')[0]), [`${s.price} (${skuOf(s, 3, 0)})`]);
      assert.deepEqual(changes(7).map((c) => c.split(':')[0]), [s.title]);
      assert.deepEqual(changes(7).map((c) => c.split(' → ')[1]), ['"Renamed Product 7"']);
      assert.deepEqual(changes(9), [`variant ${skuOf(s, 9, 2)}: added`]);
      const before = writes(h);
      const again = await upload(h, files.second, path.join(files.dir, 'again.jsonl'), ['--existing', 'update']);
      assert.equal(again.code, 0, again.stderr);
      assert.equal(JSON.parse(again.stdout).units.unchanged, PRODUCTS);
      assert.equal(writes(h), before, 'an unchanged file sends no write');
    });

    test('--plan against the first file: what the target holds now (no wipe, no variant removed), no write', async () => {
      // Products 3 and 7 differ again; 9 does not (its added variant stays: none removed);
      // 11 still holds the description its empty cell did not wipe.
      const before = writes(h);
      const plan = path.join(files.dir, 'plan.jsonl');
      const r = await run(['upload', files.first, '--target', s.target, '--plan', '--existing', 'update', '--report', plan, '--rate', 'unlimited', '--no-progress'], { env: h.env });
      assert.equal(r.code, 0, r.stderr);
      assert.deepEqual([...readReportFile(plan).last.values()].filter((l) => l.status === 'to_update').map((l) => l.key).sort(), [key(3), key(7)].sort());
      assert.equal(readReportFile(plan).all.filter((l) => l.status === 'sending').length, 0, 'a plan journals no write');
      assert.equal(writes(h), before, 'no write request');
      assert.match(r.stderr, new RegExp(`plan for ${s.target} \\(nothing written\\)`));
      assert.match(r.stderr, /to_update\s+2\n/);
      assert.match(r.stderr, new RegExp(`${key(3)} \\(id ${ids.get(key(3))}\\) would update:\\n\\s+${s.price} \\(${skuOf(s, 3, 0)}\\): "?\\d+(\\.\\d+)?"? → "?\\d+(\\.\\d+)?"?`));
      assert.doesNotMatch(r.stderr, /to resume/);
    });

    test('an update killed with -9 mid-flight, then --resume: the values of the first file, no duplicate', async () => {
      const updatesBefore = h.sandbox.store.updated.length;
      h.sandbox.setFaults({ latencyMs: 150, methods: ['PUT', 'PATCH', 'POST'] });
      const report = path.join(files.dir, 'kill.jsonl');
      const args = ['upload', files.first, '--target', s.target, '--report', report, '--rate', 'unlimited', '--existing', 'update', '--concurrency', '1'];
      const child = spawnCli(args, h.env);
      await waitFor(() => existsSync(report) && readFileSync(report, 'utf8').includes('"step":"update"'));
      child.kill('SIGKILL');
      await exited(child);
      h.sandbox.setFaults({});
      const r = await run([...args, '--resume', '--json'], { env: h.env, timeoutMs: 60_000 });
      assert.equal(r.code, 0, r.stderr);
      const { last } = readReportFile(report);
      assert.equal(last.size, PRODUCTS);
      for (const l of last.values()) assert.ok(['updated', 'unchanged', 'skipped'].includes(l.status), `${l.key}: ${l.status}`);
      assert.deepEqual([...last.values()].filter((l) => l.status === 'updated' || l.status === 'skipped').length >= 2, true);
      assert.deepEqual(duplicates(h.sandbox), []);
      assert.equal(createCounts(h.sandbox).size, PRODUCTS);
      // The target holds the first file's values again (the next test finds exactly 3 and 7 to update).
      assert.match(JSON.stringify(h.sandbox.store.updated.slice(updatesBefore).map((u) => u.body)), /"(Generated Product|Digital Item) 7"/);
    });

    test('ambiguous update failures (500 after acting, dropped connections, 503s) are retried until the values are held', async () => {
      const method = s.target === 'veeqo' ? 'PUT' : s.target === 'pandabase' ? 'PATCH' : 'POST';
      const updatesBefore = h.sandbox.store.updated.length;
      // Seed 12 with one worker: the updates meet, in order, a connection dropped before acting, a
      // 503, then one acted on and dropped (landed: read back, not sent again), and so on.
      h.sandbox.setFaults({ seed: 12, ambiguousRate: 0.4, failRate: 0.2, resetRate: 0.1, methods: [method] });
      const two = await upload(h, files.second, path.join(files.dir, 'ambiguous.jsonl'), ['--existing', 'update', '--retries', '12', '--concurrency', '1']);
      h.sandbox.setFaults({});
      assert.equal(two.code, 0, two.stderr);
      const sum = JSON.parse(two.stdout);
      assert.equal(sum.units.updated, 2, 'products 3 and 7 (9 holds its added variant already)');
      assert.ok(sum.requests.retried >= 2, 'updates that did not land were sent again');
      assert.ok(h.sandbox.stats.ambiguous > 0 && h.sandbox.stats.resets > 0, 'the faults happened');
      assert.equal(h.sandbox.store.updated.length - updatesBefore, 2, 'each update landed once: one acted on but answered badly is read back, not sent again');
      assert.deepEqual(duplicates(h.sandbox), []);
      // What landed (the fake applies a body it accepts, even one it then answers badly): the new title.
      assert.match(JSON.stringify(h.sandbox.store.updated.slice(updatesBefore).map((u) => u.body)), /Renamed Product 7/);
    });
  });
}

