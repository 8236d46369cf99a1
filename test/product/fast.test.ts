// The fast path must give exactly what zod gives, whenever it answers at all.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { fastProduct } from '../../src/product/fast.js';
import { parseProduct } from '../../src/product/parse.js';
import { productSchema } from '../../src/product/schema.js';
import { TARGET_NAMES } from '../../src/targets/index.js';
import { fixture } from '../helpers.js';

/** deepStrictEqual, plus the same key order at every level (payloads and reports show it). */
function sameOutput(actual: unknown, expected: unknown, at = '$'): void {
  assert.deepStrictEqual(actual, expected, at);
  if (actual && typeof actual === 'object') {
    assert.deepEqual(Object.keys(actual), Object.keys(expected as object), `key order at ${at}`);
    for (const k of Object.keys(actual)) sameOutput((actual as never)[k], (expected as never)[k], `${at}.${k}`);
  }
}

function check(raw: Record<string, unknown>, currency = 'USD'): 'fast' | 'zod-only' | 'invalid' {
  const fast = fastProduct(structuredClone(raw), currency, TARGET_NAMES);
  const zod = productSchema({ currency, targets: TARGET_NAMES }).safeParse({ ...structuredClone(raw), currency });
  if (fast === undefined) return zod.success ? 'zod-only' : 'invalid';
  assert.ok(zod.success, `fast path accepted what zod refuses: ${JSON.stringify(raw)}`);
  sameOutput(fast, zod.data);
  return 'fast';
}

const catalog = JSON.parse(readFileSync(fixture('catalog.json'), 'utf8')).products as Record<string, unknown>[];

test('the reference catalog takes the fast path and matches zod', () => {
  for (const p of catalog) {
    const raw = p.variants ? p : { ...p, variants: [Object.fromEntries(Object.entries(p).filter(([k]) => ['sku', 'price', 'cost_price', 'barcode', 'inventory_quantity', 'weight', 'weight_unit', 'length', 'width', 'height', 'dimension_unit', 'model_number', 'tax_rate'].includes(k)))] };
    assert.equal(check(raw), 'fast', String(p.title));
  }
});

test('parseProduct is the same with every field given', () => {
  const full = {
    handle: 'h', title: 'T', subtitle: 'S', description: 'D', kind: 'License Key', status: 'ACTIVE', brand: 'B', product_type: 'P',
    url: 'https://x.example/p', tags: 'a, b,,c', category_ids: ['c1', 2], images: ['https://x.example/1.jpg', { url: ' https://x.example/2.jpg ', alt: 'two' }],
    notes: 'n', metadata: { a: 'x', b: 2, c: true }, currency: 'eur', origin_country: 'pt', hs_code: '6109.10', hazmat: 'yes',
    estimated_delivery_days: '3', condition: 'Refurbished', serial_number_required: 0, expiry_date_required: 'no',
    case: { unit: 'EACH', pack: 12, length: '40', width: 30.5, height: '.5', dimension_unit: 'CM', weight: '2.', weight_unit: 'kg' },
    subscription: { billing_interval: 'Monthly', trial_days: 14 },
    targets: { pandabase: { fulfillmentMode: 'INSTANT_DOWNLOAD', n: { deep: 1 } } },
    variants: [
      { sku: 'A', title: 'a', price: '10', compare_at_price: 12.5, cost_price: '1.00', barcode: 5901234123457, inventory_quantity: -3, inventory_policy: 'Continue', weight: '1', weight_unit: 'LB', length: 1, width: 2, height: 3, dimension_unit: 'in', options: { Size: 'S', Colour: 'Red' }, image: 'http://x.example/a.png', model_number: 'M', min_reorder_level: '0', quantity_to_reorder: 5, tax_rate: '20.5' },
      { sku: 'B', price: '11.00', options: [{ name: 'size', value: 'M' }, { name: 'colour', value: 7 }] },
    ],
  };
  assert.equal(check(full, 'EUR'), 'fast');
  const a = parseProduct(structuredClone(full), { defaultCurrency: 'USD' });
  assert.ok(a.ok);
  assert.equal(a.product.currency, 'EUR');
  assert.equal(a.product.variants[0]!.compare_at_price, '12.50');
  assert.equal(a.product.kind, 'license_key');
  assert.deepEqual(a.product.tags, ['a', 'b', 'c']);
});

// A small seeded generator: products built from valid, odd and wrong values of every field.
function rng(seed: number) {
  return () => {
    seed = (seed * 1664525 + 1013904223) >>> 0;
    return seed / 2 ** 32;
  };
}

const ODD: unknown[] = [undefined, null, '', ' ', 0, -1, 1.5, NaN, true, 'x', [], {}, ['a'], { a: 1 }, '1e+5', '  12  '];
const GOOD: Record<string, unknown[]> = {
  handle: ['tee', 'mug-1'], title: ['Tee', 'Mug 350 ml', 42], subtitle: ['Sub'], description: ['Desc'], kind: ['physical', 'Digital Download', 'subscription'],
  status: ['active', 'Draft'], brand: ['B'], product_type: ['T'], url: ['https://e.example/p', 'HTTP://E.EXAMPLE', 'ftp://e.example'], tags: ['a,b', ['x', 'y'], ''],
  category_ids: ['c1', ['c2']], images: [['https://e.example/i.jpg'], [{ url: 'https://e.example/i.jpg', alt: 'A' }], [{ url: 'https://e.example/i.jpg', alt: undefined }]],
  notes: ['n'], metadata: [{ a: 'b' }, { n: 1, b: false }], currency: ['USD', 'jpy', 'KWD', 'XXQ'], origin_country: ['DE', 'gb', 'ZZ'], hs_code: ['6109.10', '691200'],
  hazmat: [true, 'no', '1'], estimated_delivery_days: ['3', 2], condition: ['new', 'Used'], serial_number_required: [false, 'yes'], expiry_date_required: ['0'],
  case: [{ unit: 'EACH', pack: 6, length: 12, dimension_unit: 'in' }, { weight: '2.5', weight_unit: 'kg' }, { pack: 0 }],
  subscription: [{ billing_interval: 'monthly', trial_days: 7 }, { billing_interval: 'daily' }], targets: [{ s2: { a: 1 } }, { nope: {} }, { veeqo: [] }],
};
const VARIANT: Record<string, unknown[]> = {
  sku: ['S-1', 'S-2', 12345, '4.00638E+12'], title: ['Small', 'Large'], price: ['19.90', '19.999', 5, '1500', '$5'], compare_at_price: ['25.00', 1], cost_price: ['3.00'],
  barcode: ['5901234123457', '012345678905', '12345678905', 96385074], inventory_quantity: ['10', -5, '1.5'], inventory_policy: ['deny', 'CONTINUE'],
  weight: ['180', 0.21, '-1'], weight_unit: ['g', 'OZ', 'stone'], length: ['1'], width: ['2'], height: ['3'], dimension_unit: ['cm', 'IN'],
  options: [{ Size: 'M' }, [{ name: 'Size', value: 'L' }], [{ name: 'Size' }], { a: 1, b: 2, c: 3, d: 4 }], image: ['https://e.example/v.jpg'],
  model_number: ['M1'], min_reorder_level: ['5'], quantity_to_reorder: [10], tax_rate: ['20', '120', '8.25'],
};

function pick(r: () => number, pool: Record<string, unknown[]>, density: number): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  for (const [k, values] of Object.entries(pool)) {
    const x = r();
    if (x < density) o[k] = values[Math.floor(r() * values.length)];
    else if (x < density + 0.01) o[k] = ODD[Math.floor(r() * ODD.length)];
  }
  return o;
}

test('on thousands of generated products, whatever the fast path accepts equals zod', () => {
  const r = rng(20260101);
  const seen = { fast: 0, 'zod-only': 0, invalid: 0 };
  for (let n = 0; n < 4000; n++) {
    const p = pick(r, GOOD, 0.15);
    p.title ??= 'Title';
    const count = 1 + Math.floor(r() * 3);
    p.variants = Array.from({ length: count }, (_, i) => ({ ...pick(r, VARIANT, 0.2), sku: `SKU-${n}-${i}`, price: r() < 0.9 ? '9.99' : VARIANT.price![Math.floor(r() * 5)] }));
    if (r() < 0.05) p.variants = r() < 0.5 ? [] : 'nope';
    seen[check(p)]++;
  }
  assert.ok(seen.fast > 500, JSON.stringify(seen));
  assert.ok(seen.invalid > 500, JSON.stringify(seen));
});
