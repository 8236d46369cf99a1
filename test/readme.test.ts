// Every shell example in the README runs as written. Each ```sh block runs, line by line, in a
// fresh directory holding a copy of fixtures/ and docs/ (as in a clone), against local sandboxes
// only.
// Conventions for README authors (any block, any section, picked up automatically):
// - a trailing `# exit N` comment: the command is expected to exit N (default 0);
// - a trailing `# needs credentials` comment: skipped, by name, in the test output;
// - `npm …` lines (install, test, bench) are skipped by name: they are run by hand and by CI;
// - a block right after `<!-- … test/<file>.test.ts runs these -->` is left to that test (named);
// - `export NAME=value` lines apply to the rest of their block;
// - `catalog-upload sandbox … --port N` runs in the background until the end of its block, on a
//   free port that replaces N in the block's later lines.
// `npx` and `catalog-upload` are stood in by shims that run this clone's bin/catalog-upload.js
// with the variables npx sets (the real npx costs half a second a command; test/cli/dotenv and
// resume-hint tests run it).
import { strict as assert } from 'node:assert';
import { type ChildProcess, spawn } from 'node:child_process';
import { chmodSync, cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { BIN, FIXTURES, ROOT, tempDir } from './helpers.js';

interface Example {
  /** 1-based line in the file. */
  line: number;
  command: string;
  /** The trailing comment, without `#`. */
  comment: string;
  /** The test file that runs this block instead, named in an HTML comment just before it. */
  runBy?: string;
}

/** The ```sh blocks of a Markdown text, as commands with their line and trailing comment. */
function shellExamples(markdown: string): Example[][] {
  const blocks: Example[][] = [];
  let block: Example[] | undefined;
  let pending: { line: number; text: string } | undefined;
  let runBy: string | undefined;
  markdown.split('\n').forEach((raw, i) => {
    const fence = /^\s*```(\S*)/.exec(raw);
    if (fence) {
      if (block) blocks.push(block), (block = undefined);
      else if (fence[1] === 'sh') block = [];
      return;
    }
    if (!block) {
      if (raw.trim()) runBy = /^<!--.*?\b(test\/\S+\.test\.ts) runs these/.exec(raw)?.[1];
      return;
    }
    const text = pending ? `${pending.text} ${raw.trim()}` : raw;
    const line = pending?.line ?? i + 1;
    if (text.endsWith('\\')) return void (pending = { line, text: text.slice(0, -1).trimEnd() });
    pending = undefined;
    const { command, comment } = splitComment(text);
    if (command) block.push({ line, command, comment, ...(runBy ? { runBy } : {}) });
  });
  return blocks;
}

/** Splits `cmd   # comment` at the first `#` outside quotes that starts a word. */
function splitComment(text: string): { command: string; comment: string } {
  let quote: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === quote) quote = undefined;
    } else if (c === "'" || c === '"') quote = c;
    else if (c === '#' && (i === 0 || /\s/.test(text[i - 1]!))) return { command: text.slice(0, i).trim(), comment: text.slice(i + 1).trim() };
  }
  return { command: text.trim(), comment: '' };
}

function skipReason(e: Example): string | undefined {
  if (e.runBy) return `run by ${e.runBy}`;
  if (/needs credentials/i.test(e.comment)) return 'needs credentials';
  if (/^npm\s/.test(e.command)) return 'a development command (npm …): run by hand and by CI, not inside the tests';
  return undefined;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

/** A directory on PATH whose `npx catalog-upload` and `catalog-upload` run this clone. */
function shims(): string {
  const dir = path.join(tempDir('cu-readme-bin-'), 'bin');
  mkdirSync(dir);
  const run = `npm_lifecycle_event=npx npm_lifecycle_script=catalog-upload exec '${process.execPath}' '${BIN}' "$@"`;
  writeFileSync(path.join(dir, 'npx'), `#!/bin/sh\nif [ "$1" = catalog-upload ]; then shift; ${run}; fi\necho "README test: only npx catalog-upload is stood in for" >&2; exit 127\n`);
  writeFileSync(path.join(dir, 'catalog-upload'), `#!/bin/sh\nexec '${process.execPath}' '${BIN}' "$@"\n`);
  for (const f of ['npx', 'catalog-upload']) chmodSync(path.join(dir, f), 0o755);
  return dir;
}

const SHIMS = shims();
const ENV: NodeJS.ProcessEnv = { ...process.env, PATH: `${SHIMS}${path.delimiter}${process.env.PATH}`, NO_COLOR: '1', CI: 'true' };
delete ENV.FORCE_COLOR;
// No credentials from the machine: the examples that need them say so and are skipped.
for (const k of Object.keys(ENV)) if (/^(PANORA|FANFARE|PANDABASE|S2|VEEQO)_/.test(k)) delete ENV[k];

function sh(command: string, cwd: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('sh', ['-c', command], { cwd, env: ENV, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** Starts a sandbox command in the background; resolves once it printed its base URL. */
function background(command: string, cwd: string): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn('sh', ['-c', command], { cwd, env: ENV, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let out = '';
    let err = '';
    child.stdout!.setEncoding('utf8').on('data', (d) => {
      out += d;
      if (/^http:\/\/\S+\n/m.test(out)) resolve(child);
    });
    child.stderr!.setEncoding('utf8').on('data', (d) => (err += d));
    child.on('close', (code) => reject(new Error(`exited ${code} before printing its URL: ${err}`)));
  });
}

describe('shellExamples', () => {
  test('reads sh blocks only, joins continued lines, keeps the trailing comment, names the line', () => {
    const md = ['text', '```sh', 'a one   # exit 1: because', '', '# a comment line', 'b "x # y" \\', '  --more', '```', '```js', 'not = shell', '```', '```sh', "c 'd#e'#f  # needs credentials", '```',
      '<!-- recipe: test/cli/x.test.ts runs these -->', '```sh', 'd', '```'].join('\n');
    assert.deepEqual(shellExamples(md), [
      [{ line: 3, command: 'a one', comment: 'exit 1: because' }, { line: 6, command: 'b "x # y" --more', comment: '' }],
      [{ line: 13, command: "c 'd#e'#f", comment: 'needs credentials' }],
      [{ line: 17, command: 'd', comment: '', runBy: 'test/cli/x.test.ts' }],
    ]);
  });
});

const README = path.join(ROOT, 'README.md');
const blocks = shellExamples(readFileSync(README, 'utf8'));

test('the README has shell examples to run', () => assert.ok(blocks.flat().length >= 10));

for (const examples of blocks) {
  if (!examples.length) continue;
  describe(`README.md:${examples[0]!.line}: a sh block`, () => {
    const dir = tempDir('cu-readme-');
    cpSync(FIXTURES, path.join(dir, 'fixtures'), { recursive: true });
    cpSync(path.join(ROOT, 'docs'), path.join(dir, 'docs'), { recursive: true });
    const exports: string[] = [];
    const ports = new Map<string, string>();
    const servers: ChildProcess[] = [];
    after(() => {
      for (const s of servers) if (s.exitCode === null) process.kill(-s.pid!, 'SIGINT');
    });
    for (const e of examples) {
      const name = `README.md:${e.line}: ${e.command}`;
      const skip = skipReason(e);
      test(name, { skip: skip ?? false }, async () => {
        let command = e.command;
        for (const [from, to] of ports) command = command.replaceAll(`:${from}`, `:${to}`);
        if (/^export\s+\w+=/.test(command)) return void exports.push(command);
        const full = [...exports, command].join('; ');
        if (/\bcatalog-upload sandbox\b/.test(command)) {
          const port = /--port\s+(\d+)/.exec(command)?.[1];
          let started = full;
          if (port && port !== '0') {
            const free = String(await freePort());
            ports.set(port, free);
            started = full.replace(`--port ${port}`, `--port ${free}`);
          }
          servers.push(await background(started, dir));
          return;
        }
        const expected = Number(/\bexit (\d+)\b/.exec(e.comment)?.[1] ?? 0);
        const r = await sh(full, dir);
        assert.equal(r.code, expected, `README.md:${e.line}: \`${e.command}\` exited ${r.code}, expected ${expected}\n${r.stderr.slice(-2000)}`);
      });
    }
  });
}
