// --rejects: rejected products back in the input's format, with their errors, ready to fix.
import assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { parse } from 'csv-parse/sync';
import { formatIssue } from '../../src/issues.js';
import { csvCell } from '../../src/csv-text.js';
import { RejectsWriter } from '../../src/output/rejects.js';
import type { ProductRecord } from '../../src/input/types.js';
import { fixture, tempDir } from '../helpers.js';
import { readAll, temp } from '../input/util.js';

const dir = tempDir('cu-rejects-');
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));

/** Reads inputs and writes their invalid products to `name`; returns its path. */
async function writeRejects(inputs: string[], name: string): Promise<{ file: string; rejected: ProductRecord[] }> {
  const file = path.join(dir, name);
  const writer = new RejectsWriter(file);
  const { records } = await readAll(inputs);
  const rejected = records.filter((r) => !r.product);
  for (const r of rejected) writer.add(r, r.issues.map(formatIssue));
  await writer.close();
  return { file, rejected };
}

describe('CSV rejects', () => {
  test('round trip: same columns plus errors; fix a cell and the row is valid', async () => {
    const input = fixture('bad', 'bad-price.csv');
    const { file } = await writeRejects([input], 'bad-price.rejects.csv');
    const rows: string[][] = parse(readFileSync(file));
    assert.deepEqual(rows[0], ['sku', 'title', 'price', 'errors']);
    assert.deepEqual(rows.slice(1).map((r) => r.slice(0, 3)), [['MUG-1', 'Mug', '12.999'], ['MUG-2', 'Mug two', '$12.50']]);
    assert.match(rows[1]![3]!, /bad-price\.csv:2: price: expected an amount like 12\.99/);

    // Still invalid as it is (the errors column is ignored, without a warning)…
    const again = await readAll([file]);
    assert.deepEqual(again.records.map((r) => !!r.product), [false, false]);
    assert.deepEqual(again.warnings, []);
    // …and valid once fixed.
    writeFileSync(file, readFileSync(file, 'utf8').replace('12.999', '12.99').replace('$12.50', '12.50'));
    const fixed = await readAll([file]);
    assert.deepEqual(fixed.records.map((r) => [r.key, !!r.product]), [['MUG-1', true], ['MUG-2', true]]);
  });

  test('a product of several rows goes back whole, each error on its own row', async () => {
    const input = temp('multi.csv', 'handle,title,sku,price,option1_name,option1_value\ntee,Tee,TEE-S,10.00,Size,S\ntee,,TEE-M,ten,,M\nmug,Mug,MUG-1,5.00,,\n');
    const { file } = await writeRejects([input], 'multi.rejects.csv');
    const rows: string[][] = parse(readFileSync(file));
    assert.equal(rows.length, 3);
    assert.deepEqual(rows.map((r) => r[2]), ['sku', 'TEE-S', 'TEE-M']);
    assert.equal(rows[1]![6], '');
    assert.match(rows[2]![6]!, /multi\.csv:3: price/);
  });

  test('quotes what needs quoting and defuses formulas; the reader takes the guard off', async () => {
    assert.equal(csvCell('=HYPERLINK("x")', ','), `"'=HYPERLINK(""x"")"`);
    assert.equal(csvCell('-5', ','), "'-5");
    assert.equal(csvCell('@cmd', ','), "'@cmd");
    assert.equal(csvCell('a,b', ','), '"a,b"');
    assert.equal(csvCell('a,b', '\t'), 'a,b');
    assert.equal(csvCell('two\nlines', ','), '"two\nlines"');
    assert.equal(csvCell(' padded', ','), '" padded"');
    const input = temp('formula.csv', 'sku,title,price,inventory_quantity\n-A,"=1+1",x,-3\n');
    const { file } = await writeRejects([input], 'formula.rejects.csv');
    const text = readFileSync(file, 'utf8');
    assert.match(text, /^'-A,'=1\+1,x,'-3,/m);
    writeFileSync(file, text.replace(',x,', ',1.00,'));
    const p = (await readAll([file])).records[0]!.product!;
    assert.deepEqual([p.variants[0]!.sku, p.title, p.variants[0]!.inventory_quantity], ['-A', '=1+1', -3]);
  });

  test('several inputs with different headers: mapped by column name onto the first header', async () => {
    const a = temp('h1.csv', 'sku,title,price\nA-1,A,x\n');
    const b = temp('h2.csv', 'price,sku,title,brand\ny,B-1,B,Acme\n');
    const { file } = await writeRejects([a, b], 'mixed.rejects.csv');
    const rows: string[][] = parse(readFileSync(file));
    assert.deepEqual(rows.map((r) => r.slice(0, 3)), [['sku', 'title', 'price'], ['A-1', 'A', 'x'], ['B-1', 'B', 'y']]);
    assert.match(rows[2]![3]!, /columns not in this rejects file: brand/);
  });

  test('JSON input, CSV rejects: flattened into columns, readable, fixable', async () => {
    const { file } = await writeRejects([fixture('bad', 'bad-values.json')], 'json-to.rejects.csv');
    const text = readFileSync(file, 'utf8');
    writeFileSync(file, text.replace(',ten,', ',10.00,').replace(',123,', ',,').replace('8.005', '8.00').replace(/,300,(\w*),/, ',300,g,'));
    const { records } = await readAll([file]);
    assert.deepEqual(records.map((r) => [r.key, r.issues.map(formatIssue)]), [['tee', []], ['MUG-1', []]]);
  });
});

describe('JSON and NDJSON rejects', () => {
  test('JSON: {"products": [...]} of the original objects with their errors', async () => {
    const { file } = await writeRejects([fixture('bad', 'bad-values.json')], 'bad-values.rejects.json');
    const out = JSON.parse(readFileSync(file, 'utf8'));
    assert.deepEqual(out.products.map((p: { handle?: string; sku?: string }) => p.handle ?? p.sku), ['tee', 'MUG-1']);
    assert.equal(out.products[1].price, '8.005');
    assert.match(out.products[0].errors[0], /#\/products\/1\/variants\/1\/price/);
    // Fixed and read again: valid (errors is a known key, ignored).
    writeFileSync(file, readFileSync(file, 'utf8').replace('"ten"', '"10.00"').replace('"123"', '"96385074"').replace('"8.005"', '"8.00"').replace('"weight":300', '"weight":300,"weight_unit":"g"'));
    const { records, warnings } = await readAll([file]);
    assert.deepEqual(records.map((r) => r.issues.map(formatIssue)), [[], []]);
    assert.deepEqual(warnings, []);
  });

  test('NDJSON: one object per line with errors; a line that was not JSON goes back as it was', async () => {
    const bad = temp('r.ndjson', '{"sku": "A-1", "title": "A", "price": "x"}\n{oops\n{"sku": "C-1", "title": "C", "price": "1.00"}\n');
    const { file } = await writeRejects([bad], 'r.rejects.ndjson');
    const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
    assert.equal(lines.length, 2);
    assert.equal(JSON.parse(lines[0]!).errors.length, 1);
    assert.equal(lines[1], '{oops');
  });

  test('CSV input, JSON rejects: the nested product built from the rows', async () => {
    const { file } = await writeRejects([fixture('bad', 'conflicting-product-columns.csv')], 'c.rejects.json');
    const out = JSON.parse(readFileSync(file, 'utf8'));
    assert.equal(out.products[0].handle, 'tee');
    assert.equal(out.products[0].variants.length, 2);
    assert.match(out.products[0].errors[0], /title: expected the same value as line 2/);
  });

  test('nothing rejected: an empty file (a JSON one says so)', async () => {
    const csv = path.join(dir, 'none.csv');
    const json = path.join(dir, 'none.json');
    for (const f of [csv, json]) await new RejectsWriter(f).close();
    assert.equal(readFileSync(csv, 'utf8'), '');
    assert.deepEqual(JSON.parse(readFileSync(json, 'utf8')), { products: [] });
    assert.throws(() => new RejectsWriter('/nonexistent-dir/x.csv'), /cannot write/);
  });
});
