// The value types of catalog fields. Each accepts what a CSV cell (a string) or a JSON value can
// hold, normalises it, and on failure says what was expected and why (a stable reason). A type
// also says, as a JSON Schema fragment, what a JSON file may hold there: the field table
// (fields.ts) gives both to the zod schema, the fast path and `schema --json-schema`.
import { Expected } from './expected.js';
import { checkGtin, isValidGtin, SCIENTIFIC_RE } from './gtin.js';
import { isCurrency, minorDigits, moneyExpected, moneyText } from './money.js';
import { parseDecimal, significantScale } from './decimal.js';

export { Expected };

/** A cell parser: the normalised value, or what was expected instead. */
export type Parse<T> = (value: unknown) => T | Expected;

export type JsonFragment = Record<string, unknown>;

/** A field's value type: its parser (per currency for money) and what JSON may hold. */
export interface CellType<T> {
  parse: Parse<T>;
  json: JsonFragment;
  /** Money: the parser depends on the product's currency; `parse` is the USD one. */
  forCurrency?: (currency: string) => Parse<T>;
  /** A decimal amount or measure: what `--decimal-comma` rewrites ("12,99" → "12.99"). */
  decimal?: true;
}

const fail = (expected: string, reason?: string) => new Expected(expected, reason);

/** Text from a cell or JSON scalar; numbers are accepted (JSON) and kept as their literal text. */
export function asText(value: unknown): string | undefined {
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

export function text(max = 10_000): CellType<string> {
  const tooLong = fail(`text of at most ${max} characters`, 'too_long');
  const notText = fail('text');
  const parse: Parse<string> = (v) => {
    const s = asText(v);
    if (s === undefined || s === '') return notText;
    return s.length > max ? tooLong : s;
  };
  return { parse, json: { type: 'string', maxLength: max } };
}

const EXPONENT_RE = /e\+/i;

/** Scientific notation starts with a digit or a sign; most codes do not, and skip the regex. */
function mayBeNumber(s: string): boolean {
  const c = s.charCodeAt(0);
  return (c >= 48 && c <= 57) || c === 43 || c === 45;
}

/** A code such as a sku: spreadsheets turn long numeric codes into "4.00638E+12", losing digits. */
export function code(what: string): CellType<string> {
  const missing = fail(what);
  const scientific = fail(`${what} as typed; this one was turned into scientific notation by a spreadsheet and its digits are lost: format the column as Text and re-enter it`, 'scientific_notation');
  const tooLong = fail(`${what} of at most 255 characters`, 'too_long');
  const parse: Parse<string> = (v) => {
    const s = asText(v);
    if (s === undefined || s === '') return missing;
    if (typeof v === 'string' && mayBeNumber(s) && SCIENTIFIC_RE.test(s) && EXPONENT_RE.test(s)) return scientific;
    return s.length > 255 ? tooLong : s;
  };
  return { parse, json: { type: ['string', 'integer'], maxLength: 255 } };
}

const SEPARATORS_RE = /[\s-]+/g;

/** Case-insensitive enum; "Digital Download" and "digital-download" both mean digital_download. */
export function oneOf<const T extends readonly string[]>(values: T): CellType<T[number]> {
  const expected = fail(`one of ${values.join(', ')}`, 'enum');
  const known = new Set<string>(values);
  const parse: Parse<T[number]> = (v) => {
    const t = asText(v);
    if (t === undefined) return expected;
    // Most cells are already canonical: skip the lowercase/replace work for them.
    if (known.has(t)) return t as T[number];
    const s = t.toLowerCase().replace(SEPARATORS_RE, '_');
    return known.has(s) ? (s as T[number]) : expected;
  };
  return { parse, json: { type: 'string', enum: [...values], description: 'case-insensitive' } };
}

const TRUE = new Set(['true', 'yes', 'y', '1']);
const FALSE = new Set(['false', 'no', 'n', '0']);
const NOT_BOOL = fail('true or false (also yes/no, 1/0)', 'boolean');

export function bool(): CellType<boolean> {
  const parse: Parse<boolean> = (v) => {
    if (typeof v === 'boolean') return v;
    const s = asText(v)?.toLowerCase();
    if (s !== undefined && TRUE.has(s)) return true;
    if (s !== undefined && FALSE.has(s)) return false;
    return NOT_BOOL;
  };
  return { parse, json: { type: ['boolean', 'string', 'integer'] } };
}

const INT_RE = /^[+-]?\d+$/;

export function whole(min: number, max = Number.MAX_SAFE_INTEGER): CellType<number> {
  const expected = fail(min === 0 ? 'a whole number, 0 or more' : min > 0 ? `a whole number, ${min} or more` : 'a whole number', 'whole_number');
  const parse: Parse<number> = (v) => {
    const s = asText(v);
    if (s === undefined || !INT_RE.test(s)) return expected;
    const n = Number(s);
    return n >= min && n <= max ? n : expected;
  };
  return { parse, json: { type: ['integer', 'string'], pattern: '^[+-]?\\d+$' } };
}

const DECIMAL_RE = /^\d*\.?\d+$|^\d+\.$/;
const LEADING_POINT_RE = /^\./;
const TRAILING_POINT_RE = /\.$/;

/** A non-negative decimal kept as exact text (measures, percentages). */
export function decimal(what = 'a number', opts: { positive?: boolean; max?: number } = {}): CellType<string> {
  const expected = opts.positive ? `${what} greater than 0` : `${what}, 0 or more`;
  const malformed = fail(`${expected}, like 1.25`);
  const comma = fail(`${expected}, like 1.25; this looks like a decimal comma: write 0.35, not 0,35 (or set the spreadsheet's locale to English before saving as CSV)`, 'decimal_comma');
  const notPositive = fail(expected, 'range');
  const tooBig = fail(`${what} between 0 and ${opts.max}`, 'range');
  const parse: Parse<string> = (v) => {
    const s = asText(v);
    if (s === undefined || !DECIMAL_RE.test(s)) return s !== undefined && DECIMAL_COMMA_RE.test(s) ? comma : malformed;
    const n = Number(s);
    if (opts.positive && n <= 0) return notPositive;
    if (opts.max !== undefined && n > opts.max) return tooBig;
    const first = s.charCodeAt(0);
    const last = s.charCodeAt(s.length - 1);
    // "12.5" stays as it is; only ".5" and "5." need rewriting.
    return first !== 46 && last !== 46 ? s : s.replace(LEADING_POINT_RE, '0.').replace(TRAILING_POINT_RE, '');
  };
  return { parse, decimal: true, json: { type: ['number', 'string'], pattern: '^\\d*\\.?\\d+$' } };
}

const HTTP_PREFIX_RE = /^https?:/i;
const NOT_URL = fail('an http(s) URL', 'url');

export function httpUrl(): CellType<string> {
  const parse: Parse<string> = (v) => {
    const s = asText(v);
    if (!s) return NOT_URL;
    // A text starting with http: or https: can only parse to that protocol, so one parse is
    // enough; anything else takes the full check.
    if (HTTP_PREFIX_RE.test(s)) return URL.canParse(s) ? s : NOT_URL;
    if (URL.canParse(s)) {
      const protocol = new URL(s).protocol;
      if (protocol === 'https:' || protocol === 'http:') return s;
    }
    return NOT_URL;
  };
  return { parse, json: { type: 'string', format: 'uri', pattern: '^[hH][tT][tT][pP][sS]?:' } };
}

/** Splits a separated cell ("a, b, c") into trimmed items; empty items are dropped. */
export function splitList(v: string, separator: string): string[] {
  const out: string[] = [];
  for (const part of v.split(separator)) {
    const s = part.trim();
    if (s !== '') out.push(s);
  }
  return out;
}

export const listMessage = (separator: string) => `a list (JSON array, or values separated by "${separator}")`;

let regions: Intl.DisplayNames | undefined;
const COUNTRY_RE = /^[A-Z]{2}$/;
const NOT_COUNTRY = fail('a two-letter ISO 3166 country code, like DE', 'country');
// At most 26 × 26 entries: the answers for two-letter codes.
const countryKnown = new Map<string, boolean>();

export function country(): CellType<string> {
  const parse: Parse<string> = (v) => {
    const s = asText(v)?.toUpperCase();
    if (!s || !COUNTRY_RE.test(s)) return NOT_COUNTRY;
    let known = countryKnown.get(s);
    if (known === undefined) {
      regions ??= new Intl.DisplayNames(['en'], { type: 'region' });
      // DisplayNames echoes unknown codes back unchanged; a real code gets a name.
      known = regions.of(s) !== s;
      countryKnown.set(s, known);
    }
    return known ? s : NOT_COUNTRY;
  };
  return { parse, json: { type: 'string', pattern: '^[A-Za-z]{2}$' } };
}

const HS_STRIP_RE = /[.\s]/g;
const HS_RE = /^\d{6,10}$/;
const NOT_HS = fail('an HS tariff code of 6 to 10 digits, like 6109.10', 'hs_code');

export function hsCode(): CellType<string> {
  const parse: Parse<string> = (v) => {
    const s = asText(v)?.replace(HS_STRIP_RE, '');
    return s && HS_RE.test(s) ? s : NOT_HS;
  };
  return { parse, json: { type: ['string', 'integer'] } };
}

const NOT_CURRENCY = fail('an ISO 4217 currency code, like USD or EUR', 'currency');

/** An ISO 4217 code, upper-cased. */
export function currencyCode(): CellType<string> {
  const parse: Parse<string> = (v) => {
    const s = asText(v)?.toUpperCase();
    return s && isCurrency(s) ? s : NOT_CURRENCY;
  };
  return { parse, json: { type: 'string', pattern: '^[A-Za-z]{3}$' } };
}

const AN_AMOUNT = fail('an amount');
const DECIMAL_COMMA_RE = /^\d{1,3}(?:\.\d{3})*,\d+$|^\d+,\d{1,2}$/;

/** The parser of amounts in one currency: exact decimal text with its minor digits ("19.90"). */
function moneyParser(currency: string): Parse<string> {
  const bad = fail(moneyExpected(currency));
  const precision = fail(moneyExpected(currency), 'precision');
  // A JSON number is taken by its shortest exact text (19.9 → "19.90"); one that needs more
  // digits is usually a float sum, and rounding it here would change an amount silently.
  const float = fail(`${moneyExpected(currency)}; this JSON number has more decimals than ${currency} has, as a binary fraction does (0.1 + 0.2 = 0.30000000000000004): round it where the file is made, or write the amount as a string`, 'precision');
  const negative = fail(moneyExpected(currency), 'negative');
  // "12,50" and "1.299,00": a spreadsheet in a locale that writes decimals with a comma.
  const comma = fail(`${moneyExpected(currency)}; this looks like a decimal comma: write 12.50, not 12,50 (or set the spreadsheet's locale to English before saving as CSV)`, 'decimal_comma');
  return (v) => {
    const s = asText(v);
    if (s === undefined) return AN_AMOUNT;
    const m = moneyText(s, currency);
    if (m !== undefined) return m;
    // Only the failures pay for telling why.
    if (DECIMAL_COMMA_RE.test(s)) return comma;
    const d = parseDecimal(s);
    if (d && d.int < 0n) return negative;
    if (d && significantScale(d) > minorDigits(currency)) return typeof v === 'number' && s.replace(/^[0.]+|\./g, '').length > 15 ? float : precision;
    return bad;
  };
}

const moneyParsers = new Map<string, Parse<string>>();

export function money(): CellType<string> {
  const forCurrency = (currency: string): Parse<string> => {
    let p = moneyParsers.get(currency);
    if (!p) moneyParsers.set(currency, (p = moneyParser(currency)));
    return p;
  };
  return { parse: forCurrency('USD'), forCurrency, decimal: true, json: { type: ['string', 'number'], pattern: '^\\d+(\\.\\d+)?$' } };
}

const NOT_GTIN = fail('a GTIN of 8, 12, 13 or 14 digits');

export function gtin(): CellType<string> {
  const parse: Parse<string> = (v) => {
    const s = asText(v);
    if (s === undefined) return NOT_GTIN;
    if (isValidGtin(s)) return s;
    const r = checkGtin(s);
    return r.ok ? r.value : fail(r.expected, r.reason);
  };
  return { parse, json: { type: ['string', 'integer'], pattern: '^\\d{8}(\\d{4,6})?$' } };
}
