// The unified product (DESIGN §2): one zod schema that accepts CSV strings and JSON values alike
// and turns them into one normalised shape, so targets only ever see clean data.
import { z } from 'zod';
import {
  asText, cell, list, type Parse, parseBool, parseCode, parseCountry, parseDecimalText, parseHsCode, parseHttpUrl, parseOneOf, parseText,
  parseWhole,
} from './fields.js';
import { CASE_DOCS, PRODUCT_DOCS, SUBSCRIPTION_DOCS, VARIANT_DOCS } from './docs.js';
import { Expected } from './expected.js';
import { createFastPaths, type FastPaths, type RowSpec } from './fast.js';
import { checkGtin, isPlainValidGtin } from './gtin.js';
import { compareMoney, isCurrency, moneyExpected, moneyText } from './money.js';
import { DIMENSION_UNITS, WEIGHT_UNITS } from './units.js';

export const KINDS = ['physical', 'digital_download', 'license_key', 'subscription'] as const;
export const STATUSES = ['active', 'draft', 'archived'] as const;
export const CONDITIONS = ['new', 'used', 'refurbished'] as const;
export const INVENTORY_POLICIES = ['deny', 'continue'] as const;
export const BILLING_INTERVALS = ['weekly', 'monthly', 'yearly'] as const;
export const TARGET_NAMES = ['panora', 'fanfare', 'pandabase', 's2', 'veeqo'] as const;

const AN_AMOUNT = new Expected('an amount');

const DECIMAL_COMMA_RE = /^\d{1,3}(?:\.\d{3})*,\d+$|^\d+,\d{1,2}$/;

const moneyParser = (currency: string): Parse<string> => {
  const bad = new Expected(moneyExpected(currency));
  // "12,50" and "1.299,00": a spreadsheet in a locale that writes decimals with a comma.
  const comma = new Expected(`${moneyExpected(currency)}; this looks like a decimal comma: write 12.50, not 12,50 (or set the spreadsheet's locale to English before saving as CSV)`);
  return (v) => {
    const s = asText(v);
    if (s === undefined) return AN_AMOUNT;
    const m = moneyText(s, currency);
    if (m !== undefined) return m;
    return DECIMAL_COMMA_RE.test(s) ? comma : bad;
  };
};

const NOT_GTIN = new Expected('a GTIN of 8, 12, 13 or 14 digits');

const parseBarcode: Parse<string> = (v) => {
  const s = asText(v);
  if (s === undefined) return NOT_GTIN;
  if (isPlainValidGtin(s)) return s;
  const r = checkGtin(s);
  return r.ok ? r.value : new Expected(r.expected);
};

// The parse function of every plain field, shared by the zod schema (which reports problems)
// and the fast path below (which only ever accepts), so the two cannot drift apart.
const OPTION = { name: parseText(255), value: parseText(255) };
const IMAGE = { url: parseHttpUrl(), alt: parseText(512) };
const LIST_ITEM = parseText(255);

const variantParsers = (currency: string) => ({
  sku: parseCode('a sku'),
  title: parseText(255),
  price: moneyParser(currency),
  compare_at_price: moneyParser(currency),
  cost_price: moneyParser(currency),
  barcode: parseBarcode,
  inventory_quantity: parseWhole(-1_000_000_000),
  inventory_policy: parseOneOf(INVENTORY_POLICIES),
  weight: parseDecimalText('a weight'),
  weight_unit: parseOneOf(WEIGHT_UNITS),
  length: parseDecimalText('a length'),
  width: parseDecimalText('a width'),
  height: parseDecimalText('a height'),
  dimension_unit: parseOneOf(DIMENSION_UNITS),
  image: parseHttpUrl(),
  model_number: parseText(255),
  min_reorder_level: parseWhole(0),
  quantity_to_reorder: parseWhole(0),
  tax_rate: parseDecimalText('a tax rate in percent', { max: 100 }),
});

const CASE = {
  unit: parseText(32),
  pack: parseWhole(1),
  length: parseDecimalText('a length', { positive: true }),
  width: parseDecimalText('a width', { positive: true }),
  height: parseDecimalText('a height', { positive: true }),
  dimension_unit: parseOneOf(DIMENSION_UNITS),
  weight: parseDecimalText('a weight', { positive: true }),
  weight_unit: parseOneOf(WEIGHT_UNITS),
};

const SUBSCRIPTION = {
  billing_interval: parseOneOf(BILLING_INTERVALS),
  trial_days: parseWhole(0),
};

const PRODUCT = {
  handle: parseCode('a handle'),
  title: parseText(1000),
  subtitle: parseText(1000),
  description: parseText(100_000),
  kind: parseOneOf(KINDS),
  status: parseOneOf(STATUSES),
  brand: parseText(255),
  product_type: parseText(255),
  url: parseHttpUrl(),
  notes: parseText(10_000),
  origin_country: parseCountry(),
  hs_code: parseHsCode(),
  hazmat: parseBool(),
  estimated_delivery_days: parseWhole(0),
  condition: parseOneOf(CONDITIONS),
  serial_number_required: parseBool(),
  expiry_date_required: parseBool(),
};

const option = z.object({ name: cell(OPTION.name), value: cell(OPTION.value) });

/** Options as {"Size": "M"} (JSON) or [{name, value}] (CSV and JSON), kept in order. */
const options = z.preprocess(
  (v) => (v && typeof v === 'object' && !Array.isArray(v) ? Object.entries(v).map(([name, value]) => ({ name, value })) : v),
  z.array(option, { message: 'options as {"Size": "M"} or [{"name": "Size", "value": "M"}]' }).max(3, { message: 'at most 3 options' }),
);

const scalar = z.union([z.string(), z.number(), z.boolean()], { message: 'a text, number or boolean value' });

function variantSchema(currency: string) {
  const p = variantParsers(currency);
  return z.object({
    sku: cell(p.sku),
    title: cell(p.title).optional(),
    price: cell(p.price),
    compare_at_price: cell(p.compare_at_price).optional(),
    cost_price: cell(p.cost_price).optional(),
    barcode: cell(p.barcode).optional(),
    inventory_quantity: cell(p.inventory_quantity).optional(),
    inventory_policy: cell(p.inventory_policy).optional(),
    weight: cell(p.weight).optional(),
    weight_unit: cell(p.weight_unit).optional(),
    length: cell(p.length).optional(),
    width: cell(p.width).optional(),
    height: cell(p.height).optional(),
    dimension_unit: cell(p.dimension_unit).optional(),
    options: options.optional(),
    image: cell(p.image).optional(),
    model_number: cell(p.model_number).optional(),
    min_reorder_level: cell(p.min_reorder_level).optional(),
    quantity_to_reorder: cell(p.quantity_to_reorder).optional(),
    tax_rate: cell(p.tax_rate).optional(),
  });
}

const image = z.preprocess(
  (v) => (typeof v === 'string' ? { url: v } : v),
  z.object({ url: cell(IMAGE.url), alt: cell(IMAGE.alt).optional() }),
);

const caseSchema = z.object({
  unit: cell(CASE.unit).optional(),
  pack: cell(CASE.pack).optional(),
  length: cell(CASE.length).optional(),
  width: cell(CASE.width).optional(),
  height: cell(CASE.height).optional(),
  dimension_unit: cell(CASE.dimension_unit).optional(),
  weight: cell(CASE.weight).optional(),
  weight_unit: cell(CASE.weight_unit).optional(),
});

const subscriptionSchema = z.object({
  billing_interval: cell(SUBSCRIPTION.billing_interval).optional(),
  trial_days: cell(SUBSCRIPTION.trial_days).optional(),
});

/** `<target>.<field>` pass-through values; each target checks them against its payload schema. */
const targetsSchema = z.partialRecord(z.enum(TARGET_NAMES), z.record(z.string(), z.unknown()));

const stringList = () => list(cell(LIST_ITEM), ',');

function productSchema(currency: string) {
  const p = PRODUCT;
  return z.object({
    handle: cell(p.handle).optional(),
    title: cell(p.title),
    subtitle: cell(p.subtitle).optional(),
    description: cell(p.description).optional(),
    kind: cell(p.kind).default('physical'),
    status: cell(p.status).optional(),
    brand: cell(p.brand).optional(),
    product_type: cell(p.product_type).optional(),
    url: cell(p.url).optional(),
    tags: stringList().default([]),
    category_ids: stringList().default([]),
    images: z.array(image, { message: 'a list of images' }).default([]),
    notes: cell(p.notes).optional(),
    metadata: z.record(z.string(), scalar).default({}),
    currency: z.string(),
    origin_country: cell(p.origin_country).optional(),
    hs_code: cell(p.hs_code).optional(),
    hazmat: cell(p.hazmat).optional(),
    estimated_delivery_days: cell(p.estimated_delivery_days).optional(),
    condition: cell(p.condition).optional(),
    serial_number_required: cell(p.serial_number_required).optional(),
    expiry_date_required: cell(p.expiry_date_required).optional(),
    case: caseSchema.optional(),
    subscription: subscriptionSchema.optional(),
    variants: z.array(variantSchema(currency)).min(1, { message: 'at least one variant (a sku and a price)' }),
    targets: targetsSchema.default({}),
  });
}

export type { RowSpec } from './fast.js';

export type Product = z.output<ReturnType<typeof productSchema>>;
export type Variant = Product['variants'][number];
export type Kind = (typeof KINDS)[number];
export type TargetName = (typeof TARGET_NAMES)[number];

/** A problem with one value, located by its path inside the product ("variants", 1, "price"). */
export interface ProductIssue {
  path: (string | number)[];
  expected: string;
  found: unknown;
  severity: 'error' | 'warning';
}

export type ParseResult =
  | { ok: true; product: Product; warnings: ProductIssue[] }
  | { ok: false; issues: ProductIssue[]; warnings: ProductIssue[] };

const schemas = new Map<string, ReturnType<typeof productSchema>>();

function schemaFor(currency: string) {
  let s = schemas.get(currency);
  if (!s) schemas.set(currency, (s = productSchema(currency)));
  return s;
}

let fastPaths: FastPaths | undefined;

/** The fast paths, built on first use from the same shapes and parse functions as the schema. */
function fast(): FastPaths {
  return (fastPaths ??= createFastPaths({
    productShape: (currency) => schemaFor(currency).shape,
    variantShape: (currency) => (schemaFor(currency).shape.variants as z.ZodArray<z.ZodObject>).element.shape,
    caseShape: caseSchema.shape,
    subscriptionShape: subscriptionSchema.shape,
    product: PRODUCT,
    variant: variantParsers,
    case: CASE,
    subscription: SUBSCRIPTION,
    option: OPTION,
    image: IMAGE,
    listItem: LIST_ITEM,
    targets: TARGET_NAMES,
  }));
}

/** For tests: the fast path alone (undefined where it hands over to zod). */
export function fastParseForTest(raw: Record<string, unknown>, currency: string): Product | undefined {
  return fast().object(raw, currency) as Product | undefined;
}

/**
 * A parser of products read straight from rows of cells (CSV), for one header. It returns
 * undefined when the rows need the full treatment: parseProduct of the raw product built from
 * them, which gives the same result or the issues.
 */
export function rowParser(spec: RowSpec): (rows: readonly (readonly string[])[], opts: ParseOptions) => ParseResult | undefined {
  const currencyCol = spec.product.currency;
  const parse = fast().rows(spec);
  return (rows, opts) => {
    let currency = opts.defaultCurrency;
    if (currencyCol !== undefined) {
      const given = asText(spec.cell(rows[0]![currencyCol]))?.toUpperCase();
      if (given) {
        if (!isCurrency(given)) return undefined;
        currency = given;
      }
    }
    const product = parse(rows, currency) as Product | undefined;
    return product && finish(product, [], []);
  };
}

/** The keys of the schema's objects, in order (for the column reference and its test). */
export function schemaKeys(): { product: string[]; variant: string[]; case: string[]; subscription: string[] } {
  const shape = schemaFor('USD').shape;
  return {
    product: Object.keys(shape),
    variant: Object.keys((shape.variants as z.ZodArray<z.ZodObject>).element.shape),
    case: Object.keys(caseSchema.shape),
    subscription: Object.keys(subscriptionSchema.shape),
  };
}

/** For tests: zod alone. */
export function zodParseForTest(raw: Record<string, unknown>, currency: string): { success: boolean; data?: Product } {
  const r = schemaFor(currency).safeParse({ ...raw, currency });
  return r.success ? { success: true, data: r.data } : { success: false };
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let v: any = root;
  for (const k of path) v = v == null ? undefined : v[k as any];
  return v;
}

export interface ParseOptions {
  /** Currency for rows that name none (ISO 4217). */
  defaultCurrency: string;
}

/**
 * Validates one raw product (nested shape; see input/rows.ts for how CSV rows get there) and
 * returns every problem, not just the first.
 */
export function parseProduct(input: Record<string, unknown>, opts: ParseOptions): ParseResult {
  const { raw, lifted } = liftSingleVariant(input);
  const result = parseNested(raw, opts);
  if (lifted) {
    // Report paths as the user wrote them: `price`, not `variants/0/price`.
    const unlift = (i: ProductIssue) => {
      if (i.path[0] === 'variants' && i.path[1] === 0 && i.path.length > 2) i.path = i.path.slice(2);
    };
    (result.ok ? result.warnings : [...result.issues, ...result.warnings]).forEach(unlift);
  }
  return result;
}

/** Variant fields, as columns and as keys of a single-variant JSON product. */
export const VARIANT_FIELDS = [
  'sku', 'title', 'price', 'compare_at_price', 'cost_price', 'barcode', 'inventory_quantity', 'inventory_policy',
  'weight', 'weight_unit', 'length', 'width', 'height', 'dimension_unit', 'options', 'image', 'model_number',
  'min_reorder_level', 'quantity_to_reorder', 'tax_rate',
] as const;

// Variant-only fields: their presence at product level means "a single-variant product".
const LIFT_FIELDS = VARIANT_FIELDS.filter((f) => f !== 'title');

/** A JSON product with top-level sku/price and no `variants` is a single-variant product. */
export function liftSingleVariant(raw: Record<string, unknown>): { raw: Record<string, unknown>; lifted: boolean } {
  if (raw.variants !== undefined || (raw.sku === undefined && raw.price === undefined)) return { raw, lifted: false };
  const product: Record<string, unknown> = {};
  const variant: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(raw)) ((LIFT_FIELDS as readonly string[]).includes(k) ? variant : product)[k] = v;
  product.variants = [variant];
  return { raw: product, lifted: true };
}

function parseNested(raw: Record<string, unknown>, opts: ParseOptions): ParseResult {
  const issues: ProductIssue[] = [];
  const warnings: ProductIssue[] = [];
  const given = asText(raw.currency)?.toUpperCase();
  let currency = opts.defaultCurrency;
  if (given) {
    if (isCurrency(given)) currency = given;
    else issues.push({ path: ['currency'], expected: 'an ISO 4217 currency code, like USD or EUR', found: raw.currency, severity: 'error' });
  }
  const quick = issues.length === 0 ? (fast().object(raw, currency) as Product | undefined) : undefined;
  if (quick) return finish(quick, issues, warnings);
  const r = schemaFor(currency).safeParse({ ...raw, currency });
  if (!r.success) {
    for (const i of r.error.issues) {
      const found = 'input' in i ? i.input : valueAt(raw, i.path);
      issues.push({ path: i.path as (string | number)[], expected: expectedOf(i, found), found, severity: 'error' });
    }
    return { ok: false, issues, warnings };
  }
  return finish(r.data, issues, warnings);
}

function finish(product: Product, issues: ProductIssue[], warnings: ProductIssue[]): ParseResult {
  crossCheck(product, issues, warnings);
  if (issues.length) return { ok: false, issues, warnings };
  if (product.handle === undefined) product.handle = product.variants[0]!.sku;
  return { ok: true, product, warnings };
}

export const REQUIRED = 'a value (this field is required)';

function expectedOf(i: z.core.$ZodIssue, found: unknown): string {
  // A missing required cell fails its parser like a bad one would; say what is wrong.
  if ((i.code === 'invalid_type' || i.code === 'custom') && found === undefined) return REQUIRED;
  if (i.code === 'unrecognized_keys') return `no unknown fields (${i.keys.join(', ')})`;
  return i.message;
}

/** Rules that span fields: units that go with values, distinguishable variants, kinds. */
function crossCheck(p: Product, issues: ProductIssue[], warnings: ProductIssue[]): void {
  const err = (path: (string | number)[], expected: string, found: unknown) => issues.push({ path, expected, found, severity: 'error' });
  const warn = (path: (string | number)[], expected: string, found: unknown) => warnings.push({ path, expected, found, severity: 'warning' });

  // Plain loops and lazily made sets: this runs for every product, and most have one variant.
  const variants = p.variants;
  const many = variants.length > 1;
  const skus = many ? new Set<string>() : undefined;
  const combos = many ? new Map<string, number>() : undefined;
  let titles: Set<string> | undefined;
  const optionNames = variants[0] ? optionKey(variants[0].options, 'name') : '';
  for (let i = 0; i < variants.length; i++) {
    const v = variants[i]!;
    if (skus) {
      if (skus.has(v.sku)) err(['variants', i, 'sku'], 'a sku not used by another variant of this product', v.sku);
      skus.add(v.sku);
    }
    if (v.weight !== undefined && v.weight_unit === undefined) err(['variants', i, 'weight_unit'], `the unit of weight ${v.weight} (${WEIGHT_UNITS.join(', ')})`, undefined);
    if ((v.length ?? v.width ?? v.height) !== undefined && v.dimension_unit === undefined) {
      err(['variants', i, 'dimension_unit'], `the unit of the dimensions (${DIMENSION_UNITS.join(', ')})`, undefined);
    }
    if (v.compare_at_price !== undefined && compareMoney(v.compare_at_price, v.price) <= 0) {
      warn(['variants', i, 'compare_at_price'], `a compare-at price above the price ${v.price}`, v.compare_at_price);
    }
    const names = optionKey(v.options, 'name');
    if (names !== optionNames) err(['variants', i, 'options'], `the same option names as the first variant (${optionNames.replaceAll('|', ', ') || 'none'})`, names.replaceAll('|', ', ') || 'none');
    if (combos) {
      const combo = optionKey(v.options, 'value');
      const same = combos.get(combo);
      if (combo && same !== undefined) err(['variants', i, 'options'], `options that differ from variant ${same + 1} (${combo.replaceAll('|', ' / ')})`, combo.replaceAll('|', ' / '));
      combos.set(combo, i);
      if (!combo) {
        const t = v.title?.toLowerCase();
        titles ??= new Set<string>();
        if (!t || titles.has(t)) err(['variants', i, 'options'], 'options (or a distinct variant title) telling this variant apart from the others', undefined);
        if (t) titles.add(t);
      }
    }
  }

  const c = p.case;
  if (c) {
    if ((c.length ?? c.width ?? c.height) !== undefined && c.dimension_unit === undefined) err(['case', 'dimension_unit'], `the unit of the case dimensions (${DIMENSION_UNITS.join(', ')})`, undefined);
    if (c.weight !== undefined && c.weight_unit === undefined) err(['case', 'weight_unit'], `the unit of the case weight (${WEIGHT_UNITS.join(', ')})`, undefined);
  }
  if (p.kind === 'subscription' && !p.subscription?.billing_interval) {
    err(['subscription', 'billing_interval'], `a billing interval for a subscription (${BILLING_INTERVALS.join(', ')})`, undefined);
  }
  if (p.kind !== 'subscription' && p.subscription) warn(['subscription'], 'subscription fields only on a subscription product; they are ignored', p.kind);
}

/** Option names or values, lowercased and joined with "|" ("" for none). */
function optionKey(options: { name: string; value: string }[] | undefined, field: 'name' | 'value'): string {
  if (!options || options.length === 0) return '';
  let key = options[0]![field].toLowerCase();
  for (let i = 1; i < options.length; i++) key += '|' + options[i]![field].toLowerCase();
  return key;
}

// ---------------------------------------------------------------------------------------------
// JSON Schema of a JSON catalog, for editors (`catalog-upload schema --json-schema`). The zod
// schema itself transforms values (cells become numbers, codes are checked), which JSON Schema
// cannot say; this describes what a file may contain, with the same field descriptions.

type JsonSchema = Record<string, unknown>;

const str = (description: string, extra: JsonSchema = {}): JsonSchema => ({ type: 'string', description, ...extra });
const oneOfValues = (values: readonly string[], description: string): JsonSchema => ({ type: 'string', enum: [...values], description: `${description} (case-insensitive)` });
const numeric = (description: string, integer = false): JsonSchema => ({
  type: [integer ? 'integer' : 'number', 'string'],
  description,
  pattern: integer ? '^[+-]?\\d+$' : '^\\d*\\.?\\d+$',
});
const boolean = (description: string): JsonSchema => ({ type: ['boolean', 'string', 'integer'], description: `${description} (also yes/no, 1/0)` });
const amount = (description: string): JsonSchema => ({ type: ['string', 'number'], description, pattern: '^\\d+(\\.\\d+)?$' });
const urlField = (description: string): JsonSchema => ({ type: 'string', format: 'uri', pattern: '^[hH][tT][tT][pP][sS]?:', description });
const listOf = (description: string): JsonSchema => ({ type: ['array', 'string'], items: { type: 'string' }, description });

function variantProperties(): Record<string, JsonSchema> {
  const d = VARIANT_DOCS;
  return {
    sku: str(d.sku, { maxLength: 255 }),
    title: str(d.title, { maxLength: 255 }),
    price: amount(d.price),
    compare_at_price: amount(d.compare_at_price),
    cost_price: amount(d.cost_price),
    barcode: { type: ['string', 'integer'], pattern: '^\\d{8}(\\d{4,6})?$', description: d.barcode },
    inventory_quantity: numeric(d.inventory_quantity, true),
    inventory_policy: oneOfValues(INVENTORY_POLICIES, d.inventory_policy),
    weight: numeric(d.weight),
    weight_unit: oneOfValues(WEIGHT_UNITS, d.weight_unit),
    length: numeric(d.length),
    width: numeric(d.width),
    height: numeric(d.height),
    dimension_unit: oneOfValues(DIMENSION_UNITS, d.dimension_unit),
    options: {
      description: d.options,
      oneOf: [
        { type: 'object', additionalProperties: { type: ['string', 'number'] }, maxProperties: 3 },
        { type: 'array', maxItems: 3, items: { type: 'object', required: ['name', 'value'], properties: { name: { type: 'string' }, value: { type: ['string', 'number'] } } } },
      ],
    },
    image: urlField(d.image),
    model_number: str(d.model_number),
    min_reorder_level: numeric(d.min_reorder_level, true),
    quantity_to_reorder: numeric(d.quantity_to_reorder, true),
    tax_rate: numeric(d.tax_rate),
  };
}

/** The JSON Schema of a JSON catalog: an array of products, or {"products": [...]}. */
export function productJsonSchema(): JsonSchema {
  const d = PRODUCT_DOCS;
  const c = CASE_DOCS;
  const variant = variantProperties();
  const product: JsonSchema = {
    type: 'object',
    description: 'A product: nested "variants", or a single-variant product with sku and price on top.',
    required: ['title'],
    anyOf: [{ required: ['variants'] }, { required: ['sku', 'price'] }],
    properties: {
      handle: str(d.handle, { maxLength: 255 }),
      title: str(d.title, { maxLength: 1000 }),
      subtitle: str(d.subtitle, { maxLength: 1000 }),
      description: str(d.description, { maxLength: 100_000 }),
      kind: oneOfValues(KINDS, d.kind),
      status: oneOfValues(STATUSES, d.status),
      brand: str(d.brand),
      product_type: str(d.product_type),
      url: urlField(d.url),
      tags: listOf(d.tags),
      category_ids: listOf(d.category_ids),
      images: {
        type: 'array',
        description: d.images,
        items: { oneOf: [{ type: 'string', format: 'uri' }, { type: 'object', required: ['url'], properties: { url: { type: 'string', format: 'uri' }, alt: { type: 'string' } } }] },
      },
      notes: str(d.notes),
      metadata: { type: 'object', description: d.metadata, additionalProperties: { type: ['string', 'number', 'boolean'] } },
      currency: str(d.currency, { pattern: '^[A-Za-z]{3}$' }),
      origin_country: str(d.origin_country, { pattern: '^[A-Za-z]{2}$' }),
      hs_code: { type: ['string', 'integer'], description: d.hs_code },
      hazmat: boolean(d.hazmat),
      estimated_delivery_days: numeric(d.estimated_delivery_days, true),
      condition: oneOfValues(CONDITIONS, d.condition),
      serial_number_required: boolean(d.serial_number_required),
      expiry_date_required: boolean(d.expiry_date_required),
      case: {
        type: 'object',
        description: d.case,
        properties: {
          unit: str(c.unit),
          pack: numeric(c.pack, true),
          length: numeric(c.length),
          width: numeric(c.width),
          height: numeric(c.height),
          dimension_unit: oneOfValues(DIMENSION_UNITS, c.dimension_unit),
          weight: numeric(c.weight),
          weight_unit: oneOfValues(WEIGHT_UNITS, c.weight_unit),
        },
      },
      subscription: {
        type: 'object',
        description: d.subscription,
        properties: {
          billing_interval: oneOfValues(BILLING_INTERVALS, SUBSCRIPTION_DOCS.billing_interval),
          trial_days: numeric(SUBSCRIPTION_DOCS.trial_days, true),
        },
      },
      variants: { type: 'array', minItems: 1, description: d.variants, items: { type: 'object', required: ['sku', 'price'], properties: variant } },
      targets: {
        type: 'object',
        description: d.targets,
        properties: Object.fromEntries(TARGET_NAMES.map((t) => [t, { type: 'object', description: `fields of the ${t} payload` }])),
        additionalProperties: false,
      },
      ...Object.fromEntries(VARIANT_FIELDS.filter((f) => f !== 'title').map((f) => [f, variant[f]!])),
      errors: { description: 'ignored: the reasons --rejects writes next to each rejected product' },
    },
  };
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    title: 'catalog-uploader catalog',
    oneOf: [
      { type: 'array', items: { $ref: '#/$defs/product' } },
      { type: 'object', required: ['products'], properties: { products: { type: 'array', items: { $ref: '#/$defs/product' } } } },
    ],
    $defs: { product },
  };
}
