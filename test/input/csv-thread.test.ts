// The CSV worker thread takes only the node options a worker accepts: a user who gives node a
// V8 or process option (a heap size, say) still reads a big CSV.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { test } from 'node:test';
import { generateCsv } from '../../bench/generate.js';
import { workerExecArgv, WORKER_MIN_BYTES } from '../../src/input/csv-thread.js';
import { statSync } from 'node:fs';
import { BIN, tempDir } from '../helpers.js';

const TABLE: [string[], string[]][] = [
  [[], []],
  [['--max-old-space-size=256'], []],
  [['--stack-size=2000', '--title', 'x'], []],
  [['--import', 'tsx', '--max-semi-space-size=4'], ['--import', 'tsx']],
  [['--import=tsx', '--no-warnings', '--cpu-prof'], ['--import=tsx', '--no-warnings']],
  [['-r', 'hook.cjs', '--enable-source-maps', '--conditions', 'dev'], ['-r', 'hook.cjs', '--enable-source-maps', '--conditions', 'dev']],
];
for (const [given, kept] of TABLE) {
  test(`worker options of ${JSON.stringify(given)}: ${JSON.stringify(kept)}`, () => assert.deepEqual(workerExecArgv(given), kept));
}

test('node --max-old-space-size=256 catalog-upload validate <a CSV big enough for the worker thread>', async () => {
  const file = path.join(tempDir(), 'big.csv');
  await generateCsv(file, { rows: 16_000, prefix: 'W' });
  assert.ok(statSync(file).size >= WORKER_MIN_BYTES, 'the file is read on the worker thread');
  const r = spawnSync(process.execPath, ['--max-old-space-size=256', BIN, 'validate', file, '--no-progress'], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /16000 rows/);
});
