// The fast path of parseProduct. zod reports every problem well but costs tens of microseconds a
// product, more than reading its rows. Valid products (nearly all of a real catalog) go through
// generated straight-line code over the schema's own parse functions instead; the first value it
// cannot accept hands the product to zod, which then produces the issues. It must return exactly
// what zod would (test/product/fast.test.ts compares the two): same values, same keys in the same
// order (an optional key given as undefined stays undefined, unknown keys are dropped), fresh
// defaults for missing lists.
import type { z } from 'zod';
import { Expected } from './expected.js';
import { type Parse, splitList } from './fields.js';

/** Marks "not accepted here": zod takes over. */
const BAIL = Symbol('bail');
type Bail = typeof BAIL;

type Absent = 'bail' | 'skip' | ((currency: string) => unknown);

/** How one key is read: a plain parse function, or a composite with its own rule. */
type Entry =
  | { key: string; parse: Parse<unknown>; required: boolean }
  | { key: string; custom: (v: unknown, currency: string) => unknown; absent: Absent };

type Shape = Record<string, z.ZodType>;

export interface FastDeps {
  productShape: (currency: string) => Shape;
  variantShape: (currency: string) => Shape;
  caseShape: Shape;
  subscriptionShape: Shape;
  product: Record<string, Parse<unknown>>;
  variant: (currency: string) => Record<string, Parse<unknown>>;
  case: Record<string, Parse<unknown>>;
  subscription: Record<string, Parse<unknown>>;
  option: { name: Parse<string>; value: Parse<string> };
  image: { url: Parse<string>; alt: Parse<string> };
  listItem: Parse<string>;
  targets: readonly string[];
}

/**
 * Where the rows of one CSV header keep each field. Composite fields come as the raw value the
 * reader would build for parseProduct, so both paths see the same input.
 */
export interface RowSpec {
  /** A cell's value, undefined when empty (the reader's own rule). */
  cell: (c: string | undefined) => string | undefined;
  /** Column of each plain product field in the header (handle, title, kind, currency …). */
  product: Record<string, number>;
  composite: { [K in 'tags' | 'category_ids' | 'images' | 'metadata' | 'case' | 'subscription' | 'targets']?: (first: readonly string[]) => unknown };
  /** Column of each plain variant field. */
  variant: Record<string, number>;
  /** A row's raw options (undefined: none); option names come from the first row. */
  options?: (row: readonly string[], first: readonly string[]) => unknown;
}

export interface FastPaths {
  /** A raw product object (JSON shape) → the product, or undefined. */
  object(raw: Record<string, unknown>, currency: string): unknown;
  /** A parser of rows for one header: rows → the product, or undefined. */
  rows(spec: RowSpec): (rows: readonly (readonly string[])[], currency: string) => unknown;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/**
 * Entries for every key of a zod object shape, in its order: plain fields from `parsers`, the
 * others from `custom`. A key in neither is a fast path that fell behind the schema: fail at once.
 */
function entriesOf(shape: Shape, parsers: Record<string, Parse<unknown>>, custom: Record<string, Omit<Extract<Entry, { custom: unknown }>, 'key'>> = {}): Entry[] {
  return Object.keys(shape).map((key): Entry => {
    const c = custom[key];
    if (c) return { key, ...c };
    const parse = parsers[key];
    if (!parse) throw new Error(`product/fast.ts: no reader for "${key}"`);
    return { key, parse, required: !shape[key]!.safeParse(undefined).success };
  });
}

type ObjectReader = (raw: Record<string, unknown>, currency: string) => Record<string, unknown> | Bail;

/**
 * Generates the reader of one object from its entries. Every property access names its key: a
 * loop over computed keys makes V8 look each one up generically, which costs more than parsing.
 */
function compileObject(entries: Entry[]): ObjectReader {
  const lines = ['const out = {}; let v, r;'];
  entries.forEach((e, i) => {
    const k = JSON.stringify(e.key);
    lines.push(`v = raw[${k}];`);
    if ('parse' in e) {
      const missing = e.required ? 'return BAIL;' : `if (${k} in raw) out[${k}] = undefined;`;
      lines.push(`if (v === undefined) { ${missing} } else { r = fns[${i}](v); if (r instanceof Expected) return BAIL; out[${k}] = r; }`);
    } else {
      const missing = e.absent === 'bail' ? 'return BAIL;' : e.absent === 'skip' ? `if (${k} in raw) out[${k}] = undefined;` : `out[${k}] = dflt[${i}](currency);`;
      lines.push(`if (v === undefined) { ${missing} } else { r = fns[${i}](v, currency); if (r === BAIL) return BAIL; out[${k}] = r; }`);
    }
  });
  lines.push('return out;');
  return generate(entries, `return function fastObject(raw, currency) { ${lines.join('\n')} };`) as ObjectReader;
}

function generate(entries: Entry[], code: string, ...extra: [string, unknown][]): unknown {
  const fns = entries.map((e) => ('parse' in e ? e.parse : e.custom));
  const dflt = entries.map((e) => ('absent' in e && typeof e.absent === 'function' ? e.absent : undefined));
  const names = ['fns', 'dflt', 'BAIL', 'Expected', ...extra.map((x) => x[0])];
  return new Function(...names, code)(fns, dflt, BAIL, Expected, ...extra.map((x) => x[1]));
}

export function createFastPaths(d: FastDeps): FastPaths {
  const list = (v: unknown): string[] | Bail => {
    const items = typeof v === 'string' ? splitList(v, ',') : v;
    if (!Array.isArray(items)) return BAIL;
    const out: string[] = [];
    for (const item of items) {
      const r = d.listItem(item);
      if (r instanceof Expected) return BAIL;
      out.push(r);
    }
    return out;
  };

  const images = (v: unknown): { url: string; alt?: string }[] | Bail => {
    if (!Array.isArray(v)) return BAIL;
    const out: { url: string; alt?: string }[] = [];
    for (const item of v) {
      const img = typeof item === 'string' ? { url: item } : item;
      if (!isPlainObject(img)) return BAIL;
      const url = d.image.url(img.url);
      if (url instanceof Expected) return BAIL;
      if (img.alt === undefined) {
        out.push('alt' in img ? { url, alt: undefined } : { url });
        continue;
      }
      const alt = d.image.alt(img.alt);
      if (alt instanceof Expected) return BAIL;
      out.push({ url, alt });
    }
    return out;
  };

  const metadata = (v: unknown): Record<string, string | number | boolean> | Bail => {
    if (!isPlainObject(v)) return BAIL;
    const out: Record<string, string | number | boolean> = {};
    for (const key of Object.keys(v)) {
      const x = v[key];
      if (typeof x === 'string' || typeof x === 'boolean' || (typeof x === 'number' && Number.isFinite(x))) out[key] = x;
      else return BAIL;
    }
    return out;
  };

  const targets = (v: unknown): Record<string, Record<string, unknown>> | Bail => {
    if (!isPlainObject(v)) return BAIL;
    const out: Record<string, Record<string, unknown>> = {};
    for (const name of Object.keys(v)) {
      const inner = v[name];
      if (!d.targets.includes(name) || !isPlainObject(inner)) return BAIL;
      out[name] = { ...inner };
    }
    return out;
  };

  const options = (v: unknown): { name: string; value: string }[] | Bail => {
    let items: unknown[];
    if (isPlainObject(v)) items = Object.entries(v).map(([name, value]) => ({ name, value }));
    else if (Array.isArray(v)) items = v;
    else return BAIL;
    if (items.length > 3) return BAIL;
    const out: { name: string; value: string }[] = [];
    for (const item of items) {
      if (!isPlainObject(item)) return BAIL;
      const name = d.option.name(item.name);
      const value = d.option.value(item.value);
      if (name instanceof Expected || value instanceof Expected) return BAIL;
      out.push({ name, value });
    }
    return out;
  };

  const plainObject = (read: ObjectReader) => (v: unknown, currency: string) => (isPlainObject(v) ? read(v, currency) : BAIL);
  const caseReader = plainObject(compileObject(entriesOf(d.caseShape, d.case)));
  const subscriptionReader = plainObject(compileObject(entriesOf(d.subscriptionShape, d.subscription)));
  const kind = d.product.kind!;

  /** The product's entries; `variants` reads with the given function. */
  const productEntries = (currency: string, variants: (v: unknown, currency: string) => unknown) =>
    entriesOf(d.productShape(currency), d.product, {
      kind: { custom: (v) => { const r = kind(v); return r instanceof Expected ? BAIL : r; }, absent: () => 'physical' },
      tags: { custom: list, absent: () => [] },
      category_ids: { custom: list, absent: () => [] },
      images: { custom: images, absent: () => [] },
      metadata: { custom: metadata, absent: () => ({}) },
      // parseNested settles the currency and hands zod {...raw, currency}.
      currency: { custom: (_v, currency) => currency, absent: (currency) => currency },
      case: { custom: caseReader, absent: 'skip' },
      subscription: { custom: subscriptionReader, absent: 'skip' },
      variants: { custom: variants, absent: 'bail' },
      targets: { custom: targets, absent: () => ({}) },
    });
  const variantEntries = (currency: string) => entriesOf(d.variantShape(currency), d.variant(currency), { options: { custom: options, absent: 'skip' } });

  const objectReaders = new Map<string, ObjectReader>();
  const objectReader = (currency: string): ObjectReader => {
    let read = objectReaders.get(currency);
    if (!read) {
      const variant = plainObject(compileObject(variantEntries(currency)));
      const variants = (v: unknown, c: string): unknown[] | Bail => {
        if (!Array.isArray(v) || v.length === 0) return BAIL;
        const out: unknown[] = [];
        for (const item of v) {
          const r = variant(item, c);
          if (r === BAIL) return BAIL;
          out.push(r);
        }
        return out;
      };
      objectReaders.set(currency, (read = compileObject(productEntries(currency, variants))));
    }
    return read;
  };

  return {
    object(raw, currency) {
      if (!isPlainObject(raw)) return undefined;
      const out = objectReader(currency)(raw, currency);
      return out === BAIL ? undefined : out;
    },
    rows(spec) {
      const readers = new Map<string, (rows: readonly (readonly string[])[], currency: string) => unknown>();
      return (rows, currency) => {
        let read = readers.get(currency);
        if (!read) readers.set(currency, (read = compileRows(spec, productEntries(currency, () => BAIL), variantEntries(currency), options)));
        const out = read(rows, currency);
        return out === BAIL ? undefined : out;
      };
    },
  };
}

/**
 * Generates the reader of one header's rows, straight to the product: the same entries as the
 * object reader, but each plain value comes from its column and composites from the spec's
 * builders (which make what the reader would have put in the raw product).
 */
function compileRows(
  spec: RowSpec,
  product: Entry[],
  variant: Entry[],
  options: (v: unknown) => unknown,
): (rows: readonly (readonly string[])[], currency: string) => unknown {
  const vlines = ['const out = {}; let c, r;'];
  variant.forEach((e, i) => {
    const k = JSON.stringify(e.key);
    if (e.key === 'options') {
      if (spec.options) vlines.push(`c = opts(row, first); if (c !== undefined) { r = options(c); if (r === BAIL) return BAIL; out.options = r; }`);
      return;
    }
    if (!('parse' in e)) throw new Error(`product/fast.ts: no row reader for variant "${e.key}"`);
    const j = spec.variant[e.key];
    if (j === undefined) {
      if (e.required) vlines.push('return BAIL;');
      return;
    }
    vlines.push(`c = cv(row[${j}]); if (c === undefined) { ${e.required ? 'return BAIL;' : ''} } else { r = vfns[${i}](c); if (r instanceof Expected) return BAIL; out[${k}] = r; }`);
  });
  vlines.push('return out;');

  const plines = ['const first = rows[0]; const out = {}; let c, r;'];
  const producers: unknown[] = [];
  product.forEach((e, i) => {
    const k = JSON.stringify(e.key);
    if (e.key === 'variants') {
      plines.push(`const variants = new Array(rows.length); for (let n = 0; n < rows.length; n++) { r = variant(rows[n], first); if (r === BAIL) return BAIL; variants[n] = r; } out.variants = variants;`);
      return;
    }
    if (e.key === 'currency') {
      plines.push('out.currency = currency;');
      return;
    }
    const j = spec.product[e.key];
    const produce = spec.composite[e.key as keyof RowSpec['composite']];
    const source = produce ? `c = prod[${producers.push(produce) - 1}](first);` : j !== undefined ? `c = cv(first[${j}]);` : 'c = undefined;';
    if ('parse' in e) {
      plines.push(`${source} if (c === undefined) { ${e.required ? 'return BAIL;' : ''} } else { r = fns[${i}](c); if (r instanceof Expected) return BAIL; out[${k}] = r; }`);
    } else {
      const missing = e.absent === 'bail' ? 'return BAIL;' : e.absent === 'skip' ? '' : `out[${k}] = dflt[${i}](currency);`;
      plines.push(`${source} if (c === undefined) { ${missing} } else { r = fns[${i}](c, currency); if (r === BAIL) return BAIL; out[${k}] = r; }`);
    }
  });
  plines.push('return out;');

  const code = `
    function variant(row, first) { ${vlines.join('\n')} }
    return function fastRows(rows, currency) { ${plines.join('\n')} };`;
  const vfns = variant.map((e) => ('parse' in e ? e.parse : undefined));
  return generate(product, code, ['vfns', vfns], ['cv', spec.cell], ['prod', producers], ['opts', spec.options], ['options', options]) as (rows: readonly (readonly string[])[], currency: string) => unknown;
}
