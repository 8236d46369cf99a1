import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkGtin, gtinCheckDigit, isValidGtin } from '../../src/product/gtin.js';

test('check digits of every GTIN length', () => {
  assert.equal(gtinCheckDigit('590123412345'), 7);
  assert.equal(isValidGtin('5901234123457'), true); // EAN-13
  assert.equal(isValidGtin('012345678905'), true); // UPC-A
  assert.equal(isValidGtin('96385074'), true); // EAN-8
  assert.equal(isValidGtin('00012345678905'), true); // GTIN-14
  assert.equal(isValidGtin('5901234123458'), false);
  assert.equal(isValidGtin('12345'), false);
  const cases: [string, boolean][] = [['59012341234x7', false], ['x901234123457', false], ['', false], ['5901234123457 ', false], ['1234567', false], ['123456789012345', false]];
  for (const [code, valid] of cases) assert.equal(isValidGtin(code), valid, JSON.stringify(code));
});

test('says what is wrong and what to do', () => {
  assert.deepEqual(checkGtin(' 5901234123457 '), { ok: true, value: '5901234123457' });
  const wrong = checkGtin('5901234123458');
  assert.equal(wrong.ok, false);
  if (!wrong.ok) assert.match(wrong.expected, /last digit should be 7/);
  const lostZero = checkGtin('12345678905');
  if (lostZero.ok) assert.fail('accepted a GTIN without its leading zero');
  assert.match(lostZero.expected, /012345678905 with its leading zero\(s\) lost/);
  assert.match(lostZero.expected, /format the column as Text/);
  const scientific = checkGtin('5.90123E+12');
  if (scientific.ok) assert.fail('accepted scientific notation');
  assert.match(scientific.expected, /scientific notation/);
  const short = checkGtin('123');
  if (short.ok) assert.fail('accepted 123');
  assert.equal(short.expected, 'a GTIN of 8, 12, 13 or 14 digits');
});

test('hyphens and spaces between digit groups are separators: the code is its digits, checked as such', () => {
  const table: [string, string | false][] = [
    ['978-3-16-148410-0', '9783161484100'],
    ['4 006381 333931', '4006381333931'],
    ['978-3-16-148410-1', false],
    ['978--3-16-148410-0', false],
    ['-9783161484100', false],
  ];
  for (const [raw, want] of table) {
    const r = checkGtin(raw);
    assert.deepEqual(r.ok ? r.value : false, want, raw);
  }
});
