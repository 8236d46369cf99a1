// Excel in a European locale (decimal commas, Windows-1252) and JSON from other systems
// (wrapper keys, src images, null alt text, numbers as prices).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { decimalComma } from '../../src/input/decimal-comma.js';
import { fixture } from '../helpers.js';
import { readAll, readFails, temp } from './util.js';

describe('decimal commas', () => {
  const CELLS: [string, string][] = [['12,99', '12.99'], ['1.299,00', '1299.00'], ['1 299,5', '1299.5'], ['1\u00a0299,50', '1299.50'], ['1.299', '1299'], ['7', '7'], ['0.45', '0.45'], ['12,5 €', '12,5 €'], ['-3,5', '-3,5']];
  for (const [cell, read] of CELLS) test(`"${cell}" → "${read}"`, () => assert.equal(decimalComma(cell), read));

  test('without --decimal-comma, a ";" file of comma amounts is one error naming the flag', async () => {
    for (const [file, encoding] of [['excel-semicolon.csv', undefined], ['excel-semicolon-1252.csv', 'windows-1252']] as const) {
      const err = await readFails([fixture('exports', file)], { encoding });
      assert.equal(err.code, 'input');
      assert.match(err.message, new RegExp(`${file}:2: price is "12,99": the amounts in this ";"-separated file are written with a decimal comma.*Run again with --decimal-comma`));
    }
  });

  test('only when every amount looks so: one plain amount and the rows are checked one by one', async () => {
    const { records } = await readAll([temp('mixed-comma.csv', 'sku;title;price\nA;A;12,99\nB;B;13.50\n')]);
    assert.deepEqual(records.map((r) => r.issues.map((i) => i.code)), [['price.decimal_comma'], []]);
    assert.match(records[0]!.issues[0]!.expected, /write 12\.50, not 12,50 \(or read the file with --decimal-comma,/, 'the row-by-row error names the flag too');
  });

  test('with --decimal-comma, "1.299" is read as 1299 and said once per column (a typed decimal point would be 1.299)', async () => {
    const file = temp('dots.csv', 'handle;title;sku;price;weight;weight_unit\nh1;T;S1;1.299;1.000;kg\nh2;T;S2;12,99;0,5;kg\nh3;T;S3;1.500;2.000;kg\n');
    const { records } = await readAll([file], { decimalComma: true });
    assert.deepEqual(records.map((r) => [String(r.product!.variants[0]!.price), String(r.product!.variants[0]!.weight)]), [['1299.00', '1000'], ['12.99', '0.5'], ['1500.00', '2000']]);
    const said = records.flatMap((r) => r.warnings).filter((w) => w.code === 'cell.thousands_dot');
    assert.deepEqual(said.map((w) => [w.place, w.field]), [[`${file}:2`, 'price'], [`${file}:2`, 'weight']]);
  });

  test('a "," file is never read as decimal commas', async () => {
    const { records } = await readAll([temp('comma-file.csv', 'sku,title,price\nA,A,"12,99"\n')]);
    assert.deepEqual(records[0]!.issues.map((i) => i.code), ['price.decimal_comma']);
  });

  test('with --decimal-comma, text columns keep their commas (tags still split on ",")', async () => {
    const { records } = await readAll([temp('dc-text.csv', 'sku;title;price;tags;weight;weight_unit\nA;Cup, white;1.299,00;küche, kaffee;0,18;kg\n')], { decimalComma: true });
    const p = records[0]!.product!;
    assert.deepEqual([p.title, p.tags, p.variants[0]!.price, p.variants[0]!.weight], ['Cup, white', ['küche', 'kaffee'], '1299.00', '0.18']);
  });

  test('Windows-1252 without --encoding: the message names the flag', async () => {
    const err = await readFails([fixture('exports', 'excel-semicolon-1252.csv')]);
    assert.match(err.message, /not UTF-8 text .*Re-run with --encoding windows-1252/);
  });

  test('the not-UTF-8 message shows the line as Windows-1252 reads it: € “ ” – included', async () => {
    const file = temp('cp1252.csv', Buffer.from('title,sku,price\nCr\xe8me \x93Deluxe\x94 \x96 5 \x80,S1,5.00\n', 'latin1'));
    const err = await readFails([file]);
    assert.match(err.message, /read as Windows-1252 the line is "Crème “Deluxe” – 5 €,S1,5\.00"/);
  });
});

describe('JSON from other systems', () => {
  const product = (sku: string) => ({ sku, title: sku, price: '1.00' });

  test('products under the only array of objects at the top, with a notice; places point into it', async () => {
    const notices: string[] = [];
    const file = temp('items.json', JSON.stringify({ meta: { total: 2 }, tags: ['x'], items: [product('A'), { sku: 'B', title: 'B', price: 'x' }], links: {} }));
    const { records } = await readAll([file], { onNotice: (m) => notices.push(m) });
    assert.deepEqual(records.map((r) => r.key), ['A', 'B']);
    assert.equal(records[1]!.issues[0]!.place, `${file}#/items/1/price`);
    assert.deepEqual(notices, [`${file}: the products are the array "items", the only array of objects at the top (--json-path names another)`]);
  });

  test('several arrays of objects: --json-path names one; without it, one error listing them', async () => {
    const file = temp('jsonapi.json', JSON.stringify({ data: [product('A')], included: [{ type: 'brand' }] }));
    const err = await readFails([file]);
    assert.match(err.message, /several arrays of objects at the top \("data", "included"\): name the one that holds the products with --json-path, like --json-path data/);
    const { records } = await readAll([file], { jsonPath: 'data' });
    assert.deepEqual(records.map((r) => r.key), ['A']);
    assert.match((await readFails([file], { jsonPath: 'products' })).message, /no "products" array at the top \(--json-path products\); the arrays there are "data", "included"/);
  });

  test('"products" wins over other arrays, as before', async () => {
    const { records } = await readAll([temp('products-first.json', JSON.stringify({ data: [product('X')], products: [product('A')] }))]);
    assert.deepEqual(records.map((r) => r.key), ['A']);
  });

  test('images as {src} like {url}; "alt": null is no alt text', async () => {
    const file = temp('src.json', JSON.stringify([{ ...product('A'), images: [{ src: 'https://x.example/1.jpg', alt: null }, { url: 'https://x.example/2.jpg', alt: 'Side' }] }]));
    const { records } = await readAll([file]);
    assert.deepEqual(records[0]!.product!.images, [{ url: 'https://x.example/1.jpg' }, { url: 'https://x.example/2.jpg', alt: 'Side' }]);
  });

  const NUMBERS: [number | string, string, string | RegExp][] = [
    [19.9, 'USD', '19.90'], [5, 'USD', '5.00'], [0.1, 'USD', '0.10'], ['19.899999999999999', 'USD', '19.90'], [1500, 'JPY', '1500'], [1.005, 'KWD', '1.005'],
    ['0.30000000000000004', 'USD', /this JSON number has more decimals than USD has, as a binary fraction does \(0\.1 \+ 0\.2 = 0\.30000000000000004\)/],
    [5.5, 'JPY', /^a whole amount of JPY \(no decimals\), like 1500$/],
  ];
  for (const [price, currency, want] of NUMBERS) {
    test(`price ${price} (a JSON number) in ${currency} → ${want}`, async () => {
      const text = `[{"sku": "A", "title": "A", "currency": "${currency}", "price": ${price}}]`;
      const { records } = await readAll([temp(`number-${price}-${currency}.json`, text)]);
      if (typeof want === 'string') assert.equal(records[0]!.product?.variants[0]!.price, want, JSON.stringify(records[0]!.issues));
      else assert.match(records[0]!.issues[0]!.expected, want);
    });
  }

  test('the wrapped fixture reads its wrapper and images without a map (names need one)', async () => {
    const data = JSON.parse(readFileSync(fixture('exports', 'wrapped.json'), 'utf8')) as { data: unknown[] };
    const { records } = await readAll([fixture('exports', 'wrapped.json')]);
    assert.equal(records.length, data.data.length);
    assert.ok(records.every((r) => r.issues.some((i) => i.code === 'title.required')));
  });
});
