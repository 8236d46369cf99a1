// JSON (streamed) and NDJSON: pointers, lifted products, syntax errors, chunk boundaries.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { formatIssue } from '../../src/issues.js';
import { fixture } from '../helpers.js';
import { allIssues, readAll, readChunks, readFails, summary, temp } from './util.js';

describe('JSON', () => {
  test('an array: places are pointers into it', async () => {
    const file = temp('arr.json', JSON.stringify([
      { sku: 'A-1', title: 'A', price: '1.00' },
      { handle: 'tee', title: 'Tee', variants: [{ sku: 'T-S', price: '1.00', options: { Size: 'S' } }, { sku: 'T-M', price: 'x', options: { Size: 'M' } }] },
    ], null, 2));
    const { records } = await readAll([file]);
    assert.deepEqual(records.map((r) => [r.key, r.source, r.rows[0]!.line]), [['A-1', `${file}#/0`, 2], ['tee', `${file}#/1`, 7]]);
    assert.deepEqual(allIssues(records).map((i) => [i.place, i.field]), [[`${file}#/1/variants/1/price`, 'variants[1].price']]);
  });

  test('locate(): lifted products keep their variant on top; options by name; bare image URLs', async () => {
    const file = fixture('catalog.json');
    const [tee, mug] = (await readAll([file])).records;
    const at = (r: typeof tee, f: string) => {
      const l = r!.locate(f);
      return `${l.place.slice(file.length)} ${l.field}`;
    };
    assert.equal(at(mug, 'variants[0].price'), '#/products/1/price price');
    assert.equal(at(mug, 'variants[0].barcode'), '#/products/1/barcode barcode');
    assert.equal(at(mug, 'images[0].url'), '#/products/1/images/0 images[0]');
    assert.equal(at(mug, 'case.length'), '#/products/1/case/length case.length');
    assert.equal(at(tee, 'variants[1].options[0].value'), '#/products/0/variants/1/options/Size variants[1].options.Size');
    assert.equal(at(tee, 'variants[2].compare_at_price'), '#/products/0/variants/2/compare_at_price variants[2].compare_at_price');
    assert.equal(at(tee, 'targets.pandabase.fulfillmentMode'), '#/products/0/targets/pandabase/fulfillmentMode targets.pandabase.fulfillmentMode');
    assert.equal(at(tee, 'title'), '#/products/0/title title');
  });

  test('null means not given; unknown keys warn once per file, with a suggestion', async () => {
    const file = temp('nulls.json', JSON.stringify({ products: [
      { sku: 'A-1', title: 'A', price: '1.00', barcode: null, prise: 1, variant: 'x' },
      { sku: 'B-1', title: 'B', price: '1.00', prise: 2, case: { pack: null } },
    ] }));
    const { records } = await readAll([file]);
    assert.ok(records.every((r) => r.product));
    assert.deepEqual(records[0]!.warnings.map((w) => [w.place, w.expected]), [
      [`${file}#/products/0/prise`, 'a known field (did you mean "price"?); it is ignored (warned once per file)'],
      [`${file}#/products/0/variant`, 'a known field (did you mean "variants"?); it is ignored (warned once per file)'],
    ]);
    assert.deepEqual(records[1]!.warnings, []);
  });

  test('"" (or spaces) means not given, as an empty CSV cell does; a required field left "" is missing', async () => {
    const file = temp('blanks.json', JSON.stringify([
      { sku: 'A-1', title: 'A', price: '1.00', barcode: '', description: '  ', variants: undefined },
      { sku: 'B-1', title: '', price: '1.00', case: { pack: '' } },
    ]));
    const { records } = await readAll([file]);
    assert.deepEqual(records[0]!.issues, []);
    assert.equal(records[0]!.product!.variants[0]!.barcode, undefined);
    assert.deepEqual(records[1]!.issues.map((i) => [i.field, i.code]), [['title', 'title.required']]);
  });

  test('an element that is not an object is an invalid product, not a run error', async () => {
    const file = temp('scalar.json', '[{"sku": "A", "title": "A", "price": "1"}, 42, "x"]');
    const { records } = await readAll([file]);
    assert.deepEqual(records.map((r) => [r.key, r.issues.map((i) => i.found)]), [['A', []], [`${file}#/1`, ['42']], [`${file}#/2`, ['"x"']]]);
  });

  const SYNTAX: [string, string, RegExp][] = [
    ['trailing comma', '[\n  {"sku": "A", "title": "A", "price": "1"},\n]', /:3:1: invalid JSON: expected another product after the comma/],
    ['trailing comma in an object', '[{"sku": "A",\n "title": "A",}]', /:2:15: invalid JSON: expected another "key": value after the comma/],
    ['missing comma between products', '[{"a": 1}\n {"b": 2}]', /:2:2: invalid JSON: expected "," or "]" after a product; found "\{"/],
    ['unclosed product', '[{"sku": "A", "title": "A"', /:1:2: invalid JSON: product 0 is never closed/],
    ['unclosed array', '[{"sku": "A"}', /invalid JSON: expected "]" to close the array of products; found the end of the file/],
    ['not a catalog', '"hello"', /:1:1: invalid JSON: expected a JSON array of products, or \{"products": \[...\]\}/],
    ['products not an array', '{"products": {"sku": "A"}}', /:1:14: not the products: expected "products" to be the array of products/],
    ['no products key', '{"items": []}', /no "products" array/],
    ['garbage after', '[]\nx', /:2:1: invalid JSON: expected the end of the file after the JSON value; found "x"/],
    ['single quotes', "[{'sku': 'A'}]", /:1:3: invalid JSON: expected a "key" in double quotes; found "'"/],
    ['empty file', '', /the file is empty/],
    ['empty array', '[]', /no products/],
  ];
  for (const [name, text, message] of SYNTAX) {
    test(`syntax: ${name}`, async () => {
      const err = await readFails([temp(`syntax-${name.replaceAll(' ', '-')}.json`, text)]);
      assert.equal(err.code, 'input');
      assert.match(err.message, message);
    });
  }

  test('the scanner is not fooled by brackets, quotes and escapes in strings, and chunk boundaries do not matter', async () => {
    const products = [
      { sku: 'A-1', title: 'Brackets ] } [ { and "quotes" and \\ backslashes \\"', price: '1.00', description: 'line\nbreak, tab\t, unicode é ☕ \u2028' },
      { sku: 'B-1', title: '\\', price: '2.00', metadata: { 'key with "quotes"': 'v' } },
      { sku: 'C-1', title: 'C', price: '3.00' },
    ];
    const text = JSON.stringify({ version: 2, note: ['x', { y: '}]' }], products, tail: '"]}' }, null, 1);
    const whole = (await readChunks('s.json', 'json', text, 1 << 20)).map(summary);
    assert.deepEqual(whole.map((r) => r.product?.title), products.map((p) => p.title));
    for (const size of [1, 2, 3, 5, 17]) assert.deepStrictEqual((await readChunks('s.json', 'json', text, size)).map(summary), whole, `chunks of ${size}`);
  });
});

describe('NDJSON', () => {
  test('one product per line, blank lines skipped, places are lines', async () => {
    const file = temp('lines.ndjson', '{"sku": "A-1", "title": "A", "price": "1.00"}\r\n\r\n  \n{"sku": "B-1", "title": "B", "price": "x"}\n{"handle": "t", "title": "T", "variants": [{"sku": "T-1", "price": "1.00", "title": "One"}, {"sku": "T-2", "price": "1", "title": "Two"}]}');
    const { records } = await readAll([file]);
    assert.deepEqual(records.map((r) => r.source.slice(file.length)), [':1', ':4', ':5']);
    assert.deepEqual(allIssues(records).map((i) => [i.place.slice(file.length), i.field]), [[':4', 'price']]);
    assert.deepEqual(records[2]!.locate('variants[1].price'), { place: `${file}:5`, field: 'variants[1].price' });
  });

  test('a line that is not JSON makes that product invalid; the others are read', async () => {
    const file = fixture('bad', 'bad-line.ndjson');
    const { records, stats } = await readAll([file]);
    assert.deepEqual(records.map((r) => [r.key, !!r.product]), [['A-1', true], [`${file}:2`, false], ['C-1', true]]);
    assert.match(formatIssue(records[1]!.issues[0]!), /bad-line\.ndjson:2: \*: expected one JSON object on this line \(NDJSON\): a "key" in double quotes; found "price" at column 32/);
    assert.deepEqual([stats.rowsRead, stats.rowsInvalid], [3, 1]);
  });

  test('chunk boundaries do not matter', async () => {
    const text = '{"sku": "A-1", "title": "Ä ☕", "price": "1.00"}\n\n{"sku": "B-1", "title": "B", "price": "2.00"}\r\n{bad\n';
    const whole = (await readChunks('n.ndjson', 'ndjson', text, 1 << 20)).map(summary);
    assert.equal(whole.length, 3);
    for (const size of [1, 2, 7]) assert.deepStrictEqual((await readChunks('n.ndjson', 'ndjson', text, size)).map(summary), whole);
  });
});
