// Small zod building blocks for catalog cells: each accepts what a CSV cell (string) or a JSON
// value can hold, normalises it, and on failure records what was expected in the issue message.
// Every block is a plain parse function (`parseX`) wrapped by `cell`: the zod schema and the
// fast path in schema.ts share the parse functions, so both accept and produce the same values.
import { z } from 'zod';
import { Expected } from './expected.js';
import { SCIENTIFIC_RE } from './gtin.js';

export { Expected };

/** A cell parser: the normalised value, or what was expected instead. */
export type Parse<T> = (value: unknown) => T | Expected;

/** A field with its own parser; the zod issue message is the "expected" text shown to users. */
export function cell<T>(parse: Parse<T>) {
  return z.unknown().transform((value, ctx): T => {
    const r = parse(value);
    if (!(r instanceof Expected)) return r;
    ctx.issues.push({ code: 'custom', message: r.expected, input: value });
    return z.NEVER;
  });
}

const ok = <T>(value: T): T => value;
const fail = (expected: string) => new Expected(expected);

/** Text from a cell or JSON scalar; numbers are accepted (JSON) and kept as their literal text. */
export function asText(value: unknown): string | undefined {
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

export const parseText = (max = 10_000): Parse<string> => {
  const tooLong = fail(`text of at most ${max} characters`);
  const notText = fail('text');
  return (v) => {
    const s = asText(v);
    if (s === undefined || s === '') return notText;
    return s.length > max ? tooLong : ok(s);
  };
};
export const text = (max = 10_000) => cell(parseText(max));

const EXPONENT_RE = /e\+/i;

/** Scientific notation starts with a digit or a sign; most codes do not, and skip the regex. */
function mayBeNumber(s: string): boolean {
  const c = s.charCodeAt(0);
  return (c >= 48 && c <= 57) || c === 43 || c === 45;
}

/** A code such as a sku: spreadsheets turn long numeric codes into "4.00638E+12", losing digits. */
export const parseCode = (what: string): Parse<string> => {
  const missing = fail(what);
  const scientific = fail(`${what} as typed; this one was turned into scientific notation by a spreadsheet and its digits are lost: format the column as Text and re-enter it`);
  const tooLong = fail(`${what} of at most 255 characters`);
  return (v) => {
    const s = asText(v);
    if (s === undefined || s === '') return missing;
    if (typeof v === 'string' && mayBeNumber(s) && SCIENTIFIC_RE.test(s) && EXPONENT_RE.test(s)) return scientific;
    if (s.length > 255) return tooLong;
    return ok(s);
  };
};
export const code = (what: string) => cell(parseCode(what));

const SEPARATORS_RE = /[\s-]+/g;

/** Case-insensitive enum; "Digital Download" and "digital-download" both mean digital_download. */
export function parseOneOf<const T extends readonly string[]>(values: T): Parse<T[number]> {
  const expected = fail(`one of ${values.join(', ')}`);
  const known = new Set<string>(values);
  return (v) => {
    const t = asText(v);
    if (t === undefined) return expected;
    // Most cells are already canonical: skip the lowercase/replace work for them.
    if (known.has(t)) return ok(t as T[number]);
    const s = t.toLowerCase().replace(SEPARATORS_RE, '_');
    return known.has(s) ? ok(s as T[number]) : expected;
  };
}
export function oneOf<const T extends readonly string[]>(values: T) {
  return cell(parseOneOf(values));
}

const TRUE = new Set(['true', 'yes', 'y', '1']);
const FALSE = new Set(['false', 'no', 'n', '0']);
const NOT_BOOL = fail('true or false (also yes/no, 1/0)');

export const parseBool = (): Parse<boolean> => (v) => {
  if (typeof v === 'boolean') return ok(v);
  const s = asText(v)?.toLowerCase();
  if (s !== undefined && TRUE.has(s)) return ok(true);
  if (s !== undefined && FALSE.has(s)) return ok(false);
  return NOT_BOOL;
};
export const bool = () => cell(parseBool());

const INT_RE = /^[+-]?\d+$/;

export const parseWhole = (min: number, max = Number.MAX_SAFE_INTEGER): Parse<number> => {
  const expected = fail(min === 0 ? 'a whole number, 0 or more' : min > 0 ? `a whole number, ${min} or more` : 'a whole number');
  return (v) => {
    const s = asText(v);
    if (s === undefined || !INT_RE.test(s)) return expected;
    const n = Number(s);
    return n >= min && n <= max ? ok(n) : expected;
  };
};
export const int = (min: number, max = Number.MAX_SAFE_INTEGER) => cell(parseWhole(min, max));

const DECIMAL_RE = /^\d*\.?\d+$|^\d+\.$/;
const LEADING_POINT_RE = /^\./;
const TRAILING_POINT_RE = /\.$/;

/** A non-negative decimal kept as exact text (measures, percentages). */
export const parseDecimalText = (what = 'a number', opts: { positive?: boolean; max?: number } = {}): Parse<string> => {
  const expected = opts.positive ? `${what} greater than 0` : `${what}, 0 or more`;
  const malformed = fail(`${expected}, like 1.25`);
  const notPositive = fail(expected);
  const tooBig = fail(`${what} between 0 and ${opts.max}`);
  return (v) => {
    const s = asText(v);
    if (s === undefined || !DECIMAL_RE.test(s)) return malformed;
    const n = Number(s);
    if (opts.positive && n <= 0) return notPositive;
    if (opts.max !== undefined && n > opts.max) return tooBig;
    const first = s.charCodeAt(0);
    const last = s.charCodeAt(s.length - 1);
    // "12.5" stays as it is; only ".5" and "5." need rewriting.
    return ok(first !== 46 && last !== 46 ? s : s.replace(LEADING_POINT_RE, '0.').replace(TRAILING_POINT_RE, ''));
  };
};
export const decimal = (what = 'a number', opts: { positive?: boolean; max?: number } = {}) => cell(parseDecimalText(what, opts));

const HTTP_PREFIX_RE = /^https?:/i;
const NOT_URL = fail('an http(s) URL');

export const parseHttpUrl = (): Parse<string> => (v) => {
  const s = asText(v);
  if (!s) return NOT_URL;
  // A text starting with http: or https: can only parse to that protocol, so one parse is
  // enough; anything else takes the full check.
  if (HTTP_PREFIX_RE.test(s)) return URL.canParse(s) ? ok(s) : NOT_URL;
  if (URL.canParse(s)) {
    const protocol = new URL(s).protocol;
    if (protocol === 'https:' || protocol === 'http:') return ok(s);
  }
  return NOT_URL;
};
export const httpUrl = () => cell(parseHttpUrl());

/** Splits a separated cell ("a, b, c") into trimmed items; empty items are dropped. */
export function splitList(v: string, separator: string): string[] {
  const out: string[] = [];
  for (const part of v.split(separator)) {
    const s = part.trim();
    if (s !== '') out.push(s);
  }
  return out;
}

/** A list from a JSON array or a separated cell ("a, b, c"). Empty items are dropped. */
export function list<T extends z.ZodType>(item: T, separator: string) {
  return z.preprocess((v) => (typeof v === 'string' ? splitList(v, separator) : v), z.array(item, { message: listMessage(separator) }));
}

export const listMessage = (separator: string) => `a list (JSON array, or values separated by "${separator}")`;

let regions: Intl.DisplayNames | undefined;
const COUNTRY_RE = /^[A-Z]{2}$/;
const NOT_COUNTRY = fail('a two-letter ISO 3166 country code, like DE');
// At most 26 × 26 entries: the answers for two-letter codes.
const countryKnown = new Map<string, boolean>();

export const parseCountry = (): Parse<string> => (v) => {
  const s = asText(v)?.toUpperCase();
  if (!s || !COUNTRY_RE.test(s)) return NOT_COUNTRY;
  let known = countryKnown.get(s);
  if (known === undefined) {
    regions ??= new Intl.DisplayNames(['en'], { type: 'region' });
    // DisplayNames echoes unknown codes back unchanged; a real code gets a name.
    known = regions.of(s) !== s;
    countryKnown.set(s, known);
  }
  return known ? ok(s) : NOT_COUNTRY;
};
export const country = () => cell(parseCountry());

const HS_STRIP_RE = /[.\s]/g;
const HS_RE = /^\d{6,10}$/;
const NOT_HS = fail('an HS tariff code of 6 to 10 digits, like 6109.10');

export const parseHsCode = (): Parse<string> => (v) => {
  const s = asText(v)?.replace(HS_STRIP_RE, '');
  return s && HS_RE.test(s) ? ok(s) : NOT_HS;
};
export const hsCode = () => cell(parseHsCode());
