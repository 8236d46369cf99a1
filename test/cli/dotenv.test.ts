// --dotenv <file>: credentials from a file, with this tool's own located errors. (Node 20 reads
// `--env-file` from its whole command line, even after the script, and exits 9 with its own
// message on a missing file before this program starts: hence the new name.)
import { strict as assert } from 'node:assert';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { sandboxFor, type Harness } from '../upload/harness.js';
import { fixture, npx, npxProject, run, tempDir } from '../helpers.js';

describe('--dotenv', () => {
  let h: Harness;
  before(async () => (h = await sandboxFor('veeqo')));
  after(() => h.close());

  for (const spelling of [['--dotenv', 'nope.env'], ['--dotenv=nope.env']]) {
    test(`a missing file (${spelling.join(' ')}) is this tool's located error, exit 2`, async () => {
      const r = await run(['upload', fixture('catalog.csv'), '--target', 'veeqo', '--dry-run', ...spelling], { cwd: tempDir() });
      assert.equal(r.code, 2, r.stderr);
      assert.match(r.stderr, /^error: --dotenv nope\.env: no such file$/m);
    });
  }

  test('through npx, a missing file is still this tool\'s error, exit 2', async () => {
    const r = await npx(['upload', 'fixtures/catalog.csv', '--target', 'veeqo', '--dry-run', '--dotenv', 'nope.env'], npxProject());
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /error: --dotenv nope\.env: no such file/);
  });

  test('credentials come from the file; variables already set win', async () => {
    const dir = tempDir();
    const file = path.join(dir, '.env.veeqo');
    writeFileSync(file, `# the sandbox\nVEEQO_API_KEY=${h.env.VEEQO_API_KEY}\nVEEQO_BASE_URL=http://127.0.0.1:1\n`);
    const args = ['upload', fixture('catalog.csv'), '--target', 'veeqo', '--report', path.join(dir, 'r.jsonl'), '--json'];
    const r = await run([...args, '--dotenv', file], { cwd: dir, env: { VEEQO_API_KEY: undefined, VEEQO_BASE_URL: h.env.VEEQO_BASE_URL } });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(JSON.parse(r.stdout).units.created, 3);
    // Without the file, the key is missing.
    const without = await run([...args, '--force'], { cwd: dir, env: { VEEQO_API_KEY: undefined, VEEQO_BASE_URL: h.env.VEEQO_BASE_URL } });
    assert.equal(without.code, 2);
    assert.match(without.stderr, /VEEQO_API_KEY/);
  });

  test('the old spelling --env-file still reads a file that exists', async () => {
    const dir = tempDir();
    const file = path.join(dir, '.env');
    writeFileSync(file, `VEEQO_API_KEY=${h.env.VEEQO_API_KEY}\n`);
    const r = await run(['upload', fixture('catalog.csv'), '--target', 'veeqo', '--report', path.join(dir, 'r.jsonl'), '--json', `--env-file=${file}`], { cwd: dir, env: { VEEQO_API_KEY: undefined, VEEQO_BASE_URL: h.env.VEEQO_BASE_URL } });
    assert.equal(r.code, 0, r.stderr);
  });

  test('the README\'s warning holds: Node itself rejects a missing --env-file (exit 9) before the tool starts', async () => {
    const r = await run(['upload', fixture('catalog.csv'), '--target', 'veeqo', '--dry-run', '--env-file', 'nope.env'], { cwd: tempDir() });
    assert.equal(r.code, 9, r.stderr);
    assert.match(r.stderr, /node: nope\.env: not found/);
  });
});
