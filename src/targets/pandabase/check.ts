// What Pandabase needs beyond the unified schema, reported at the unified field the user can fix,
// then the built body against the strict vendor schema for whatever those checks did not foresee.
import { showFound } from '../../issues.js';
import type { Product, Variant } from '../../product/schema.js';
import { checkBody, givenFields, MINOR_UNITS_LIMIT, passThrough, pathText } from '../shared.js';
import type { Unit, UnitIssue } from '../types.js';
import { cents, PRODUCT_TYPE, priceVariant, toBody, variantTitle } from './map.js';
import { LIMITS, requestSchema } from './schema.js';

const issue = (field: string, expected: string, found: unknown): UnitIssue => ({ field, expected, found: showFound(found) });
const count = (n: number, what: string) => `${n} ${what}`;

function checkProduct(p: Product): UnitIssue[] {
  const out: UnitIssue[] = [];
  // A pass-through value replaces the mapped one, so the unified field's limit no longer applies:
  // the body check below judges the value actually sent.
  const over = new Set(Object.keys(passThrough(p, 'pandabase')));
  const len = (field: keyof Product & string, key: string, max: number) => {
    const v = p[field];
    if (typeof v === 'string' && v.length > max && !over.has(key)) out.push(issue(field, `text of at most ${max} characters (Pandabase's ${key} limit)`, count(v.length, 'characters')));
  };

  if (!PRODUCT_TYPE[p.kind] && !over.has('productType')) {
    out.push(issue('kind', 'a digital kind: digital_download, license_key or subscription (Pandabase sells digital goods only)', p.kind));
  }
  if (p.status === 'archived' && !over.has('status')) {
    out.push(issue('status', 'active or draft (Pandabase has no archived status: use draft to keep it off sale)', p.status));
  }
  len('title', 'title', LIMITS.title);
  len('subtitle', 'subtitle', LIMITS.subtitle);
  len('description', 'description', LIMITS.description);
  if (p.images.length > LIMITS.images && !over.has('images')) {
    out.push(issue('images', `at most ${LIMITS.images} images (Pandabase's limit)`, count(p.images.length, 'images')));
  }
  if (!over.has('categoryIds')) {
    if (p.category_ids.length > LIMITS.categoryIds) out.push(issue('category_ids', `at most ${LIMITS.categoryIds} category ids (Pandabase's limit)`, count(p.category_ids.length, 'ids')));
    const { min, max } = LIMITS.categoryId;
    p.category_ids.forEach((c, k) => {
      if (c.length < min || c.length > max) out.push(issue(`category_ids[${k}]`, `a Pandabase category id of ${min} to ${max} characters`, c));
    });
  }
  out.push(...(over.has('variants') ? leadAmounts(p, over) : checkVariants(p)));
  return out;
}

/** Amounts past 2^53 cents have no Pandabase integer: an issue, never a throw. */
function checkAmounts(p: Product, v: Variant, i: number, skip: ReadonlySet<string> = new Set()): UnitIssue[] {
  const out: UnitIssue[] = [];
  for (const [f, key, amount] of [['price', 'price', v.price], ['compare_at_price', 'compareAtPrice', v.compare_at_price]] as const) {
    if (amount !== undefined && !skip.has(key) && cents(p, amount) === undefined) out.push(issue(`variants[${i}].${f}`, MINOR_UNITS_LIMIT, amount));
  }
  return out;
}

/** With pass-through variants, only the lead variant's amounts are sent (as the product's price). */
function leadAmounts(p: Product, over: ReadonlySet<string>): UnitIssue[] {
  const i = priceVariant(p);
  return checkAmounts(p, p.variants[i]!, i, over);
}

function checkVariants(p: Product): UnitIssue[] {
  const out: UnitIssue[] = [];
  if (p.variants.length > LIMITS.variants) {
    out.push(issue('variants', `at most ${LIMITS.variants} variants (Pandabase's limit); split the product`, count(p.variants.length, 'variants')));
  }
  p.variants.forEach((v, i) => {
    const at = (f: string) => `variants[${i}].${f}`;
    out.push(...checkAmounts(p, v, i));
    const title = variantTitle(v);
    if (title.length > LIMITS.variantTitle) {
      const from = v.title !== undefined ? 'title' : v.options?.length ? 'options' : 'sku';
      out.push(issue(at(from), `a variant title of at most ${LIMITS.variantTitle} characters (Pandabase's limit)`, count(title.length, 'characters')));
    }
    if (v.sku.length > LIMITS.variantSku) out.push(issue(at('sku'), `a sku of at most ${LIMITS.variantSku} characters (Pandabase's limit)`, v.sku));
    if (v.inventory_quantity !== undefined && v.inventory_quantity < 0) {
      out.push(issue(at('inventory_quantity'), 'a stock quantity of 0 or more (Pandabase has no negative stock)', v.inventory_quantity));
    }
    const long = v.options?.find((o) => o.name.length > LIMITS.optionText || o.value.length > LIMITS.optionText);
    if (long) out.push(issue(at('options'), `option names and values of at most ${LIMITS.optionText} characters (Pandabase's limit)`, `${long.name}: ${long.value}`));
  });
  return out;
}

/** The unified field a body path came from, for the strict-schema issues. */
export function locate(p: Product, path: PropertyKey[]): string {
  const [head, a, b] = path;
  const lead = `variants[${priceVariant(p)}]`;
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
      return pathText(path);
  }
}

const VARIANT_FIELD: Record<string, string> = {
  compareAtPrice: 'compare_at_price',
  quantity: 'inventory_quantity',
  trackStock: 'inventory_policy',
  inStock: 'inventory_quantity',
  images: 'image',
};

export function check(unit: Unit): UnitIssue[] {
  const p = unit.product;
  const issues = checkProduct(p);
  const seen = new Set(issues.map((i) => i.field));
  const body = checkBody({ target: 'pandabase', schema: requestSchema, body: toBody(p), product: p, locate: (path) => locate(p, path) });
  return [...issues, ...body.filter((i) => !seen.has(i.field) && !seen.has(i.field.replace(/\[\d+\].*$/, '')))];
}

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
