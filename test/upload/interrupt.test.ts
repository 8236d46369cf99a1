// Interrupted runs: kill -9, one signal (drain), two signals (stop now), on small and big inputs.
// Deterministic: the sandbox sits behind a gate (gate.ts) that holds creates until told, so every
// kill or signal lands on a journal state the test waits for and knows, whatever the load.
import { strict as assert } from 'node:assert';
import { statSync } from 'node:fs';
import path from 'node:path';
import { before, describe, test } from 'node:test';
import { generateCsv } from '../../bench/generate.js';
import { WORKER_MIN_BYTES } from '../../src/input/csv-thread.js';
import { openRun } from '../../src/run/api.js';
import { fixture, run, tempDir } from '../helpers.js';
import type { Policy } from './gate.js';
import { createCounts, duplicates, exited, gatedSandbox, readReportFile, sandboxFor, spawnCli, statusCounts, waitFor } from './harness.js';

const FINAL = ['created', 'existing', 'skipped'];

/** Resolves with the exit, or fails the test if the process is still alive after `ms`. */
async function exitsWithin(child: ReturnType<typeof spawnCli>, ms: number) {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`still running ${ms / 1000}s after the signal:\n${child.output().stderr.slice(-800)}`));
    }, ms);
  });
  try {
    return await Promise.race([exited(child), late]);
  } finally {
    clearTimeout(timer);
  }
}

/** A test with the target's sandbox behind a gate, closed whatever happens. */
async function withGate(target: string, policy: Policy, fn: (h: Awaited<ReturnType<typeof gatedSandbox>>) => Promise<void>): Promise<void> {
  const h = await gatedSandbox(target, policy);
  try {
    await fn(h);
  } finally {
    await h.close();
  }
}

function assertNoStackTrace(stderr: string) {
  assert.doesNotMatch(stderr, /\n\s+at .+:\d+:\d+\)?\n|EBADF|internal error/, stderr);
}

describe('kill -9 mid-run, then --resume: every unit created exactly once', () => {
  for (const target of ['veeqo', 'pandabase', 'fanfare']) {
    test(target, async () => {
      const dir = tempDir();
      const input = path.join(dir, 'in.csv');
      const total = 80;
      await generateCsv(input, { rows: total, prefix: 'K', kind: target === 'pandabase' ? 'digital_download' : 'physical' });
      // 40 creates answered, then 8 acted on by the server whose answers never arrive.
      await withGate(target, (n) => (n <= 40 ? 'pass' : 'act-then-hold'), async (h) => {
        const report = path.join(dir, 'report.jsonl');
        const args = ['upload', input, '--target', target, '--report', report, '--rate', 'unlimited', '--concurrency', '8', '--retries', '8'];
        const child = spawnCli(args, h.env);
        await waitFor(() => h.gate.held === 8 && statusCounts(report).created === 40 && statusCounts(report).sending === 8);
        child.kill('SIGKILL');
        await exited(child);
        assert.deepEqual(statusCounts(report), { created: 40, sending: 8 }, 'killed at the known state');
        assert.equal(h.sandbox.store.created.length, 48, 'the 8 unanswered were created all the same');
        await h.gate.release();
        const r = await run([...args, '--resume', '--json'], { env: h.env, timeoutMs: 120_000 });
        assert.equal(r.code, 0, r.stderr);
        assert.deepEqual(JSON.parse(r.stdout).resume, { done: 40, to_retry: 0, uncertain: 8, torn_lines: 0 });
        const { last } = readReportFile(report);
        assert.equal(last.size, total);
        for (const l of last.values()) assert.ok(FINAL.includes(l.status), `${l.key}: ${l.status}`);
        assert.equal(createCounts(h.sandbox).size, total);
        assert.deepEqual(duplicates(h.sandbox), []);
      });
    });
  }
});

describe('one Ctrl-C or SIGTERM: in-flight units finish and are journaled, exit 130, and --resume finishes the job', () => {
  let big: string;
  before(async () => {
    // Above the size from which the CSV is parsed on a worker thread, which kept the process alive.
    big = path.join(tempDir(), 'big.csv');
    await generateCsv(big, { rows: 14_000, variantsPerProduct: 20, prefix: 'B' });
    assert.ok(statSync(big).size >= WORKER_MIN_BYTES);
  });

  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    test(`${signal}, an input parsed on a worker thread`, async () => {
      const dir = tempDir();
      const total = 700;
      // 20 creates answered, then 4 in flight (acted on, answers held): the run is provably mid-way.
      await withGate('veeqo', (n) => (n <= 20 ? 'pass' : 'act-then-hold'), async (h) => {
        const report = path.join(dir, 'report.jsonl');
        const args = ['upload', big, '--target', 'veeqo', '--report', report, '--rate', 'unlimited', '--concurrency', '4'];
        const child = spawnCli(args, h.env);
        await waitFor(() => h.gate.held === 4 && statusCounts(report).created === 20);
        child.kill(signal);
        await waitFor(() => /interrupted: finishing requests in flight/.test(child.output().stderr));
        await h.gate.release(); // the in-flight answers arrive while the run drains
        const { code } = await exitsWithin(child, 20_000);
        const { stderr } = child.output();
        assert.equal(code, 130, stderr);
        assertNoStackTrace(stderr);
        assert.match(stderr, /to resume: node bin\/catalog-upload\.js upload .* --resume/); // as it was started
        assert.deepEqual(statusCounts(report), { created: 24 }, 'every in-flight unit journaled, nothing new sent');
        if (signal === 'SIGTERM') return;
        const r = await run([...args, '--resume'], { env: h.env, timeoutMs: 120_000 });
        assert.equal(r.code, 0, r.stderr);
        assert.match(r.stderr, /resuming .*: 24 done \(skipped\), 0 to retry, 0 uncertain/);
        assert.equal(createCounts(h.sandbox).size, total);
        assert.deepEqual(duplicates(h.sandbox), []);
      });
    });
  }
});

describe('a second signal stops at once: only units whose request may have been acted on are unknown', () => {
  test('issue 9 D10: a stop after the run closed its journal (a signal during the summary) throws nothing', async () => {
    await withGate('veeqo', () => 'pass', async (h) => {
      const engine = await openRun('upload', { inputs: [fixture('catalog.csv')], target: 'veeqo', env: h.env, report: path.join(tempDir(), 'r.jsonl'), rate: Infinity });
      assert.equal((await engine.run()).units.created, 3);
      assert.doesNotThrow(() => engine.stopNow());
      assert.doesNotThrow(() => engine.stopNow());
    });
  });

  test('veeqo, SIGTERM twice: in-flight units unknown, exit 130 without a stack trace; --resume finds them', async () => {
    const dir = tempDir();
    const input = path.join(dir, 'in.csv');
    await generateCsv(input, { rows: 30, prefix: 'Q' });
    await withGate('veeqo', (n) => (n <= 10 ? 'pass' : 'act-then-hold'), async (h) => {
      const report = path.join(dir, 'report.jsonl');
      const args = ['upload', input, '--target', 'veeqo', '--report', report, '--rate', 'unlimited', '--concurrency', '8'];
      const child = spawnCli(args, h.env);
      await waitFor(() => h.gate.held === 8 && statusCounts(report).created === 10);
      child.kill('SIGTERM');
      await waitFor(() => /interrupted: finishing requests in flight/.test(child.output().stderr));
      child.kill('SIGTERM');
      const { code, signal } = await exitsWithin(child, 20_000);
      assert.equal(code, 130, `exit ${code} ${signal}`);
      assertNoStackTrace(child.output().stderr);
      assert.deepEqual(statusCounts(report), { created: 10, unknown: 8 });
      await h.gate.release();
      const r = await run([...args, '--resume', '--json'], { env: h.env, timeoutMs: 120_000 });
      assert.equal(r.code, 0, r.stderr);
      assert.equal(JSON.parse(r.stdout).units.existing, 8, 'the lookup found what the unanswered requests created');
      assert.equal(createCounts(h.sandbox).size, 30);
      assert.deepEqual(duplicates(h.sandbox), []);
    });
  });

  test('S2 (no dedupe), Ctrl-C twice during a rate-limit pause: a unit that never left gets no line; --resume sends it, and settles the unknown ones by a lookup', async () => {
    const dir = tempDir();
    const input = path.join(dir, 'in.csv');
    await generateCsv(input, { rows: 6, prefix: 'P' });
    await withGate('s2', () => 'hold', async (h) => {
      const report = path.join(dir, 'report.jsonl');
      const args = ['upload', input, '--target', 's2', '--report', report, '--rate', 'unlimited', '--concurrency', '4'];
      const child = spawnCli(args, h.env);
      // Four creates in the air; then the first is answered "0 left until a minute from now", so
      // every worker waits, and the other three stay in the air (never acted on, nobody can know).
      await waitFor(() => h.gate.held === 4);
      await h.gate.release((n) => (n === 1 ? { addHeaders: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '60' } } : 'hold'));
      await waitFor(() => statusCounts(report).created === 1);
      child.kill('SIGINT');
      await waitFor(() => /interrupted: finishing requests in flight/.test(child.output().stderr));
      child.kill('SIGINT');
      assert.equal((await exitsWithin(child, 20_000)).code, 130);
      assert.deepEqual(statusCounts(report), { created: 1, unknown: 3 }, 'the fifth unit, waiting for its turn, is not unknown');
      h.gate.setPolicy(() => 'pass'); // the three in the air never reach the server
      // S2 cannot dedupe a create, but its product list can say whether one happened: each
      // unknown unit is looked up, and sent only when S2 does not hold it.
      const r = await run([...args, '--resume', '--json'], { env: h.env, timeoutMs: 60_000 });
      assert.equal(r.code, 0, r.stderr);
      assert.deepEqual(JSON.parse(r.stdout).resume, { done: 1, to_retry: 0, uncertain: 3, torn_lines: 0 });
      assert.deepEqual(statusCounts(report), { skipped: 1, created: 5 });
      assert.equal(createCounts(h.sandbox).size, 6);
      assert.deepEqual(duplicates(h.sandbox), []);
    });
  });

  /**
   * Six units in the air through the library; then one created and five refused with a 429 whose
   * Retry-After is long. `stop` is the signal(s) given once every 429 was answered and seen (a
   * retry is scheduled only after the answer); then the units end not_sent, and a resume sends them.
   */
  async function stoppedDuring429(target: string, prefix: string, stop: (engine: Awaited<ReturnType<typeof openRun>>) => void) {
    const dir = tempDir();
    const input = path.join(dir, 'in.csv');
    await generateCsv(input, { rows: 6, prefix });
    await withGate(target, () => 'hold', async (h) => {
      const report = path.join(dir, 'report.jsonl');
      const engine = await openRun('upload', { inputs: [input], target, env: h.env, report, rate: Infinity, concurrency: 6 });
      const retried = new Set<string>();
      let created = 0;
      engine.on('retry', (e: { key: string }) => retried.add(e.key));
      engine.on('unit', (l: { status: string }) => void (l.status === 'created' && created++));
      const done = engine.run();
      await waitFor(() => h.gate.held === 6);
      await h.gate.release((n) => (n === 1 ? 'pass' : { status: 429, headers: { 'retry-after': '120' }, body: { message: 'Too Many Requests' } }));
      await waitFor(() => retried.size === 5 && created === 1);
      stop(engine);
      const summary = await done;
      assert.equal(summary.units.unknown, 0);
      assert.equal(summary.units.failed, 0);
      assert.equal(summary.units.not_sent, 5);
      assert.equal(summary.requests.retried, 0, 'the retries were scheduled, never sent');
      assert.deepEqual(statusCounts(report), { created: 1, not_sent: 5 });
      assert.doesNotThrow(() => engine.stopNow(), 'a signal after the run closed its journal');
      await h.gate.release();
      const r = await run(['upload', input, '--target', target, '--report', report, '--rate', 'unlimited', '--resume', '--json'], { env: h.env, timeoutMs: 60_000 });
      assert.equal(r.code, 0, r.stderr);
      assert.deepEqual(JSON.parse(r.stdout).resume, { done: 1, to_retry: 5, uncertain: 0, torn_lines: 0 });
      assert.equal(createCounts(h.sandbox).size, 6);
      assert.deepEqual(duplicates(h.sandbox), []);
    });
  }

  test('one Ctrl-C during a 429 pause (Veeqo): the pause ends at once, the waiting units are not_sent, not failed', async () => {
    await stoppedDuring429('veeqo', 'D', (engine) => engine.drain());
  });

  test('the library, stopped during a 429 pause (S2, no dedupe): units refused unacted are not_sent, not unknown', async () => {
    await stoppedDuring429('s2', 'R', (engine) => {
      engine.drain();
      engine.stopNow();
      engine.stopNow(); // a third signal: nothing happens twice
    });
  });

  test('stopped with creates still in the server\'s hands, resumed at once: each is found once it lands, none sent twice (Veeqo)', async () => {
    const dir = tempDir();
    const input = path.join(dir, 'in.csv');
    await generateCsv(input, { rows: 6, prefix: 'L' });
    // Each create takes 1.5 s at the server, which finishes it even when the client is gone.
    const h = await sandboxFor('veeqo', { latencyMs: 1500, methods: ['POST'] });
    try {
      const report = path.join(dir, 'report.jsonl');
      const args = ['upload', input, '--target', 'veeqo', '--report', report, '--rate', 'unlimited', '--concurrency', '6'];
      const child = spawnCli(args, h.env);
      await waitFor(() => h.sandbox.stats.byMethod.POST === 6);
      child.kill('SIGINT');
      await waitFor(() => /interrupted: finishing requests in flight/.test(child.output().stderr));
      child.kill('SIGINT');
      assert.equal((await exitsWithin(child, 20_000)).code, 130);
      const r = await run([...args, '--resume', '--json'], { env: h.env, timeoutMs: 60_000 });
      assert.equal(r.code, 0, r.stderr);
      assert.equal(h.sandbox.stats.byMethod.POST, 6, 'no create sent again');
      assert.equal(JSON.parse(r.stdout).units.existing, 6);
    } finally {
      await h.close();
    }
  });
});
