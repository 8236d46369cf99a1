// Panora: a unified e-commerce API that forwards a product to the shop behind a connection
// (Shopify, WooCommerce, Webflow…). Mapping decisions are in README.md ("Targets").
import { parseDecimal, toNumber } from '../../product/decimal.js';
import { isWholeAmount } from '../../product/money.js';
import type { Product, Variant } from '../../product/schema.js';
import { toGrams } from '../../product/units.js';
import {
  baseUrlFromEnv, checkBody, compact, EXACT_NUMBER_LIMIT, exactNumber, givenFields, jsonHeaders, mergeIssues, MINOR_UNITS_LIMIT,
  minorUnits, oneLine, passThrough, pathText, productUnits, requireEnv, statusMessage, variantTitle, withPassThrough,
} from '../shared.js';
import { RunError } from '../../errors.js';
import type { Target, Unit, UnitIssue } from '../types.js';
import { sandbox } from './sandbox.js';
import { listSchema, PRODUCTS_PATH, requestSchema, responseSchema, type PanoraProductInput } from './schema.js';

export interface PanoraConfig {
  apiKey: string;
  connectionToken: string;
  baseUrl: string;
  /**
   * Panora stores prices as integers and documents no unit. `major` (default) sends 20 for
   * 20.00 and refuses 19.90 rather than truncate it; `minor` sends integer cents (1990).
   */
  priceUnit: PriceUnit;
}

export type PriceUnit = 'major' | 'minor';

export const DEFAULT_BASE_URL = 'https://api.panora.dev';
const LOOKUP_PAGE = 100;

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
 * The price as Panora's number, or undefined when no JSON number holds it exactly (check()
 * reports that). A fraction in `major` survives here so the schema (int) rejects it rather than
 * anything truncating it silently; check() explains it first.
 */
function price(v: Variant, p: Product, unit: PriceUnit): number | undefined {
  return unit === 'minor' ? minorUnits(v.price, p.currency) : exactNumber(parseDecimal(v.price));
}

export function toBody(p: Product, priceUnit: PriceUnit = 'major'): PanoraProductInput {
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
        title: variantTitle(p, v),
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

/** Where a body field came from, for issues found by the strict schema. */
function locate(path: PropertyKey[]): string {
  const PRODUCT: Record<string, string> = {
    product_url: 'url', product_status: 'status', images_urls: 'images', vendor: 'brand', field_mappings: 'metadata',
  };
  // Variant fields keep their unified names.
  if (path[0] === 'variants') return pathText(path.slice(0, 3));
  return PRODUCT[String(path[0])] ?? String(path[0] ?? '*');
}

function check(unit: Unit, config?: PanoraConfig): UnitIssue[] {
  const priceUnit = config?.priceUnit ?? 'major';
  const p = unit.product;
  const given = passThrough(p, 'panora');
  const own: UnitIssue[] = [];
  if (p.product_type === undefined && !('product_type' in given)) {
    own.push({
      field: 'product_type',
      expected: "a product type: Panora's connectors require one (Shopify lower-cases it, WooCommerce uses it as the type)",
      found: '(missing)',
    });
  }
  const body = toBody(p, priceUnit);
  // A panora.variants pass-through replaces the mapped variants; the schema checks its prices.
  if (!('variants' in given)) {
    p.variants.forEach((v, i) => {
      const field = `variants[${i}].price`;
      if (priceUnit === 'major' && !isWholeAmount(v.price)) {
        own.push({
          field,
          expected: `a whole amount: Panora stores prices as integers, so ${v.price} cannot be sent without changing the price (round it in the catalog; only if your Panora connection takes prices in cents, set PANORA_PRICE_UNIT=minor)`,
          found: JSON.stringify(v.price),
        });
      } else if (body.variants?.[i]?.price === undefined) {
        own.push({ field, expected: priceUnit === 'minor' ? MINOR_UNITS_LIMIT : EXACT_NUMBER_LIMIT, found: JSON.stringify(v.price) });
      }
    });
  }
  return mergeIssues(own, checkBody({ target: 'panora', schema: requestSchema, body, product: p, locate }));
}

function readPriceUnit(env: NodeJS.ProcessEnv): PriceUnit {
  const v = env.PANORA_PRICE_UNIT?.trim().toLowerCase() || 'major';
  if (v !== 'major' && v !== 'minor') throw new RunError('config', `PANORA_PRICE_UNIT must be major or minor, found ${JSON.stringify(env.PANORA_PRICE_UNIT)}`);
  return v;
}

function firstSku(unit: Unit): string {
  return unit.product.variants[0]!.sku;
}

/**
 * Panora answers `next_cursor` as base64 of the next product's id, but looks a `cursor` up as
 * the raw id (ecommerce/product/services/product.service.ts getProducts), so a base64 cursor
 * sent back fails. Send the id when the cursor decodes to one; otherwise send it as given.
 */
export function cursorToSend(next: string): string {
  const decoded = Buffer.from(next, 'base64').toString('utf8');
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(decoded) ? decoded : next;
}

export const panora: Target<PanoraConfig> = {
  name: 'panora',
  title: 'Panora',
  docsUrl: 'https://docs.panora.dev/api-reference/ecommerceproducts/create-products',
  env: [
    { name: 'PANORA_API_KEY', required: true, secret: true, description: 'Panora API key (sent as x-api-key)' },
    { name: 'PANORA_CONNECTION_TOKEN', required: true, secret: true, description: 'token of the shop connection to create products in (x-connection-token)' },
    { name: 'PANORA_PRICE_UNIT', required: false, secret: false, description: 'major (default: whole prices as integers, fractional ones refused) or minor (integer cents); Panora documents no unit' },
    { name: 'PANORA_BASE_URL', required: false, secret: false, description: `API base URL (default ${DEFAULT_BASE_URL}; sandbox: https://api-sandbox.panora.dev)` },
  ],
  readConfig(env) {
    return {
      apiKey: requireEnv(env, 'PANORA_API_KEY', 'create an API key in the Panora dashboard (Configuration → API Keys) and export it'),
      connectionToken: requireEnv(env, 'PANORA_CONNECTION_TOKEN', "export the connection token of the shop's connection (Panora dashboard → Connections)"),
      baseUrl: baseUrlFromEnv(env, 'panora', DEFAULT_BASE_URL),
      priceUnit: readPriceUnit(env),
    };
  },
  baseUrl: (c) => c.baseUrl,
  requiredFields: ['product_type'],
  rateLimit: {
    perSecond: 100 / 60,
    // A fixed window of 100 may already be partly spent by other clients of the same key.
    burst: 10,
    description: '100 requests per 60 s per API key; 429 with Retry-After (seconds) and X-RateLimit-* headers',
  },
  dedupe: {
    kind: 'lookup',
    description: `no idempotency: before retrying, page GET ${PRODUCTS_PATH} (limit ${LOOKUP_PAGE}) and match variants[].sku against the first variant's sku`,
    lookup: {
      request(_unit, c, cursor) {
        const q = new URLSearchParams({ limit: String(LOOKUP_PAGE) });
        if (cursor) q.set('cursor', cursor);
        return {
          method: 'GET',
          path: `${PRODUCTS_PATH}?${q}`,
          headers: jsonHeaders({ 'x-api-key': c.apiKey, 'x-connection-token': c.connectionToken }),
        };
      },
      match(unit, body) {
        const page = listSchema.safeParse(body);
        if (!page.success) return {};
        const sku = firstSku(unit);
        const hit = page.data.data.find((p) => p.variants?.some((v) => v.sku === sku));
        if (hit?.id) return { found: hit.id };
        return page.data.next_cursor ? { next: cursorToSend(page.data.next_cursor) } : {};
      },
    },
  },
  units: productUnits,
  check,
  toRequest(unit, c) {
    return {
      method: 'POST',
      path: PRODUCTS_PATH,
      headers: jsonHeaders({ 'x-api-key': c.apiKey, 'x-connection-token': c.connectionToken }),
      body: toBody(unit.product, c.priceUnit),
    };
  },
  requestSchema,
  responseSchema,
  parseCreated(body) {
    const r = responseSchema.safeParse(body);
    if (!r.success || !r.data.id) throw new Error(`Panora answered without a product id: ${statusMessage(201, body)}`);
    return r.data.id;
  },
  parseError(status, body) {
    const b = body as { message?: unknown } | undefined;
    const m = b?.message;
    if (typeof m === 'string' && m) return oneLine(status >= 500 ? `${m} (Panora reports every upstream failure as ${status}: the product may or may not have been created)` : m);
    if (Array.isArray(m) && m.length) return oneLine(m.map(String).join('; '));
    return statusMessage(status, body);
  },
  dropped(unit) {
    const p = unit.product;
    // kind defaults to physical: only a non-default kind is information lost.
    // metadata goes out as field_mappings, but Panora's create path ignores them: warn.
    const metadata = Object.keys(p.metadata).length ? ['metadata'] : [];
    return [...(p.kind !== 'physical' ? ['kind'] : []), ...metadata, ...givenFields(p, DROPPED_PRODUCT, DROPPED_VARIANT)];
  },
  sandbox,
};
