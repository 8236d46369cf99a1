import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatDecimal } from '../../src/product/decimal.js';
import { toGrams, toKilograms, toMillimetres } from '../../src/product/units.js';

test('weights convert with the exact definitions (1 lb = 453.59237 g, 1 oz = 28.349523125 g)', () => {
  assert.equal(formatDecimal(toGrams('1', 'lb')), '453.59237');
  assert.equal(formatDecimal(toGrams('1.1', 'lb')), '498.951607');
  assert.equal(formatDecimal(toGrams('15.5', 'oz')), '439.4176084375');
  assert.equal(formatDecimal(toGrams('16', 'oz')), '453.59237');
  assert.equal(formatDecimal(toGrams('0.21', 'kg')), '210');
  assert.equal(formatDecimal(toKilograms('6.2', 'lb')), '2.812272694');
  assert.equal(formatDecimal(toKilograms('180', 'g')), '0.18');
});

test('lengths convert exactly (1 in = 25.4 mm)', () => {
  assert.equal(formatDecimal(toMillimetres('1', 'in')), '25.4');
  assert.equal(formatDecimal(toMillimetres('5.5', 'in')), '139.7');
  assert.equal(formatDecimal(toMillimetres('32', 'cm')), '320');
  assert.equal(formatDecimal(toMillimetres('0.3', 'm')), '300');
});

test('a measure written with a decimal comma is its own problem, saying so (a table of cells)', async () => {
  const { decimal } = await import('../../src/product/cells.js');
  const weight = decimal('a weight');
  const reason = (v: string) => {
    const r = weight.parse(v) as unknown;
    return typeof r === 'string' ? 'ok' : (r as { reason?: string }).reason ?? 'invalid';
  };
  const table: [string, string][] = [['0.35', 'ok'], ['0,35', 'decimal_comma'], ['1.250,5', 'decimal_comma'], ['12,5', 'decimal_comma'], ['abc', 'invalid'], ['1,2,3', 'invalid']];
  assert.deepEqual(table.map(([v]) => [v, reason(v)]), table);
});
