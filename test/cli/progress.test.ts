// The progress bar on a terminal shows our ETA (eta.ts), never a made-up one: the first frames
// used to say "ETA 0s" (and then "ETA NFs") before anything was measured.
import { strict as assert } from 'node:assert';
import { execFileSync, spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, test } from 'node:test';
import { generateCsv } from '../../bench/generate.js';
import { BIN, tempDir } from '../helpers.js';

const hasScript = spawnSync('script', ['-qec', 'true', '/dev/null']).status === 0;

describe('the progress bar', { skip: hasScript ? false : 'needs util-linux script for a pseudo-terminal' }, () => {
  test('never shows an ETA it does not know, and ends at 100%', async () => {
    const dir = tempDir();
    const input = path.join(dir, 'c.csv');
    await generateCsv(input, { rows: 30, prefix: 'B' });
    const env: NodeJS.ProcessEnv = { ...process.env, TERM: 'xterm', NO_COLOR: '1' };
    delete env.CI;
    const command = `stty cols 200; ${process.execPath} ${BIN} upload ${input} --target veeqo --sandbox --rate 20 --report ${path.join(dir, 'r.jsonl')}`;
    const screen = execFileSync('script', ['-qec', command, '/dev/null'], { env, encoding: 'utf8', cwd: dir });
    const frames = screen.replace(/\u001b\[[0-9;?]*[a-zA-Z]/g, '\n').split(/[\r\n]+/).filter((l) => / done \| created/.test(l));
    assert.ok(frames.length > 3, screen);
    for (const f of frames) {
      assert.doesNotMatch(f, /ETA (0s|\S*(NF|NaN|Inf|NULL))/, f);
      const eta = /ETA (\S+)/.exec(f)?.[1];
      if (eta) assert.match(eta, /^(\d+s|\d+m\d\ds|\d+h\d\dm)$/, f);
    }
    assert.match(frames.at(-1)!, /100% .*\| 30 done/);
  });
});
