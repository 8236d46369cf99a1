// Money as exact decimal strings with the currency's own minor digits (JPY 0, USD 2, KWD 3).
import { type Decimal, formatDecimal, parseDecimal, significantScale } from './decimal.js';

// ISO 4217 exponents that are not 2. Everything else Intl knows has 2.
const MINOR_DIGITS: Record<string, number> = {
  BIF: 0, CLP: 0, DJF: 0, GNF: 0, ISK: 0, JPY: 0, KMF: 0, KRW: 0, PYG: 0, RWF: 0, UGX: 0,
  UYI: 0, VND: 0, VUV: 0, XAF: 0, XOF: 0, XPF: 0,
  BHD: 3, IQD: 3, JOD: 3, KWD: 3, LYD: 3, OMR: 3, TND: 3,
  CLF: 4, UYW: 4,
};

let known: Set<string> | undefined;

export function isCurrency(code: string): boolean {
  known ??= new Set(Intl.supportedValuesOf('currency'));
  return known.has(code);
}

export function minorDigits(currency: string): number {
  return MINOR_DIGITS[currency] ?? 2;
}

export type MoneyResult = { ok: true; value: string } | { ok: false; expected: string };

const expectations = new Map<string, string>();

/** What a bad amount of this currency should have looked like. */
export function moneyExpected(currency: string): string {
  let e = expectations.get(currency);
  if (e === undefined) {
    const digits = minorDigits(currency);
    e = digits === 0
      ? `a whole amount of ${currency} (no decimals), like 1500`
      : `an amount like ${'12.' + '9'.repeat(digits)} (${currency} has ${digits} minor digits; no currency symbol or thousands separator)`;
    expectations.set(currency, e);
  }
  return e;
}

/**
 * The canonical amount ("19.9" → "19.90" in USD), or undefined when it is not one. Plain amounts
 * ("19.9", "0019.90", "1500") are handled on the string, the common case; anything else (signs,
 * ".5", "5.", very long numbers) takes the exact bigint path. Both give the same text.
 */
export function moneyText(raw: string, currency: string): string | undefined {
  const digits = minorDigits(currency);
  const text = raw.trim();
  const simple = plainAmount(text, digits);
  if (simple !== undefined) return simple === null ? undefined : simple;
  const d = parseDecimal(text);
  if (!d || d.int < 0n) return undefined;
  if (significantScale(d) > digits) return undefined;
  return formatDecimal(d, digits);
}

/**
 * Parses a price: a plain non-negative decimal with at most the currency's minor digits.
 * Returns the canonical string ("19.9" → "19.90" in USD).
 */
export function parseMoney(raw: string, currency: string): MoneyResult {
  const value = moneyText(raw, currency);
  return value === undefined ? { ok: false, expected: moneyExpected(currency) } : { ok: true, value };
}

/** Canonical text of a plain amount; null when it has too many decimals; undefined: not plain. */
function plainAmount(s: string, digits: number): string | null | undefined {
  const len = s.length;
  let dot = -1;
  for (let i = 0; i < len; i++) {
    const c = s.charCodeAt(i);
    if (c === 46 && dot < 0) dot = i;
    else if (c < 48 || c > 57) return undefined;
  }
  const wholeEnd = dot < 0 ? len : dot;
  if (wholeEnd === 0 || wholeEnd > 15 || dot === len - 1) return undefined;
  let start = 0;
  while (start < wholeEnd - 1 && s.charCodeAt(start) === 48) start++;
  let fracEnd = len;
  if (dot >= 0) while (fracEnd > dot + 1 && s.charCodeAt(fracEnd - 1) === 48) fracEnd--;
  const fracLen = dot < 0 ? 0 : fracEnd - dot - 1;
  if (fracLen > digits) return null;
  // Already canonical ("19.90" in USD): the text itself.
  if (start === 0 && fracLen === digits && fracEnd === len && (digits > 0 || dot < 0)) return s;
  const whole = start === 0 && wholeEnd === len ? s : s.slice(start, wholeEnd);
  if (digits === 0) return whole;
  return whole + '.' + (fracLen === 0 ? '' : s.slice(dot + 1, fracEnd)) + ZEROS.slice(0, digits - fracLen);
}

const ZEROS = '0000000000';

/**
 * Compares two canonical amounts of one currency (as parseMoney returns them): the same number
 * of decimals and no leading zeros, so the longer is larger and equal lengths compare as text.
 */
export function compareMoney(a: string, b: string): number {
  if (a.length !== b.length) return a.length < b.length ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Integer minor units (cents) from a canonical money string. Throws past 2^53: callers check. */
export function toMinorUnits(value: string, currency: string): number {
  const d = parseDecimal(value) as Decimal;
  const digits = minorDigits(currency);
  const cents = d.int * 10n ** BigInt(digits - d.scale);
  if (cents > BigInt(Number.MAX_SAFE_INTEGER)) throw new RangeError(`amount ${value} is too large`);
  return Number(cents);
}

/** True when the amount has no fractional part ("20.00"). */
export function isWholeAmount(value: string): boolean {
  const d = parseDecimal(value) as Decimal;
  return significantScale(d) === 0;
}
