// parseProduct: one raw product (the nested JSON shape; CSV rows are built into it by
// input/rows.ts) → the normalised product, or every problem with it, each with a stable code.
import type { z } from 'zod';
import { asText, Expected } from './cells.js';
import { crossCheck } from './cross.js';
import { fastProduct } from './fast.js';
import { LIFTED_KEYS, PRODUCT_FIELDS, type Product } from './fields.js';
import { productSchema } from './schema.js';
import { valueAt } from '../values.js';

/** A problem with one value, located by its path inside the product ("variants", 1, "price"). */
export interface ProductIssue {
  path: (string | number)[];
  /** Why, in a word or two (`precision`, `required`): the code is `<field>.<reason>`. */
  reason: string;
  expected: string;
  found: unknown;
  severity: 'error' | 'warning';
}

export type ParseResult =
  | { ok: true; product: Product; warnings: ProductIssue[] }
  | { ok: false; issues: ProductIssue[]; warnings: ProductIssue[] };

export interface ParseOptions {
  /** Currency for products that name none (ISO 4217). */
  defaultCurrency: string;
  /** Target names allowed under `targets` (the registry's); empty or absent: any. */
  targets?: readonly string[];
}

export const REQUIRED = 'a value (this field is required)';

/**
 * The stable code of an issue: the unified field without positions or user keys, then the
 * reason: `variants[1].price` + precision → `price.precision`; `case.length` → `case.length.…`.
 */
export function issueCode(path: readonly (string | number)[], reason: string): string {
  const parts: string[] = [];
  for (const k of path) {
    if (typeof k === 'number') continue;
    if (parts.length === 0 && k === 'variants' && path.length > 1) continue;
    parts.push(k);
    // metadata and targets keys are the user's own: not part of a stable code.
    if (k === 'metadata' || (parts[0] === 'targets' && parts.length === 2)) break;
  }
  return `${parts.join('.') || 'product'}.${reason}`;
}

/** A product with top-level sku/price and no `variants` is a single-variant product. */
export function isLifted(raw: Record<string, unknown>): boolean {
  return raw.variants === undefined && (raw.sku !== undefined || raw.price !== undefined);
}

/** The single-variant product with its variant fields moved into `variants[0]`. */
export function liftSingleVariant(raw: Record<string, unknown>): Record<string, unknown> {
  const product: Record<string, unknown> = {};
  const variant: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(raw)) (LIFTED_KEYS.includes(k) ? variant : product)[k] = v;
  product.variants = [variant];
  return product;
}

/** Validates one raw product and returns every problem, not just the first. */
export function parseProduct(input: Record<string, unknown>, opts: ParseOptions): ParseResult {
  const lifted = isLifted(input);
  const result = parseNested(lifted ? liftSingleVariant(input) : input, opts);
  if (lifted) {
    // Report paths as the user wrote them: `price`, not `variants/0/price`.
    const unlift = (i: ProductIssue) => {
      if (i.path[0] === 'variants' && i.path[1] === 0 && i.path.length > 2) i.path = i.path.slice(2);
    };
    (result.ok ? result.warnings : [...result.issues, ...result.warnings]).forEach(unlift);
  }
  return result;
}

const currencyType = PRODUCT_FIELDS.currency.type;

function parseNested(raw: Record<string, unknown>, opts: ParseOptions): ParseResult {
  const issues: ProductIssue[] = [];
  const warnings: ProductIssue[] = [];
  const targets = opts.targets ?? [];
  let currency = opts.defaultCurrency;
  if (raw.currency !== undefined && asText(raw.currency) !== '') {
    const c = currencyType.parse(raw.currency);
    if (c instanceof Expected) issues.push({ path: ['currency'], reason: c.reason, expected: c.expected, found: raw.currency, severity: 'error' });
    else currency = c;
  }
  const quick = issues.length === 0 ? (fastProduct(raw, currency, targets) as Product | undefined) : undefined;
  if (quick) return finish(quick, issues, warnings);
  const r = productSchema({ currency, targets }).safeParse({ ...raw, currency });
  if (!r.success) {
    for (const i of r.error.issues) {
      const found = 'input' in i ? i.input : valueAt(raw, i.path);
      issues.push({ path: i.path as (string | number)[], reason: reasonOf(i, found), expected: expectedOf(i, found), found, severity: 'error' });
    }
    return { ok: false, issues, warnings };
  }
  return finish(r.data, issues, warnings);
}

/** The issues of a product that passed every field: cross-field rules; the handle defaults to the sku. */
export function finish(product: Product, issues: ProductIssue[], warnings: ProductIssue[]): ParseResult {
  crossCheck(product, issues, warnings);
  if (issues.length) return { ok: false, issues, warnings };
  if (product.handle === undefined) product.handle = product.variants[0]!.sku;
  return { ok: true, product, warnings };
}

function expectedOf(i: z.core.$ZodIssue, found: unknown): string {
  // A missing required cell fails its parser like a bad one would; say what is wrong.
  if ((i.code === 'invalid_type' || i.code === 'custom') && found === undefined) return REQUIRED;
  if (i.code === 'unrecognized_keys') return `no unknown fields (${i.keys.join(', ')})`;
  return i.message;
}

const ZOD_REASONS: Record<string, string> = { too_big: 'too_many', too_small: 'too_few', unrecognized_keys: 'unknown_key', invalid_type: 'type', invalid_union: 'type', invalid_key: 'unknown_key', invalid_value: 'enum' };

function reasonOf(i: z.core.$ZodIssue, found: unknown): string {
  if ((i.code === 'invalid_type' || i.code === 'custom') && found === undefined) return 'required';
  if (i.code === 'custom') return String((i.params as { reason?: unknown } | undefined)?.reason ?? 'invalid');
  return ZOD_REASONS[i.code] ?? i.code;
}
