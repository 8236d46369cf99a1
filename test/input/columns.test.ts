// The column reference covers the whole schema, and every column it names is one the reader knows.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { COLUMNS, resolveColumn, suggestColumn } from '../../src/input/columns.js';
import { productJsonSchema } from '../../src/product/json-schema.js';
import { CASE_FIELDS, LIFTED_KEYS, PRODUCT_FIELDS, SUBSCRIPTION_FIELDS, VARIANT_FIELDS } from '../../src/product/fields.js';

const names = new Set(COLUMNS.map((c) => c.name));

test('every field of the table has its column, described as in the table', () => {
  const expect = (column: string, doc?: string) => {
    assert.ok(names.has(column), `no column ${column}`);
    if (doc) assert.equal(COLUMNS.find((c) => c.name === column)!.description, doc, column);
  };
  for (const [key, f] of Object.entries(PRODUCT_FIELDS)) {
    if (f.kind === 'plain' || f.kind === 'list' || f.kind === 'currency') expect(key, f.doc);
    else if (f.kind === 'images') ['image_urls', 'image_alts'].forEach((c) => expect(c));
    else if (f.kind === 'metadata') expect('metadata.<key>');
    else if (f.kind === 'targets') expect('<target>.<field>');
  }
  for (const [k, f] of Object.entries(CASE_FIELDS)) expect(`case_${k}`, f.doc);
  for (const [k, f] of Object.entries(SUBSCRIPTION_FIELDS)) expect(`subscription_${k}`, f.doc);
  for (const [k, f] of Object.entries(VARIANT_FIELDS)) {
    if (f.kind === 'options') for (const n of [1, 2, 3]) [`option${n}_name`, `option${n}_value`].forEach((c) => expect(c));
    else expect(k === 'title' ? 'variant_title' : k, f.doc);
  }
});

test('columns are listed product level first, each once, each described on one line', () => {
  const levels = COLUMNS.map((c) => c.level);
  assert.deepEqual(levels, [...levels].sort((a, b) => (a === b ? 0 : a === 'product' ? -1 : 1)));
  assert.equal(names.size, COLUMNS.length);
  for (const c of COLUMNS) assert.ok(c.description.length > 5 && !c.description.includes('\n'), c.name);
});

test('every listed column is one the reader understands', () => {
  for (const c of COLUMNS) {
    const name = c.name.replace('<key>', 'material').replace('<target>.<field>', 'pandabase.fulfillmentMode');
    const col = resolveColumn(name);
    assert.notEqual(col.kind, 'unknown', c.name);
    const variantLevel = col.kind === 'variant' || col.kind === 'optionValue';
    assert.equal(variantLevel ? 'variant' : 'product', c.level, c.name);
  }
});

test('typos get a suggestion, others do not', () => {
  assert.equal(suggestColumn('prise'), 'price');
  assert.equal(suggestColumn('Barcod'), 'barcode');
  assert.equal(suggestColumn('image_url'), 'image_urls');
  assert.equal(suggestColumn('pandabse.fulfillmentMode'), 'pandabase.fulfillmentMode');
  assert.equal(suggestColumn('colour'), undefined);
});

test('the JSON Schema for editors describes every field, with the table\'s descriptions', () => {
  const schema = productJsonSchema() as { $defs: { product: { properties: Record<string, { description?: string; properties?: Record<string, unknown>; items?: { properties: Record<string, { description?: string }> } }> } } };
  const props = schema.$defs.product.properties;
  for (const [k, f] of Object.entries(PRODUCT_FIELDS)) assert.equal(props[k]?.description, f.doc, k);
  assert.deepEqual(Object.keys(props.variants!.items!.properties), Object.keys(VARIANT_FIELDS));
  for (const [k, f] of Object.entries(VARIANT_FIELDS)) assert.equal(props.variants!.items!.properties[k]!.description, f.doc, k);
  assert.deepEqual(Object.keys(props.case!.properties!), Object.keys(CASE_FIELDS));
  // A single-variant product may carry its variant's fields on top.
  for (const k of LIFTED_KEYS) assert.ok(props[k], k);
  JSON.stringify(schema);
});
