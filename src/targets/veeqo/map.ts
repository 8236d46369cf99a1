// Unified product → Veeqo's `{"product": {...}}`: variants as product_variants_attributes, money
// as JSON numbers that read back as exactly the catalog's amount, weights in grams. Stock is set
// through a separate stock-entry endpoint (existing.ts), not in this body. Also Veeqo's own rules
// (amounts a number holds), what it has no place for, and where body fields came from.
import { parseDecimal, toNumber } from '../../product/decimal.js';
import type { Product, Variant } from '../../product/fields.js';
import { toGrams } from '../../product/units.js';
import { compact, EXACT_NUMBER_LIMIT, exactNumber, givenFields, issue, passThrough, variantTitle } from '../shared.js';
import type { Unit, UnitIssue } from '../types.js';
import type { VeeqoConfig } from './config.js';
import type { VeeqoProductInput } from './schema.js';

/** Milligram precision: exact enough for any parcel, short and stable as a JSON number. */
const WEIGHT_DECIMALS = 3;

const DROPPED_PRODUCT = [
  'subtitle', 'status', 'brand', 'product_type', 'url', 'tags', 'category_ids', 'metadata', 'origin_country',
  'hs_code', 'hazmat', 'condition', 'serial_number_required', 'expiry_date_required', 'case', 'subscription',
  'images.alt',
] as const;
const DROPPED_VARIANT = [
  'compare_at_price', 'inventory_quantity', 'inventory_policy', 'length', 'width', 'height', 'dimension_unit',
  'options', 'image',
] as const;

/** Variant amounts Veeqo takes as numbers (same names in the body). */
const AMOUNTS = ['price', 'cost_price', 'tax_rate'] as const;

/** An exact decimal string as a JSON number; undefined when no number holds it exactly (rules() report it). */
const num = (text: string | undefined) => (text === undefined ? undefined : exactNumber(parseDecimal(text)));

function weightGrams(v: Variant): number | undefined {
  if (v.weight === undefined || v.weight_unit === undefined) return undefined;
  return toNumber(toGrams(v.weight, v.weight_unit), WEIGHT_DECIMALS);
}

export function toProduct(p: Product): VeeqoProductInput {
  const product = compact({
    title: p.title,
    description: p.description,
    estimated_delivery: p.estimated_delivery_days,
    notes: p.notes,
    product_variants_attributes: p.variants.map((v) =>
      compact({
        title: variantTitle(v, p.title),
        price: num(v.price)!,
        sku_code: v.sku,
        weight_grams: weightGrams(v),
        upc_code: v.barcode,
        min_reorder_level: v.min_reorder_level,
        quantity_to_reorder: v.quantity_to_reorder,
        tax_rate: num(v.tax_rate),
        cost_price: num(v.cost_price),
        model_number: v.model_number,
      }),
    ),
    images_attributes: p.images.length ? p.images.map((img, i) => ({ src: img.url, display_position: i + 1 })) : undefined,
  });
  // Pass-through fields are product attributes, so they go inside the wrapper.
  return { ...product, ...passThrough(p, 'veeqo') } as VeeqoProductInput;
}

/** Amounts no JSON number holds exactly: sending a nearby number would change them silently. */
export function rules(p: Product, body: VeeqoProductInput): UnitIssue[] {
  if ('product_variants_attributes' in passThrough(p, 'veeqo')) return [];
  const out: UnitIssue[] = [];
  p.variants.forEach((v, i) => {
    const sent = body.product_variants_attributes?.[i];
    for (const field of AMOUNTS) {
      if (v[field] !== undefined && sent?.[field] === undefined) out.push(issue(`veeqo.${field}.too_large`, `variants[${i}].${field}`, EXACT_NUMBER_LIMIT, v[field]));
    }
  });
  return out;
}

const VARIANT_FIELD: Record<string, string> = { sku_code: 'sku', weight_grams: 'weight', upc_code: 'barcode' };
const PRODUCT_FIELD: Record<string, string> = { estimated_delivery: 'estimated_delivery_days', product_variants_attributes: 'variants', images_attributes: 'images' };

/** The unified field a body path (below `product`) came from. */
export function locate(_unit: Unit, path: PropertyKey[]): string {
  const [top, i, field] = path;
  if (top === 'product_variants_attributes' && typeof i === 'number') {
    return `variants[${i}]${field === undefined ? '' : '.' + (VARIANT_FIELD[String(field)] ?? String(field))}`;
  }
  if (top === 'images_attributes' && typeof i === 'number') return `images[${i}].url`;
  return PRODUCT_FIELD[String(top)] ?? String(top ?? '*');
}

export function dropped(unit: Unit, config?: VeeqoConfig): string[] {
  const p = unit.product;
  const out = [...(p.kind !== 'physical' ? ['kind'] : []), ...givenFields(p, DROPPED_PRODUCT, DROPPED_VARIANT)];
  // With a warehouse, stock levels are set after the create (a step of their own).
  return config?.warehouseId ? out.filter((f) => f !== 'variants.inventory_quantity') : out;
}
