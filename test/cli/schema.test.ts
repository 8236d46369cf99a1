// `schema` prints the columns from the field table; the README's column tables are its output.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { COLUMNS } from '../../src/input/columns.js';
import { ROOT, run } from '../helpers.js';

test('the README column tables are exactly what `schema --markdown` prints', async () => {
  const r = await run(['schema', '--markdown']);
  assert.equal(r.code, 0, r.stderr);
  const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  assert.ok(readme.includes(r.stdout), 'README.md column tables differ from `catalog-upload schema --markdown`: paste its output in');
  // Every column of the table is in that output, once.
  for (const c of COLUMNS) assert.equal(r.stdout.split(`| \`${c.name.replaceAll('|', '\\|')}\` |`).length, 2, c.name);
});

test('`schema` lists every column with its description, product columns first', async () => {
  const r = await run(['schema']);
  assert.equal(r.code, 0, r.stderr);
  const lines = r.stdout.split('\n').filter((l) => l.startsWith('  '));
  assert.deepEqual(lines.map((l) => l.trim().split(/\s{2,}/)[0]), COLUMNS.map((c) => c.name));
  for (const c of COLUMNS) assert.ok(r.stdout.includes(c.description), c.name);
});
