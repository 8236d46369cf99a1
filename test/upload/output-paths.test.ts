// Issue 9 D1: an output (--report, --rejects, --payloads, --junit, --summary-md, map --output) that is also an input, or the same file
// as another output, is refused (exit 2) before anything is opened for writing: the catalog is
// never emptied before it is read. Real paths are compared: symlinks, hard links, stdin/stdout.
import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { closeSync, copyFileSync, linkSync, mkdirSync, openSync, readdirSync, readFileSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { BIN, fixture, run, tempDir } from '../helpers.js';

const CATALOG = readFileSync(fixture('catalog.csv'));

/** Runs with stdin and stdout connected to files, as `< in` and `>> out` would. */
function runWithFiles(args: string[], cwd: string, stdin: string | undefined, stdout: string | undefined): Promise<{ code: number | null; stderr: string }> {
  const fds = [stdin ? openSync(path.join(cwd, stdin), 'r') : 'ignore', stdout ? openSync(path.join(cwd, stdout), 'a') : 'ignore'] as const;
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd, env: { ...process.env, NO_COLOR: '1', CI: 'true' }, stdio: [fds[0], fds[1], 'pipe'] });
    let stderr = '';
    child.stderr!.setEncoding('utf8').on('data', (d) => (stderr += d));
    child.on('close', (code) => {
      for (const fd of fds) if (typeof fd === 'number') closeSync(fd);
      resolve({ code, stderr });
    });
  });
}

test('an output that is an input or another output: exit 2, the catalog intact, no file written', async () => {
  const cases: [string, string[], RegExp, { stdin?: string; stdout?: string; env?: Record<string, string> }?][] = [
    ['--rejects on the input', ['validate', 'c.csv', '--rejects', 'c.csv'], /--rejects c\.csv is also the input c\.csv: writing it would destroy it before it is read/],
    ['--report on the input', ['validate', 'c.csv', '--report', 'c.csv'], /--report c\.csv is also the input c\.csv/],
    ['--sandbox --report on the input', ['upload', 'c.csv', '--target', 'veeqo', '--sandbox', '--report', 'c.csv'], /--report c\.csv is also the input/],
    ['--force --report on the input', ['upload', 'c.csv', '--target', 'veeqo', '--force', '--report', 'c.csv'], /--report c\.csv is also the input/],
    ['--payloads on the input', ['upload', 'c.csv', '--target', 'veeqo', '--dry-run', '--payloads', 'c.csv'], /--payloads c\.csv is also the input/],
    ['an input given through a symlink', ['validate', 'link.csv', '--rejects', 'c.csv'], /--rejects c\.csv is also the input link\.csv/],
    ['an output through a symlinked directory', ['validate', 'c.csv', '--rejects', 'alias/c.csv'], /is also the input c\.csv/],
    ['a hard link of the input', ['validate', 'c.csv', '--report', 'hard.csv'], /--report hard\.csv is also the input c\.csv/],
    ['the second of two inputs', ['validate', fixture('catalog.json'), 'c.csv', '--rejects', './c.csv'], /--rejects \.\/c\.csv is also the input c\.csv/],
    ['two outputs on one new file', ['validate', 'c.csv', '--report', 'out.jsonl', '--rejects', 'out.jsonl'], /--rejects out\.jsonl is the same file as --report out\.jsonl/],
    ['two outputs on one file through a dangling symlink', ['validate', 'c.csv', '--report', 'new.jsonl', '--rejects', 'dangling'], /--rejects dangling is the same file as --report new\.jsonl/],
    ['stdin read from the file named as --report', ['validate', '-', '--input-format', 'csv', '--report', 'c.csv'], /--report c\.csv is also stdin/, { stdin: 'c.csv' }],
    ['--payloads - appending to the input', ['upload', 'c.csv', '--target', 'veeqo', '--dry-run', '--payloads', '-'], /--payloads - is also the input c\.csv/, { stdout: 'c.csv' }],
    ['--report -', ['validate', 'c.csv', '--report', '-'], /--report -: --report must name a file/],
    ['--junit on the input', ['validate', 'c.csv', '--junit', 'c.csv'], /--junit c\.csv is also the input c\.csv/],
    ['--junit of a sandbox upload on the input', ['upload', 'c.csv', '--target', 'veeqo', '--sandbox', '--junit', 'c.csv'], /--junit c\.csv is also the input/],
    ['--summary-md on the input', ['validate', 'c.csv', '--summary-md', 'c.csv'], /--summary-md c\.csv is also the input c\.csv/],
    ['$GITHUB_STEP_SUMMARY on the input', ['validate', 'c.csv'], /\$GITHUB_STEP_SUMMARY c\.csv is also the input c\.csv/, { env: { GITHUB_STEP_SUMMARY: 'c.csv' } }],
    ['--junit on --report', ['validate', 'c.csv', '--report', 'r.jsonl', '--junit', 'r.jsonl'], /--junit r\.jsonl is the same file as --report r\.jsonl/],
    ['map --output on its input', ['map', 'c.csv', '--output', 'c.csv'], /--output c\.csv is also the input c\.csv/],
  ];
  // Each case in a directory of its own: three at a time.
  const check = async ([what, args, message, std]: (typeof cases)[number]) => {
    const dir = tempDir();
    copyFileSync(fixture('catalog.csv'), path.join(dir, 'c.csv'));
    symlinkSync('c.csv', path.join(dir, 'link.csv'));
    mkdirSync(path.join(dir, 'sub'));
    symlinkSync(dir, path.join(dir, 'alias'));
    linkSync(path.join(dir, 'c.csv'), path.join(dir, 'hard.csv'));
    symlinkSync('sub/../new.jsonl', path.join(dir, 'dangling'));
    const before = readdirSync(dir).sort();
    const r = std?.stdin || std?.stdout ? await runWithFiles(args, dir, std.stdin, std.stdout) : await run(args, { cwd: dir, env: std?.env });
    assert.equal(r.code, 2, `${what}: ${r.stderr}`);
    assert.match(r.stderr, message, what);
    assert.deepEqual(readFileSync(path.join(dir, 'c.csv')), CATALOG, `${what}: the catalog is intact`);
    assert.deepEqual(readdirSync(dir).sort(), before, `${what}: no file created`);
  };
  for (let i = 0; i < cases.length; i += 3) await Promise.all(cases.slice(i, i + 3).map(check));
});

test('an output other than --report never lands on a journal: a real upload\'s journal survives validate, dry runs and map', async () => {
  const dir = tempDir();
  copyFileSync(fixture('catalog.csv'), path.join(dir, 'c.csv'));
  const up = await run(['upload', 'c.csv', '--target', 'veeqo', '--sandbox', '--report', 'journal.jsonl', '--no-progress'], { cwd: dir });
  assert.equal(up.code, 0, up.stderr);
  const journal = readFileSync(path.join(dir, 'journal.jsonl'));
  const cases: [string, string[]][] = [
    ['--junit', ['validate', 'c.csv', '--junit', 'journal.jsonl']],
    ['--summary-md', ['validate', 'c.csv', '--summary-md', 'journal.jsonl']],
    ['--rejects', ['validate', 'c.csv', '--rejects', 'journal.jsonl']],
    ['--payloads', ['upload', 'c.csv', '--target', 'veeqo', '--dry-run', '--payloads', 'journal.jsonl']],
    ['--output', ['map', 'c.csv', '--output', 'journal.jsonl']],
  ];
  for (const [flag, args] of cases) {
    const r = await run(args, { cwd: dir });
    assert.equal(r.code, 2, `${flag}: ${r.stderr}`);
    assert.match(r.stderr, new RegExp(`${flag} journal\\.jsonl is the journal of a catalog-upload run: writing it would lose the record --resume needs`), flag);
    assert.deepEqual(readFileSync(path.join(dir, 'journal.jsonl')), journal, `${flag}: the journal is intact`);
  }
});

test('an output that cannot be written: exit 2 naming it, before anything is sent', async () => {
  const dir = tempDir();
  copyFileSync(fixture('catalog.csv'), path.join(dir, 'c.csv'));
  const cases: [string, string[], RegExp][] = [
    ['--report in a missing folder', ['--report', 'missing/r.jsonl'], /--report missing\/r\.jsonl: cannot write: no such directory: .*missing/],
    ['--report on a directory', ['--report', dir], /cannot write: it is a directory: name a file/],
    ['--junit in a missing folder', ['--junit', 'missing/j.xml'], /--junit missing\/j\.xml: cannot write: no such directory/],
    ['--summary-md in a missing folder', ['--summary-md', 'missing/s.md'], /--summary-md missing\/s\.md: cannot write: no such directory/],
    ['--rejects in a missing folder', ['--rejects', 'missing/r.csv'], /--rejects missing\/r\.csv: cannot write: no such directory/],
  ];
  for (const [what, args, message] of cases) {
    const r = await run(['upload', 'c.csv', '--target', 'veeqo', '--sandbox', ...args], { cwd: dir });
    assert.equal(r.code, 2, `${what}: ${r.stderr}`);
    assert.match(r.stderr, message, what);
    assert.doesNotMatch(r.stderr, /sandbox: .* created|internal error/, `${what}: nothing sent`);
  }
  const payloads = await run(['upload', 'c.csv', '--target', 'veeqo', '--dry-run', '--payloads', 'missing/p.ndjson'], { cwd: dir });
  assert.equal(payloads.code, 2, payloads.stderr);
  assert.match(payloads.stderr, /--payloads missing\/p\.ndjson: cannot write: no such directory/);
});
