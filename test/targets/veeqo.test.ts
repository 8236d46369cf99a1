// Veeqo specifics: the {"product": …} wrapper, numbers for money, exact grams, stock not sent,
// the sku lookup, the 500 for an unknown attribute, "Limits Reached", and the golden payloads.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createStore } from '../../src/sandbox/server.js';
import type { Unit } from '../../src/targets/types.js';
import { target as veeqo } from '../../src/targets/veeqo/index.js';
import {
  assertGolden, call, dummyConfig, fakeOf, goldenLines, issuesOf, parse, readGolden, replayOverHttp, requestOf, type GoldenLine,
} from './support.js';

const config = dummyConfig(veeqo);

function unit(raw: Record<string, unknown>): Unit {
  return veeqo.units(parse(raw), 'test')[0]!;
}

const product = (u: Unit) => (requestOf(veeqo, u, config).body as { product: Record<string, any> }).product;

describe('veeqo: golden payloads', () => {
  it('the reference catalog maps to the reviewed payloads', () => {
    const lines = goldenLines(veeqo);
    assertGolden('veeqo.ndjson', lines);
    assert.ok(lines.every((l) => l.body));
  });

  it('each golden payload is accepted over HTTP and recorded once, keyed by its first sku', async () => {
    const lines = readGolden('veeqo.ndjson');
    const { statuses, ids, store } = await replayOverHttp(veeqo, lines);
    assert.deepEqual(statuses, lines.map(() => 201));
    assert.ok(ids.every((id) => /^\d+$/.test(id)));
    const firstSku = (l: GoldenLine) => (l.body as { product: { product_variants_attributes: { sku_code: string }[] } }).product.product_variants_attributes[0]!.sku_code;
    assert.deepEqual(store.created.map((c) => c.key), lines.map(firstSku));
  });
});

describe('veeqo: mapping', () => {
  it('prices and percentages are exact JSON numbers', () => {
    const v = product(unit({ title: 'A', sku: 'A', price: '19.90', cost_price: '6.50', tax_rate: '8.25' })).product_variants_attributes[0];
    assert.deepEqual([v.price, v.cost_price, v.tax_rate], [19.9, 6.5, 8.25]);
    assert.equal(product(unit({ title: 'A', sku: 'A', price: '1500', currency: 'JPY' })).product_variants_attributes[0].price, 1500);
  });

  it('an amount no JSON number holds exactly is a located issue, never a nearby number', () => {
    const cases: [Record<string, string>, string][] = [
      [{ price: '99999999999999999999' }, 'variants[0].price'],
      [{ price: '90071992547409.91' }, 'variants[0].price'],
      [{ price: '1', cost_price: '99999999999999999999' }, 'variants[0].cost_price'],
    ];
    for (const [amounts, field] of cases) {
      const issues = issuesOf(veeqo, unit({ title: 'A', sku: 'A', ...amounts }));
      assert.deepEqual(issues.map((i) => i.field), [field], JSON.stringify(amounts));
      assert.match(issues[0]!.code, /^veeqo\.(price|cost_price)\.too_large$/);
    }
    // Large but exact: sent as is.
    assert.equal(product(unit({ title: 'A', sku: 'A', price: '9007199254740.99' })).product_variants_attributes[0].price, 9007199254740.99);
  });

  it('weight in grams, exact to the milligram', () => {
    const g = (weight: string, weight_unit: string) => product(unit({ title: 'A', sku: 'A', price: '1', weight, weight_unit })).product_variants_attributes[0].weight_grams;
    assert.equal(g('1.1', 'lb'), 498.952); // 498.951607 g
    assert.equal(g('0.21', 'kg'), 210);
    assert.equal(g('15.5', 'oz'), 439.418);
    assert.equal(g('180', 'g'), 180);
  });

  it('stock is not sent (a separate endpoint) and is reported as dropped', () => {
    const u = unit({ title: 'A', sku: 'A', price: '1', inventory_quantity: 5 });
    assert.equal(product(u).product_variants_attributes[0].inventory_quantity, undefined);
    assert.ok(veeqo.dropped(u).includes('variants.inventory_quantity'));
  });

  it('barcode → upc_code; days → estimated_delivery; images in order', () => {
    const p = product(unit({ title: 'A', sku: 'A', price: '1', barcode: '012345678905', estimated_delivery_days: 4, images: ['https://x.test/1.jpg', 'https://x.test/2.jpg'] }));
    assert.equal(p.product_variants_attributes[0].upc_code, '012345678905');
    assert.equal(p.estimated_delivery, 4);
    assert.deepEqual(p.images_attributes, [{ src: 'https://x.test/1.jpg', display_position: 1 }, { src: 'https://x.test/2.jpg', display_position: 2 }]);
  });

  it('pass-through goes inside the product wrapper and is schema-checked there', () => {
    const ok = unit({ title: 'A', sku: 'A', price: '1', targets: { veeqo: { product_brand_id: 42 } } });
    assert.equal(product(ok).product_brand_id, 42);
    assert.deepEqual(issuesOf(veeqo, ok), []);
    const bad = unit({ title: 'A', sku: 'A', price: '1', targets: { veeqo: { estimated_delivery: 'soon' } } });
    assert.deepEqual(issuesOf(veeqo, bad).map((i) => i.field), ['targets.veeqo.estimated_delivery']);
  });

  it('variant titles: own title, else option values', () => {
    const u = unit({ title: 'Tee', variants: [{ sku: 'T-S', price: '5', options: { Size: 'S', Colour: 'Red' } }, { sku: 'T-M', price: '5', title: 'Medium', options: { Size: 'M', Colour: 'Red' } }] });
    assert.deepEqual(product(u).product_variants_attributes.map((v: { title: string }) => v.title), ['S / Red', 'Medium']);
  });
});

describe('veeqo: lookup, sandbox and errors', () => {
  it('the lookup finds a product by any of its skus', () => {
    const store = createStore();
    const u = unit({ title: 'Tee', variants: [{ sku: 'T-S', price: '5', title: 'S' }, { sku: 'T-M', price: '5', title: 'M' }] });
    const id = veeqo.parseCreated(call(veeqo, store, requestOf(veeqo, u, config)).body);
    const lookup = veeqo.dedupe.kind === 'lookup' ? veeqo.dedupe.lookup : assert.fail('lookup expected');
    const spec = lookup.request(u, config);
    assert.equal(spec.path, '/products?query=T-S&page_size=100&page=1');
    assert.deepEqual(lookup.match(u, call(veeqo, store, spec).body), { found: id });
    // Same first sku elsewhere, sellables in another order: still matched by any sku.
    assert.deepEqual(lookup.match(u, [{ id: 7, sellables: [{ sku_code: 'X' }, { sku_code: 'T-M' }] }]), { found: '7' });
    // A page without a match: the next page is asked for, whatever its size (Veeqo documents no
    // paging, so a short page proves nothing); only an empty page ends the search.
    assert.deepEqual(lookup.match(u, [{ id: 7, sellables: [{ sku_code: 'T-SX' }] }]), { next: '2:7' });
    assert.equal(lookup.request(u, config, '2:7').path, '/products?query=T-S&page_size=100&page=2');
    assert.deepEqual(lookup.match(u, [], '2:7'), {});
    const full = Array.from({ length: 100 }, (_, i) => ({ id: i + 10, sellables: [{ sku_code: `T-S${i}` }] }));
    assert.deepEqual(lookup.match(u, full, '2:7'), { next: '3:10' });
    // The same page again (the server ignores `page`): the search ends there.
    assert.deepEqual(lookup.match(u, full, '3:10'), {});
  });

  it('an attribute Veeqo does not know is a 500, and parseError says what it may mean', () => {
    const spec = requestOf(veeqo, unit({ title: 'A', sku: 'A', price: '1' }), config);
    const res = call(veeqo, createStore(), { ...spec, body: { product: { title: 'A', colour: 'red' } } });
    assert.equal(res.status, 500);
    assert.match(veeqo.parseError(500, res.body), /attribute it does not accept/);
  });

  it('a wrong type is a 422 with error_messages', () => {
    const spec = requestOf(veeqo, unit({ title: 'A', sku: 'A', price: '1' }), config);
    const res = call(veeqo, createStore(), { ...spec, body: { product: { title: 'A', product_variants_attributes: [{ title: 'A', sku_code: 'A', price: '1' }] } } });
    assert.equal(res.status, 422);
    assert.match(veeqo.parseError(422, res.body), /product\.product_variants_attributes\.0\.price/);
  });

  it('parseError reads the shapes a Rails API uses', () => {
    assert.equal(veeqo.parseError(422, { errors: { sku_code: ['has already been taken'] } }), 'sku_code has already been taken');
    assert.equal(veeqo.parseError(422, { error_messages: ['a', 'b'] }), 'a; b');
    assert.equal(veeqo.parseError(429, 'Limits Reached'), 'Limits Reached');
    assert.equal(veeqo.parseError(404, {}), 'HTTP 404: {}');
  });

  it('429 is the plain text "Limits Reached" with no rate headers', () => {
    const r = fakeOf(veeqo).rateLimited(1, 0, 5);
    assert.equal(r.status, 429);
    assert.equal(r.body, 'Limits Reached');
    assert.deepEqual(fakeOf(veeqo).rateHeaders(5, 4, 0), {});
  });
});
