// The column reference covers the whole schema, and every column it names is one the reader knows.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { COLUMNS, resolveColumn, suggestColumn } from '../../src/input/columns.js';
import { CASE_DOCS, PRODUCT_DOCS, SUBSCRIPTION_DOCS, VARIANT_DOCS } from '../../src/product/docs.js';
import { productJsonSchema, schemaKeys } from '../../src/product/schema.js';

const names = new Set(COLUMNS.map((c) => c.name));

test('every schema field has a column (and a description)', () => {
  const keys = schemaKeys();
  const columnsOf: Record<string, string[]> = {
    images: ['image_urls', 'image_alts'],
    metadata: ['metadata.<key>'],
    targets: ['<target>.<field>'],
    variants: [],
    case: keys.case.map((k) => `case_${k}`),
    subscription: keys.subscription.map((k) => `subscription_${k}`),
  };
  for (const k of keys.product) {
    for (const c of columnsOf[k] ?? [k]) assert.ok(names.has(c), `product field ${k}: no column ${c}`);
  }
  for (const k of keys.variant) {
    const cols = k === 'title' ? ['variant_title'] : k === 'options' ? ['option1_name', 'option1_value', 'option3_name', 'option3_value'] : [k];
    for (const c of cols) assert.ok(names.has(c), `variant field ${k}: no column ${c}`);
  }
  // The shared descriptions cover the same fields as the schema.
  assert.deepEqual(Object.keys(PRODUCT_DOCS), keys.product);
  assert.deepEqual(Object.keys(VARIANT_DOCS), keys.variant);
  assert.deepEqual(Object.keys(CASE_DOCS), keys.case);
  assert.deepEqual(Object.keys(SUBSCRIPTION_DOCS), keys.subscription);
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

test('the JSON Schema for editors describes every field', () => {
  const schema = productJsonSchema() as { $defs: { product: { properties: Record<string, { properties?: object; items?: { properties: object } }> } } };
  const props = schema.$defs.product.properties;
  const keys = schemaKeys();
  for (const k of keys.product) assert.ok(props[k], k);
  assert.deepEqual(Object.keys(props.variants!.items!.properties), keys.variant);
  assert.deepEqual(Object.keys(props.case!.properties!), keys.case);
  // A single-variant product may carry its variant's fields on top.
  for (const k of ['sku', 'price', 'barcode']) assert.ok(props[k], k);
  JSON.stringify(schema);
});
