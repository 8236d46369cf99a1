// Panora specifics: integer prices, where the title goes, status default, grams, the paged lookup
// (and its cursor quirk), the 500 for a bad connection token, and the golden payloads.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createStore } from '../../src/sandbox/server.js';
import { target as panora } from '../../src/targets/panora/index.js';
import { decodedCursor } from '../../src/targets/panora/lookup.js';
import type { Unit } from '../../src/targets/types.js';
import {
  assertGolden, call, dummyConfig, fakeOf, goldenLines, issuesOf, parse, readGolden, replayOverHttp, requestOf, wholePriced,
  type GoldenLine,
} from './support.js';

const config = dummyConfig(panora);

function unit(raw: Record<string, unknown>): Unit {
  return panora.units(parse({ product_type: 'Mug', ...raw }), 'test')[0]!;
}

const body = (u: Unit) => requestOf(panora, u, config).body as Record<string, any>;

describe('panora: golden payloads', () => {
  it('the reference catalog: every unit refused for its fractional prices', () => {
    const lines = goldenLines(panora);
    assertGolden('panora.ndjson', lines);
    assert.ok(lines.every((l) => l.issues && !l.body));
  });

  it('PANORA_PRICE_UNIT=minor: the reference catalog goes as integer cents', () => {
    const lines = goldenLines(panora, undefined, { PANORA_PRICE_UNIT: 'minor' });
    assertGolden('panora.minor.ndjson', lines);
    const tee = lines.find((l) => l.key === 'classic-tee')!.body as { variants: { price: number }[] };
    assert.deepEqual(tee.variants.map((v) => v.price), [1990, 1990, 2150]);
  });

  it('the whole-priced catalog: the payloads Panora gets', () => {
    assertGolden('panora.whole-prices.ndjson', goldenLines(panora, wholePriced()));
  });

  it('each golden payload is accepted over HTTP and recorded once, keyed by its first sku', async () => {
    const lines = readGolden('panora.whole-prices.ndjson');
    const { statuses, ids, store } = await replayOverHttp(panora, lines);
    assert.deepEqual(statuses, lines.map(() => 201));
    assert.equal(new Set(ids).size, lines.length);
    const firstSku = (l: GoldenLine) => (l.body as { variants: { sku: string }[] }).variants[0]!.sku;
    assert.deepEqual(store.created.map((c) => c.key), lines.map(firstSku));
    assert.deepEqual(store.created.map((c) => c.id), ids);
  });
});

describe('panora: mapping', () => {
  it('a fractional price is a located error, never truncated', () => {
    const issues = issuesOf(panora, unit({ title: 'Mug', sku: 'M-1', price: '12.50' }));
    assert.equal(issues.length, 1);
    assert.equal(issues[0]!.field, 'variants[0].price');
    assert.equal(issues[0]!.code, 'panora.price.fractional');
    assert.match(issues[0]!.expected, /whole amount.*integers/);
    assert.equal(issues[0]!.found, '"12.50"');
  });

  it('an amount no integer holds exactly is a located issue in either price unit, never a throw', () => {
    for (const [unitEnv, price] of [['minor', '99999999999999999999'], ['minor', '90071992547409.92'], ['major', '99999999999999999999']] as const) {
      const c = panora.readConfig({ ...fakeOf(panora).dummyEnv('http://127.0.0.1:9'), PANORA_PRICE_UNIT: unitEnv });
      const issues = issuesOf(panora, unit({ title: 'Mug', sku: 'M-1', price }), c);
      assert.deepEqual(issues.map((i) => [i.code, i.field]), [['panora.price.too_large', 'variants[0].price']], `${unitEnv} ${price}`);
      assert.match(issues[0]!.expected, /2\^53|exactly/);
    }
    // The largest amount that fits still goes, exactly.
    const c = panora.readConfig({ ...fakeOf(panora).dummyEnv('http://127.0.0.1:9'), PANORA_PRICE_UNIT: 'minor' });
    const sent = requestOf(panora, unit({ title: 'Mug', sku: 'M-1', price: '90071992547409.91' }), c).body as { variants: { price: number }[] };
    assert.equal(sent.variants[0]!.price, Number.MAX_SAFE_INTEGER);
  });

  it('a whole price is sent as an integer, in any currency', () => {
    assert.equal(body(unit({ title: 'Mug', sku: 'M-1', price: '20.00' })).variants[0].price, 20);
    assert.equal(body(unit({ title: 'Mug', sku: 'M-1', price: '1500', currency: 'JPY' })).variants[0].price, 1500);
    assert.deepEqual(issuesOf(panora, unit({ title: 'Mug', sku: 'M-1', price: '20.00' })), []);
  });

  it('the title leads the description, and names a titleless single variant', () => {
    const b = body(unit({ title: 'Blue Mug', description: 'Glazed.', sku: 'M-1', price: '8' }));
    assert.equal(b.description, 'Blue Mug\n\nGlazed.');
    assert.equal(b.variants[0].title, 'Blue Mug');
    assert.equal(body(unit({ title: 'Blue Mug', sku: 'M-1', price: '8' })).description, 'Blue Mug');
  });

  it('panora.description replaces the composed description', () => {
    const u = unit({ title: 'Blue Mug', description: 'Glazed.', sku: 'M-1', price: '8', targets: { panora: { description: 'Just this' } } });
    assert.equal(body(u).description, 'Just this');
    assert.deepEqual(issuesOf(panora, u), []);
  });

  it('status: ACTIVE unless given', () => {
    assert.equal(body(unit({ title: 'A', sku: 'A', price: '1' })).product_status, 'ACTIVE');
    assert.equal(body(unit({ title: 'A', sku: 'A', price: '1', status: 'draft' })).product_status, 'DRAFT');
    assert.equal(body(unit({ title: 'A', sku: 'A', price: '1', status: 'Archived' })).product_status, 'ARCHIVED');
  });

  it('weight in whole grams, converted exactly then rounded', () => {
    assert.equal(body(unit({ title: 'A', sku: 'A', price: '1', weight: '15.5', weight_unit: 'oz' })).variants[0].weight, 439);
    assert.equal(body(unit({ title: 'A', sku: 'A', price: '1', weight: '0.21', weight_unit: 'kg' })).variants[0].weight, 210);
    assert.equal(body(unit({ title: 'A', sku: 'A', price: '1', weight: '1.1', weight_unit: 'lb' })).variants[0].weight, 499);
  });

  it('product_type is required, from the column or a pass-through', () => {
    const without = panora.units(parse({ title: 'A', sku: 'A', price: '1' }), 't')[0]!;
    assert.deepEqual(issuesOf(panora, without).map((i) => i.field), ['product_type']);
    const passed = panora.units(parse({ title: 'A', sku: 'A', price: '1', targets: { panora: { product_type: 'mug' } } }), 't')[0]!;
    assert.deepEqual(issuesOf(panora, passed), []);
  });

  it('a bad pass-through value is located at targets.panora.<field>', () => {
    const issues = issuesOf(panora, unit({ title: 'A', sku: 'A', price: '1', targets: { panora: { product_status: 'LIVE' } } }));
    assert.deepEqual(issues.map((i) => i.field), ['targets.panora.product_status']);
  });

  it('metadata goes to field_mappings; options as name → value', () => {
    const b = body(unit({ title: 'T', metadata: { season: 'SS26' }, variants: [{ sku: 'T-S', price: '5', options: { Size: 'S' } }] }));
    assert.deepEqual(b.field_mappings, { season: 'SS26' });
    assert.deepEqual(b.variants[0].options, { Size: 'S' });
    assert.equal(b.variants[0].title, 'S');
  });
});

describe('panora: lookup and sandbox', () => {
  it('pages the listing until the first sku turns up, sending next_cursor back as given', () => {
    const store = createStore();
    const units = Array.from({ length: 150 }, (_, i) => unit({ title: `P${i}`, sku: `SKU-${i}`, price: '3' }));
    for (const u of units) assert.equal(call(panora, store, requestOf(panora, u, config)).status, 201);
    const lookup = panora.dedupe.kind === 'lookup' ? panora.dedupe.lookup : assert.fail('lookup expected');
    const target = units[140]!;
    const first = call(panora, store, lookup.request(target, config));
    const m1 = lookup.match(target, first.body);
    assert.equal(m1.found, undefined);
    assert.equal(m1.next, (first.body as { next_cursor: string }).next_cursor);
    const second = call(panora, store, lookup.request(target, config, m1.next));
    assert.equal(lookup.match(target, second.body).found, store.created[140]!.id);
    // The fake takes back only what it handed out, as documented: not the id inside it.
    assert.equal(call(panora, store, lookup.request(target, config, decodedCursor(m1.next!))).status, 500);
  });

  it('decodedCursor: the id inside a base64 cursor (tried when the cursor as given fails), nothing for anything else', () => {
    const id = '801f9ede-c698-4e66-a7fc-48d19eebaa4f';
    assert.equal(decodedCursor(Buffer.from(id).toString('base64')), id);
    assert.equal(decodedCursor('opaque-cursor'), undefined);
    assert.equal(decodedCursor(Buffer.from('42').toString('base64')), undefined);
  });

  it('a bad connection token is a 500, as Panora answers; parseError says the outcome is unknown', () => {
    const spec = requestOf(panora, unit({ title: 'A', sku: 'A', price: '1' }), config);
    const res = call(panora, createStore(), { ...spec, headers: { ...spec.headers, 'x-connection-token': 'invalid-token' } });
    assert.equal(res.status, 500);
    assert.deepEqual(Object.keys(res.body as object).sort(), ['message', 'path', 'statusCode', 'timestamp']);
    assert.match(panora.parseError(500, res.body), /may or may not have been created/);
  });

  it('a schema failure is Panora’s 400 body naming the field', () => {
    const res = call(panora, createStore(), { ...requestOf(panora, unit({ title: 'A', sku: 'A', price: '1' }), config), body: { variants: [{ price: 1.5 }] } });
    assert.equal(res.status, 400);
    assert.match(panora.parseError(400, res.body), /variants\.0\.price/);
  });

  it('parseError reads a message array too', () => {
    assert.equal(panora.parseError(400, { statusCode: 400, message: ['a must be x', 'b must be y'] }), 'a must be x; b must be y');
  });

  it('dropped(): what Panora has no place for', () => {
    const u = unit({ title: 'A', sku: 'A', price: '1', subtitle: 'S', hs_code: '6109.10', barcode: '012345678905', images: [{ url: 'https://x.test/a.jpg', alt: 'A' }] });
    assert.deepEqual(panora.dropped(u), ['subtitle', 'hs_code', 'images.alt', 'variants.barcode']);
  });
});
