// The unified product as a zod schema, built from the field table (fields.ts). It accepts CSV
// strings and JSON values alike and turns them into one normalised shape, so targets only ever
// see clean data. Each field carries its description and a JSON Schema fragment in `.meta()`,
// so `z.toJSONSchema` describes catalog files (json-schema.ts). Library users may import and
// extend it; the run itself validates through parse.ts (fast path first, this for the issues).
import { z } from 'zod';
import { type CellType, Expected, listMessage, splitList } from './cells.js';
import {
  type Field, type GroupField, type ImagesField, type ListField, MAX_OPTIONS, type OptionsField, type PlainField, PRODUCT_FIELDS, type Product,
  VARIANT_FIELDS,
} from './fields.js';

/** A cell parser as a zod type; the issue message is the "expected" text shown to users. */
function cell<T>(type: CellType<T>, currency: string): z.ZodType<T> {
  const parse = type.forCurrency ? type.forCurrency(currency) : type.parse;
  return z.unknown().transform((value, ctx): T => {
    const r = parse(value);
    if (!(r instanceof Expected)) return r;
    ctx.issues.push({ code: 'custom', message: r.expected, input: value, params: { reason: r.reason } });
    return z.NEVER;
  }) as unknown as z.ZodType<T>;
}

const described = <S extends z.ZodType>(s: S, f: { doc: string; example: string }, json: Record<string, unknown> = {}) =>
  s.meta({ ...json, description: f.doc, ...(f.example ? { examples: [f.example] } : {}) });

function plainField(f: PlainField, currency: string): z.ZodType {
  const s = described(cell(f.type, currency), f, f.type.json);
  if (f.default !== undefined) return s.default(f.default as never);
  return f.required ? s : s.optional();
}

function listField(f: ListField, currency: string): z.ZodType {
  const items = z.array(cell(f.item, currency), { message: listMessage(f.separator) });
  return described(z.preprocess((v) => (typeof v === 'string' ? splitList(v, f.separator) : v), items), f, { type: ['array', 'string'] }).default([]);
}

function imagesField(f: ImagesField, currency: string): z.ZodType {
  const image = z.preprocess(
    (v) => (typeof v === 'string' ? { url: v } : v),
    z.object({ url: cell(f.item.url, currency), alt: cell(f.item.alt, currency).optional() }),
  );
  return described(z.array(image, { message: 'a list of images' }), f).default([]);
}

function optionsField(f: OptionsField, currency: string): z.ZodType {
  const option = z.object({ name: cell(f.name, currency), value: cell(f.value, currency) });
  // Options as {"Size": "M"} (JSON) or [{name, value}] (CSV and JSON), kept in order.
  const list = z.array(option, { message: 'options as {"Size": "M"} or [{"name": "Size", "value": "M"}]' }).max(MAX_OPTIONS, { message: `at most ${MAX_OPTIONS} options` });
  const fromObject = (v: unknown) => (v && typeof v === 'object' && !Array.isArray(v) ? Object.entries(v).map(([name, value]) => ({ name, value })) : v);
  return described(z.preprocess(fromObject, list), f).optional();
}

const scalar = z.union([z.string(), z.number(), z.boolean()], { message: 'a text, number or boolean value' });

function groupField(f: GroupField, currency: string): z.ZodType {
  return described(objectOf(f.fields, currency, []), f).optional();
}

function zodOf(f: Field, currency: string, targets: readonly string[]): z.ZodType {
  switch (f.kind) {
    case 'plain':
      return plainField(f, currency);
    case 'list':
      return listField(f, currency);
    case 'images':
      return imagesField(f, currency);
    case 'metadata':
      return described(z.record(z.string(), scalar), f).default({});
    case 'targets': {
      const names = targets.length ? z.enum(targets as [string, ...string[]]) : z.string();
      return described(z.partialRecord(names, z.record(z.string(), z.unknown())), f).default({});
    }
    case 'currency':
      // parse.ts settles the currency first (it picks the money parsers) and passes it in.
      return described(z.string(), f, f.type.json);
    case 'group':
      return groupField(f, currency);
    case 'options':
      return optionsField(f, currency);
    case 'variants':
      return described(z.array(objectOf(VARIANT_FIELDS, currency, targets), { message: 'a list of variants' }).min(1, { message: 'at least one variant (a sku and a price)' }), f);
  }
}

function objectOf(fields: Record<string, Field>, currency: string, targets: readonly string[]): z.ZodObject {
  const shape: Record<string, z.ZodType> = {};
  for (const [key, f] of Object.entries(fields)) shape[key] = zodOf(f, currency, targets);
  return z.object(shape);
}

export interface SchemaOptions {
  /** Currency of the amounts (ISO 4217): it sets how many decimals a price may have. */
  currency: string;
  /** Names allowed under `targets` (the target registry's); empty: any name. */
  targets?: readonly string[];
}

const cache = new Map<string, z.ZodType<Product>>();

/** The zod schema of one product whose amounts are in `currency`. */
export function productSchema(opts: SchemaOptions): z.ZodType<Product> {
  const targets = opts.targets ?? [];
  const id = `${opts.currency}|${targets.join(',')}`;
  let s = cache.get(id);
  if (!s) cache.set(id, (s = objectOf(PRODUCT_FIELDS, opts.currency, targets) as unknown as z.ZodType<Product>));
  return s;
}

