// A journal belongs to one run (issue 8 §1): a dry run, a validation or a sandbox run never
// writes to an upload's journal; --resume continues only the run its journal records; --force
// keeps the old journal; nothing is touched before the inputs are found. The binary, run as a
// user runs it, in a directory of its own (default report names are relative to it).
import { strict as assert } from 'node:assert';
import { copyFileSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { parse } from 'csv-parse/sync';
import { fixture, run, tempDir } from '../helpers.js';
import { type Harness, readReportFile, sandboxCli, sandboxFor, statusCounts } from './harness.js';

const CSV = fixture('catalog.csv');
const REAL = 'catalog-upload-report.jsonl';

/** A test with a Veeqo sandbox and a directory of its own, the sandbox closed whatever happens. */
async function withVeeqo(fn: (h: Harness, dir: string) => Promise<void>): Promise<void> {
  const h = await sandboxFor('veeqo');
  try {
    await fn(h, tempDir());
  } finally {
    await h.close();
  }
}

function upload(dir: string, env: Record<string, string | undefined>, ...extra: string[]) {
  return run(['upload', CSV, '--target', 'veeqo', '--no-progress', ...extra], { cwd: dir, env });
}

describe('issue 8 §1: a dry run or a sandbox run never costs a real upload its journal', () => {
  test('real upload, dry run, --resume against `catalog-upload sandbox`: each product created once', async () => {
    const sb = await sandboxCli(['--target', 'veeqo']);
    const dir = tempDir();
    let stopped: Awaited<ReturnType<typeof sb.stop>>;
    try {
      assert.equal((await upload(dir, sb.env)).code, 0);
      const dry = await upload(dir, sb.env, '--dry-run');
      assert.equal(dry.code, 0, dry.stderr);
      const resumed = await upload(dir, sb.env, '--resume');
      assert.equal(resumed.code, 0, resumed.stderr);
      const { stats, creates } = await sb.stats();
      assert.equal(stats.creates, 3, `3 products, created ${JSON.stringify(creates)}`);
      assert.deepEqual(Object.values(creates), [1, 1, 1]);
      assert.match(dry.stderr, /report: catalog-upload-dry-run-report\.jsonl/);
      assert.match(resumed.stderr, /resuming catalog-upload-report\.jsonl: 3 done \(skipped\), 0 to retry, 0 uncertain/);
      const [header] = readReportFile(path.join(dir, REAL)).headers;
      assert.deepEqual({ ...header, at: undefined, inputs: undefined, tool: undefined }, { journal: 'catalog-upload', format: 1, mode: 'real', target: 'veeqo', origin: new URL(sb.url).origin, at: undefined, inputs: undefined, tool: undefined });
      assert.equal(header!.inputs[0]!.path, CSV);
      assert.match(header!.inputs[0]!.head!, /^sha256:[0-9a-f]{64}$/);
      assert.equal(readReportFile(path.join(dir, 'catalog-upload-dry-run-report.jsonl')).headers[0]!.mode, 'dry-run');
    } finally {
      stopped = await sb.stop();
    }
    assert.equal(stopped.code, 0);
    assert.match(stopped.stderr, /sandbox: \d+ requests .*, 3 created/);
  });

  test("the README's quick tour: S2 dry run, then a real upload, then --resume", () =>
    withVeeqo(async (h, dir) => {
      const dry = await run(['upload', CSV, '--target', 's2', '--dry-run', '--payloads', 'requests.ndjson'], { cwd: dir });
      assert.ok(dry.code === 0 || dry.code === 1, dry.stderr);
      const real = await upload(dir, h.env);
      assert.equal(real.code, 0, real.stderr);
      const again = await upload(dir, h.env, '--resume');
      assert.equal(again.code, 0, again.stderr);
      assert.equal(h.sandbox.store.created.length, 3);
    }));

  test('--sandbox reports to its own file; no dry run, validation or sandbox run writes to a real journal', () =>
    withVeeqo(async (h, dir) => {
      assert.equal((await upload(dir, h.env)).code, 0);
      const journal = readFileSync(path.join(dir, REAL));
      const sandboxed = await upload(dir, {}, '--sandbox');
      assert.equal(sandboxed.code, 0, sandboxed.stderr);
      assert.equal(readReportFile(path.join(dir, 'catalog-upload-sandbox-report.jsonl')).headers[0]!.mode, 'sandbox');
      assert.equal((await upload(dir, {}, '--sandbox', '--resume')).code, 0, 'a sandbox run resumes its own journal');
      for (const args of [
        ['upload', CSV, '--target', 'veeqo', '--sandbox', '--force', '--report', REAL],
        ['upload', CSV, '--target', 'veeqo', '--dry-run', '--report', REAL],
        ['validate', CSV, '--report', REAL],
      ]) {
        const r = await run(args, { cwd: dir });
        assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
        assert.match(r.stderr, /is the journal of a real upload to veeqo at http:\/\/127\.0\.0\.1:\d+ .*: a (--sandbox run|dry run|validation) never writes to it/);
      }
      assert.deepEqual(readFileSync(path.join(dir, REAL)), journal, 'the real journal is untouched');
      assert.deepEqual(readdirSync(dir).sort(), ['catalog-upload-report.jsonl', 'catalog-upload-sandbox-report.jsonl']);
    }));
});

describe('--resume continues only the run its journal records', () => {
  // A dry run's or a sandbox run's journal: the table of test/run/journal-rules.test.ts; an old dry run's below.
  test('another target, origin, input or an edited input: exit 2, what differs and what to do', async () => {
    const a = await sandboxFor('veeqo');
    const b = await sandboxFor('veeqo');
    const panora = await sandboxFor('panora');
    const dir = tempDir();
    try {
      const input = path.join(dir, 'c.csv');
      copyFileSync(CSV, input);
      const args = ['upload', input, '--target', 'veeqo', '--no-progress'];
      assert.equal((await run(args, { cwd: dir, env: a.env })).code, 0);
      const journal = readFileSync(path.join(dir, REAL));
      const cases: [string, string[], Record<string, string>, RegExp][] = [
        ['target', ['upload', input, '--target', 'panora', '--resume'], panora.env, /target: the journal's is veeqo, this run's is panora\n\s+→ add --target veeqo to continue that run/],
        ['origin', [...args, '--resume'], b.env, new RegExp(`origin: the journal's requests went to ${a.sandbox.origin}, this run's would go to ${b.sandbox.origin}\\n\\s+→ point --base-url or VEEQO_BASE_URL at ${a.sandbox.origin}`)],
        ['inputs', ['upload', fixture('catalog.json'), '--target', 'veeqo', '--resume'], a.env, /inputs: the journal's are c\.csv, this run's are .*catalog\.json\n\s+→ resume with the same inputs/],
      ];
      for (const [what, argv, env, message] of cases) {
        const r = await run(argv, { cwd: dir, env });
        assert.equal(r.code, 2, `${what}: ${r.stderr}`);
        assert.match(r.stderr, /--resume: catalog-upload-report\.jsonl is the journal of another run \(a real upload to veeqo/);
        assert.match(r.stderr, message);
      }

      writeFileSync(input, readFileSync(CSV, 'utf8').replace('19.90', '19.95'));
      const edited = await run([...args, '--resume'], { cwd: dir, env: a.env });
      assert.equal(edited.code, 2);
      assert.match(edited.stderr, /content: c\.csv changed since the journal began \(modified .* → .*, first 64 KiB differ\)\n\s+→ if you edited it .*add --inputs-changed/);
      assert.deepEqual(readFileSync(path.join(dir, REAL)), journal, 'refusals leave the journal as it was');
      const accepted = await run([...args, '--resume', '--inputs-changed'], { cwd: dir, env: a.env });
      assert.equal(accepted.code, 0, accepted.stderr);
      assert.match(accepted.stderr, /--inputs-changed: c\.csv changed since the journal began/);
      assert.equal((await run([...args, '--resume'], { cwd: dir, env: a.env })).code, 0, 'the resume recorded the edited file');
      assert.deepEqual(readReportFile(path.join(dir, REAL)).headers.map((h) => h.resumed ?? false), [false, true, true]);
      assert.equal(a.sandbox.store.created.length, 3);
      assert.equal(a.sandbox.store.created.length + b.sandbox.store.created.length, 3, 'no refused run sent anything');
    } finally {
      await a.close();
      await b.close();
      await panora.close();
    }
  });

  test('a journal written before headers existed still resumes, with a notice; an old dry run\'s does not', () =>
    withVeeqo(async (h, dir) => {
      assert.equal((await upload(dir, h.env)).code, 0);
      // The previous version wrote the same lines without the header; one unit was in flight.
      const file = path.join(dir, REAL);
      const lines = readFileSync(file, 'utf8').trim().split('\n').slice(1).map((l) => JSON.parse(l));
      const lastOfMug = lines.findLastIndex((l) => l.key === 'MUG-STN-350');
      lines.splice(lastOfMug, 1);
      writeFileSync(file, lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
      const r = await upload(dir, h.env, '--resume');
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stderr, /written by an earlier version of catalog-upload, without a header: resuming it as a real upload to veeqo/);
      assert.match(r.stderr, /2 done \(skipped\), 0 to retry, 1 uncertain/);
      assert.equal(h.sandbox.store.created.length, 3, 'the uncertain unit was looked up and found, not sent again');
      assert.equal(readReportFile(file).headers.length, 1, 'the resume added a header');

      const old = path.join(dir, 'old-dry.jsonl');
      writeFileSync(old, '{"key":"classic-tee","source":"x:2","target":"veeqo","status":"valid"}\n');
      const refused = await upload(dir, h.env, '--resume', '--report', old);
      assert.equal(refused.code, 2);
      assert.match(refused.stderr, /holds a dry run or validation \(written by an earlier version\), not an upload/);
    }));

  test('CSV journals: a header row, resumed and refused alike', () =>
    withVeeqo(async (h, dir) => {
      assert.equal((await upload(dir, h.env, '--report', 'r.csv')).code, 0);
      const rows = parse(readFileSync(path.join(dir, 'r.csv'), 'utf8'), { columns: true }) as Record<string, string>[];
      assert.equal(rows[0]!.status, 'journal');
      assert.equal(JSON.parse(rows[0]!.source!).mode, 'real');
      const again = await upload(dir, h.env, '--report', 'r.csv', '--resume');
      assert.equal(again.code, 0, again.stderr);
      assert.match(again.stderr, /3 done \(skipped\)/);
      const dry = await upload(dir, h.env, '--report', 'r.csv', '--dry-run');
      assert.equal(dry.code, 2);
      assert.equal(h.sandbox.store.created.length, 3);
    }));
});

describe('--force keeps the old journal; nothing is touched before the inputs are found', () => {
  test('--force sets the journal aside as .1, .2, … and never overwrites a kept one', () =>
    withVeeqo(async (h, dir) => {
      assert.equal((await upload(dir, h.env)).code, 0);
      const first = readFileSync(path.join(dir, REAL));
      const refused = await upload(dir, h.env);
      assert.equal(refused.code, 2);
      assert.match(refused.stderr, /already holds the journal of a real upload to veeqo .*: add --resume .* or --force to start over \(the old journal is kept as catalog-upload-report\.jsonl\.1\)/);
      const forced = await upload(dir, h.env, '--force');
      assert.equal(forced.code, 0, forced.stderr);
      assert.match(forced.stderr, /catalog-upload-report\.jsonl held an earlier run: kept as catalog-upload-report\.jsonl\.1/);
      assert.deepEqual(readFileSync(path.join(dir, `${REAL}.1`)), first);
      writeFileSync(path.join(dir, `${REAL}.7`), 'kept by hand\n');
      assert.equal((await upload(dir, h.env, '--force')).code, 0);
      assert.equal(readFileSync(path.join(dir, `${REAL}.7`), 'utf8'), 'kept by hand\n');
      assert.deepEqual(readFileSync(path.join(dir, `${REAL}.1`)), first);
      assert.deepEqual(readdirSync(dir).sort(), [REAL, `${REAL}.1`, `${REAL}.7`, `${REAL}.8`]);
      // Starting over a journal is not creating again: the fake still holds the three (found, left as they are).
      assert.deepEqual(statusCounts(path.join(dir, REAL)), { existing: 3 });
    }));

  test('a missing input with --force, --report, --rejects or --payloads: exit 2 and no file touched', () =>
    withVeeqo(async (h, dir) => {
      assert.equal((await upload(dir, h.env)).code, 0);
      const journal = readFileSync(path.join(dir, REAL));
      for (const args of [
        ['upload', 'nope.csv', '--target', 'veeqo', '--force'],
        ['upload', 'nope.csv', '--target', 'veeqo', '--force', '--report', 'new.jsonl', '--rejects', 'rejects.csv'],
        ['upload', 'nope.csv', '--target', 'veeqo', '--dry-run', '--payloads', 'p.ndjson', '--rejects', 'rejects.csv'],
        ['validate', 'nope.csv', '--report', 'v.jsonl', '--rejects', 'rejects.csv'],
      ]) {
        const r = await run(args, { cwd: dir, env: h.env });
        assert.equal(r.code, 2, r.stderr);
        assert.match(r.stderr, /nope\.csv: cannot read: no such file/);
      }
      assert.deepEqual(readdirSync(dir), [REAL]);
      assert.deepEqual(readFileSync(path.join(dir, REAL)), journal);
    }));

  test('a file that is not a report is never overwritten', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'notes.txt'), 'my notes\n');
    const r = await run(['validate', CSV, '--report', 'notes.txt'], { cwd: dir });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /notes\.txt exists and is not a catalog-upload report: refusing to overwrite it/);
    assert.equal(readFileSync(path.join(dir, 'notes.txt'), 'utf8'), 'my notes\n');
    assert.equal(existsSync(path.join(dir, 'notes.txt.1')), false);
  });
});

describe('journal keys', () => {
  test('a product that repeats another\'s key (a duplicate sku, a handle\'s stray rows) has a key of its own: a resume skips what was created', async () => {
    const dir = tempDir();
    const input = path.join(dir, 'dup.csv');
    writeFileSync(input, 'handle,sku,title,price\n,P20,Ok,12.90\n,P21,Two,3.00\n,P20,Dup,13.00\nh1,H1,Hat,1.00\nh2,C1,Cap,2.00\nh1,H2,,1.00\n');
    const report = path.join(dir, 'r.jsonl');
    const args = ['upload', 'dup.csv', '--target', 'veeqo', '--sandbox', '--report', report, '--no-progress'];
    const first = await run(args, { cwd: dir });
    assert.equal(first.code, 1, first.stderr);
    const last = readReportFile(report).last;
    assert.equal(last.get('P20')?.status, 'created');
    assert.equal(last.get('P20@dup.csv:4')?.status, 'invalid');
    assert.equal(last.get('h1')?.status, 'created');
    assert.equal(last.get('h1@dup.csv:7')?.status, 'invalid');
    const again = await run([...args, '--resume', '--json'], { cwd: dir });
    assert.deepEqual(JSON.parse(again.stdout).resume, { done: 4, to_retry: 2, uncertain: 0, torn_lines: 0 });
    assert.equal(JSON.parse(again.stdout).units.skipped, 4, 'the created products are skipped, not checked again');
  });
});
