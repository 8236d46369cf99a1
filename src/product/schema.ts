// The unified product (DESIGN §2): one zod schema that accepts CSV strings and JSON values alike
// and turns them into one normalised shape, so targets only ever see clean data.
import { z } from 'zod';
import { bool, cell, code, country, decimal, hsCode, httpUrl, int, list, oneOf, text, asText } from './fields.js';
import { checkGtin } from './gtin.js';
import { isCurrency, parseMoney } from './money.js';
import { DIMENSION_UNITS, WEIGHT_UNITS } from './units.js';

export const KINDS = ['physical', 'digital_download', 'license_key', 'subscription'] as const;
export const STATUSES = ['active', 'draft', 'archived'] as const;
export const CONDITIONS = ['new', 'used', 'refurbished'] as const;
export const INVENTORY_POLICIES = ['deny', 'continue'] as const;
export const BILLING_INTERVALS = ['weekly', 'monthly', 'yearly'] as const;
export const TARGET_NAMES = ['panora', 'fanfare', 'pandabase', 's2', 'veeqo'] as const;

const money = (currency: string) =>
  cell((v) => {
    const s = asText(v);
    return s === undefined ? { ok: false as const, expected: 'an amount' } : parseMoney(s, currency);
  });

const barcode = () => cell((v) => {
  const s = asText(v);
  return s === undefined ? { ok: false as const, expected: 'a GTIN of 8, 12, 13 or 14 digits' } : checkGtin(s);
});

const option = z.object({ name: text(255), value: text(255) });

/** Options as {"Size": "M"} (JSON) or [{name, value}] (CSV and JSON), kept in order. */
const options = z.preprocess(
  (v) => (v && typeof v === 'object' && !Array.isArray(v) ? Object.entries(v).map(([name, value]) => ({ name, value })) : v),
  z.array(option, { message: 'options as {"Size": "M"} or [{"name": "Size", "value": "M"}]' }).max(3, { message: 'at most 3 options' }),
);

const scalar = z.union([z.string(), z.number(), z.boolean()], { message: 'a text, number or boolean value' });

function variantSchema(currency: string) {
  return z.object({
    sku: code('a sku'),
    title: text(255).optional(),
    price: money(currency),
    compare_at_price: money(currency).optional(),
    cost_price: money(currency).optional(),
    barcode: barcode().optional(),
    inventory_quantity: int(-1_000_000_000).optional(),
    inventory_policy: oneOf(INVENTORY_POLICIES).optional(),
    weight: decimal('a weight').optional(),
    weight_unit: oneOf(WEIGHT_UNITS).optional(),
    length: decimal('a length').optional(),
    width: decimal('a width').optional(),
    height: decimal('a height').optional(),
    dimension_unit: oneOf(DIMENSION_UNITS).optional(),
    options: options.optional(),
    image: httpUrl().optional(),
    model_number: text(255).optional(),
    min_reorder_level: int(0).optional(),
    quantity_to_reorder: int(0).optional(),
    tax_rate: decimal('a tax rate in percent', { max: 100 }).optional(),
  });
}

const image = z.preprocess(
  (v) => (typeof v === 'string' ? { url: v } : v),
  z.object({ url: httpUrl(), alt: text(512).optional() }),
);

const caseSchema = z.object({
  unit: text(32).optional(),
  pack: int(1).optional(),
  length: decimal('a length', { positive: true }).optional(),
  width: decimal('a width', { positive: true }).optional(),
  height: decimal('a height', { positive: true }).optional(),
  dimension_unit: oneOf(DIMENSION_UNITS).optional(),
  weight: decimal('a weight', { positive: true }).optional(),
  weight_unit: oneOf(WEIGHT_UNITS).optional(),
});

const subscriptionSchema = z.object({
  billing_interval: oneOf(BILLING_INTERVALS).optional(),
  trial_days: int(0).optional(),
});

/** `<target>.<field>` pass-through values; each target checks them against its payload schema. */
const targetsSchema = z.partialRecord(z.enum(TARGET_NAMES), z.record(z.string(), z.unknown()));

function productSchema(currency: string) {
  return z.object({
    handle: code('a handle').optional(),
    title: text(1000),
    subtitle: text(1000).optional(),
    description: text(100_000).optional(),
    kind: oneOf(KINDS).default('physical'),
    status: oneOf(STATUSES).optional(),
    brand: text(255).optional(),
    product_type: text(255).optional(),
    url: httpUrl().optional(),
    tags: list(text(255), ',').default([]),
    category_ids: list(text(255), ',').default([]),
    images: z.array(image, { message: 'a list of images' }).default([]),
    notes: text(10_000).optional(),
    metadata: z.record(z.string(), scalar).default({}),
    currency: z.string(),
    origin_country: country().optional(),
    hs_code: hsCode().optional(),
    hazmat: bool().optional(),
    estimated_delivery_days: int(0).optional(),
    condition: oneOf(CONDITIONS).optional(),
    serial_number_required: bool().optional(),
    expiry_date_required: bool().optional(),
    case: caseSchema.optional(),
    subscription: subscriptionSchema.optional(),
    variants: z.array(variantSchema(currency)).min(1, { message: 'at least one variant (a sku and a price)' }),
    targets: targetsSchema.default({}),
  });
}

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
  const r = schemaFor(currency).safeParse({ ...raw, currency });
  if (!r.success) {
    for (const i of r.error.issues) {
      const found = 'input' in i ? i.input : valueAt(raw, i.path);
      issues.push({ path: i.path as (string | number)[], expected: expectedOf(i), found, severity: 'error' });
    }
    return { ok: false, issues, warnings };
  }
  const product = r.data;
  crossCheck(product, issues, warnings);
  if (issues.length) return { ok: false, issues, warnings };
  if (product.handle === undefined) product.handle = product.variants[0]!.sku;
  return { ok: true, product, warnings };
}

function expectedOf(i: z.core.$ZodIssue): string {
  if (i.code === 'invalid_type' && i.input === undefined) return 'a value (this field is required)';
  if (i.code === 'unrecognized_keys') return `no unknown fields (${i.keys.join(', ')})`;
  return i.message;
}

/** Rules that span fields: units that go with values, distinguishable variants, kinds. */
function crossCheck(p: Product, issues: ProductIssue[], warnings: ProductIssue[]): void {
  const err = (path: (string | number)[], expected: string, found: unknown) => issues.push({ path, expected, found, severity: 'error' });
  const warn = (path: (string | number)[], expected: string, found: unknown) => warnings.push({ path, expected, found, severity: 'warning' });

  const skus = new Set<string>();
  const combos = new Map<string, number>();
  const titles = new Set<string>();
  const optionNames = p.variants[0]?.options?.map((o) => o.name.toLowerCase()).join('|') ?? '';
  p.variants.forEach((v, i) => {
    if (skus.has(v.sku)) err(['variants', i, 'sku'], 'a sku not used by another variant of this product', v.sku);
    skus.add(v.sku);
    if (v.weight !== undefined && v.weight_unit === undefined) err(['variants', i, 'weight_unit'], `the unit of weight ${v.weight} (${WEIGHT_UNITS.join(', ')})`, undefined);
    if ((v.length ?? v.width ?? v.height) !== undefined && v.dimension_unit === undefined) {
      err(['variants', i, 'dimension_unit'], `the unit of the dimensions (${DIMENSION_UNITS.join(', ')})`, undefined);
    }
    if (v.compare_at_price !== undefined && Number(v.compare_at_price) <= Number(v.price)) {
      warn(['variants', i, 'compare_at_price'], `a compare-at price above the price ${v.price}`, v.compare_at_price);
    }
    const names = v.options?.map((o) => o.name.toLowerCase()).join('|') ?? '';
    if (names !== optionNames) err(['variants', i, 'options'], `the same option names as the first variant (${optionNames.replaceAll('|', ', ') || 'none'})`, names.replaceAll('|', ', ') || 'none');
    const combo = v.options?.map((o) => o.value.toLowerCase()).join('|') ?? '';
    if (p.variants.length > 1) {
      const same = combos.get(combo);
      if (combo && same !== undefined) err(['variants', i, 'options'], `options that differ from variant ${same + 1} (${combo.replaceAll('|', ' / ')})`, combo.replaceAll('|', ' / '));
      combos.set(combo, i);
      if (!combo) {
        const t = v.title?.toLowerCase();
        if (!t || titles.has(t)) err(['variants', i, 'options'], 'options (or a distinct variant title) telling this variant apart from the others', undefined);
        if (t) titles.add(t);
      }
    }
  });

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
