// The resume hint repeats the command as the user typed it: `npx catalog-upload …` when run
// through npx, `catalog-upload …` from PATH, `node bin/catalog-upload.js …` when started so.
import { strict as assert } from 'node:assert';
import path from 'node:path';
import { describe, test } from 'node:test';
import { resumeCommand } from '../../src/cli/shell.js';
import { npx, npxProject, tempDir } from '../helpers.js';

describe('resumeCommand', () => {
  const args = ['upload', 'my shop.csv', '--target', 'veeqo', '--force'];
  const cases: [string, string, NodeJS.ProcessEnv, string, string][] = [
    ['npx catalog-upload', '/p/node_modules/.bin/catalog-upload', { npm_lifecycle_event: 'npx', npm_lifecycle_script: "'catalog-upload'" }, '/p', "npx catalog-upload upload 'my shop.csv' --target veeqo --resume"],
    ['npm exec catalog-upload (the same variables)', '/p/node_modules/.bin/catalog-upload', { npm_lifecycle_event: 'npx', npm_lifecycle_script: 'catalog-upload' }, '/p', "npx catalog-upload upload 'my shop.csv' --target veeqo --resume"],
    ['an npm script that runs it', '/p/node_modules/.bin/catalog-upload', { npm_lifecycle_event: 'push-shop', npm_lifecycle_script: 'catalog-upload upload shop.csv --target veeqo' }, '/p', "npx catalog-upload upload 'my shop.csv' --target veeqo --resume"],
    ['another tool started by npx runs it from PATH', '/usr/local/bin/catalog-upload', { npm_lifecycle_event: 'npx', npm_lifecycle_script: 'other-tool' }, '/p', "catalog-upload upload 'my shop.csv' --target veeqo --resume"],
    ['installed globally, from PATH', '/usr/local/bin/catalog-upload', {}, '/p', "catalog-upload upload 'my shop.csv' --target veeqo --resume"],
    ['node bin/catalog-upload.js in the clone', '/p/bin/catalog-upload.js', {}, '/p', "node bin/catalog-upload.js upload 'my shop.csv' --target veeqo --resume"],
    ['node /p/bin/catalog-upload.js from elsewhere', '/p/bin/catalog-upload.js', {}, '/elsewhere', "node /p/bin/catalog-upload.js upload 'my shop.csv' --target veeqo --resume"],
  ];
  for (const [name, entry, env, cwd, expected] of cases) {
    test(name, () => assert.equal(resumeCommand(['/usr/bin/node', entry, ...args], env, cwd), expected));
  }
  test('quotes what a shell would split or expand', () => {
    assert.equal(resumeCommand(['/usr/bin/node', '/usr/bin/catalog-upload', 'upload', "it's.csv", '--report', '$HOME/r.jsonl'], {}, '/'), "catalog-upload upload 'it'\\''s.csv' --report '$HOME/r.jsonl' --resume");
    // Flags that decide one run are not repeated: the next one decides them again.
    assert.equal(resumeCommand(['/usr/bin/node', '/usr/bin/catalog-upload', 'upload', 'c.csv', '--target', 's2', '--resume', '--resend-unknown', '--force'], {}, '/'), 'catalog-upload upload c.csv --target s2 --resume');
  });
});

test('through npx, the hint says npx catalog-upload', async () => {
  const report = path.join(tempDir(), 'r.jsonl');
  const args = ['upload', 'fixtures/bad/bad-price.csv', '--target', 'veeqo', '--sandbox', '--max-errors', '1', '--report', report];
  const { stderr } = await npx(args, npxProject());
  assert.match(stderr, /run stopped/);
  assert.ok(stderr.includes(`to resume: npx catalog-upload ${args.join(' ')} --resume\n`), stderr);
});
