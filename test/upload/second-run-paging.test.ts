// Second runs against vendors that answer otherwise than our fakes (the docs allow it): a Veeqo
// whose paging is not the one asked for, a Panora cursor, a Pandabase bare list, a Fanfare that
// shows MIME types. Veeqo documents its sku
// search, not how it pages: a server that serves fewer products per page than asked, or ignores
// the page asked for, must never make the tool take "not on this page" for "not held" (that
// created 80 duplicates of 130 products when pages held 50).
import { strict as assert } from 'node:assert';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { generateCsv } from '../../bench/generate.js';
import { startSandbox } from '../../src/sandbox/server.js';
import { loadFake } from '../../src/targets/index.js';
import type { SandboxRequest } from '../../src/targets/types.js';
import { run, tempDir } from '../helpers.js';
import { readReportFile } from './harness.js';

const PRODUCTS = 130;

/** The Veeqo fake, with every GET /products answered as `serve` says (page size and page rewritten). */
async function veeqoServing(serve: (q: URLSearchParams) => void) {
  const veeqo = await loadFake('veeqo');
  const handle = (req: SandboxRequest, store: Parameters<typeof veeqo.handle>[1]) => {
    if (req.method === 'GET' && req.path === '/products') serve(req.query);
    return veeqo.handle(req, store);
  };
  return { veeqo, sb: await startSandbox({ ...veeqo, handle }, { port: 0 }) };
}

const CASES = [
  { name: 'pages of 50 whatever page_size asks', serve: (q: URLSearchParams) => q.set('page_size', '50') },
  { name: 'pages of the default 12', serve: (q: URLSearchParams) => q.delete('page_size') },
  { name: 'the page parameter ignored (always the first 50)', serve: (q: URLSearchParams) => (q.set('page_size', '50'), q.delete('page')) },
];

describe('second runs: a Veeqo that pages otherwise than asked', () => {
  for (const c of CASES) {
    test(`${c.name}: the same file run again creates nothing twice`, async () => {
      const { veeqo, sb } = await veeqoServing(c.serve);
      try {
        const dir = tempDir();
        const input = path.join(dir, 'in.csv');
        await generateCsv(input, { rows: PRODUCTS, prefix: 'PG' });
        const args = ['upload', input, '--target', 'veeqo', '--rate', 'unlimited', '--concurrency', '4', '--no-progress'];
        const first = await run([...args, '--report', path.join(dir, 'r1.jsonl')], { env: veeqo.dummyEnv(sb.url) });
        assert.equal(first.code, 0, first.stderr);
        assert.equal(sb.store.created.length, PRODUCTS);
        const second = await run([...args, '--report', path.join(dir, 'r2.jsonl')], { env: veeqo.dummyEnv(sb.url) });
        assert.equal(second.code, 0, second.stderr);
        assert.equal(sb.store.created.length, PRODUCTS, 'no product created twice');
        const lines = [...readReportFile(path.join(dir, 'r2.jsonl')).last.values()];
        assert.equal(lines.filter((l) => l.status === 'existing').length, PRODUCTS);
      } finally {
        await sb.close();
      }
    });
  }
});

describe('second runs: a Panora that takes its cursor back only as the id inside it', () => {
  test('the cursor as given fails once, the id inside it is used from then on, and nothing is created twice', async () => {
    const panora = await loadFake('panora');
    let refused = 0;
    // Panora's own service: next_cursor is base64 of an id, and only the raw id is looked up.
    const handle = (req: SandboxRequest, store: Parameters<typeof panora.handle>[1]) => {
      const cursor = req.query.get('cursor');
      if (req.method === 'GET' && cursor) {
        if (!/^[0-9a-f-]{36}$/.test(cursor)) {
          refused++;
          return { status: 500, body: { statusCode: 500, timestamp: new Date().toISOString(), path: req.path, message: 'The provided cursor does not exist!' } };
        }
        req.query.set('cursor', Buffer.from(cursor).toString('base64'));
      }
      return panora.handle(req, store);
    };
    const sb = await startSandbox({ ...panora, handle }, { port: 0 });
    try {
      const dir = tempDir();
      const input = path.join(dir, 'in.csv');
      await generateCsv(input, { rows: 250, prefix: 'PC' });
      const args = ['upload', input, '--target', 'panora', '--rate', 'unlimited', '--concurrency', '4', '--no-progress', '--retries', '0'];
      const first = await run([...args, '--report', path.join(dir, 'r1.jsonl')], { env: { ...panora.dummyEnv(sb.url), PANORA_PRICE_UNIT: 'minor' } });
      assert.equal(first.code, 0, first.stderr);
      assert.equal(sb.store.created.length, 250);
      const second = await run([...args, '--report', path.join(dir, 'r2.jsonl')], { env: { ...panora.dummyEnv(sb.url), PANORA_PRICE_UNIT: 'minor' } });
      assert.equal(second.code, 0, second.stderr);
      assert.equal(sb.store.created.length, 250, 'no product created twice');
      assert.equal([...readReportFile(path.join(dir, 'r2.jsonl')).last.values()].filter((l) => l.status === 'existing').length, 250);
      assert.ok(refused >= 1 && refused <= 4, `the cursor as given was tried ${refused} times`);
    } finally {
      await sb.close();
    }
  });
});

describe('second runs: a Pandabase whose listing is a bare data array of 25 per page', () => {
  test('every page is read until an empty one: the same file run again finds every product held', async () => {
    const pandabase = await loadFake('pandabase');
    // The documented answer shape is not given: this one drops the pagination and serves 25 a page.
    const handle = (req: SandboxRequest, store: Parameters<typeof pandabase.handle>[1]) => {
      if (req.method !== 'GET') return pandabase.handle(req, store);
      req.query.set('limit', '25');
      const res = pandabase.handle(req, store);
      const data = (res.body as { data?: { items?: unknown[] } }).data;
      return data?.items ? { ...res, body: { ok: true, data: data.items } } : res;
    };
    const sb = await startSandbox({ ...pandabase, handle }, { port: 0 });
    try {
      const dir = tempDir();
      const input = path.join(dir, 'in.csv');
      await generateCsv(input, { rows: 60, kind: 'digital_download', prefix: 'PB' });
      const args = ['upload', input, '--target', 'pandabase', '--rate', 'unlimited', '--concurrency', '4', '--no-progress'];
      const first = await run([...args, '--report', path.join(dir, 'r1.jsonl')], { env: pandabase.dummyEnv(sb.url) });
      assert.equal(first.code, 0, first.stderr);
      const second = await run([...args, '--report', path.join(dir, 'r2.jsonl'), '--json'], { env: pandabase.dummyEnv(sb.url) });
      assert.equal(second.code, 0, second.stderr);
      const s = JSON.parse(second.stdout);
      assert.equal(s.units.existing, 60, 'found by the listing, not replayed by an idempotency key');
      assert.equal(s.units.created, 0);
      assert.equal(sb.store.created.length, 60);
    } finally {
      await sb.close();
    }
  });
});

describe('second runs: a Fanfare whose answers show each media asset\'s MIME type', () => {
  test('an unchanged product is unchanged, a changed price updates one product (the MIME type is never compared)', async () => {
    const fanfare = await loadFake('fanfare');
    // Its answers echo the mimeType the request gave (the response example shows none).
    const mimes = new Map<string, string>();
    const handle = (req: SandboxRequest, store: Parameters<typeof fanfare.handle>[1]) => {
      if (req.method === 'POST') for (const m of (req.body as { productMediaAssets?: { mediaAsset: { sourceUrl?: string; mimeType: string } }[] }).productMediaAssets ?? []) mimes.set(m.mediaAsset.sourceUrl ?? '', m.mediaAsset.mimeType);
      const res = fanfare.handle(req, store);
      const add = (p: { productMediaAssets?: { mediaAsset: Record<string, unknown> }[] }) => p.productMediaAssets?.forEach((m) => (m.mediaAsset.mimeType = mimes.get(String(m.mediaAsset.sourceUrl))));
      const body = res.body as unknown;
      if (Array.isArray(body)) body.forEach(add);
      else if (body && typeof body === 'object') add(body as never);
      return res;
    };
    const sb = await startSandbox({ ...fanfare, handle }, { port: 0 });
    try {
      const dir = tempDir();
      const first = path.join(dir, 'v1.csv');
      writeFileSync(first, 'handle,title,sku,price,url,image_urls\nh1,Hat,H1,10.00,https://s.example/h1,https://cdn.example/h1.jpg\nh2,Cap,C1,12.00,https://s.example/h2,https://cdn.example/h2.png\n');
      const second = path.join(dir, 'v2.csv');
      writeFileSync(second, readFileSync(first, 'utf8').replace('H1,10.00', 'H1,11.00'));
      const args = ['--target', 'fanfare', '--rate', 'unlimited', '--no-progress', '--json'];
      assert.equal((await run(['upload', first, ...args, '--report', path.join(dir, 'r1.jsonl')], { env: fanfare.dummyEnv(sb.url) })).code, 0);
      const again = await run(['upload', second, ...args, '--existing', 'update', '--report', path.join(dir, 'r2.jsonl')], { env: fanfare.dummyEnv(sb.url) });
      assert.equal(again.code, 0, again.stderr);
      const s = JSON.parse(again.stdout);
      assert.deepEqual([s.units.updated, s.units.unchanged], [1, 1]);
    } finally {
      await sb.close();
    }
  });
});
