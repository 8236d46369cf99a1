// One unified variant → one S2 product (S2 is a warehouse item master: one record per SKU).
// Pure. Lengths and weights are converted exactly (decimal), then become the nearest JSON number.
import { type Decimal, formatDecimal } from '../../product/decimal.js';
import type { Product, Variant } from '../../product/schema.js';
import { type DimensionUnit, toKilograms, toMillimetres, type WeightUnit } from '../../product/units.js';
import { compact, withPassThrough } from '../shared.js';
import type { Unit } from '../types.js';
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

/** The body with whatever is known; a missing requirement is absent here and reported by check(). */
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
