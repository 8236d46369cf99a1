// One unified variant → one S2 product (S2 is a warehouse item master: one record per SKU), with
// what a warehouse needs: brand, GTIN, image, package and case measures. Each missing one is
// reported at the unified field that supplies it; a pass-through value (`s2.<field>`) fills the
// requirement instead. Pure. Lengths and weights are converted exactly (decimal), then become
// the nearest JSON number.
import { type Decimal, formatDecimal } from '../../product/decimal.js';
import type { Product, Variant } from '../../product/fields.js';
import { type DimensionUnit, toKilograms, toMillimetres, type WeightUnit } from '../../product/units.js';
import { formatFieldPath } from '../../paths.js';
import { compact, givenFields, issue, withPassThrough } from '../shared.js';
import type { Unit, UnitIssue } from '../types.js';
import type { S2Body } from './schema.js';

const num = (d: Decimal) => Number(formatDecimal(d));

function mm(value: string | undefined, unit: DimensionUnit | undefined): number | undefined {
  return value === undefined || unit === undefined ? undefined : num(toMillimetres(value, unit));
}

function kg(value: string | undefined, unit: WeightUnit | undefined): number | undefined {
  return value === undefined || unit === undefined ? undefined : num(toKilograms(value, unit));
}

/** The unit's variant and its index (issues are located as `variants[i].…`). */
export function variantOf(unit: Unit): { v: Variant; i: number } {
  const p = unit.product;
  const i = Math.max(0, p.variants.findIndex((v) => v === unit.variant || v.sku === unit.variant?.sku));
  return { v: p.variants[i]!, i };
}

/**
 * S2 names each SKU on its own, so a variant of a multi-variant product needs its variant part:
 * "Classic Cotton Tee - Small" (variant title, else option values, else sku).
 */
export function nameOf(p: Product, v: Variant): string {
  if (p.variants.length === 1) return p.title;
  const label = v.title ?? (v.options?.length ? v.options.map((o) => o.value).join(' / ') : v.sku);
  return `${p.title} - ${label}`;
}

/** The body with whatever is known; a missing requirement is absent here and reported by rules(). */
export function toBody(unit: Unit): Partial<S2Body> & Record<string, unknown> {
  const p = unit.product;
  const { v } = variantOf(unit);
  const c = p.case;
  const body = compact({
    sku: v.sku,
    brand: p.brand,
    gtin: v.barcode,
    name: nameOf(p, v),
    // Internal notes are what a warehouse record's remarks hold; "" (never null) when none.
    remarks: p.notes ?? '',
    // A URL, although the page's example is a storage key: S2 documents the field as "Main image URL".
    imageMain: v.image ?? p.images[0]?.url,
    packageLengthMm: mm(v.length, v.dimension_unit),
    packageWidthMm: mm(v.width, v.dimension_unit),
    packageHeightMm: mm(v.height, v.dimension_unit),
    shippingWeightKg: kg(v.weight, v.weight_unit),
    caseUnit: c?.unit?.toUpperCase(),
    casePack: c?.pack,
    caseLengthMm: mm(c?.length, c?.dimension_unit),
    caseWidthMm: mm(c?.width, c?.dimension_unit),
    caseHeightMm: mm(c?.height, c?.dimension_unit),
    caseWeightKg: kg(c?.weight, c?.weight_unit),
    // Unsaid in most catalogs; new goods are the rule. `s2.condition` overrides.
    condition: (p.condition ?? 'new').toUpperCase(),
    serialNumberRequired: p.serial_number_required ?? false,
    expiryDateRequired: p.expiry_date_required ?? false,
  });
  return withPassThrough(body, p, 's2');
}

type Source = { field: (i: number) => string; name: string; expected: string };

const v = (f: string, expected: string): Source => ({ field: (i) => `variants[${i}].${f}`, name: f, expected });
const p = (f: string, expected: string): Source => ({ field: () => f, name: f, expected });

/** Where each body field comes from, and what to ask for when it cannot be filled. */
const SOURCES: Record<keyof S2Body, Source> = {
  sku: v('sku', 'a sku'),
  brand: p('brand', 'a brand (S2 requires one on every product)'),
  gtin: v('barcode', 'a GTIN barcode (S2 requires one for every SKU)'),
  name: p('title', 'a title'),
  remarks: p('notes', 'text ("" when there are no notes)'),
  imageMain: p('images', "an image: the variant's image or a product image (S2 requires a main image)"),
  packageLengthMm: v('length', 'the package length (S2 requires package dimensions)'),
  packageWidthMm: v('width', 'the package width (S2 requires package dimensions)'),
  packageHeightMm: v('height', 'the package height (S2 requires package dimensions)'),
  shippingWeightKg: v('weight', 'the shipping weight (S2 requires one)'),
  caseUnit: p('case.unit', 'the case unit, e.g. EACH (S2 requires case data)'),
  casePack: p('case.pack', 'the number of items in a case (S2 requires case data)'),
  caseLengthMm: p('case.length', 'the case length (S2 requires case dimensions)'),
  caseWidthMm: p('case.width', 'the case width (S2 requires case dimensions)'),
  caseHeightMm: p('case.height', 'the case height (S2 requires case dimensions)'),
  caseWeightKg: p('case.weight', 'the case weight (S2 requires one)'),
  condition: p('condition', 'new, used or refurbished'),
  serialNumberRequired: p('serial_number_required', 'true or false'),
  expiryDateRequired: p('expiry_date_required', 'true or false'),
};

/** The unified field a body path came from. */
export function locate(unit: Unit, path: PropertyKey[]): string {
  const src = SOURCES[path[0] as keyof S2Body];
  return src && path.length === 1 ? src.field(variantOf(unit).i) : formatFieldPath(path);
}

/** A digital product cannot go to S2 at all: its missing measures would only be noise. */
export function kindRule(product: Product): UnitIssue | undefined {
  if (product.kind === 'physical') return undefined;
  return issue('s2.kind.unsupported', 'kind', 'a physical product (S2 is a warehouse item master; it cannot hold digital goods)', product.kind);
}

/** Every body field S2 requires that the catalog did not supply, at the unified field that would. */
export function rules(unit: Unit, body: Partial<S2Body>): UnitIssue[] {
  const { i } = variantOf(unit);
  const own: UnitIssue[] = [];
  for (const [key, src] of Object.entries(SOURCES) as [keyof S2Body, Source][]) {
    if (body[key] === undefined) own.push(issue(`s2.${src.name}.required`, src.field(i), src.expected, undefined));
  }
  return own;
}

const PRODUCT_DROPPED = [
  'subtitle', 'description', 'status', 'product_type', 'url', 'tags', 'category_ids', 'metadata', 'origin_country',
  'hs_code', 'hazmat', 'estimated_delivery_days', 'subscription',
] as const;
const VARIANT_DROPPED = [
  'price', 'compare_at_price', 'cost_price', 'inventory_quantity', 'inventory_policy', 'model_number',
  'min_reorder_level', 'quantity_to_reorder', 'tax_rate',
] as const;

/** Given fields with no S2 field, for this unit's variant only (stable order). */
export function dropped(unit: Unit): string[] {
  const product = unit.product;
  const { v: variant } = variantOf(unit);
  const one = { ...product, variants: [variant] };
  const out = givenFields(one, PRODUCT_DROPPED, VARIANT_DROPPED);
  if (product.images.some((img) => img.alt !== undefined)) out.splice(givenFields(one, PRODUCT_DROPPED).length, 0, 'images.alt');
  // The name carries the variant's title/options only when there are several variants.
  if (product.variants.length === 1) out.push(...givenFields(one, [], ['title', 'options']));
  // imageMain holds one image: any other product image is not sent.
  const main = variant.image ?? product.images[0]?.url;
  // Named `images.url`: a real field path (the contract test checks names), read as "the urls".
  if (product.images.some((img) => img.url !== main)) out.push('images.url');
  return out;
}
