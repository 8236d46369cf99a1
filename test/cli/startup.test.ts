// Start-up stays quick because each command loads only what it needs (timings live in
// `npm run bench`, row 7). These tests check the cause, not the clock: which modules a command
// loads, recorded by a loader hook in the real binary's process.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { BIN, ROOT, tempDir } from '../helpers.js';

const HOOK = path.join(ROOT, 'test', 'cli', 'record-loads.mjs');

function loadedBy(args: string[]): string[] {
  const file = path.join(tempDir('cu-loads-'), 'loads.txt');
  writeFileSync(file, '');
  const r = spawnSync(process.execPath, ['--import', HOOK, BIN, ...args], { cwd: ROOT, env: { ...process.env, RECORD_LOADS: file, NO_COLOR: '1' }, encoding: 'utf8' });
  assert.ok(r.status === 0 || r.status === 1, `exit ${r.status}: ${r.stderr}`);
  return readFileSync(file, 'utf8').split('\n').filter(Boolean);
}

/** The heavy parts, by a piece of their URL. */
const HEAVY = {
  undici: '/node_modules/undici/',
  zod: '/node_modules/zod/',
  'cli-progress': '/node_modules/cli-progress/',
  'csv-parse': '/node_modules/csv-parse/',
  'the engine': '/dist/run/engine.js',
  'a target': '/dist/targets/veeqo/',
  'the sandbox server': '/dist/sandbox/server.js',
};

const loads = (urls: string[], part: string) => urls.some((u) => u.includes(part));

for (const args of [['--version'], ['--help'], ['upload', '--help']]) {
  test(`\`catalog-upload ${args.join(' ')}\` loads none of the heavy modules`, () => {
    const urls = loadedBy(args);
    assert.ok(loads(urls, '/dist/cli/main.js'), 'the hook saw the CLI load');
    for (const [name, part] of Object.entries(HEAVY)) assert.ok(!loads(urls, part), `${args.join(' ')} loaded ${name}`);
  });
}

test('`validate` of a CSV loads the reader and the schema, but no HTTP client, target or progress bar', () => {
  const dir = tempDir('cu-loads-');
  const csv = path.join(dir, 'three.csv');
  writeFileSync(csv, 'handle,title,sku,price,option1_name,option1_value\ntee,Tee,TEE-S,19.90,Size,S\ntee,,TEE-M,19.90,,M\n,Mug,MUG-1,8.00,,\n');
  const urls = loadedBy(['validate', csv, '--no-progress']);
  assert.ok(loads(urls, HEAVY['csv-parse']) && loads(urls, HEAVY['the engine']), 'it did validate');
  for (const name of ['undici', 'cli-progress', 'a target', 'the sandbox server'] as const) assert.ok(!loads(urls, HEAVY[name]), `validate loaded ${name}`);
});
