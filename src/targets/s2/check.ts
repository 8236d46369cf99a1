// S2 needs what a warehouse needs: a physical item with brand, GTIN, image, package and case
// measures. Each missing one is reported at the unified field that supplies it; a pass-through
// value (`s2.<field>`) fills the requirement instead.
import { showFound } from '../../issues.js';
import { checkBody, givenFields, mergeIssues, pathText } from '../shared.js';
import type { Unit, UnitIssue } from '../types.js';
import { toBody, variantOf } from './map.js';
import { requestSchema, type S2Body } from './schema.js';

type Source = { field: (i: number) => string; expected: string };

const v = (f: string, expected: string): Source => ({ field: (i) => `variants[${i}].${f}`, expected });
const p = (f: string, expected: string): Source => ({ field: () => f, expected });

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

export function locate(i: number, path: PropertyKey[]): string {
  const src = SOURCES[path[0] as keyof S2Body];
  return src && path.length === 1 ? src.field(i) : pathText(path);
}

export function check(unit: Unit): UnitIssue[] {
  const product = unit.product;
  const { i } = variantOf(unit);
  // A digital product cannot go at all: its missing measures would only be noise.
  if (product.kind !== 'physical') {
    return [{ field: 'kind', expected: 'a physical product (S2 is a warehouse item master; it cannot hold digital goods)', found: showFound(product.kind) }];
  }
  const own: UnitIssue[] = [];
  const body = toBody(unit);
  for (const [key, src] of Object.entries(SOURCES) as [keyof S2Body, Source][]) {
    if (body[key] === undefined) own.push({ field: src.field(i), expected: src.expected, found: '(missing)' });
  }
  return mergeIssues(own, checkBody({ target: 's2', schema: requestSchema, body, product, locate: (path) => locate(i, path) }));
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
