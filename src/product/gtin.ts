// GTIN (EAN-8, UPC-A, EAN-13, GTIN-14) check digits, plus the damage spreadsheets do to them.

/** GS1 mod-10: weights 3,1,3,1… from the rightmost digit before the check digit. */
export function gtinCheckDigit(body: string): number {
  let sum = 0;
  for (let i = body.length - 1, w = 3; i >= 0; i--, w = 4 - w) sum += (body.charCodeAt(i) - 48) * w;
  return (10 - (sum % 10)) % 10;
}

/** "4.00638E+12": what Excel shows (and saves) for a long number. The digits are gone. */
export const SCIENTIFIC_RE = /^[+-]?\d+(?:[.,]\d+)?[eE][+-]?\d+$/;

export type GtinResult = { ok: true; value: string } | { ok: false; expected: string; reason: string };

/** True when `code` is 8, 12, 13 or 14 digits with a right check digit (no allocation). */
export function isValidGtin(code: string): boolean {
  const n = code.length;
  if (n !== 8 && n !== 12 && n !== 13 && n !== 14) return false;
  let sum = 0;
  for (let i = n - 2, w = 3; i >= 0; i--, w = 4 - w) {
    const d = code.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return false;
    sum += d * w;
  }
  return (10 - (sum % 10)) % 10 === code.charCodeAt(n - 1) - 48;
}

/** Digits in groups: "978-3-16-148410-0", "4 006381 333931". */
const SEPARATED_RE = /^\d+(?:[- ]\d+)+$/;

export function checkGtin(raw: string): GtinResult {
  const trimmed = raw.trim();
  if (isValidGtin(trimmed)) return { ok: true, value: trimmed };
  // ISBNs and EANs are often written with hyphens or spaces (WooCommerce's GTIN field takes
  // them): the code is the digits, and the check digit is checked on those.
  const code = SEPARATED_RE.test(trimmed) ? trimmed.replace(/[- ]/g, '') : trimmed;
  if (code !== trimmed && isValidGtin(code)) return { ok: true, value: code };
  if (SCIENTIFIC_RE.test(code)) {
    return { ok: false, reason: 'scientific_notation', expected: 'the full GTIN digits; a spreadsheet turned this one into scientific notation and lost digits: format the column as Text and re-enter the codes' };
  }
  if (!/^\d+$/.test(code)) return { ok: false, reason: 'invalid', expected: 'a GTIN of 8, 12, 13 or 14 digits' };
  if (isValidGtin(code)) return { ok: true, value: code };
  // A spreadsheet drops leading zeros: 11 digits that become a valid UPC-A with one zero back.
  // One or two zeros only: "123" is not a GTIN-8 that lost five.
  for (const len of [8, 12, 13, 14]) {
    if (code.length < len && len - code.length <= 2) {
      const padded = code.padStart(len, '0');
      if (isValidGtin(padded)) {
        return { ok: false, reason: 'leading_zero', expected: `a GTIN of 8, 12, 13 or 14 digits; this looks like ${padded} with its leading zero(s) lost to a spreadsheet: format the column as Text` };
      }
    }
  }
  if (![8, 12, 13, 14].includes(code.length)) return { ok: false, reason: 'length', expected: 'a GTIN of 8, 12, 13 or 14 digits' };
  return { ok: false, reason: 'check_digit', expected: `a GTIN with a valid check digit (the last digit should be ${gtinCheckDigit(code.slice(0, -1))})` };
}
