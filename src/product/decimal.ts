// Exact decimal arithmetic on bigint: money and unit conversions never pass through a float,
// so "19.99" stays 1999 cents and "1.1 lb" is exactly 498.951607 g.

/** value = int / 10^scale */
export interface Decimal {
  readonly int: bigint;
  readonly scale: number;
}

const DECIMAL_RE = /^([+-]?)(\d*)(?:\.(\d*))?$/;

/** Parses a plain decimal literal ("12", "-0.5", ".25"). No exponent, no separators. */
export function parseDecimal(text: string): Decimal | undefined {
  const m = DECIMAL_RE.exec(text);
  if (!m) return undefined;
  const [, sign, whole = '', frac = ''] = m;
  if (whole === '' && frac === '') return undefined;
  const int = BigInt((sign === '-' ? '-' : '') + (whole + frac || '0'));
  return { int, scale: frac.length };
}

/** Digits after the point, ignoring trailing zeros ("19.90" → 1). */
export function significantScale(d: Decimal): number {
  let { int, scale } = d;
  while (scale > 0 && int % 10n === 0n) {
    int /= 10n;
    scale--;
  }
  return scale;
}

export function multiply(a: Decimal, b: Decimal): Decimal {
  return { int: a.int * b.int, scale: a.scale + b.scale };
}

/** Divides by 10^places exactly (a unit conversion like g → kg). */
export function shift(a: Decimal, places: number): Decimal {
  return places >= 0 ? { int: a.int, scale: a.scale + places } : { int: a.int * 10n ** BigInt(-places), scale: a.scale };
}

/** Rounds half away from zero to `places` digits. */
export function round(d: Decimal, places: number): Decimal {
  if (d.scale <= places) return { int: d.int * 10n ** BigInt(places - d.scale), scale: places };
  const div = 10n ** BigInt(d.scale - places);
  const neg = d.int < 0n;
  const abs = neg ? -d.int : d.int;
  let q = abs / div;
  if ((abs % div) * 2n >= div) q += 1n;
  return { int: neg ? -q : q, scale: places };
}

/** Exact text, padded to at least `minScale` digits and trimmed of further trailing zeros. */
export function formatDecimal(d: Decimal, minScale = 0): string {
  let { int, scale } = d;
  while (scale > minScale && int % 10n === 0n) {
    int /= 10n;
    scale--;
  }
  if (scale < minScale) {
    int *= 10n ** BigInt(minScale - scale);
    scale = minScale;
  }
  const neg = int < 0n;
  const digits = (neg ? -int : int).toString().padStart(scale + 1, '0');
  const whole = digits.slice(0, digits.length - scale);
  const frac = digits.slice(digits.length - scale);
  return (neg ? '-' : '') + whole + (scale > 0 ? '.' + frac : '');
}

export function compare(a: Decimal, b: Decimal): number {
  const s = Math.max(a.scale, b.scale);
  const x = a.int * 10n ** BigInt(s - a.scale);
  const y = b.int * 10n ** BigInt(s - b.scale);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** A JSON number for APIs that take floats; rounding to `places` first keeps it short and stable. */
export function toNumber(d: Decimal, places: number): number {
  return Number(formatDecimal(round(d, places)));
}
