// Every fixture: the good ones read valid and alike; each bad one fails exactly where it should,
// naming the column (or pointer) and what was expected.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { formatIssue } from '../../src/issues.js';
import { fixture } from '../helpers.js';
import { allIssues, type ExpectedIssue, expectIssues, expectRunError, readAll } from './util.js';

describe('good fixtures', () => {
  for (const name of ['catalog.json', 'catalog.csv', 'catalog.ndjson', 'digital.csv']) {
    test(`${name} is valid`, async () => {
      const { records } = await readAll([fixture(name)]);
      assert.deepEqual(allIssues(records).map(formatIssue), []);
      assert.ok(records.every((r) => r.product));
    });
  }

  test('catalog.csv and catalog.ndjson give the same products as catalog.json', async () => {
    const products = async (name: string) => (await readAll([fixture(name)])).records.map((r) => r.product);
    const json = await products('catalog.json');
    assert.equal(json.length, 3);
    assert.deepStrictEqual(await products('catalog.csv'), json);
    assert.deepStrictEqual(await products('catalog.ndjson'), json);
  });

  test('catalog.csv: keys, sources and rows', async () => {
    const file = fixture('catalog.csv');
    const { records, stats } = await readAll([file]);
    assert.deepEqual(records.map((r) => [r.key, r.source, r.rows.length]), [
      ['classic-tee', `${file}:2`, 3],
      ['MUG-STN-350', `${file}:5`, 1],
      ['field-guide-ebook', `${file}:6`, 1],
    ]);
    assert.deepEqual({ ...stats, bytesRead: 0, bytesTotal: 0 }, { files: 1, bytesRead: 0, bytesTotal: 0, rowsRead: 5, rowsValid: 5, rowsInvalid: 0, products: 3, productsValid: 3, productsInvalid: 0 });
    const tee = records[0]!.product!;
    assert.deepEqual(tee.variants.map((v) => v.options), [[{ name: 'Size', value: 'S' }], [{ name: 'Size', value: 'M' }], [{ name: 'Size', value: 'L' }]]);
    assert.deepEqual(tee.images, [{ url: 'https://cdn.example.com/tee-front.jpg', alt: 'Front' }, { url: 'https://cdn.example.com/tee-back.jpg', alt: 'Back' }]);
    assert.deepEqual(tee.case, { unit: 'EACH', pack: 12, length: '40', width: '30', height: '20', dimension_unit: 'cm', weight: '2.4', weight_unit: 'kg' });
  });

  test('digital.csv: three Pandabase products with their pass-through values', async () => {
    const { records } = await readAll([fixture('digital.csv')]);
    const [presets, license, membership] = records.map((r) => r.product!);
    assert.equal(presets!.kind, 'digital_download');
    assert.deepEqual(presets!.variants.map((v) => [v.sku, v.price, v.options?.[0]?.value]), [['PRESET-STD', '19.00', 'Standard'], ['PRESET-PRO', '39.00', 'Pro (with LUTs)']]);
    assert.deepEqual(presets!.targets, { pandabase: { fulfillmentMode: 'INSTANT_DOWNLOAD', downloadUrl: 'https://downloads.example.com/presets-standard.zip' } });
    assert.equal(license!.kind, 'license_key');
    assert.deepEqual(license!.targets, { pandabase: { fulfillmentMode: 'MANAGED_LICENSE', keyFormat: 'UUID', maxActivations: 2, licenseDuration: 'ONE_YEAR' } });
    assert.equal(membership!.kind, 'subscription');
    assert.deepEqual(membership!.subscription, { billing_interval: 'monthly', trial_days: 14 });
  });
});

const BAD: Record<string, ExpectedIssue[]> = {
  'bad-price.csv': [
    { at: ':2', field: 'price', expected: 'an amount like 12.99 (USD has 2 minor digits' },
    { at: ':3', field: 'price', expected: 'no currency symbol' },
  ],
  'bad-gtin.csv': [{ at: ':2', field: 'barcode', expected: 'a GTIN with a valid check digit (the last digit should be 7)' }],
  'gtin-lost-zero.csv': [{ at: ':2', field: 'barcode', expected: 'looks like 012345678905 with its leading zero(s) lost to a spreadsheet: format the column as Text' }],
  'sku-scientific.csv': [
    { at: ':2', field: 'sku', expected: 'turned into scientific notation by a spreadsheet' },
    { at: ':3', field: 'barcode', expected: 'scientific notation and lost digits: format the column as Text' },
  ],
  'conflicting-product-columns.csv': [{ at: ':3', field: 'title', expected: 'the same value as line 2 ("Tee") or empty' }],
  'handle-not-consecutive.csv': [{ at: ':4', field: 'handle', expected: 'rows of handle "tee" must be consecutive; first seen at line 2' }],
  'duplicate-sku.csv': [{ at: ':4', field: 'sku', expected: /already used at .*duplicate-sku\.csv:2$/ }],
  'missing-required.csv': [
    { at: ':2', field: 'title', expected: 'a value (this field is required)' },
    { at: ':3', field: 'price', expected: 'a value (this field is required)' },
  ],
  'bad-enum-bool.csv': [
    { at: ':2', field: 'kind', expected: 'one of physical, digital_download, license_key, subscription' },
    { at: ':2', field: 'hazmat', expected: 'true or false (also yes/no, 1/0)' },
  ],
  'weight-without-unit.csv': [{ at: ':2', field: 'weight_unit', expected: 'the unit of weight 180 (g, kg, lb, oz)' }],
  'bad-values.json': [
    { at: '#/products/1/variants/1/price', field: 'variants[1].price', expected: 'an amount like 12.99' },
    { at: '#/products/1/variants/1/barcode', field: 'variants[1].barcode', expected: 'a GTIN of 8, 12, 13 or 14 digits' },
    { at: '#/products/2/price', field: 'price', expected: 'an amount like 12.99' },
  ],
  'bad-line.ndjson': [{ at: ':2', field: '*', expected: 'one JSON object on this line (NDJSON)' }],
};

describe('bad fixtures: each problem at its place', () => {
  for (const [name, expects] of Object.entries(BAD)) {
    test(name, () => expectIssues(fixture('bad', name), expects));
  }

  test('bad-price.csv: the good row is still read', async () => {
    const { records, stats } = await readAll([fixture('bad', 'bad-price.csv')]);
    assert.deepEqual(records.map((r) => [r.key, !!r.product]), [['MUG-1', false], ['MUG-2', false], ['MUG-3', true]]);
    assert.deepEqual([stats.rowsValid, stats.rowsInvalid], [1, 2]);
  });
});

const RUN_ERRORS: Record<string, RegExp> = {
  'unterminated-quote.csv': /unterminated-quote\.csv:2: unterminated quote/,
  'empty.csv': /empty\.csv: the file is empty/,
  'header-only.csv': /header-only\.csv: the file has a header but no rows/,
  'windows-1252.csv': /windows-1252\.csv:2: not UTF-8 text .*Windows-1252\/Latin-1.*--encoding windows-1252.*iconv -f WINDOWS-1252 -t UTF-8/,
  'syntax-error.json': /syntax-error\.json:3:34: invalid JSON: expected "," or "}" after the value; found a string/,
};

describe('bad fixtures: files that stop the run', () => {
  for (const [name, message] of Object.entries(RUN_ERRORS)) {
    test(name, () => expectRunError(fixture('bad', name), message));
  }

  test('windows-1252.csv reads with --encoding windows-1252', async () => {
    const { records } = await readAll([fixture('bad', 'windows-1252.csv')], { encoding: 'windows-1252' });
    assert.equal(records[0]!.product?.title, 'Café au lait');
  });

  test('utf16.csv is decoded, with a warning, and valid', async () => {
    const file = fixture('bad', 'utf16.csv');
    const { records, warnings } = await readAll([file]);
    assert.equal(records[0]!.product?.title, 'Mug ☕ 350 ml');
    assert.equal(warnings.length, 1);
    assert.equal(warnings[0]!.place, `${file}:1`);
    assert.match(warnings[0]!.found, /UTF-16 LE/);
    // The warning also rides on the first record, so it reaches the report.
    assert.deepEqual(records[0]!.warnings, warnings);
  });

  test('mojibake.csv: a warning at the line, the product still valid', async () => {
    const file = fixture('bad', 'mojibake.csv');
    const { records, warnings } = await readAll([file]);
    assert.ok(records[0]!.product);
    assert.equal(warnings.length, 1);
    assert.equal(warnings[0]!.place, `${file}:2`);
    assert.match(warnings[0]!.expected, /mojibake/);
    assert.match(warnings[0]!.found, /CafÃ©/);
  });
});
