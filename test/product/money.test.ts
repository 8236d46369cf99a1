import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compareMoney, isCurrency, isWholeAmount, minorDigits, moneyText, parseMoney, toMinorUnits } from '../../src/product/money.js';

test('amounts keep the currency minor digits, exactly', () => {
  assert.deepEqual(parseMoney('19.9', 'USD'), { ok: true, value: '19.90' });
  assert.deepEqual(parseMoney('19.90', 'USD'), { ok: true, value: '19.90' });
  assert.deepEqual(parseMoney(' 0019.9 ', 'USD'), { ok: true, value: '19.90' });
  assert.deepEqual(parseMoney('1500', 'JPY'), { ok: true, value: '1500' });
  assert.deepEqual(parseMoney('1500.00', 'JPY'), { ok: true, value: '1500' });
  assert.deepEqual(parseMoney('1.234', 'KWD'), { ok: true, value: '1.234' });
  assert.deepEqual(parseMoney('5', 'KWD'), { ok: true, value: '5.000' });
  assert.deepEqual(parseMoney('0.5', 'EUR'), { ok: true, value: '0.50' });
  assert.deepEqual(parseMoney('.5', 'EUR'), { ok: true, value: '0.50' });
  assert.deepEqual(parseMoney('5.', 'EUR'), { ok: true, value: '5.00' });
  assert.deepEqual(parseMoney('+5', 'EUR'), { ok: true, value: '5.00' });
  // Beyond a double's precision: still exact.
  assert.deepEqual(parseMoney('90071992547409931.01', 'USD'), { ok: true, value: '90071992547409931.01' });
});

test('too many decimals, symbols, separators and negatives are refused with the currency in the message', () => {
  for (const bad of ['12.999', '$12.50', '1,299.00', '12,50', '-1.00', '', 'abc', '1e3']) {
    const r = parseMoney(bad, 'USD');
    assert.equal(r.ok, false, bad);
    if (!r.ok) assert.match(r.expected, /USD has 2 minor digits/);
  }
  const jpy = parseMoney('15.5', 'JPY');
  assert.equal(jpy.ok, false);
  if (!jpy.ok) assert.match(jpy.expected, /whole amount of JPY/);
  assert.equal(moneyText('1.2345', 'KWD'), undefined);
});

test('minor units are exact integers, never through a float', () => {
  assert.equal(toMinorUnits('19.99', 'USD'), 1999);
  assert.equal(toMinorUnits('0.29', 'USD'), 29); // 0.29 * 100 is 28.999999999999996 in floats
  assert.equal(toMinorUnits('1.005', 'KWD'), 1005);
  assert.equal(toMinorUnits('1500', 'JPY'), 1500);
  assert.equal(toMinorUnits('4.10', 'EUR'), 410);
  assert.throws(() => toMinorUnits('90071992547409.93', 'USD'), RangeError);
});

test('currencies and their digits', () => {
  assert.equal(minorDigits('USD'), 2);
  assert.equal(minorDigits('JPY'), 0);
  assert.equal(minorDigits('BHD'), 3);
  assert.equal(isCurrency('EUR'), true);
  assert.equal(isCurrency('XYZ'), false);
  assert.equal(isWholeAmount('20.00'), true);
  assert.equal(isWholeAmount('20.50'), false);
});

test('canonical amounts compare as amounts', () => {
  assert.equal(compareMoney('9.99', '10.00'), -1);
  assert.equal(compareMoney('24.90', '19.90'), 1);
  assert.equal(compareMoney('19.90', '19.90'), 0);
  assert.equal(compareMoney('100.00', '99.99'), 1);
});

test('a decimal comma gets its own advice', async () => {
  const { parseProduct } = await import('../../src/product/parse.js');
  for (const price of ['12,50', '1.299,00']) {
    const r = parseProduct({ title: 'T', sku: 'S', price }, { defaultCurrency: 'EUR' });
    assert.equal(r.ok, false);
    if (!r.ok) assert.match(r.issues[0]!.expected, /decimal comma: write 12\.50, not 12,50/);
  }
  const r = parseProduct({ title: 'T', sku: 'S', price: '1,299.00' }, { defaultCurrency: 'USD' });
  if (r.ok) assert.fail('accepted a thousands separator');
  assert.doesNotMatch(r.issues[0]!.expected, /decimal comma/);
});
