// Column maps: what a map file may say (and the errors when it says something else), how it
// applies to CSV headers and JSON keys, and the guesses `map` writes.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { checkMap, loadMap } from '../../src/input/colmap.js';
import { tempDir } from '../helpers.js';
import { guessCsv, guessJson } from '../../src/input/guess.js';
import { RunError } from '../../src/errors.js';
import { readAll, temp } from './util.js';

function mapError(json: unknown): string {
  try {
    checkMap(json, 'm.json');
  } catch (err) {
    assert.ok(err instanceof RunError && err.code === 'usage');
    return err.message;
  }
  assert.fail('expected the map to be refused');
}

describe('map files', () => {
  const BAD: [string, unknown, RegExp][] = [
    ['not an object', [], /--map m\.json: the file: expected an object/],
    ['unknown key', { colums: {} }, /"colums": unknown key/],
    ['unknown field, with a did-you-mean', { columns: { Cost: 'prcie' } }, /columns\["Cost"\]: "prcie" is not a unified column \(did you mean "price"\?\)/],
    ['unit on a text field', { columns: { Name: { field: 'title', unit: 'kg' } } }, /"unit" goes with a measure column/],
    ['a weight in metres', { columns: { W: { field: 'weight', unit: 'm' } } }, /unit "m" is not a unit of weight: expected g, kg, lb, oz/],
    ['currency on a measure', { columns: { W: { field: 'weight', currency: 'EUR' } } }, /"currency" goes with an amount column/],
    ['not a currency', { columns: { P: { field: 'price', currency: 'EURO' } } }, /currency "EURO" is not an ISO 4217 code/],
    ['values not text', { columns: { S: { field: 'status', values: { yes: 1 } } } }, /"values" maps cell values to field values/],
    ['constant of an unknown field', { constants: { prodcut_type: 'Mugs' } }, /constants\["prodcut_type"\]: "prodcut_type" is not a unified column \(did you mean "product_type"\?\)/],
    ['from', { from: 'magento' }, /"from": expected one of unified, shopify, woocommerce/],
  ];
  for (const [name, json, message] of BAD) test(`refused: ${name}`, () => assert.match(mapError(json), message));

  test('a platform map may rename to that platform\'s own names', () => {
    const map = checkMap({ from: 'woocommerce', columns: { Artikelnummer: 'SKU', 'Gewicht (kg)': 'Weight (kg)' } }, 'm.json');
    assert.equal(map.columns.get('Artikelnummer')!.field, 'SKU');
    assert.match(mapError({ from: 'woocommerce', columns: { X: 'Colour' } }), /"Colour" is neither a unified column nor a woocommerce column/);
  });
});

describe('a map over a CSV', () => {
  test('renames, units (with exact factors), currency, values, constants, ignored columns', async () => {
    const map = checkMap({
      columns: {
        Name: 'title', Code: 'sku', 'Cost (EUR)': { field: 'price', currency: 'EUR' }, Mass: { field: 'weight', unit: 'lbs' },
        Len: { field: 'length', unit: 'yd' }, Visible: { field: 'status', values: { yes: 'active', no: 'draft' } }, Internal: null,
      },
      constants: { product_type: 'Mugs', inventory_policy: 'deny', status: 'archived' },
    }, 'm.json');
    const file = temp('mapped.csv', 'Name,Code,Cost (EUR),Mass,Len,Visible,Internal\nMug,M-1,"4.50",2,1.5,yes,x\nCup,C-1,3,,,,y\n');
    const notices: string[] = [];
    const { records, warnings } = await readAll([file], { map, onNotice: (m) => notices.push(m) });
    assert.deepEqual(warnings, []);
    assert.deepEqual(notices, [`${file}: read as unified columns, with the column map m.json`, `${file}: not uploaded (no unified field takes them): Internal`]);
    const [mug, cup] = records.map((r) => r.product!);
    assert.deepEqual([mug!.title, mug!.currency, mug!.product_type, mug!.status], ['Mug', 'EUR', 'Mugs', 'active']);
    assert.deepEqual(mug!.variants[0], { sku: 'M-1', price: '4.50', weight: '2', weight_unit: 'lb', length: '54', dimension_unit: 'in', inventory_policy: 'deny' });
    assert.deepEqual([cup!.status, cup!.variants[0]!.weight_unit, cup!.variants[0]!.dimension_unit], ['archived', undefined, undefined], 'a unit only where its value is given');
  });

  test('a problem is placed at the column as the file names it', async () => {
    const map = checkMap({ columns: { Name: 'title', Code: 'sku', Amount: 'price' } }, 'm.json');
    const { records } = await readAll([temp('mapped-bad.csv', 'Name,Code,Amount\nMug,M-1,abc\n')], { map });
    assert.deepEqual(records[0]!.issues.map((i) => [i.field, i.code]), [['Amount', 'price.invalid']]);
  });
});

describe('a map over JSON', () => {
  const map = checkMap({ columns: { name: 'title', 'brand.name': 'brand', 'brand.id': null, 'dims.w.value': { field: 'weight', unit: 'kg' }, 'variants.qty': 'inventory_quantity', 'variants.label': 'variant_title' }, constants: { currency: 'EUR' } }, 'm.json');
  const product = { name: 'Sock', handle: 'sock', brand: { id: 7, name: 'North' }, dims: { w: { value: 0.2 } }, variants: [{ sku: 'S-1', price: '5', qty: 3, label: 'Small' }, { sku: 'S-2', price: 'x', qty: -2, label: 'Large' }] };

  test('dotted paths move to the unified keys (a variant field on a product, to each variant); the product as written is kept for --rejects', async () => {
    const file = temp('mapped.json', JSON.stringify([product, { ...product, handle: 'sock-2', variants: [{ sku: 'T-1', price: '5', qty: 1 }] }]));
    const { records } = await readAll([file], { map });
    const p = records[1]!.product!;
    assert.deepEqual([p.title, p.brand, p.currency, p.variants[0]!.inventory_quantity, p.variants[0]!.weight, p.variants[0]!.weight_unit], ['Sock', 'North', 'EUR', 1, '0.2', 'kg']);
    assert.deepEqual(records[0]!.rows[0]!.raw, product);
    assert.deepEqual(records.flatMap((r) => r.warnings), [], 'nothing left over: dims.w emptied, brand.id ignored');
  });

  test('problems are placed at the keys the file has', async () => {
    const { records } = await readAll([temp('mapped-bad.json', JSON.stringify([product]))], { map });
    assert.deepEqual(records[0]!.issues.map((i) => i.place.replace(/.*#/, '')), ['/0/variants/1/price']);
    const p = { ...product, variants: [{ sku: 'S-1', price: '5', qty: 'many' }] };
    const again = await readAll([temp('mapped-bad-qty.json', JSON.stringify([p]))], { map });
    assert.deepEqual(again.records[0]!.issues.map((i) => [i.place.replace(/.*#/, ''), i.field]), [['/0/variants/0/qty', 'variants[0].qty']]);
  });
});

describe('the guesses of `map`', () => {
  test('CSV: synonyms, units and currencies in headers, option columns, sale beside regular price, duplicates, unknowns', () => {
    const guess = guessCsv(['Product Name', 'sku', 'Sale Price', 'Regular Price', 'Weight (lbs)', 'Price (EUR)', 'Size', 'Colour', 'Weigth', 'Barcode Number', 'Body (HTML)', 'errors']);
    assert.deepEqual(guess, {
      from: 'unified',
      columns: {
        'Product Name': 'title', sku: 'sku', 'Sale Price': 'price', 'Regular Price': 'compare_at_price', 'Weight (lbs)': { field: 'weight', unit: 'lbs' },
        'Price (EUR)': { ignore: true, did_you_mean: 'price' }, Size: 'option1_value', Colour: 'option2_value', Weigth: { ignore: true, did_you_mean: 'weight' },
        'Barcode Number': { ignore: true }, 'Body (HTML)': 'description', errors: { ignore: true },
      },
      constants: { option1_name: 'Size', option2_name: 'Colour' },
    });
    assert.doesNotThrow(() => checkMap(guess, 'guess'));
  });

  test('CSV: a Shopify or WooCommerce export needs no map', () => {
    assert.deepEqual(guessCsv(['Handle', 'Title', 'Variant SKU', 'Variant Price']), { from: 'shopify', columns: {}, constants: {} });
    assert.deepEqual(guessCsv(['ID', 'Type', 'SKU', 'Name', 'Published', 'Regular price']), { from: 'woocommerce', columns: {}, constants: {} });
  });

  test('CSV: Shopify and WooCommerce names in a file of another layout are synonyms too', () => {
    assert.deepEqual(guessCsv(['Variant SKU', 'Variant Grams', 'Regular price', 'Title']).columns, { 'Variant SKU': 'sku', 'Variant Grams': { field: 'weight', unit: 'g' }, 'Regular price': 'price', Title: 'title' });
  });

  test('JSON: nested values and units, variant keys, unknown keys', () => {
    const guess = guessJson([{ id: 1, name: 'A', brand: { id: 2, name: 'B' }, price: { amount: 5, currency: 'EUR' }, pkg: { weight: { value: 1, unit: 'kg' } }, variants: [{ sku: 'x', name: 'Small', stock: 3 }] }]);
    assert.deepEqual(guess.columns, {
      id: { ignore: true }, name: 'title', 'brand.id': { ignore: true }, 'brand.name': 'brand', 'price.amount': 'price', 'price.currency': 'currency',
      'pkg.weight.value': 'weight', 'pkg.weight.unit': 'weight_unit', 'variants.name': 'variant_title', 'variants.stock': 'inventory_quantity',
    });
  });
});

test('a map that is not JSON is named at its line and column (the same reader as the config file)', () => {
  const file = path.join(tempDir(), 'm.json');
  writeFileSync(file, '\uFEFF{\n  "columns": {\n    "Qty": "inventory_quantity",\n  }\n}\n');
  assert.throws(() => loadMap(file), /m\.json:4:3: invalid JSON: expected another "key": value after the comma/);
});

test('a map whose JSON parses but says something wrong: the error names the key\'s line', () => {
  const file = path.join(tempDir(), 'm.json');
  writeFileSync(file, '{\n  "columns": {\n    "Product Name": "title",\n    "Cost": "prcie"\n  },\n  "constants": {\n    "prodcut_type": "Mugs"\n  }\n}\n');
  assert.throws(() => loadMap(file), /^RunError: --map .*m\.json:4: columns\["Cost"\]: "prcie" is not a unified column \(did you mean "price"\?\)/);
  writeFileSync(file, '{\n  "constants": {\n    "prodcut_type": "Mugs"\n  }\n}\n');
  assert.throws(() => loadMap(file), /m\.json:3: constants\["prodcut_type"\]/);
  writeFileSync(file, '{"from": "magento"}');
  assert.throws(() => loadMap(file), /m\.json:1: "from": expected one of/);
});

test('a JSON key that names its unit ("grams") maps with that unit; beside the field\'s own key it is left out (200 g never read as 200 kg)', () => {
  const alone = guessJson([{ title: 'T', variants: [{ sku: 'a', price: '1.00', grams: 200 }] }]);
  assert.deepEqual(alone.columns['variants.grams'], { field: 'weight', unit: 'grams' });
  const beside = guessJson([{ title: 'T', variants: [{ sku: 'a', price: '1.00', grams: 200, weight: 0.2, weight_unit: 'kg' }] }]);
  assert.deepEqual(beside.columns['variants.grams'], { ignore: true, did_you_mean: 'weight' });
});

test('the maps guessed for those two read 200 g either way', async () => {
  for (const variant of [{ grams: 200 }, { grams: 200, weight: 0.2, weight_unit: 'kg' }]) {
    const products = [{ title: 'T', handle: 't', variants: [{ sku: 'a', price: '1.00', ...variant }] }];
    const file = temp('shopify-api.json', JSON.stringify({ products }));
    const map = checkMap(guessJson(products), 'guess');
    const { records } = await readAll([file], { map });
    const v = records[0]!.product!.variants[0]!;
    assert.deepEqual([String(v.weight), v.weight_unit], v.weight_unit === 'g' ? ['200', 'g'] : ['0.2', 'kg']);
  }
});

test('map leaves an image\'s pixel size out, and gives each field one source (WooCommerce REST: backorders beside backorders_allowed)', () => {
  const shopify = guessJson([{ title: 'T', image: { id: 1, width: 123, height: 456, src: 'https://x/y.jpg' }, variants: [{ sku: 'a', price: '1.00' }] }]);
  for (const k of ['image.width', 'image.height']) assert.equal((shopify.columns[k] as { ignore?: boolean }).ignore, true, k);
  const woo = guessJson([{ name: 'T', sku: 'a', price: '1.00', backorders: 'no', backorders_allowed: false }]);
  const policy = Object.entries(woo.columns).filter(([, e]) => (typeof e === 'string' ? e : (e as { field?: string }).field) === 'inventory_policy');
  assert.deepEqual(policy.map(([k]) => k), ['backorders']);
});
