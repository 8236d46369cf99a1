// The export fixtures against their hand-checked expected files (the oracle): every product, in
// the normalised shape, and the columns listed as not uploaded. Then the layout is recognised
// only where it should be.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { checkMap } from '../../src/input/colmap.js';
import { guessCsv, guessJson } from '../../src/input/guess.js';
import type { ReadOptions } from '../../src/input/types.js';
import { fixture } from '../helpers.js';
import { readAll, readFails, temp } from './util.js';

const DIR = fixture('exports');

interface Expected {
  layout: string;
  products: { handle: string }[];
  ignored_columns?: string[];
}

/** How each fixture is read: its expected file's command, as options. */
const OPTIONS: Record<string, Partial<ReadOptions>> = {
  'excel-semicolon.csv': { decimalComma: true },
  'excel-semicolon-1252.csv': { decimalComma: true, encoding: 'windows-1252' },
};

/** The fixtures that need a map: the one `map` writes for them. */
async function mapFor(file: string): Promise<ReadOptions['map']> {
  if (file.endsWith('.json')) {
    const data = (JSON.parse(readFileSync(path.join(DIR, file), 'utf8')) as { data: unknown[] }).data;
    return checkMap(guessJson(data), 'guess');
  }
  const header = readFileSync(path.join(DIR, file), 'utf8').split('\n')[0]!.split(',');
  return checkMap(guessCsv(header), 'guess');
}

const fixtures = readdirSync(DIR).filter((f) => /\.(csv|json)$/.test(f) && !f.endsWith('.expected.json'));

describe('export fixtures: every product exactly as the expected file has it', () => {
  test('there are fixtures of each layout', () => assert.deepEqual(fixtures.length, 7));
  for (const file of fixtures) {
    test(file, async () => {
      const expected = JSON.parse(readFileSync(path.join(DIR, file.replace(/\.(csv|json)$/, '.expected.json')), 'utf8')) as Expected;
      const notices: string[] = [];
      const needsMap = file === 'wrapped.json' || file === 'synonyms.csv';
      const opts: Partial<ReadOptions> = { ...OPTIONS[file], onNotice: (m) => notices.push(m), ...(needsMap && { map: await mapFor(file) }) };
      const { records, warnings } = await readAll([path.join(DIR, file)], opts);
      assert.deepEqual(records.filter((r) => !r.product).map((r) => r.issues), [], 'every product valid');
      assert.deepEqual(records.flatMap((r) => r.warnings).filter((w) => w.code !== 'column.unknown'), [], 'no warnings');
      assert.deepEqual(warnings, [], 'no unknown column');
      const got = new Map(records.map((r) => [r.product!.handle, JSON.parse(JSON.stringify(r.product))]));
      assert.equal(got.size, expected.products.length);
      for (const p of expected.products) assert.deepEqual(got.get(p.handle), p, p.handle);
      if (expected.ignored_columns) {
        const listed = notices.find((n) => n.includes('not uploaded'))!;
        const names = listed.slice(listed.indexOf(': ', listed.indexOf('not uploaded')) + 2).split(', ');
        assert.deepEqual([...names].sort(), [...expected.ignored_columns].sort());
      }
      if (expected.layout === 'shopify' || expected.layout === 'woocommerce') assert.match(notices[0]!, new RegExp(`read as a ${expected.layout === 'shopify' ? 'Shopify' : 'WooCommerce'} product export`));
    });
  }
});

describe('which layout a header is', () => {
  const shopify = 'Handle,Title,Variant SKU,Variant Price\ntee,Tee,T-1,10.00\n';
  const woo = 'ID,Type,SKU,Name,Published,Regular price\n1,simple,S-1,Mug,1,5\n';
  const CASES: [string, string, Partial<ReadOptions>, RegExp | undefined][] = [
    ['Shopify classic', shopify, {}, /read as a Shopify product export \(classic header\), recognised from its header/],
    ['Shopify 2025', 'Title,URL handle,SKU,Price,Inventory quantity,Continue selling when out of stock\nTee,tee,T-1,10.00,3,DENY\n', {}, /Shopify product export \(2025 header\)/],
    ['WooCommerce', woo, {}, /read as a WooCommerce product export/],
    ['unified columns: no line', 'handle,title,sku,price\ntee,Tee,T-1,10.00\n', {}, undefined],
    ['Handle + Variant Price alone is too little to be sure', 'Handle,Variant Price,title,sku,price\ntee,1,Tee,T-1,10.00\n', {}, undefined],
    ['--from forces it', 'Handle,Title,Variant SKU,Variant Price,Body (HTML)\ntee,Tee,T-1,10.00,\n', { from: 'shopify' }, /Shopify product export \(classic header\), as --from says/],
  ];
  for (const [name, text, opts, notice] of CASES) {
    test(name, async () => {
      const notices: string[] = [];
      const { records } = await readAll([temp(`layout-${name.replace(/\W+/g, '-')}.csv`, text)], { ...opts, onNotice: (m) => notices.push(m) });
      assert.ok(records.every((r) => r.product), JSON.stringify(records.map((r) => r.issues)));
      if (notice) assert.match(notices[0] ?? '', notice);
      else assert.deepEqual(notices, []);
    });
  }

  test('a platform header that also has unified names asks for --from', async () => {
    const err = await readFails([temp('ambiguous.csv', 'Handle,Title,Variant SKU,Variant Price,price\ntee,Tee,T-1,10.00,9\n')]);
    assert.match(err.message, /looks like a Shopify product export but also has unified columns \(price\): say how to read it with --from shopify or --from unified/);
  });

  test('--from unified reads a Shopify header as unified columns', async () => {
    const notices: string[] = [];
    const { records } = await readAll([temp('forced-unified.csv', shopify)], { from: 'unified', onNotice: (m) => notices.push(m) });
    assert.deepEqual(notices, []);
    assert.deepEqual(records[0]!.issues.map((i) => i.expected), ['a value (this field is required); the file has no "sku" column', 'a value (this field is required); the file has no "price" column']);
  });

  test('a header of synonyms only is one error that says to write a map', async () => {
    const err = await readFails([path.join(DIR, 'synonyms.csv')]);
    assert.equal(err.code, 'input');
    assert.match(err.message, /synonyms\.csv:1: none of the columns .* catalog-upload map .*synonyms\.csv > synonyms\.map\.json, then add --map synonyms\.map\.json/);
  });
});
