// The pure decision behind --existing update and --plan: what differs between what a target holds
// and what the catalog gives (src/targets/diff.ts). Table-driven.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { changesOf, formatChange, sameValue, stockChanges, unitSkus } from '../../src/targets/diff.js';
import type { Desired, Remote, Unit } from '../../src/targets/types.js';
import type { Product, Variant } from '../../src/product/fields.js';

describe('sameValue', () => {
  const cases: [unknown, unknown, boolean, string][] = [
    [19.9, '19.90', true, 'a number and the same amount as text'],
    ['19.9', '19.90', true, 'two texts of one amount'],
    [150, 150.0, true, 'integers'],
    [21.5, 21.49, false, 'different amounts'],
    ['0012345', '12345', false, 'a barcode keeps its leading zeros'],
    ['0', 0, true, 'zero'],
    ['-1.50', -1.5, true, 'negative'],
    ['abc', 'abc', true, 'text'],
    ['abc', 'Abc', false, 'text is case sensitive'],
    [null, undefined, false, 'null (shown empty) is not a value'],
    ['', null, false, 'empty text is not null'],
    [[1, 2], [1, 2], true, 'lists in order'],
    [[1, 2], [2, 1], false, 'lists out of order'],
    [{ a: 1, b: undefined }, { a: '1' }, true, 'objects by key, an undefined key absent'],
    [{ a: 1 }, { a: 1, b: null }, false, 'a null key is a value the other lacks'],
    [[{ optionName: 'Size', value: 'M' }], [{ value: 'M', optionName: 'Size' }], true, 'key order does not matter'],
    [1e21, '1e+21', false, 'an exponent is no plain decimal'],
  ];
  for (const [a, b, same, why] of cases) it(`${why}: ${JSON.stringify(a)} vs ${JSON.stringify(b)} → ${same}`, () => {
    assert.equal(sameValue(a, b), same);
    assert.equal(sameValue(b, a), same, 'symmetric');
  });
});

function remote(fields: Record<string, unknown>, variants: Record<string, { id?: string; fields: Record<string, unknown>; stock?: Record<string, number> }> = {}): Remote {
  return { id: 'r1', skus: Object.keys(variants), fields, variants: new Map(Object.entries(variants)) };
}

function desired(fields: Record<string, unknown>, variants: Record<string, Record<string, unknown>> = {}): Desired {
  return { fields, variants: new Map(Object.entries(variants)) };
}

describe('changesOf', () => {
  const cases: [string, Desired, Remote, unknown[]][] = [
    ['nothing differs', desired({ title: 'A' }, { S: { price: 19.9 } }), remote({ title: 'A' }, { S: { fields: { price: '19.90' } } }), []],
    ['a product field', desired({ title: 'B' }), remote({ title: 'A' }), [{ field: 'title', from: 'A', to: 'B' }]],
    ['a field shown empty gets a value', desired({ description: 'x' }), remote({ description: null }), [{ field: 'description', from: null, to: 'x' }]],
    ['a field the answer does not show is not compared', desired({ downloadUrl: 'https://x' }), remote({ title: 'A' }), []],
    ['a field the catalog does not give is never a change', desired({ title: 'A' }), remote({ title: 'A', description: 'kept' }), []],
    ['a variant field', desired({}, { S: { price: 21.5 } }), remote({}, { S: { fields: { price: 19.9 } } }), [{ field: 'price', sku: 'S', from: 19.9, to: 21.5 }]],
    ['a new variant', desired({}, { S: {}, XL: { price: 3 } }), remote({}, { S: { fields: {} } }), [{ field: 'variant', sku: 'XL', from: null, to: 'XL' }]],
    ['a variant the catalog does not list is left alone', desired({}, { S: { price: 1 } }), remote({}, { S: { fields: { price: 1 } }, M: { fields: { price: 9 } } }), []],
  ];
  for (const [why, d, r, expected] of cases) it(why, () => assert.deepEqual(changesOf(d, r), expected));
});

describe('stockChanges', () => {
  const variant = (sku: string, inventory_quantity?: number) => ({ sku, price: '1.00', inventory_quantity }) as Variant;
  const product = { title: 'T', variants: [variant('S', 5), variant('M', 0), variant('L')] } as unknown as Product;
  const unit: Unit = { key: 't', source: 'x', product };
  const cases: [string, Remote | undefined, unknown[]][] = [
    ['just created: every given level', undefined, [{ field: 'stock', sku: 'S', from: null, to: 5 }, { field: 'stock', sku: 'M', from: null, to: 0 }]],
    ['levels held: none', remote({}, { S: { fields: {}, stock: { '7': 5 } }, M: { fields: {}, stock: { '7': 0 } } }), []],
    ['another warehouse does not count', remote({}, { S: { fields: {}, stock: { '8': 5 } }, M: { fields: {}, stock: { '7': 0 } } }), [{ field: 'stock', sku: 'S', from: null, to: 5 }]],
    ['a changed level', remote({}, { S: { fields: {}, stock: { '7': 4 } }, M: { fields: {}, stock: { '7': 0 } } }), [{ field: 'stock', sku: 'S', from: 4, to: 5 }]],
  ];
  for (const [why, r, expected] of cases) it(why, () => assert.deepEqual(stockChanges(unit, r, '7'), expected));

  it('a per-variant unit (S2) stands for its own sku only', () => {
    assert.deepEqual(unitSkus({ ...unit, variant: product.variants[1] }), ['M']);
    assert.deepEqual(unitSkus(unit), ['S', 'M', 'L']);
  });
});

describe('formatChange', () => {
  const cases: [Parameters<typeof formatChange>[0], string][] = [
    [{ field: 'price', sku: 'TEE-S', from: 19.9, to: 21 }, 'price (TEE-S): 19.9 → 21'],
    [{ field: 'title', from: 'A', to: 'B' }, 'title: "A" → "B"'],
    [{ field: 'description', from: null, to: 'x' }, 'description: none → "x"'],
    [{ field: 'variant', sku: 'XL', from: null, to: 'XL' }, 'variant XL: added'],
    [{ field: 'notes', from: 'a'.repeat(100), to: '' }, `notes: "${'a'.repeat(56)}... → ""`],
  ];
  for (const [c, text] of cases) it(text, () => assert.equal(formatChange(c), text));
});
