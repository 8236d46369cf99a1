// WooCommerce's product CSV, rule by rule, on small files in its own columns; and its
// variations found wherever they stand, held in memory or spilled to disk alike.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { setPendingBudget, spillStats } from '../../src/input/woo-reader.js';
import { fixture } from '../helpers.js';
import { readAll, readChunks, summary, temp, validProducts } from './util.js';

const HEAD = ['ID', 'Type', 'SKU', 'Name', 'Published', 'Short description', 'Description', 'Stock', 'Backorders allowed?', 'Weight (kg)', 'Length (cm)', 'Width (cm)', 'Height (cm)', 'Sale price', 'Regular price', 'Images', 'Parent', 'Position', 'Attribute 1 name', 'Attribute 1 value(s)', 'Attribute 2 name', 'Attribute 2 value(s)'];

function woo(name: string, rows: Record<string, string>[], head = HEAD): string {
  const cell = (v = '') => (/[",\n ]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);
  return temp(`${name}.csv`, [head.map(cell).join(','), ...rows.map((r) => head.map((h) => cell(r[h])).join(','))].join('\n') + '\n');
}

const simple = (id: string, sku: string, extra: Record<string, string> = {}) => ({ ID: id, Type: 'simple', SKU: sku, Name: `Item ${sku}`, Published: '1', 'Regular price': '10', ...extra });
const variable = (id: string, sku: string, extra: Record<string, string> = {}) => ({ ID: id, Type: 'variable', SKU: sku, Name: `Parent ${sku}`, Published: '1', 'Weight (kg)': '0.5', 'Length (cm)': '10', 'Width (cm)': '5', 'Height (cm)': '2', 'Attribute 1 name': 'Size', 'Attribute 1 value(s)': 'S, M', ...extra });
const variation = (id: string, sku: string, parent: string, size: string, extra: Record<string, string> = {}) => ({ ID: id, Type: 'variation', SKU: sku, Name: 'v', Published: '1', 'Regular price': '20', Parent: parent, 'Attribute 1 name': 'Size', 'Attribute 1 value(s)': size, ...extra });

describe('WooCommerce rows', () => {
  test('variations found by id:<ID> and by parent SKU, before, after and far from their parent; variants by Position', async () => {
    const file = woo('anywhere', [
      variation('12', 'V-M', 'id:10', 'M', { Position: '2' }),
      simple('1', 'S-1'),
      variable('10', 'PAR'),
      simple('2', 'S-2'),
      variation('11', 'V-S', 'PAR', 'S', { Position: '1' }),
    ]);
    const p = await validProducts(file);
    assert.deepEqual([...p.keys()], ['S-1', 'S-2', 'PAR'], 'each product as soon as all its rows are in');
    const par = p.get('PAR')!;
    assert.deepEqual(par.variants.map((v) => [v.sku, v.options]), [['V-S', [{ name: 'Size', value: 'S' }]], ['V-M', [{ name: 'Size', value: 'M' }]]]);
    assert.equal(par.handle, 'PAR');
  });

  test('a variable product without a SKU is known as id:<ID>', async () => {
    const p = await validProducts(woo('no-parent-sku', [variable('10', ''), variation('11', 'V-S', 'id:10', 'S')]));
    assert.ok(p.has('id:10'));
  });

  const PRICES: [string, string, string, string | undefined][] = [['', '20', '20.00', undefined], ['15', '20', '15.00', '20.00'], ['15', '', '15.00', undefined]];
  for (const [sale, regular, price, compare] of PRICES) {
    test(`Sale price "${sale}", Regular price "${regular}" → price ${price}, compare-at ${compare ?? 'none'}`, async () => {
      const v = (await validProducts(woo(`price-${sale}-${regular}`, [simple('1', 'A', { 'Sale price': sale, 'Regular price': regular })]))).get('A')!.variants[0]!;
      assert.deepEqual([v.price, v.compare_at_price], [price, compare]);
    });
  }

  test('Published 1 → active; 0 (private), -1 (draft, also as \'-1), 2 (pending) → draft', async () => {
    const p = await validProducts(woo('published', [simple('1', 'A', { Published: '1' }), simple('2', 'B', { Published: '0' }), simple('3', 'C', { Published: "'-1" }), simple('4', 'D', { Published: '2' })]));
    assert.deepEqual(['A', 'B', 'C', 'D'].map((k) => p.get(k)!.status), ['active', 'draft', 'draft', 'draft']);
  });

  test('Stock and Backorders allowed?: a number with its policy; empty: neither; "parent": left out with a warning', async () => {
    const { records } = await readAll([woo('stock', [
      simple('1', 'A', { Stock: '4', 'Backorders allowed?': '0' }), simple('2', 'B', { Stock: '0', 'Backorders allowed?': 'notify' }),
      simple('3', 'C', { Stock: '', 'Backorders allowed?': '1' }), variable('10', 'P'), variation('11', 'P-S', 'P', 'S', { Stock: 'parent' }),
    ])]);
    const v = (k: string) => records.find((r) => r.key === k)!.product!.variants[0]!;
    assert.deepEqual([v('A').inventory_quantity, v('A').inventory_policy], [4, 'deny']);
    assert.deepEqual([v('B').inventory_quantity, v('B').inventory_policy], [0, 'continue']);
    assert.deepEqual([v('C').inventory_quantity, v('C').inventory_policy], [undefined, undefined]);
    assert.equal(v('P').inventory_quantity, undefined);
    assert.deepEqual(records.find((r) => r.key === 'P')!.warnings.map((w) => [w.field, w.code]), [['Stock', 'inventory_quantity.left_out']]);
  });

  test('a variation\'s empty weight and dimensions are its parent\'s; units from the header (lbs → lb, yd → in exactly)', async () => {
    const head = HEAD.map((h) => h.replace('(kg)', '(lbs)').replace('(cm)', '(yd)'));
    const rows = [variable('10', 'P', { 'Weight (lbs)': '2', 'Length (yd)': '1.5', 'Width (yd)': '1', 'Height (yd)': '0.25' }), variation('11', 'P-S', 'P', 'S', { 'Weight (lbs)': '3' })];
    const v = (await validProducts(woo('units', rows, head))).get('P')!.variants[0]!;
    assert.deepEqual([v.weight, v.weight_unit, v.length, v.width, v.height, v.dimension_unit], ['3', 'lb', '54', '36', '9', 'in']);
  });

  test('Type: downloadable or virtual is digital; grouped and external are skipped with one warning', async () => {
    const { records, warnings } = await readAll([woo('types', [simple('1', 'A', { Type: 'simple, downloadable, virtual' }), simple('2', 'G', { Type: 'grouped' }), simple('3', 'X', { Type: 'external' }), simple('4', 'B')])]);
    assert.deepEqual(records.map((r) => [r.key, r.product?.kind]), [['A', 'digital_download'], ['B', 'physical']]);
    assert.deepEqual(warnings.map((w) => [w.code, w.found]), [['woocommerce.skipped', '2 grouped or external products (lines 3, 4)']]);
  });

  test('text: \\n in descriptions is a line break (\\\\n stays \\n); lists split on ", " keeping "\\,"', async () => {
    const head = [...HEAD, 'Tags', 'Categories'];
    const p = (await validProducts(woo('text', [simple('1', 'A', { Description: 'one\\ntwo \\\\n three', Tags: 'red\\, dark, blue', Categories: 'A > B, C', Images: 'https://x.example/1.jpg, https://x.example/2.jpg' })], head))).get('A')!;
    assert.equal(p.description, 'one\ntwo \\n three');
    assert.deepEqual(p.tags, ['red, dark', 'blue']);
    assert.deepEqual(p.images, [{ url: 'https://x.example/1.jpg' }, { url: 'https://x.example/2.jpg' }]);
    assert.equal(p.metadata.categories, 'A > B, C');
  });

  test('options are matched by attribute name; parent attributes no variation uses go to metadata', async () => {
    const rows = [
      variable('10', 'P', { 'Attribute 1 name': 'Fabric', 'Attribute 1 value(s)': 'wool', 'Attribute 2 name': 'Size', 'Attribute 2 value(s)': 'S, M' }),
      variation('11', 'P-S', 'P', 'S'),
    ];
    const p = (await validProducts(woo('attrs', rows))).get('P')!;
    assert.deepEqual(p.variants[0]!.options, [{ name: 'Size', value: 'S' }]);
    assert.deepEqual(p.metadata, { Fabric: 'wool' });
  });

  test('a variation whose Parent is not in the file is an error at its row', async () => {
    const { records } = await readAll([woo('orphan', [simple('1', 'A'), variation('11', 'V-S', 'NOPE', 'S')])]);
    const bad = records.find((r) => !r.product)!;
    assert.deepEqual([bad.source.replace(/.*:/, ''), bad.issues[0]!.field, bad.issues[0]!.code, bad.issues[0]!.found], ['3', 'Parent', 'parent.not_found', '"NOPE"']);
  });

  test('a price problem is placed where the price came from: Sale price, or Regular price when there is no sale', async () => {
    const { records } = await readAll([woo('bad-price', [simple('1', 'A', { 'Regular price': 'abc' }), simple('2', 'B', { 'Sale price': 'x', 'Regular price': '5' })])]);
    assert.deepEqual(records.map((r) => r.issues.map((i) => i.field)), [['Regular price'], ['Sale price']]);
  });
});

describe('WooCommerce: the same products however the rows are held', () => {
  const FILE = fixture('exports', 'woocommerce-products.csv');

  test('every pending row spilled to disk gives what memory gives', async () => {
    const inMemory = (await readAll([FILE])).records.map(summary);
    assert.equal(spillStats.rows, 0);
    const before = setPendingBudget(0);
    try {
      const spilled = (await readAll([FILE])).records.map(summary);
      assert.equal(spillStats.rows, 5, 'every row of the variable product went through the spill');
      assert.deepEqual(spilled, inMemory);
    } finally {
      setPendingBudget(before);
    }
  });

  test('read once (as stdin is, through a temporary copy) in chunks of any size gives what a file gives', async () => {
    const fromFile = (await readAll([FILE])).records.map((r) => [r.key, r.product]);
    const bytes = readFileSync(FILE);
    for (const size of [7, 4096]) {
      const once = (await readChunks('woo.csv', 'csv', bytes, size)).map((r) => [r.key, r.product]);
      assert.deepEqual(once, fromFile, `chunks of ${size}`);
    }
  });
});

describe('WooCommerce as its exporter writes what a shop has set', () => {
  const HEAD2 = [...HEAD, 'Date sale price starts', 'Date sale price ends', 'In stock?'];

  test('a disabled variation (Published 0) is left out, with a warning; the others make the product', async () => {
    const file = woo('disabled', [variable('10', 'CAP'), variation('11', 'CAP-S', 'id:10', 'S'), variation('12', 'CAP-M', 'id:10', 'M', { Published: '0' })]);
    const { records, stats } = await readAll([file]);
    assert.deepEqual(records[0]!.product!.variants.map((v) => v.sku), ['CAP-S']);
    assert.deepEqual(records[0]!.warnings.map((w) => [w.place, w.code]), [[`${file}:4`, 'woocommerce.variation_disabled']]);
    assert.equal(stats.rowsRead, 2, 'the left-out row is not counted as read');
  });

  test('a sale scheduled for later, or over, is not today\'s price: the regular price is sent, and said', async () => {
    const file = woo('sale', [
      simple('1', 'LATER', { 'Sale price': '5', 'Regular price': '20', 'Date sale price starts': '2099-01-01 00:00:00', 'Date sale price ends': '2099-01-31 23:59:59' }),
      simple('2', 'OVER', { 'Sale price': '5', 'Regular price': '20', 'Date sale price ends': '2001-01-31 23:59:59' }),
      simple('3', 'NOW', { 'Sale price': '5', 'Regular price': '20', 'Date sale price starts': '2001-01-01 00:00:00' }),
    ], HEAD2);
    const { records } = await readAll([file]);
    assert.deepEqual(records.map((r) => [r.key, String(r.product!.variants[0]!.price), r.product!.variants[0]!.compare_at_price && String(r.product!.variants[0]!.compare_at_price)]), [['LATER', '20.00', undefined], ['OVER', '20.00', undefined], ['NOW', '5.00', '20.00']]);
    assert.match(records[0]!.warnings[0]!.expected, /the sale price 5 runs from 2099-01-01 00:00:00 until 2099-01-31 23:59:59, so the regular price 20 is sent/);
  });

  test('"In stock?" without a managed stock: sold out is a stock of 0 (deny), on backorder 0 (continue), in stock untracked', async () => {
    const file = woo('instock', [simple('1', 'OUT', { 'In stock?': '0' }), simple('2', 'BACK', { 'In stock?': 'backorder' }), simple('3', 'IN', { 'In stock?': '1' })], HEAD2);
    const { records } = await readAll([file]);
    assert.deepEqual(records.map((r) => [r.product!.variants[0]!.inventory_quantity, r.product!.variants[0]!.inventory_policy]), [[0, 'deny'], [0, 'continue'], [undefined, undefined]]);
  });

  test('an "Any Color" variation (its attribute left empty) is an error at that attribute, saying what it means', async () => {
    const file = woo('any', [
      variable('10', 'TEE', { 'Attribute 2 name': 'Color', 'Attribute 2 value(s)': 'Red, Blue' }),
      variation('11', 'TEE-S', 'id:10', 'S', { 'Attribute 2 name': 'Color', 'Attribute 2 value(s)': 'Red' }),
      variation('12', 'TEE-M', 'id:10', 'M', { 'Attribute 2 name': 'Color' }),
    ]);
    const { records } = await readAll([file]);
    const first = records[0]!.issues[0]!;
    assert.deepEqual([first.place, first.field, first.code], [`${file}:4`, 'Attribute 2 value(s)', 'options.value.any']);
    assert.match(first.expected, /WooCommerce's "Any Color" \(an empty value\) matches every Color/);
  });

  test('"10\\,5" in a variation\'s attribute is the value 10,5; downloadable variations make a digital product; --decimal-comma reads the measures', async () => {
    const file = woo('escapes', [
      variable('10', 'SHOE', { 'Attribute 1 value(s)': '10\\,5, 11', 'Weight (kg)': '0,8' }),
      variation('11', 'SHOE-105', 'id:10', '10\\,5'),
      variable('20', 'FONT', { 'Weight (kg)': '', 'Length (cm)': '', 'Width (cm)': '', 'Height (cm)': '' }),
      variation('21', 'FONT-P', 'id:20', 'S', { Type: 'variation, downloadable, virtual' }),
      variation('22', 'FONT-R', 'id:20', 'M', { Type: 'variation, downloadable, virtual' }),
    ]);
    const { records } = await readAll([file], { decimalComma: true });
    const shoe = records[0]!.product!;
    assert.deepEqual(shoe.variants[0]!.options, [{ name: 'Size', value: '10,5' }]);
    assert.equal(String(shoe.variants[0]!.weight), '0.8');
    assert.equal(records[1]!.product!.kind, 'digital_download');
  });
});
