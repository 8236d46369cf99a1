// Column names: the typo distance, and the did-you-mean of unknown columns, tried on typos of
// every column generated from the column list (issue 8 §6).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { KNOWN_COLUMNS, resolveColumn, suggestColumn } from '../../src/input/columns.js';
import { normalizeName, typoDistance } from '../../src/input/names.js';
import { SYNONYMS } from '../../src/input/synonyms.js';

describe('typo distance', () => {
  const CASES: [string, string, number][] = [
    ['price', 'price', 0], ['prcie', 'price', 1], ['prise', 'price', 1], ['pric', 'price', 1], ['priice', 'price', 1],
    ['ab', 'ba', 1], ['abc', 'ca', 3], ['', 'abc', 3], ['weigth', 'weight', 1], ['kitten', 'sitting', 3],
  ];
  for (const [a, b, d] of CASES) test(`${a} ↔ ${b}: ${d}`, () => assert.equal(typoDistance(a, b), d));

  test('normalised names: case, spaces, _ and -, punctuation; a trailing (unit) apart', () => {
    assert.deepEqual(normalizeName('  Compare-At_Price '), { name: 'compare at price' });
    assert.deepEqual(normalizeName('Weight (kg)'), { name: 'weight', unit: 'kg' });
    assert.deepEqual(normalizeName('GTIN, UPC, EAN, or ISBN'), { name: 'gtin upc ean or isbn' });
  });
});

describe('did you mean', () => {
  test('the cases of the issue: prcie, Images, Variant SKU', () => {
    assert.equal(suggestColumn('prcie'), 'price');
    assert.equal(suggestColumn('Images'), 'image_urls');
    assert.equal(suggestColumn('Variant SKU'), 'sku');
  });

  test('synonyms point to their column; nothing close, no suggestion', () => {
    assert.equal(suggestColumn('Product Name'), 'title');
    assert.equal(suggestColumn('Qty'), 'inventory_quantity');
    assert.equal(suggestColumn('RRP'), 'compare_at_price');
    assert.equal(suggestColumn('colour'), undefined);
    assert.equal(suggestColumn('created_at'), undefined);
    assert.equal(suggestColumn('ID'), undefined);
  });

  test('every synonym names a unified column', () => {
    for (const column of Object.keys(SYNONYMS)) assert.ok(KNOWN_COLUMNS.includes(column), column);
  });

  /** One typo of each kind, at letters (not digits: option2_value is a column of its own). */
  function typos(name: string): string[] {
    const letters = [...name].map((c, i) => (/[a-z]/.test(c) ? i : -1)).filter((i) => i >= 0);
    const mid = letters[Math.floor(letters.length / 2)]!;
    const next = letters.find((i) => i > mid && i === mid + 1);
    const out = [
      name.slice(0, mid) + name.slice(mid + 1), // a letter left out
      name.slice(0, mid) + name[mid] + name.slice(mid), // a letter twice
      name.slice(0, mid) + (name[mid] === 'x' ? 'q' : 'x') + name.slice(mid + 1), // a wrong letter
      name.toUpperCase().replaceAll('_', ' '), // spelled differently, not a typo
    ];
    if (next !== undefined && name[mid] !== name[next]) out.push(name.slice(0, mid) + name[next] + name[mid] + name.slice(next + 1)); // two letters swapped
    return out;
  }

  test('a typo of any column suggests that column (or is that column already)', () => {
    let tried = 0;
    for (const column of KNOWN_COLUMNS) {
      for (const typo of typos(column)) {
        const resolved = resolveColumn(typo);
        if (resolved.kind !== 'unknown') {
          // Spelling variants are the column itself, not typos.
          assert.equal(typo.toLowerCase().replaceAll(' ', '_'), column, `${typo} resolves to another column`);
          continue;
        }
        tried++;
        assert.equal(suggestColumn(typo), column, `${typo} (a typo of ${column})`);
      }
    }
    assert.ok(tried > KNOWN_COLUMNS.length * 3, `tried ${tried}`);
  });
});
