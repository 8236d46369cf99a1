// Fanfare specifics: url required, media assets need a MIME type, decimal-string prices,
// inventory defaults, the upsert over real HTTP, its error bodies, and the golden payloads.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createStore, startSandbox } from '../../src/sandbox/server.js';
import { target as fanfare } from '../../src/targets/fanfare/index.js';
import { mimeTypeOf } from '../../src/targets/fanfare/map.js';
import type { Unit } from '../../src/targets/types.js';
import {
  assertGolden, call, dummyConfig, fakeOf, goldenLines, issuesOf, parse, readGolden, replayOverHttp, requestOf, unitsOf,
} from './support.js';

const config = dummyConfig(fanfare);

function unit(raw: Record<string, unknown>): Unit {
  return fanfare.units(parse({ url: 'https://shop.example.com/p/a', ...raw }), 'test')[0]!;
}

const body = (u: Unit) => requestOf(fanfare, u, config).body as Record<string, any>;

describe('fanfare: golden payloads', () => {
  it('the reference catalog maps to the reviewed payloads', () => {
    const lines = goldenLines(fanfare);
    assertGolden('fanfare.ndjson', lines);
    assert.ok(lines.every((l) => l.body));
  });

  it('each golden payload is accepted over HTTP and created once under its unit key', async () => {
    const lines = readGolden('fanfare.ndjson');
    const { statuses, store } = await replayOverHttp(fanfare, lines);
    assert.deepEqual(statuses, lines.map(() => 201));
    assert.deepEqual(store.created.map((c) => c.key), lines.map((l) => l.key));
    assert.equal(store.updates, 0);
  });

  it('sending the catalog twice over HTTP updates instead of duplicating (the upsert)', async () => {
    const sb = await startSandbox(fakeOf(fanfare), { port: 0 });
    try {
      const c = fanfare.readConfig(fakeOf(fanfare).dummyEnv(sb.url));
      const ids: string[][] = [[], []];
      for (const round of [0, 1]) {
        for (const u of unitsOf(fanfare)) {
          const spec = requestOf(fanfare, u, c);
          const res = await fetch(fanfare.baseUrl(c) + spec.path, { method: spec.method, headers: spec.headers, body: JSON.stringify(spec.body) });
          assert.equal(res.status, round === 0 ? 201 : 200);
          assert.ok(res.headers.get('x-ratelimit-limit') === null || /^\d+$/.test(res.headers.get('x-ratelimit-limit')!));
          ids[round]!.push(fanfare.parseCreated(await res.json()));
        }
      }
      assert.deepEqual(ids[1], ids[0]);
      assert.equal(sb.store.created.length, 3);
      assert.equal(sb.store.updates, 3);
    } finally {
      await sb.close();
    }
  });
});

describe('fanfare: mapping', () => {
  it('url is required: a located error, satisfied by the column or fanfare.url', () => {
    const without = fanfare.units(parse({ title: 'A', sku: 'A', price: '1' }), 't')[0]!;
    assert.deepEqual(issuesOf(fanfare, without).map((i) => [i.code, i.field]), [['fanfare.url.required', 'url']]);
    const passed = fanfare.units(parse({ title: 'A', sku: 'A', price: '1', targets: { fanfare: { url: 'https://x.test/a' } } }), 't')[0]!;
    assert.deepEqual(issuesOf(fanfare, passed), []);
  });

  it('prices stay decimal strings with the currency digits', () => {
    assert.equal(body(unit({ title: 'A', sku: 'A', price: '19.9' })).variants[0].price, '19.90');
    assert.equal(body(unit({ title: 'A', sku: 'A', price: '1500', currency: 'JPY' })).variants[0].price, '1500');
    assert.equal(body(unit({ title: 'A', sku: 'A', price: '1.250', currency: 'KWD' })).variants[0].price, '1.250');
  });

  it('inventory: given policy wins; a quantity alone means deny; nothing means untracked at 0', () => {
    const v = (raw: Record<string, unknown>) => body(unit({ title: 'A', sku: 'A', price: '1', ...raw })).variants[0];
    assert.deepEqual([v({}).inventoryQuantity, v({}).inventoryPolicy], [0, 'untracked']);
    assert.deepEqual([v({ inventory_quantity: 5 }).inventoryQuantity, v({ inventory_quantity: 5 }).inventoryPolicy], [5, 'deny']);
    assert.equal(v({ inventory_policy: 'continue' }).inventoryPolicy, 'continue');
  });

  it('every POST carries the sync source that makes it an upsert', () => {
    assert.deepEqual(body(unit({ handle: 'blue-mug', title: 'A', sku: 'A', price: '1' })).primarySyncSource, {
      syncSource: 'catalog-uploader',
      syncSourceId: 'blue-mug',
    });
  });

  it('media assets: MIME type from the extension, else a located error', () => {
    assert.equal(mimeTypeOf('https://cdn.test/a/b.JPG?v=3'), 'image/jpeg');
    assert.equal(mimeTypeOf('https://cdn.test/a/b.webp'), 'image/webp');
    assert.equal(mimeTypeOf('https://cdn.test/a/b'), undefined);
    const u = unit({ title: 'A', sku: 'A', price: '1', images: ['https://cdn.test/ok.png', 'https://cdn.test/photo?id=3'] });
    const issues = issuesOf(fanfare, u);
    assert.deepEqual(issues.map((i) => i.field), ['images[1].url']);
    assert.match(issues[0]!.expected, /MIME type/);
    assert.equal(issues[0]!.code, 'fanfare.images.mime_type');
  });

  it('media assets are nested as postProducts documents: {position, purpose, mediaAsset: {name, mimeType, sourceUrl, altText}}', () => {
    const u = unit({ title: 'A', sku: 'A', price: '1', images: [{ url: 'https://cdn.test/ok.png', alt: 'Front' }, 'https://cdn.test/b%20c.webp'] });
    assert.deepEqual(body(u).productMediaAssets, [
      { position: 1, purpose: 'gallery', mediaAsset: { name: 'ok.png', mimeType: 'image/png', sourceUrl: 'https://cdn.test/ok.png', altText: 'Front' } },
      { position: 2, purpose: 'gallery', mediaAsset: { name: 'b c.webp', mimeType: 'image/webp', sourceUrl: 'https://cdn.test/b%20c.webp' } },
    ]);
  });

  it('the fake refuses a flat media asset (name and mimeType beside position), as Fanfare does', () => {
    const spec = fanfare.build(unit({ title: 'A', sku: 'A', price: '1' }), config).request!;
    const flat = [{ name: 'ok.png', mimeType: 'image/png', position: 1, purpose: 'gallery', sourceUrl: 'https://cdn.test/ok.png' }];
    const res = call(fanfare, createStore(), { ...spec, body: { ...(spec.body as object), productMediaAssets: flat } });
    assert.equal(res.status, 400);
    const message = fanfare.parseError(400, res.body);
    assert.match(message, /^validation_error: /);
    assert.match(message, /productMediaAssets\.0\.mediaAsset: /);
    assert.match(message, /productMediaAssets\.0\.name: unknown field/);
  });

  it('a media asset missing one of its four required fields is refused, located at the image', () => {
    const u = unit({ title: 'A', sku: 'A', price: '1', images: ['https://cdn.test/ok.png'] });
    const spec = requestOf(fanfare, u, config);
    const media = (spec.body as { productMediaAssets: { mediaAsset: Record<string, unknown> }[] }).productMediaAssets;
    for (const drop of ['position', 'purpose']) {
      const res = call(fanfare, createStore(), { ...spec, body: { ...(spec.body as object), productMediaAssets: [{ ...media[0], [drop]: undefined }] } });
      assert.equal(res.status, 400, drop);
    }
    for (const drop of ['name', 'mimeType']) {
      const asset = { ...media[0], mediaAsset: { ...media[0]!.mediaAsset, [drop]: undefined } };
      const res = call(fanfare, createStore(), { ...spec, body: { ...(spec.body as object), productMediaAssets: [asset] } });
      assert.equal(res.status, 400, drop);
      assert.match(fanfare.parseError(400, res.body), new RegExp(`productMediaAssets\\.0\\.mediaAsset\\.${drop}: `));
    }
  });

  it('fanfare.productMediaAssets replaces the mapped assets (and lifts the MIME check)', () => {
    const media = [{ position: 1, purpose: 'hero', mediaAsset: { name: 'photo', mimeType: 'image/jpeg', sourceUrl: 'https://cdn.test/photo?id=3' } }];
    const u = unit({ title: 'A', sku: 'A', price: '1', images: ['https://cdn.test/photo?id=3'], targets: { fanfare: { productMediaAssets: media } } });
    assert.deepEqual(issuesOf(fanfare, u), []);
    assert.deepEqual(body(u).productMediaAssets, media);
  });

  it('a bad pass-through is located at targets.fanfare.<field>', () => {
    const u = unit({ title: 'A', sku: 'A', price: '1', targets: { fanfare: { defaultVariantId: 'not-a-uuid' } } });
    assert.deepEqual(issuesOf(fanfare, u).map((i) => i.field), ['targets.fanfare.defaultVariantId']);
  });
});

describe('fanfare: sandbox and errors', () => {
  it('a schema failure is the validation_error body; parseError names the path', () => {
    const spec = requestOf(fanfare, unit({ title: 'A', sku: 'A', price: '1' }), config);
    const res = call(fanfare, createStore(), { ...spec, body: { ...(spec.body as object), variants: [{ sku: 'A', price: '1,00', inventoryQuantity: 0, inventoryPolicy: 'deny' }] } });
    assert.equal(res.status, 400);
    assert.equal((res.body as { error: string }).error, 'validation_error');
    assert.deepEqual((res.body as { issues: { path: unknown }[] }).issues[0]!.path, [{ key: 'variants' }, { key: 0 }, { key: 'price' }]);
    assert.match(fanfare.parseError(400, res.body), /^validation_error: variants\.0\.price: a decimal string/);
  });

  it('parseError reads the older {error, details} body and plain {error}', () => {
    assert.equal(fanfare.parseError(400, { error: 'Bad request', details: [{ field: 'url', message: 'Required' }] }), 'Bad request: url: Required');
    assert.equal(fanfare.parseError(404, { error: 'Not found' }), 'Not found');
  });

  it('keys must look like sk_live_/sk_test_ secret keys', () => {
    const spec = requestOf(fanfare, unit({ title: 'A', sku: 'A', price: '1' }), config);
    for (const auth of ['Bearer pk_test_abc', 'sk_test_abc', 'Bearer sk_test_invalid']) {
      assert.equal(call(fanfare, createStore(), { ...spec, headers: { ...spec.headers, authorization: auth } }).status, 401, auth);
    }
  });

  it('429: Retry-After and {error, retryAfter}; rate headers carry an epoch reset', () => {
    const r = fakeOf(fanfare).rateLimited(7, 1_900_000_000, 500);
    assert.equal(r.headers?.['Retry-After'], '7');
    assert.deepEqual(r.body, { error: 'Too many requests', retryAfter: 7 });
    assert.equal(fakeOf(fanfare).rateHeaders(500, 12, 1_900_000_000)['X-RateLimit-Reset'], '1900000000');
  });

  it('dropped(): what Fanfare has no place for', () => {
    const u = unit({ title: 'A', sku: 'A', price: '1', brand: 'B', tags: ['x'], weight: '1', weight_unit: 'kg' });
    assert.deepEqual(fanfare.dropped(u), ['brand', 'tags', 'variants.weight', 'variants.weight_unit']);
  });
});
