// The fast path of parseProduct. zod reports every problem well but costs tens of microseconds a
// product, more than reading its rows. Valid products (nearly all of a real catalog) go through a
// plain loop over the field table with the same value types instead; the first value it cannot
// accept hands the product to zod, which then produces the issues. Whatever it accepts equals
// what zod gives (test/product/fast.test.ts compares the two on thousands of products).
import { Expected, splitList } from './cells.js';
import { isPlainObject } from '../values.js';
import { type Field, MAX_OPTIONS, PRODUCT_FIELDS, VARIANT_FIELDS } from './fields.js';

/** Marks "not accepted here": zod takes over. */
const BAIL: unique symbol = Symbol('bail');
type Bail = typeof BAIL;

/** How one key is read: its reader, and what to do when it is absent. */
interface Entry {
  key: string;
  read: (v: unknown) => unknown;
  /** 'bail': required; 'skip': optional; a function: the default. */
  missing: 'bail' | 'skip' | (() => unknown);
}

function readObject(entries: readonly Entry[], raw: Record<string, unknown>): Record<string, unknown> | Bail {
  const out: Record<string, unknown> = {};
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i]!;
    const v = raw[e.key];
    if (v === undefined) {
      if (e.missing === 'bail') return BAIL;
      if (e.missing === 'skip') {
        if (e.key in raw) out[e.key] = undefined;
      } else out[e.key] = e.missing();
      continue;
    }
    const r = e.read(v);
    if (r === BAIL) return BAIL;
    out[e.key] = r;
  }
  return out;
}

const asBail = <T>(parse: (v: unknown) => T | Expected) => (v: unknown): T | Bail => {
  const r = parse(v);
  return r instanceof Expected ? BAIL : r;
};

function listOf(item: (v: unknown) => unknown, separator: string) {
  return (v: unknown): unknown[] | Bail => {
    const items = typeof v === 'string' ? splitList(v, separator) : v;
    if (!Array.isArray(items)) return BAIL;
    const out: unknown[] = [];
    for (const x of items) {
      const r = item(x);
      if (r === BAIL) return BAIL;
      out.push(r);
    }
    return out;
  };
}

function entryOf(key: string, f: Field, currency: string, targets: readonly string[]): Entry {
  switch (f.kind) {
    case 'plain': {
      const parse = asBail(f.type.forCurrency ? f.type.forCurrency(currency) : f.type.parse);
      const dflt = f.default;
      return { key, read: parse, missing: dflt !== undefined ? () => dflt : f.required ? 'bail' : 'skip' };
    }
    case 'list':
      return { key, read: listOf(asBail(f.item.parse), f.separator), missing: () => [] };
    case 'images': {
      const url = asBail(f.item.url.parse);
      const alt = asBail(f.item.alt.parse);
      const image = (item: unknown) => {
        const img = typeof item === 'string' ? { url: item } : item;
        if (!isPlainObject(img)) return BAIL;
        const u = url(img.url);
        if (u === BAIL) return BAIL;
        if (img.alt === undefined) return 'alt' in img ? { url: u, alt: undefined } : { url: u };
        const a = alt(img.alt);
        return a === BAIL ? BAIL : { url: u, alt: a };
      };
      return { key, read: (v) => (Array.isArray(v) ? listOf(image, '')(v) : BAIL), missing: () => [] };
    }
    case 'metadata':
      return { key, read: metadata, missing: () => ({}) };
    case 'targets':
      return { key, read: (v) => passThrough(v, targets), missing: () => ({}) };
    case 'currency':
      // parse.ts settles the currency first: this plan is for that currency.
      return { key, read: () => currency, missing: () => currency };
    case 'group': {
      const entries = Object.entries(f.fields).map(([k, g]) => entryOf(k, g, currency, targets));
      return { key, read: (v) => (isPlainObject(v) ? readObject(entries, v) : BAIL), missing: 'skip' };
    }
    case 'options': {
      const name = asBail(f.name.parse);
      const value = asBail(f.value.parse);
      return { key, read: (v) => options(v, name, value), missing: 'skip' };
    }
    case 'variants': {
      const entries = Object.entries(VARIANT_FIELDS).map(([k, g]) => entryOf(k, g, currency, targets));
      const variant = (v: unknown) => (isPlainObject(v) ? readObject(entries, v) : BAIL);
      return { key, read: (v) => (Array.isArray(v) && v.length > 0 ? listOf(variant, '')(v) : BAIL), missing: 'bail' };
    }
  }
}

function metadata(v: unknown): Record<string, string | number | boolean> | Bail {
  if (!isPlainObject(v)) return BAIL;
  const out: Record<string, string | number | boolean> = {};
  for (const key of Object.keys(v)) {
    const x = v[key];
    if (typeof x === 'string' || typeof x === 'boolean' || (typeof x === 'number' && Number.isFinite(x))) out[key] = x;
    else return BAIL;
  }
  return out;
}

function passThrough(v: unknown, targets: readonly string[]): Record<string, Record<string, unknown>> | Bail {
  if (!isPlainObject(v)) return BAIL;
  const out: Record<string, Record<string, unknown>> = {};
  for (const name of Object.keys(v)) {
    const inner = v[name];
    if ((targets.length && !targets.includes(name)) || !isPlainObject(inner)) return BAIL;
    out[name] = { ...inner };
  }
  return out;
}

function options(v: unknown, name: (v: unknown) => unknown, value: (v: unknown) => unknown): { name: string; value: string }[] | Bail {
  let items: unknown[];
  if (isPlainObject(v)) items = Object.entries(v).map(([n, x]) => ({ name: n, value: x }));
  else if (Array.isArray(v)) items = v;
  else return BAIL;
  if (items.length > MAX_OPTIONS) return BAIL;
  const out: { name: string; value: string }[] = [];
  for (const item of items) {
    if (!isPlainObject(item)) return BAIL;
    const n = name(item.name);
    const x = value(item.value);
    if (n === BAIL || x === BAIL) return BAIL;
    out.push({ name: n as string, value: x as string });
  }
  return out;
}

const plans = new Map<string, Entry[]>();

/** The product read by the table, or undefined where zod must take over. */
export function fastProduct(raw: Record<string, unknown>, currency: string, targets: readonly string[]): Record<string, unknown> | undefined {
  if (!isPlainObject(raw)) return undefined;
  const id = `${currency}|${targets.join(',')}`;
  let plan = plans.get(id);
  if (!plan) plans.set(id, (plan = Object.entries(PRODUCT_FIELDS).map(([k, f]) => entryOf(k, f as Field, currency, targets))));
  const out = readObject(plan, raw);
  return out === BAIL ? undefined : out;
}
