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

/**
 * Parses a price: a plain non-negative decimal with at most the currency's minor digits.
 * Returns the canonical string ("19.9" → "19.90" in USD).
 */
export function parseMoney(raw: string, currency: string): MoneyResult {
  const digits = minorDigits(currency);
  const expected = digits === 0
    ? `a whole amount of ${currency} (no decimals), like 1500`
    : `an amount like ${'12.' + '9'.repeat(digits)} (${currency} has ${digits} minor digits; no currency symbol or thousands separator)`;
  const d = parseDecimal(raw.trim());
  if (!d || d.int < 0n) return { ok: false, expected };
  if (significantScale(d) > digits) return { ok: false, expected };
  return { ok: true, value: formatDecimal(d, digits) };
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
