// Output levels, from the real binary: --quiet prints the problems, errors and one summary line;
// --verbose adds one line per request (method, path, status, time, retry), redacted.
import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, test } from 'node:test';
import { sandboxFor } from '../upload/harness.js';
import { fixture, run, tempDir } from '../helpers.js';

const lines = (s: string) => s.split('\n').filter(Boolean);

describe('--quiet', () => {
  test('a clean validate: one line', async () => {
    const r = await run(['validate', fixture('catalog.csv'), '--quiet']);
    assert.equal(r.code, 0);
    assert.deepEqual(lines(r.stderr).map((l) => l.replace(/in \d+\.\ds/, 'in Ns')), ['validate: 3 valid in Ns']);
  });

  test('problems and the summary line, nothing else; the exit code is unchanged', async () => {
    const dir = tempDir('cu-levels-');
    const r = await run(['validate', fixture('bad', 'bad-price.csv'), fixture('bad', 'mojibake.csv'), '--quiet', '--report', path.join(dir, 'r.jsonl')]);
    assert.equal(r.code, 1);
    const out = lines(r.stderr);
    assert.equal(out[0], 'problems:');
    assert.equal(out.filter((l) => l.startsWith('  ')).length, 2, 'the two errors, not the warnings');
    assert.match(out.at(-1)!, /^validate: \d+ valid, 2 invalid in \d+\.\ds; report: .*r\.jsonl$/);
    assert.equal(out.length, 4);
  });

  test('an upload: no sandbox notices or progress; the resume command on the line when something is left', async () => {
    const h = await sandboxFor('fanfare', { failRate: 1, methods: ['POST'] });
    try {
      const dir = tempDir('cu-levels-');
      const r = await run(['upload', fixture('catalog.csv'), '--target', 'fanfare', '--quiet', '--retries', '0', '--report', path.join(dir, 'r.jsonl')], { env: h.env });
      assert.equal(r.code, 1);
      const out = lines(r.stderr);
      assert.equal(out.length, 1, r.stderr);
      assert.match(out[0]!, /^upload to fanfare: 3 unknown in \d+\.\ds; report: .*; to resume: node bin\/catalog-upload\.js upload .* --resume$/);
    } finally {
      await h.close();
    }
  });

  test('--quiet with --verbose is a usage error', async () => {
    const r = await run(['validate', fixture('catalog.csv'), '--quiet', '--verbose']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--quiet.*cannot be used with.*--verbose/);
  });
});

describe('--verbose', () => {
  test('one line per request, with its status, time and retry number; no credential in sight', async () => {
    // Every other create answered 503 (seeded): each unit needs a retry.
    const h = await sandboxFor('fanfare', { failRate: 0.5, seed: 3, methods: ['POST'] });
    try {
      const dir = tempDir('cu-levels-');
      const r = await run(['upload', fixture('catalog.csv'), '--target', 'fanfare', '--verbose', '--concurrency', '1', '--report', path.join(dir, 'r.jsonl')], { env: h.env });
      assert.equal(r.code, 0, r.stderr);
      const requests = lines(r.stderr).filter((l) => /^(POST|GET|PUT|PATCH) \//.test(l));
      assert.equal(requests.length, h.sandbox.stats.requests, 'one line per request the server saw');
      // Each product's lookup (Fanfare: a search by sync source), then its create.
      for (const l of requests) assert.match(l, /^(GET \/products\/search\?\S+ 200|POST \/products (201|503)) \d+ms( retry \d+)?$/);
      const statuses = requests.map((l) => l.split(' ')[2]);
      assert.equal(statuses.filter((s) => s === '503').length, h.sandbox.stats.byStatus['503'] ?? 0);
      assert.ok(statuses.includes('503'), 'the seed gives some 503s');
      // After a 503, the next request of that unit is its retry.
      assert.equal(requests.filter((l) => / retry \d+$/.test(l)).length, statuses.filter((s) => s === '503').length);
      for (const v of Object.values(h.env)) if (v.length >= 8 && !v.startsWith('http')) assert.ok(!r.stderr.includes(v), 'credential printed');
    } finally {
      await h.close();
    }
  });
});
