// Shopify's product CSV, rule by rule, on small files in its own columns.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { readAll, temp, validProducts } from './util.js';

const HEAD = ['Handle', 'Title', 'Body (HTML)', 'Status', 'Option1 Name', 'Option1 Value', 'Variant SKU', 'Variant Price', 'Variant Grams', 'Variant Inventory Tracker', 'Variant Inventory Qty', 'Variant Inventory Policy', 'Image Src', 'Image Position', 'Image Alt Text', 'Variant Image'];

/** A Shopify file from rows given as {column: value}. */
function shopify(name: string, rows: Record<string, string>[], head = HEAD): string {
  const cell = (v = '') => (/[",\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);
  return temp(`${name}.csv`, [head.join(','), ...rows.map((r) => head.map((h) => cell(r[h])).join(','))].join('\n') + '\n');
}

const variant = (handle: string, sku: string, extra: Record<string, string> = {}) => ({ Handle: handle, 'Variant SKU': sku, 'Variant Price': '10.00', 'Variant Inventory Tracker': 'shopify', 'Variant Inventory Qty': '3', 'Variant Inventory Policy': 'deny', ...extra });
const first = (handle: string, sku: string, extra: Record<string, string> = {}) => variant(handle, sku, { Title: 'Tee', Status: 'active', ...extra });

describe('Shopify rows', () => {
  test('Title = Default Title on a single variant means no options; a real single option stays', async () => {
    const p = await validProducts(shopify('default-title', [
      first('plain', 'P-1', { 'Option1 Name': 'Title', 'Option1 Value': 'Default Title' }),
      first('sized', 'S-1', { 'Option1 Name': 'Size', 'Option1 Value': 'One Size' }),
    ]));
    assert.equal(p.get('plain')!.variants[0]!.options, undefined);
    assert.deepEqual(p.get('sized')!.variants[0]!.options, [{ name: 'Size', value: 'One Size' }]);
  });

  test('images: one per row, image-only rows included, by Image Position; Image Src on a variant row is not its image', async () => {
    const p = (await validProducts(shopify('images', [
      first('tee', 'T-S', { 'Option1 Name': 'Size', 'Option1 Value': 'S', 'Image Src': 'https://x.example/b.jpg', 'Image Position': '2', 'Image Alt Text': 'Back', 'Variant Image': 'https://x.example/s.jpg' }),
      variant('tee', 'T-M', { 'Option1 Value': 'M', 'Image Src': 'https://x.example/a.jpg', 'Image Position': '1' }),
      { Handle: 'tee', 'Image Src': 'https://x.example/c.jpg', 'Image Position': '3', 'Image Alt Text': '' },
    ]))).get('tee')!;
    assert.deepEqual(p.images, [{ url: 'https://x.example/a.jpg' }, { url: 'https://x.example/b.jpg', alt: 'Back' }, { url: 'https://x.example/c.jpg' }]);
    assert.deepEqual(p.variants.map((v) => [v.sku, v.image]), [['T-S', 'https://x.example/s.jpg'], ['T-M', undefined]]);
  });

  test('an image-only row in the middle of the variants still leaves variant i on row i (places, rejects)', async () => {
    const { records } = await readAll([shopify('image-middle', [
      first('tee', 'T-S', { 'Option1 Name': 'Size', 'Option1 Value': 'S' }),
      { Handle: 'tee', 'Image Src': 'https://x.example/c.jpg' },
      variant('tee', 'T-M', { 'Option1 Value': 'M', 'Variant Price': 'abc' }),
    ])]);
    assert.deepEqual(records[0]!.issues.map((i) => [i.place.replace(/.*:/, ''), i.field]), [['4', 'Variant Price']]);
    assert.deepEqual(records[0]!.rows.map((r) => r.line), [2, 4, 3]);
  });

  test('Variant Grams is the weight in g, whatever unit is shown to shoppers', async () => {
    const p = await validProducts(shopify('grams', [first('tee', 'T-1', { 'Variant Grams': '113.398', 'Variant Weight Unit': 'lb' })], [...HEAD, 'Variant Weight Unit']));
    assert.deepEqual([p.get('tee')!.variants[0]!.weight, p.get('tee')!.variants[0]!.weight_unit], ['113.398', 'g']);
  });

  test('stock not tracked (empty Variant Inventory Tracker): no quantity, and selling continues', async () => {
    const v = (await validProducts(shopify('untracked', [first('tee', 'T-1', { 'Variant Inventory Tracker': '', 'Variant Inventory Qty': '0', 'Variant Inventory Policy': 'deny' })]))).get('tee')!.variants[0]!;
    assert.deepEqual([v.inventory_quantity, v.inventory_policy], [undefined, 'continue']);
  });

  test('no Variant Inventory Qty column (several locations): no quantity at all', async () => {
    const head = HEAD.filter((h) => h !== 'Variant Inventory Qty');
    const v = (await validProducts(shopify('multi-location', [first('tee', 'T-1')], head))).get('tee')!.variants[0]!;
    assert.equal(v.inventory_quantity, undefined);
  });

  const PUBLISHED: [string, string | undefined, string][] = [['TRUE', undefined, 'active'], ['false', undefined, 'draft'], ['TRUE', 'draft', 'draft'], ['FALSE', 'Active', 'active'], ['TRUE', 'Unlisted', 'active']];
  for (const [published, status, want] of PUBLISHED) {
    test(`Published ${published}${status ? ` beside Status ${status}` : ' without a Status column'} → ${want}`, async () => {
      const head = status ? [...HEAD, 'Published'] : [...HEAD.filter((h) => h !== 'Status'), 'Published'];
      const p = await validProducts(shopify(`published-${published}-${status}`, [first('tee', 'T-1', { Published: published, Status: status ?? '' })], head));
      assert.equal(p.get('tee')!.status, want);
    });
  }

  test('2025 header: Continue selling when out of stock TRUE/FALSE/CONTINUE, Weight value (grams)', async () => {
    const head = ['Title', 'URL handle', 'SKU', 'Price', 'Inventory tracker', 'Inventory quantity', 'Continue selling when out of stock', 'Weight value (grams)'];
    const rows = [['A', 'a', 'A-1', '1.00', 'shopify', '1', 'TRUE', '5'], ['B', 'b', 'B-1', '1.00', 'shopify', '1', 'false', ''], ['C', 'c', 'C-1', '1.00', 'shopify', '1', 'CONTINUE', '']];
    const p = await validProducts(temp('s2025.csv', [head, ...rows].map((r) => r.join(',')).join('\n')));
    assert.deepEqual(['a', 'b', 'c'].map((h) => p.get(h)!.variants[0]!.inventory_policy), ['continue', 'deny', 'continue']);
    assert.deepEqual([p.get('a')!.variants[0]!.weight, p.get('a')!.variants[0]!.weight_unit], ['5', 'g']);
  });

  test('metafields and Google Shopping columns go to metadata; market prices are ignored', async () => {
    const head = [...HEAD, 'Fabric (product.metafields.shopify.fabric)', 'Google Shopping / Age Group', 'Google Shopping / Manufacturer part number (MPN)', 'Google Shopping / AdWords Labels', 'Price / International', 'Size (variant.metafields.custom.size)'];
    const p = (await validProducts(shopify('meta', [first('tee', 'T-1', { 'Fabric (product.metafields.shopify.fabric)': 'linen', 'Google Shopping / Age Group': 'adult', 'Google Shopping / Manufacturer part number (MPN)': 'M-1', 'Google Shopping / AdWords Labels': 'x', 'Price / International': '99.00' })], head))).get('tee')!;
    assert.deepEqual(p.metadata, { 'shopify.fabric': 'linen', 'google_shopping.age_group': 'adult', 'google_shopping.mpn': 'M-1' });
    assert.equal(p.variants[0]!.price, '10.00');
  });

  test('product columns on later rows are ignored, as Shopify\'s importer does', async () => {
    const p = await validProducts(shopify('later', [first('tee', 'T-S', { 'Option1 Name': 'Size', 'Option1 Value': 'S' }), variant('tee', 'T-M', { Title: 'Other', 'Option1 Value': 'M' })]));
    assert.equal(p.get('tee')!.title, 'Tee');
  });

  test('a variant without a SKU is an error at its row and column', async () => {
    const { records } = await readAll([shopify('nosku', [first('tee', '')])]);
    assert.deepEqual(records[0]!.issues.map((i) => [i.place.replace(/.*:/, ''), i.field, i.code]), [['2', 'Variant SKU', 'sku.required']]);
  });

  test('an unknown column gets a did-you-mean among Shopify\'s names', async () => {
    const { warnings } = await readAll([shopify('unknown', [first('tee', 'T-1')], [...HEAD, 'Variant Prcie'])]);
    assert.match(warnings[0]!.expected, /the columns of a Shopify product export; ignored: "Variant Prcie" \(did you mean "Variant Price"\?\)/);
  });
});
