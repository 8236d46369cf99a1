// Colour follows stderr (where everything coloured goes), and NO_COLOR / FORCE_COLOR win.
import { strict as assert } from 'node:assert';
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { colourLevel } from '../../src/cli/colour.js';
import { BIN, fixture, run, tempDir } from '../helpers.js';

/** A colour or style (SGR) sequence; cursor movements of the progress bar are not colour. */
const SGR = /\u001b\[[0-9;]*m/;

describe('colourLevel', () => {
  const cases: [string, NodeJS.ProcessEnv, boolean, number][] = [
    ['a terminal', { TERM: 'xterm' }, true, 1],
    ['a 256-colour terminal', { TERM: 'xterm-256color' }, true, 2],
    ['a truecolor terminal', { TERM: 'xterm-256color', COLORTERM: 'truecolor' }, true, 3],
    ['not a terminal (a pipe, a file, 2>log)', { TERM: 'xterm' }, false, 0],
    ['a dumb terminal', { TERM: 'dumb' }, true, 0],
    ['NO_COLOR=1 on a terminal', { TERM: 'xterm', NO_COLOR: '1' }, true, 0],
    ['NO_COLOR empty (unset, per no-color.org)', { TERM: 'xterm', NO_COLOR: '' }, true, 1],
    ['FORCE_COLOR=1 into a pipe', { FORCE_COLOR: '1' }, false, 1],
    ['FORCE_COLOR empty into a pipe', { FORCE_COLOR: '' }, false, 1],
    ['FORCE_COLOR=true into a pipe', { FORCE_COLOR: 'true' }, false, 1],
    ['FORCE_COLOR=3 into a pipe', { FORCE_COLOR: '3' }, false, 3],
    ['FORCE_COLOR=0 on a terminal', { TERM: 'xterm', FORCE_COLOR: '0' }, true, 0],
    ['FORCE_COLOR=false on a terminal', { TERM: 'xterm', FORCE_COLOR: 'false' }, true, 0],
    ['FORCE_COLOR=1 beats NO_COLOR=1 (as in Node)', { NO_COLOR: '1', FORCE_COLOR: '1' }, false, 1],
  ];
  for (const [name, env, tty, level] of cases) {
    test(`${name} → level ${level}`, () => assert.equal(colourLevel(env, tty), level));
  }
});

/** Runs a shell command line on a pseudo-terminal (util-linux `script`), without colour variables. */
function onTerminal(command: string): string {
  const env: NodeJS.ProcessEnv = { ...process.env, TERM: 'xterm' };
  delete env.NO_COLOR;
  delete env.FORCE_COLOR;
  delete env.CI;
  return execFileSync('script', ['-qec', command, '/dev/null'], { env, encoding: 'utf8' });
}

const hasScript = spawnSync('script', ['-qec', 'true', '/dev/null']).status === 0;
const validateBad = `${process.execPath} ${BIN} validate ${fixture('bad', 'bad-price.csv')} --no-progress`;

describe('colour through the binary', { skip: hasScript ? false : 'needs util-linux script for a pseudo-terminal' }, () => {
  test('on a terminal, the summary is coloured (so the two tests below can fail)', () => {
    assert.match(onTerminal(`${validateBad}; true`), SGR);
  });

  test('2>log with stdout on a terminal: the log has no escape codes', () => {
    const log = path.join(tempDir(), 'log');
    onTerminal(`${validateBad} 2>${log}; true`);
    const text = readFileSync(log, 'utf8');
    assert.match(text, /problems:/);
    assert.ok(!text.match(SGR), JSON.stringify(text.slice(0, 200)));
  });

  test('NO_COLOR=1 on a terminal: no escape codes', () => {
    const out = onTerminal(`NO_COLOR=1 ${validateBad}; true`);
    assert.match(out, /problems:/);
    assert.ok(!out.match(SGR), JSON.stringify(out.slice(0, 200)));
  });

  test('FORCE_COLOR=1 into a pipe: coloured', async () => {
    const r = await run(['validate', fixture('bad', 'bad-price.csv')], { env: { NO_COLOR: undefined, FORCE_COLOR: '1' } });
    assert.ok(r.stderr.match(SGR));
    assert.ok(!r.stdout.match(SGR));
  });
});
