import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compare, formatDecimal, multiply, parseDecimal, round, shift, significantScale, toNumber } from '../../src/product/decimal.js';

const d = (s: string) => parseDecimal(s)!;

test('parses plain decimals only', () => {
  assert.deepEqual(parseDecimal('12.50'), { int: 1250n, scale: 2 });
  assert.deepEqual(parseDecimal('-0.5'), { int: -5n, scale: 1 });
  assert.deepEqual(parseDecimal('.25'), { int: 25n, scale: 2 });
  for (const bad of ['', '.', '1e5', '1,5', ' 1', 'abc']) assert.equal(parseDecimal(bad), undefined, bad);
});

test('formats with a minimum scale and trims the rest', () => {
  assert.equal(formatDecimal(d('19.900')), '19.9');
  assert.equal(formatDecimal(d('19.9'), 2), '19.90');
  assert.equal(formatDecimal(d('0.05')), '0.05');
  assert.equal(formatDecimal(d('-0.05')), '-0.05');
  assert.equal(formatDecimal(d('120')), '120');
  assert.equal(significantScale(d('19.90')), 1);
});

test('arithmetic is exact', () => {
  assert.equal(formatDecimal(multiply(d('0.1'), d('0.2'))), '0.02');
  assert.equal(formatDecimal(shift(d('1234'), 3)), '1.234');
  assert.equal(formatDecimal(shift(d('1.5'), -2)), '150');
  assert.equal(compare(d('1.10'), d('1.1')), 0);
  assert.equal(compare(d('2'), d('10')), -1);
});

test('rounds half away from zero', () => {
  assert.equal(formatDecimal(round(d('2.345'), 2)), '2.35');
  assert.equal(formatDecimal(round(d('-2.345'), 2)), '-2.35');
  assert.equal(formatDecimal(round(d('2.344'), 2)), '2.34');
  assert.equal(formatDecimal(round(d('2.5'), 0)), '3');
  assert.equal(toNumber(d('498.951607'), 3), 498.952);
});
