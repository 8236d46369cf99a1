// Unified product → Pandabase body, Pandabase's own rules (digital goods only, its limits, amounts
// its integer cents hold), what it has no place for, and where body fields came from. Pure: a
// retry sends the very same bytes under the same derived idempotency key, which Pandabase then
// replays instead of refusing (other body: 422).
import { createHash } from 'node:crypto';
import { compareMoney } from '../../product/money.js';
import type { Kind, Product, Variant } from '../../product/fields.js';
import { formatFieldPath } from '../../paths.js';
import { givenFields, issue, MINOR_UNITS_LIMIT, minorUnits, passThrough, variantTitle, withPassThrough } from '../shared.js';
import type { Unit, UnitIssue } from '../types.js';
import { LIMITS, type PandabaseBody, type PandabaseOption, type PandabaseVariant } from './schema.js';

export const PRODUCT_TYPE: Partial<Record<Kind, PandabaseBody['productType']>> = {
  digital_download: 'DIGITAL_DOWNLOAD',
  license_key: 'LICENSE_KEY',
  subscription: 'SUBSCRIPTION',
};

/** `archived` has no Pandabase counterpart: rules() report it, so it never reaches a body. */
const STATUS: Record<string, PandabaseBody['status']> = { active: 'ACTIVE', draft: 'DRAFT' };

/** Integer cents; undefined past 2^53, which rules() report (the schema then refuses the gap). */
const cents = (p: Product, amount: string) => minorUnits(amount, p.currency);

/**
 * The variant whose price becomes the product's `price`: the lowest, as a storefront shows
 * "from $X" (ties: the first). Its compare-at price goes with it.
 */
export function priceVariant(p: Product): number {
  let best = 0;
  p.variants.forEach((v, i) => {
    if (compareMoney(v.price, p.variants[best]!.price) < 0) best = i;
  });
  return best;
}


/** Product-level options from the variants: names as the first variant spells them, values in order of appearance. */
export function productOptions(p: Product): PandabaseOption[] | undefined {
  const names = p.variants[0]?.options?.map((o) => o.name) ?? [];
  if (!names.length) return undefined;
  return names.map((name, k) => ({
    name,
    values: [...new Set(p.variants.map((v) => v.options?.[k]?.value).filter((x): x is string => x !== undefined))],
    position: k,
  }));
}

function toVariant(p: Product, v: Variant, position: number): PandabaseVariant {
  const names = p.variants[0]?.options?.map((o) => o.name) ?? [];
  const out = {
    title: variantTitle(v, v.sku),
    sku: v.sku,
    // The extract leaves the shape open; a name → value object mirrors the product's `options`.
    options: Object.fromEntries((v.options ?? []).map((o, k) => [names[k] ?? o.name, o.value])),
    price: cents(p, v.price),
  } as PandabaseVariant;
  if (v.compare_at_price !== undefined) out.compareAtPrice = cents(p, v.compare_at_price);
  if (v.inventory_quantity !== undefined) {
    // "continue" means keep selling at zero stock: that is an untracked variant in Pandabase.
    const track = v.inventory_policy !== 'continue';
    out.quantity = v.inventory_quantity;
    out.trackStock = track;
    out.inStock = !track || v.inventory_quantity > 0;
  }
  if (v.image !== undefined) out.images = [v.image];
  out.position = position;
  return out;
}

export function toBody(p: Product): Record<string, unknown> {
  const lead = p.variants[priceVariant(p)]!;
  const body: Record<string, unknown> = { title: p.title };
  if (p.subtitle !== undefined) body.subtitle = p.subtitle;
  if (p.description !== undefined) body.description = p.description;
  const productType = PRODUCT_TYPE[p.kind];
  if (productType) body.productType = productType;
  const status = p.status && STATUS[p.status];
  if (status) body.status = status;
  body.price = cents(p, lead.price);
  if (lead.compare_at_price !== undefined) body.compareAtPrice = cents(p, lead.compare_at_price);
  if (p.images.length) body.images = p.images.map((i) => i.url);
  if (p.kind === 'subscription' && p.subscription) {
    if (p.subscription.billing_interval) body.billingInterval = p.subscription.billing_interval.toUpperCase();
    if (p.subscription.trial_days !== undefined) body.trialDays = p.subscription.trial_days;
  }
  if (p.category_ids.length) body.categoryIds = p.category_ids;
  const options = productOptions(p);
  if (options) body.options = options;
  // Always sent, even for one variant: it is the only place Pandabase keeps our skus, and the
  // lookup that finds an existing product matches on them.
  body.variants = p.variants.map((v, i) => toVariant(p, v, i));
  return withPassThrough(body, p, 'pandabase');
}

/**
 * The unit key is the first variant's sku, not the handle: Pandabase makes its own handle from
 * the title and keeps nothing else of ours but the variants' skus. So the sku is the identity
 * both sides can see: the lookup matches on it and the sandbox records creates under it.
 */
export function unitKey(p: Product): string {
  return p.variants[0]!.sku;
}

/**
 * `idempotency-key`: base64url of SHA-256 over target, store and unit key, cut to 32 chars (the
 * documented maximum; 192 bits). Deterministic, so a retry or a rerun of the same unit against
 * the same store reuses it, and the same handle in two stores does not collide.
 */
export function idempotencyKey(storeId: string, unitKey: string): string {
  return createHash('sha256').update(`pandabase\0${storeId}\0${unitKey}`).digest('base64url').slice(0, 32);
}

// ---- Pandabase's own rules, reported at the unified field the user can fix ----

const count = (n: number, what: string) => `${n} ${what}`;

/** What Pandabase needs beyond the unified schema; the strict body check catches the rest. */
export function rules(p: Product): UnitIssue[] {
  const out: UnitIssue[] = [];
  // A pass-through value replaces the mapped one, so the unified field's limit no longer applies:
  // the body check judges the value actually sent.
  const over = new Set(Object.keys(passThrough(p, 'pandabase')));
  const len = (field: 'title' | 'subtitle' | 'description', max: number) => {
    const v = p[field];
    if (typeof v === 'string' && v.length > max && !over.has(field)) {
      out.push(issue(`pandabase.${field}.too_long`, field, `text of at most ${max} characters (Pandabase's ${field} limit)`, count(v.length, 'characters')));
    }
  };
  if (!PRODUCT_TYPE[p.kind] && !over.has('productType')) {
    out.push(issue('pandabase.kind.unsupported', 'kind', 'a digital kind: digital_download, license_key or subscription (Pandabase sells digital goods only)', p.kind));
  }
  if (p.status === 'archived' && !over.has('status')) {
    out.push(issue('pandabase.status.unsupported', 'status', 'active or draft (Pandabase has no archived status: use draft to keep it off sale)', p.status));
  }
  len('title', LIMITS.title);
  len('subtitle', LIMITS.subtitle);
  len('description', LIMITS.description);
  if (p.images.length > LIMITS.images && !over.has('images')) {
    out.push(issue('pandabase.images.too_many', 'images', `at most ${LIMITS.images} images (Pandabase's limit)`, count(p.images.length, 'images')));
  }
  if (!over.has('categoryIds')) out.push(...categoryRules(p));
  out.push(...(over.has('variants') ? leadAmountRules(p, over) : variantRules(p)));
  return out;
}

function categoryRules(p: Product): UnitIssue[] {
  const out: UnitIssue[] = [];
  if (p.category_ids.length > LIMITS.categoryIds) {
    out.push(issue('pandabase.category_ids.too_many', 'category_ids', `at most ${LIMITS.categoryIds} category ids (Pandabase's limit)`, count(p.category_ids.length, 'ids')));
  }
  const { min, max } = LIMITS.categoryId;
  p.category_ids.forEach((c, k) => {
    if (c.length < min || c.length > max) out.push(issue('pandabase.category_ids.length', `category_ids[${k}]`, `a Pandabase category id of ${min} to ${max} characters`, c));
  });
  return out;
}

/** Amounts past 2^53 cents have no Pandabase integer: an issue, never a throw. */
function amountRules(p: Product, v: Variant, i: number, skip: ReadonlySet<string> = new Set()): UnitIssue[] {
  const out: UnitIssue[] = [];
  for (const [f, key, amount] of [['price', 'price', v.price], ['compare_at_price', 'compareAtPrice', v.compare_at_price]] as const) {
    if (amount !== undefined && !skip.has(key) && cents(p, amount) === undefined) {
      out.push(issue(`pandabase.${f}.too_large`, `variants[${i}].${f}`, MINOR_UNITS_LIMIT, amount));
    }
  }
  return out;
}

/** With pass-through variants, only the lead variant's amounts are sent (as the product's price). */
function leadAmountRules(p: Product, over: ReadonlySet<string>): UnitIssue[] {
  const i = priceVariant(p);
  return amountRules(p, p.variants[i]!, i, over);
}

function variantRules(p: Product): UnitIssue[] {
  const out: UnitIssue[] = [];
  if (p.variants.length > LIMITS.variants) {
    out.push(issue('pandabase.variants.too_many', 'variants', `at most ${LIMITS.variants} variants (Pandabase's limit); split the product`, count(p.variants.length, 'variants')));
  }
  p.variants.forEach((v, i) => {
    const at = (f: string) => `variants[${i}].${f}`;
    out.push(...amountRules(p, v, i));
    const title = variantTitle(v, v.sku);
    if (title.length > LIMITS.variantTitle) {
      const from = v.title !== undefined ? 'title' : v.options?.length ? 'options' : 'sku';
      out.push(issue('pandabase.variant_title.too_long', at(from), `a variant title of at most ${LIMITS.variantTitle} characters (Pandabase's limit)`, count(title.length, 'characters')));
    }
    if (v.sku.length > LIMITS.variantSku) out.push(issue('pandabase.sku.too_long', at('sku'), `a sku of at most ${LIMITS.variantSku} characters (Pandabase's limit)`, v.sku));
    if (v.inventory_quantity !== undefined && v.inventory_quantity < 0) {
      out.push(issue('pandabase.inventory_quantity.negative', at('inventory_quantity'), 'a stock quantity of 0 or more (Pandabase has no negative stock)', v.inventory_quantity));
    }
    const long = v.options?.find((o) => o.name.length > LIMITS.optionText || o.value.length > LIMITS.optionText);
    if (long) out.push(issue('pandabase.options.too_long', at('options'), `option names and values of at most ${LIMITS.optionText} characters (Pandabase's limit)`, `${long.name}: ${long.value}`));
  });
  return out;
}

/** The unified field a body path came from, for the strict-schema issues. */
export function locate(unit: Unit, path: PropertyKey[]): string {
  const [head, a, b] = path;
  const lead = `variants[${priceVariant(unit.product)}]`;
  switch (head) {
    case 'productType':
      return 'kind';
    case 'price':
      return `${lead}.price`;
    case 'compareAtPrice':
      return `${lead}.compare_at_price`;
    case 'images':
      return typeof a === 'number' ? `images[${a}].url` : 'images';
    case 'categoryIds':
      return typeof a === 'number' ? `category_ids[${a}]` : 'category_ids';
    case 'billingInterval':
      return 'subscription.billing_interval';
    case 'trialDays':
      return 'subscription.trial_days';
    case 'options':
      return 'variants';
    case 'variants':
      if (typeof a !== 'number') return 'variants';
      return `variants[${a}]` + (typeof b === 'string' ? `.${VARIANT_FIELD[b] ?? b}` : '');
    default:
      return formatFieldPath(path);
  }
}

const VARIANT_FIELD: Record<string, string> = {
  compareAtPrice: 'compare_at_price',
  quantity: 'inventory_quantity',
  trackStock: 'inventory_policy',
  inStock: 'inventory_quantity',
  images: 'image',
};

const PRODUCT_DROPPED = [
  'brand', 'product_type', 'url', 'tags', 'notes', 'metadata', 'origin_country', 'hs_code', 'hazmat',
  'estimated_delivery_days', 'condition', 'serial_number_required', 'expiry_date_required', 'case',
] as const;
const VARIANT_DROPPED = [
  'cost_price', 'barcode', 'weight', 'weight_unit', 'length', 'width', 'height', 'dimension_unit', 'model_number',
  'min_reorder_level', 'quantity_to_reorder', 'tax_rate',
] as const;

/** Given unified fields with no Pandabase field (stable order: product fields, then variant ones). */
export function dropped(unit: Unit): string[] {
  const p = unit.product;
  // Pandabase makes its own handle from the title; ours (when not just the defaulted sku) is lost.
  const out = p.handle !== undefined && p.handle !== p.variants[0]!.sku ? ['handle'] : [];
  out.push(...givenFields(p, PRODUCT_DROPPED));
  // Images are plain URL strings in Pandabase: alt text has nowhere to go.
  if (p.images.some((i) => i.alt !== undefined)) out.push('images.alt');
  out.push(...givenFields(p, [], VARIANT_DROPPED));
  // Without a quantity there is no stock to track, so the policy alone maps to nothing.
  if (p.variants.some((v) => v.inventory_policy !== undefined && v.inventory_quantity === undefined)) out.push('variants.inventory_policy');
  return out;
}
