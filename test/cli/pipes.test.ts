// A closed stdout (`| head`) ends a command quietly, as other Unix tools do. The reader closes
// deterministically: before the command writes anything, or after one line of an output far
// larger than a pipe holds (so the command is still writing when the reader goes).
import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { generateCsv } from '../../bench/generate.js';
import { BIN, ROOT, fixture, run, tempDir } from '../helpers.js';

const STACK = /\n\s+at .+:\d+:\d+|Unhandled 'error' event|internal error/;

/** Runs the binary with a stdout whose reader leaves at `when`; resolves with its exit and stderr. */
function runIntoClosingReader(args: string[], when: 'at-once' | 'after-one-line', cwd = ROOT): Promise<{ code: number | null; stderr: string; firstLine: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd, env: { ...process.env, NO_COLOR: '1', CI: 'true' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    let firstLine = '';
    child.stderr.setEncoding('utf8').on('data', (d) => (stderr += d));
    if (when === 'at-once') child.stdout.destroy();
    else {
      let seen = '';
      child.stdout.setEncoding('utf8').on('data', (d: string) => {
        seen += d;
        const nl = seen.indexOf('\n');
        if (nl >= 0 && !firstLine) {
          firstLine = seen.slice(0, nl);
          child.stdout.destroy();
        }
      });
    }
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr, firstLine }));
  });
}

describe('a closed stdout', () => {
  for (const args of [['schema'], ['schema', '--json-schema'], ['targets'], ['targets', '--json'], ['upload', '--help'], ['validate', fixture('catalog.csv'), '--json']]) {
    test(`${args.join(' ')} ends quietly with exit 0 when the reader has gone`, async () => {
      const r = await runIntoClosingReader(args, 'at-once');
      assert.doesNotMatch(r.stderr, STACK);
      assert.equal(r.code, 0, r.stderr);
    });
  }

  test('upload --dry-run --payloads - stops reading, keeps its report, exits 141 without a stack trace', async () => {
    const dir = tempDir();
    const input = path.join(dir, 'big.csv');
    const rows = 2_000; // about 3 MB of payloads: far more than a pipe holds
    await generateCsv(input, { rows, prefix: 'P' });
    const report = path.join(dir, 'dry.jsonl');
    const r = await runIntoClosingReader(['upload', input, '--target', 'veeqo', '--dry-run', '--payloads', '-', '--report', report, '--no-progress'], 'after-one-line', dir);
    assert.match(r.firstLine, /^\{"key":/);
    assert.doesNotMatch(r.stderr, STACK);
    assert.equal(r.code, 141, r.stderr);
    assert.match(r.stderr, /run stopped: the reader of stdout went away/);
    assert.match(r.stderr, /stopped after \d+ rows, before the end of the input/);
    // The journal is whole: every line parses, and it stopped well before the end.
    const lines = readFileSync(report, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l)).filter((l) => !l.run_warnings && !l.journal); // unit lines: not the header or the run's warnings
    assert.ok(lines.length > 0 && lines.length < rows / 2, `${lines.length} report lines`);
    assert.ok(lines.every((l) => l.status === 'valid'));
  });

  test('a slow reader of --payloads - holds the dry run back instead of failing it', async () => {
    const dir = tempDir();
    const input = path.join(dir, 'big.csv');
    await generateCsv(input, { rows: 2_000, prefix: 'S' });
    const child = spawn(process.execPath, [BIN, 'upload', input, '--target', 'veeqo', '--dry-run', '--payloads', '-', '--report', path.join(dir, 'r.jsonl'), '--no-progress'], { cwd: dir, env: { ...process.env, NO_COLOR: '1', CI: 'true' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d) => (stderr += d));
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    // Nobody reads for a while: the pipe fills and the dry run must wait for its reader. (A run
    // that failed on a full pipe exits in this time; one that waits is never hurt by the pause.)
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 1000))]);
    let lines = 0;
    child.stdout.setEncoding('utf8').on('data', (d: string) => (lines += d.split('\n').length - 1));
    assert.equal(await exited, 0, stderr);
    assert.equal(lines, 2_000);
    assert.doesNotMatch(stderr, STACK);
  });

  test('--payloads - with --json is refused before anything is read: stdout holds one of them', async () => {
    const r = await run(['upload', fixture('catalog.csv'), '--target', 'veeqo', '--dry-run', '--payloads', '-', '--json'], { cwd: tempDir() });
    assert.equal(r.code, 2);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /--payloads - and --json both write to stdout/);
  });
});
