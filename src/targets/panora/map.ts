// Unified product → Panora's unified product (forwarded to the shop behind a connection:
// Shopify, WooCommerce, Webflow…), Panora's own rules, what it has no place for, and where body
// fields came from. Mapping decisions are in docs/targets.md.
import { parseDecimal, toNumber } from '../../product/decimal.js';
import { isWholeAmount } from '../../product/money.js';
import type { Product, Variant } from '../../product/fields.js';
import { toGrams } from '../../product/units.js';
import { formatFieldPath } from '../../paths.js';
import {
  compact, EXACT_NUMBER_LIMIT, exactNumber, givenFields, issue, MINOR_UNITS_LIMIT, minorUnits, passThrough,
  variantTitle, withPassThrough,
} from '../shared.js';
import type { Unit, UnitIssue } from '../types.js';
import type { PriceUnit } from './config.js';
import type { PanoraProductInput } from './schema.js';

const STATUS = { active: 'ACTIVE', draft: 'DRAFT', archived: 'ARCHIVED' } as const;

// Unified fields with no place in Panora's unified product. `handle` is not here: it is the
// unit's key, always present, and reported as such.
const DROPPED_PRODUCT = [
  'subtitle', 'category_ids', 'notes', 'origin_country', 'hs_code', 'hazmat', 'estimated_delivery_days',
  'condition', 'serial_number_required', 'expiry_date_required', 'case', 'subscription', 'images.alt',
] as const;
const DROPPED_VARIANT = [
  'compare_at_price', 'cost_price', 'barcode', 'inventory_policy', 'length', 'width', 'height', 'dimension_unit',
  'image', 'model_number', 'min_reorder_level', 'quantity_to_reorder', 'tax_rate',
] as const;

/**
 * Panora has no title field. Its Shopify connector uses `description` as the title, so the title
 * leads the description (WooCommerce/Webflow name the product from product_url's last segment
 * and the first variant's title). A `panora.description` pass-through replaces all of this.
 */
export function descriptionWithTitle(p: Product): string {
  return p.description ? `${p.title}\n\n${p.description}` : p.title;
}

/** Whole grams: Panora's weight is unitless and stored like its prices. */
function grams(v: Variant): number | undefined {
  if (v.weight === undefined || v.weight_unit === undefined) return undefined;
  return toNumber(toGrams(v.weight, v.weight_unit), 0);
}

/**
 * The price as Panora's number, or undefined when no JSON number holds it exactly (rules()
 * reports that). A fraction in `major` survives here so the schema (int) rejects it rather than
 * anything truncating it silently; rules() explains it first.
 */
function price(v: Variant, p: Product, unit: PriceUnit): number | undefined {
  return unit === 'minor' ? minorUnits(v.price, p.currency) : exactNumber(parseDecimal(v.price));
}

export function toBody(p: Product, priceUnit: PriceUnit): PanoraProductInput {
  const body = compact({
    product_url: p.url,
    product_type: p.product_type,
    // Panora's Shopify connector lower-cases product_status unconditionally: always send one.
    product_status: STATUS[p.status ?? 'active'],
    images_urls: p.images.length ? p.images.map((i) => i.url) : undefined,
    description: descriptionWithTitle(p),
    vendor: p.brand,
    variants: p.variants.map((v) =>
      compact({
        title: variantTitle(v, p.title),
        price: price(v, p, priceUnit),
        sku: v.sku,
        options: v.options?.length ? Object.fromEntries(v.options.map((o) => [o.name, o.value])) : undefined,
        weight: grams(v),
        inventory_quantity: v.inventory_quantity,
      }),
    ),
    tags: p.tags.length ? p.tags : undefined,
    field_mappings: Object.keys(p.metadata).length ? p.metadata : undefined,
  });
  return withPassThrough(body, p, 'panora');
}

/** Fields Panora's connectors need that its body schema leaves optional. */
export const ALSO_REQUIRED = [{ field: 'product_type', why: "Panora's connectors require one (Shopify lower-cases it, WooCommerce uses it as the type)" }];

/** What Panora's connectors need beyond the unified schema: a product type, and prices it can hold. */
export function rules(p: Product, priceUnit: PriceUnit, body: PanoraProductInput): UnitIssue[] {
  const given = passThrough(p, 'panora');
  const own: UnitIssue[] = [];
  if (p.product_type === undefined && !('product_type' in given)) {
    own.push(issue('panora.product_type.required', 'product_type', `a product type: ${ALSO_REQUIRED[0]!.why}`, undefined));
  }
  // A panora.variants pass-through replaces the mapped variants; the schema checks its prices.
  if ('variants' in given) return own;
  p.variants.forEach((v, i) => {
    const field = `variants[${i}].price`;
    if (priceUnit === 'major' && !isWholeAmount(v.price)) {
      own.push({
        code: 'panora.price.fractional',
        field,
        expected: `a whole amount: Panora stores prices as integers, so ${v.price} cannot be sent without changing the price (round it in the catalog; only if your Panora connection takes prices in cents, set PANORA_PRICE_UNIT=minor)`,
        found: JSON.stringify(v.price),
      });
    } else if (body.variants?.[i]?.price === undefined) {
      own.push(issue('panora.price.too_large', field, priceUnit === 'minor' ? MINOR_UNITS_LIMIT : EXACT_NUMBER_LIMIT, v.price));
    }
  });
  return own;
}

const PRODUCT_FIELD: Record<string, string> = {
  product_url: 'url', product_status: 'status', images_urls: 'images', vendor: 'brand', field_mappings: 'metadata',
};

/** Where a body field came from, for issues found by the strict schema. Variant fields keep their unified names. */
export function locate(_unit: Unit, path: PropertyKey[]): string {
  if (path[0] === 'variants') return formatFieldPath(path.slice(0, 3));
  return PRODUCT_FIELD[String(path[0])] ?? String(path[0] ?? '*');
}

export function dropped(unit: Unit): string[] {
  const p = unit.product;
  // kind defaults to physical: only a non-default kind is information lost.
  // metadata goes out as field_mappings, but Panora's create path ignores them: warn.
  const metadata = Object.keys(p.metadata).length ? ['metadata'] : [];
  return [...(p.kind !== 'physical' ? ['kind'] : []), ...metadata, ...givenFields(p, DROPPED_PRODUCT, DROPPED_VARIANT)];
}
