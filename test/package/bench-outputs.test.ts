// `npm run bench` modifies no tracked file: everything it writes goes under bench/data/, which
// git ignores (the README's table is the record of a run).
import { strict as assert } from 'node:assert';
import { execFileSync, spawnSync } from 'node:child_process';
import path from 'node:path';
import { test } from 'node:test';
import { DATA, RESULTS } from '../../bench/outputs.js';
import { ROOT } from '../helpers.js';

const git = (...args: string[]) => spawnSync('git', args, { cwd: ROOT, encoding: 'utf8' });
const inGit = git('rev-parse', '--is-inside-work-tree').status === 0;

test('the bench writes its results under an ignored folder that holds no tracked file', { skip: inGit ? false : 'not a git checkout' }, () => {
  assert.ok(RESULTS.startsWith(DATA + path.sep));
  assert.equal(git('check-ignore', '-q', RESULTS).status, 0, `${RESULTS} is not ignored by git`);
  const tracked = execFileSync('git', ['ls-files', 'bench'], { cwd: ROOT, encoding: 'utf8' }).split('\n').filter(Boolean);
  assert.deepEqual(tracked.filter((f) => path.join(ROOT, f).startsWith(DATA + path.sep) || f.endsWith('results.json')), []);
});
