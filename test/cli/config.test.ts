// The config file (catalog-upload.config.json or --config): flags' names, a section per target,
// precedence flags > environment > file, never credentials, and located errors (exit 2).
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { sandboxFor } from '../upload/harness.js';
import { fixture, run, tempDir } from '../helpers.js';

function project(config: unknown): string {
  const dir = tempDir('cu-config-');
  writeFileSync(path.join(dir, 'catalog-upload.config.json'), typeof config === 'string' ? config : JSON.stringify(config, null, 2));
  return dir;
}

describe('config file: settings and precedence', () => {
  test('the target section wins over the top level, and a flag over both', async () => {
    const dir = project({ report: 'top.jsonl', 'no-progress': true, targets: { veeqo: { report: 'veeqo.jsonl' } } });
    const csv = fixture('catalog.csv');
    assert.equal((await run(['validate', csv, '--target', 'veeqo'], { cwd: dir })).code, 0);
    assert.equal((await run(['validate', csv, '--target', 's2'], { cwd: dir })).code, 1, 's2 refuses the digital product');
    assert.equal((await run(['validate', csv, '--target', 'veeqo', '--report', 'cli.jsonl'], { cwd: dir })).code, 0);
    for (const f of ['veeqo.jsonl', 'top.jsonl', 'cli.jsonl']) assert.ok(existsSync(path.join(dir, f)), f);
    assert.ok(readFileSync(path.join(dir, 'top.jsonl'), 'utf8').includes('"target":"s2"'));
  });

  test('"target" in the file satisfies upload; booleans are true/false; --config names another file', async () => {
    const h = await sandboxFor('veeqo');
    try {
      const dir = tempDir('cu-config-');
      writeFileSync(path.join(dir, 'ci.json'), JSON.stringify({ target: 'veeqo', json: true, concurrency: 2, report: 'up.jsonl' }));
      const r = await run(['upload', fixture('catalog.csv'), '--config', 'ci.json'], { cwd: dir, env: h.env });
      assert.equal(r.code, 0, r.stderr);
      assert.equal(JSON.parse(r.stdout).units.created, 3);
      assert.ok(existsSync(path.join(dir, 'up.jsonl')));
    } finally {
      await h.close();
    }
  });

  test('base URL: --base-url, then VEEQO_BASE_URL, then the file', async () => {
    const a = await sandboxFor('veeqo');
    const b = await sandboxFor('veeqo');
    try {
      const dir = project({ targets: { veeqo: { 'base-url': b.sandbox.url } } });
      const upload = (extra: string[], env: Record<string, string | undefined>) =>
        run(['upload', fixture('catalog.csv'), '--target', 'veeqo', '--json', '--force', '--report', 'r.jsonl', ...extra], { cwd: dir, env: { VEEQO_API_KEY: a.env.VEEQO_API_KEY, ...env } });
      const created = () => [a.sandbox.store.created.length, b.sandbox.store.created.length];
      assert.equal((await upload([], { VEEQO_BASE_URL: undefined })).code, 0);
      assert.deepEqual(created(), [0, 3], 'the file, when nothing else says');
      assert.equal((await upload([], { VEEQO_BASE_URL: a.sandbox.url })).code, 0);
      assert.deepEqual(created(), [3, 3], 'the environment over the file');
      // b holds the catalog now: the run finds it there (and creates nothing twice).
      const asked = [a.sandbox.stats.requests, b.sandbox.stats.requests];
      assert.equal((await upload(['--base-url', b.sandbox.url], { VEEQO_BASE_URL: a.sandbox.url })).code, 0);
      assert.deepEqual(created(), [3, 3]);
      assert.equal(a.sandbox.stats.requests, asked[0], 'the flag over the environment');
      assert.ok(b.sandbox.stats.requests > asked[1]!);
    } finally {
      await a.close();
      await b.close();
    }
  });

  test('summary-md: $GITHUB_STEP_SUMMARY wins over the file', async () => {
    const dir = project({ 'summary-md': 'from-file.md' });
    const r = await run(['validate', fixture('catalog.csv'), '--no-progress'], { cwd: dir, env: { GITHUB_STEP_SUMMARY: path.join(dir, 'from-env.md') } });
    assert.equal(r.code, 0, r.stderr);
    assert.ok(existsSync(path.join(dir, 'from-env.md')) && !existsSync(path.join(dir, 'from-file.md')));
  });
});

describe('config file: refused and wrong settings are located errors (exit 2)', () => {
  const cases: [string, string, RegExp][] = [
    ['a credential at the top', '{\n  "api-key": "abc"\n}', /^error: catalog-upload\.config\.json:2: "api-key": credentials never go in a config file .*environment.*secret store/m],
    ['a credential in a target section', '{"targets": {"veeqo": {"VEEQO_API_KEY": "abc"}}}', /"targets\.veeqo\.VEEQO_API_KEY": credentials never go in a config file/],
    ['a credential in a URL', '{"base-url": "https://user:pa55@shop.example.com"}', /"base-url": credentials never go in a config file/],
    ['a secret-looking value', '{"report": "sk_live_0123456789"}', /"report": credentials never go in a config file/],
    ['an unknown key, with a did-you-mean', '{\n  "concurency": 4\n}', /catalog-upload\.config\.json:2: "concurency": expected one of the flags' names.* \(did you mean "concurrency"\?\); found the key "concurency"/],
    ['an unknown target', '{"targets": {"veqo": {}}}', /"targets\.veqo": expected a target name: .* \(did you mean "veeqo"\?\); found "veqo"/],
    ['a bad value, in the flag\'s own words', '{"targets": {"veeqo": {"rate": "fast"}}}', /"targets\.veeqo\.rate": expected requests per second \(5, 5\/s, 100\/min\) or "unlimited"; found "fast"/],
    ['a wrong type', '{"json": "yes"}', /"json": expected true or false; found "yes"/],
    ['a choice', '{"annotations": "gitlab"}', /"annotations": expected one of github, none; found "gitlab"/],
    ['a flag of one run', '{"force": true}', /"force": not a setting for a config file: it sets an earlier run's journal aside/],
    ['invalid JSON, at its line and column', '{\n  "rate": 5,\n}', /catalog-upload\.config\.json:3:1: invalid JSON: expected another "key": value after the comma/],
    ['not an object', '[1]', /catalog-upload\.config\.json:1: expected an object of settings/],
  ];
  for (const [name, text, message] of cases) {
    test(name, async () => {
      const dir = project(text);
      const r = await run(['validate', fixture('catalog.csv'), '--target', 'veeqo'], { cwd: dir });
      assert.equal(r.code, 2, r.stderr);
      assert.match(r.stderr, message);
      assert.ok(!/\n\s+at .+:\d+:\d+/.test(r.stderr), 'no stack trace');
    });
  }

  test('--config naming a missing file', async () => {
    const r = await run(['validate', fixture('catalog.csv'), '--config', 'nope.json'], { cwd: tempDir('cu-config-') });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--config nope\.json: no such file/);
  });
});
