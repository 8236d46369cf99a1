// Small zod building blocks for catalog cells: each accepts what a CSV cell (string) or a JSON
// value can hold, normalises it, and on failure records what was expected in the issue message.
import { z } from 'zod';
import { SCIENTIFIC_RE } from './gtin.js';

type Parse<T> = (value: unknown) => { ok: true; value: T } | { ok: false; expected: string };

/** A field with its own parser; the zod issue message is the "expected" text shown to users. */
export function cell<T>(parse: Parse<T>) {
  return z.unknown().transform((value, ctx): T => {
    const r = parse(value);
    if (r.ok) return r.value;
    ctx.issues.push({ code: 'custom', message: r.expected, input: value });
    return z.NEVER;
  });
}

const ok = <T>(value: T) => ({ ok: true as const, value });
const fail = (expected: string) => ({ ok: false as const, expected });

/** Text from a cell or JSON scalar; numbers are accepted (JSON) and kept as their literal text. */
export function asText(value: unknown): string | undefined {
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

export const text = (max = 10_000) =>
  cell((v) => {
    const s = asText(v);
    if (s === undefined || s === '') return fail('text');
    return s.length > max ? fail(`text of at most ${max} characters`) : ok(s);
  });

/** A code such as a sku: spreadsheets turn long numeric codes into "4.00638E+12", losing digits. */
export const code = (what: string) =>
  cell((v) => {
    const s = asText(v);
    if (s === undefined || s === '') return fail(what);
    if (typeof v === 'string' && SCIENTIFIC_RE.test(s) && /e\+/i.test(s)) {
      return fail(`${what} as typed; this one was turned into scientific notation by a spreadsheet and its digits are lost: format the column as Text and re-enter it`);
    }
    if (s.length > 255) return fail(`${what} of at most 255 characters`);
    return ok(s);
  });

/** Case-insensitive enum; "Digital Download" and "digital-download" both mean digital_download. */
export function oneOf<const T extends readonly string[]>(values: T) {
  const expected = `one of ${values.join(', ')}`;
  return cell((v) => {
    const s = asText(v)?.toLowerCase().replace(/[\s-]+/g, '_');
    return s !== undefined && (values as readonly string[]).includes(s) ? ok(s as T[number]) : fail(expected);
  });
}

const TRUE = new Set(['true', 'yes', 'y', '1']);
const FALSE = new Set(['false', 'no', 'n', '0']);

export const bool = () =>
  cell((v) => {
    if (typeof v === 'boolean') return ok(v);
    const s = asText(v)?.toLowerCase();
    if (s !== undefined && TRUE.has(s)) return ok(true);
    if (s !== undefined && FALSE.has(s)) return ok(false);
    return fail('true or false (also yes/no, 1/0)');
  });

export const int = (min: number, max = Number.MAX_SAFE_INTEGER) =>
  cell((v) => {
    const s = asText(v);
    const expected = min === 0 ? 'a whole number, 0 or more' : min > 0 ? `a whole number, ${min} or more` : 'a whole number';
    if (s === undefined || !/^[+-]?\d+$/.test(s)) return fail(expected);
    const n = Number(s);
    return n >= min && n <= max ? ok(n) : fail(expected);
  });

/** A non-negative decimal kept as exact text (measures, percentages). */
export const decimal = (what = 'a number', opts: { positive?: boolean; max?: number } = {}) =>
  cell((v) => {
    const s = asText(v);
    const expected = opts.positive ? `${what} greater than 0` : `${what}, 0 or more`;
    if (s === undefined || !/^\d*\.?\d+$|^\d+\.$/.test(s)) return fail(`${expected}, like 1.25`);
    const n = Number(s);
    if (opts.positive && n <= 0) return fail(expected);
    if (opts.max !== undefined && n > opts.max) return fail(`${what} between 0 and ${opts.max}`);
    return ok(s.replace(/^\./, '0.').replace(/\.$/, ''));
  });

export const httpUrl = () =>
  cell((v) => {
    const s = asText(v);
    if (s && URL.canParse(s)) {
      const protocol = new URL(s).protocol;
      if (protocol === 'https:' || protocol === 'http:') return ok(s);
    }
    return fail('an http(s) URL');
  });

/** A list from a JSON array or a separated cell ("a, b, c"). Empty items are dropped. */
export function list<T extends z.ZodType>(item: T, separator: string) {
  return z.preprocess((v) => {
    if (typeof v === 'string') return v.split(separator).map((s) => s.trim()).filter((s) => s !== '');
    return v;
  }, z.array(item, { message: `a list (JSON array, or values separated by "${separator}")` }));
}

let regions: Intl.DisplayNames | undefined;

export const country = () =>
  cell((v) => {
    const s = asText(v)?.toUpperCase();
    regions ??= new Intl.DisplayNames(['en'], { type: 'region' });
    // DisplayNames echoes unknown codes back unchanged; a real code gets a name.
    return s && /^[A-Z]{2}$/.test(s) && regions.of(s) !== s ? ok(s) : fail('a two-letter ISO 3166 country code, like DE');
  });

export const hsCode = () =>
  cell((v) => {
    const s = asText(v)?.replace(/[.\s]/g, '');
    return s && /^\d{6,10}$/.test(s) ? ok(s) : fail('an HS tariff code of 6 to 10 digits, like 6109.10');
  });
