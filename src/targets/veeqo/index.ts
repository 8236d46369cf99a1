// Veeqo: `{"product": {...}}` with variants as product_variants_attributes, prices as numbers and
// weights in grams. Stock is set through a separate stock-entry endpoint, so inventory is not
// sent. No idempotency: a retry first looks the sku up. See README.md ("Targets").
import { parseDecimal, toNumber } from '../../product/decimal.js';
import type { Product, Variant } from '../../product/schema.js';
import { toGrams } from '../../product/units.js';
import {
  baseUrlFromEnv, checkBody, compact, EXACT_NUMBER_LIMIT, exactNumber, givenFields, jsonHeaders, mergeIssues, oneLine, passThrough,
  productUnits, requireEnv, statusMessage, variantTitle,
} from '../shared.js';
import type { Target, Unit, UnitIssue } from '../types.js';
import { sandbox } from './sandbox.js';
import { listSchema, PRODUCTS_PATH, requestSchema, responseSchema, type VeeqoProductInput } from './schema.js';

export interface VeeqoConfig {
  apiKey: string;
  baseUrl: string;
}

export const DEFAULT_BASE_URL = 'https://api.veeqo.com';
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

/** An exact decimal string as a JSON number; undefined when no number holds it exactly (check() reports it). */
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
        title: variantTitle(p, v),
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
function amountIssues(p: Product, body: VeeqoProductInput): UnitIssue[] {
  if ('product_variants_attributes' in passThrough(p, 'veeqo')) return [];
  const out: UnitIssue[] = [];
  p.variants.forEach((v, i) => {
    const sent = body.product_variants_attributes?.[i];
    for (const field of AMOUNTS) {
      if (v[field] !== undefined && sent?.[field] === undefined) out.push({ field: `variants[${i}].${field}`, expected: EXACT_NUMBER_LIMIT, found: JSON.stringify(v[field]) });
    }
  });
  return out;
}

function locate(path: PropertyKey[]): string {
  const [top, i, field] = path;
  if (top === 'product_variants_attributes' && typeof i === 'number') {
    const VARIANT: Record<string, string> = { sku_code: 'sku', weight_grams: 'weight', upc_code: 'barcode' };
    return `variants[${i}]${field === undefined ? '' : '.' + (VARIANT[String(field)] ?? String(field))}`;
  }
  if (top === 'images_attributes' && typeof i === 'number') return `images[${i}].url`;
  const PRODUCT: Record<string, string> = { estimated_delivery: 'estimated_delivery_days', product_variants_attributes: 'variants', images_attributes: 'images' };
  return PRODUCT[String(top)] ?? String(top ?? '*');
}

function skus(unit: Unit): string[] {
  return unit.product.variants.map((v) => v.sku);
}

/** Veeqo's error bodies are undocumented: read every shape a Rails API is known to use. */
function messageOf(body: unknown): string | undefined {
  if (typeof body === 'string') return body.trim() || undefined;
  if (!body || typeof body !== 'object') return undefined;
  const b = body as Record<string, unknown>;
  for (const k of ['error_messages', 'errors', 'error', 'message']) {
    const v = b[k];
    if (typeof v === 'string' && v) return v;
    if (Array.isArray(v) && v.length) return v.map(String).join('; ');
    if (v && typeof v === 'object') {
      return Object.entries(v as Record<string, unknown>)
        .map(([field, m]) => `${field} ${Array.isArray(m) ? m.join(', ') : String(m)}`)
        .join('; ');
    }
  }
  return undefined;
}

/** Veeqo's largest page. */
const LOOKUP_PAGE_SIZE = 100;

export const veeqo: Target<VeeqoConfig> = {
  name: 'veeqo',
  title: 'Veeqo',
  docsUrl: 'https://developers.veeqo.com/api/operations/create-a-new-product/',
  env: [
    { name: 'VEEQO_API_KEY', required: true, secret: true, description: 'Veeqo API key (sent as x-api-key)' },
    { name: 'VEEQO_BASE_URL', required: false, secret: false, description: `API base URL (default ${DEFAULT_BASE_URL})` },
  ],
  readConfig(env) {
    return {
      apiKey: requireEnv(env, 'VEEQO_API_KEY', 'create an API key in Veeqo (Settings → Users → your user → Refresh API Key) and export it'),
      baseUrl: baseUrlFromEnv(env, 'veeqo', DEFAULT_BASE_URL),
    };
  },
  baseUrl: (c) => c.baseUrl,
  requiredFields: [],
  rateLimit: {
    perSecond: 5,
    // The leaky bucket holds 100, but a previous run may have filled it: start gently.
    burst: 10,
    description: '5 requests/s, leaky bucket of 100; 429 "Limits Reached" with no rate headers',
  },
  dedupe: {
    kind: 'lookup',
    description: `no idempotency: before retrying, GET ${PRODUCTS_PATH}?query=<first sku> (all pages) and match sellables[].sku_code against the product's skus`,
    lookup: {
      request(unit, c, cursor) {
        // `query` is a fuzzy search: other products containing the sku text may fill page 1.
        const q = new URLSearchParams({ query: skus(unit)[0]!, page_size: String(LOOKUP_PAGE_SIZE), page: cursor ?? '1' });
        return { method: 'GET', path: `${PRODUCTS_PATH}?${q}`, headers: jsonHeaders({ 'x-api-key': c.apiKey }) };
      },
      match(unit, body, cursor) {
        const r = listSchema.safeParse(body);
        if (!r.success) return {};
        const mine = new Set(skus(unit));
        const hit = r.data.find((p) => p.sellables?.some((s) => mine.has(s.sku_code)));
        if (hit) return { found: String(hit.id) };
        return r.data.length >= LOOKUP_PAGE_SIZE ? { next: String(Number(cursor ?? '1') + 1) } : {};
      },
    },
  },
  units: productUnits,
  check(unit) {
    const p = unit.product;
    const product = toProduct(p);
    return mergeIssues(amountIssues(p, product), checkBody({ target: 'veeqo', schema: requestSchema, body: { product }, product: p, root: ['product'], locate }));
  },
  toRequest(unit, c) {
    return { method: 'POST', path: PRODUCTS_PATH, headers: jsonHeaders({ 'x-api-key': c.apiKey }), body: { product: toProduct(unit.product) } };
  },
  requestSchema,
  responseSchema,
  parseCreated(body) {
    // Only the id matters here: a full-response parse would turn a created product into a
    // missing id whenever Veeqo adds or omits some other field.
    const id = (body as { id?: unknown } | undefined)?.id;
    if (typeof id !== 'number' && typeof id !== 'string') throw new Error(`Veeqo answered without a product id: ${statusMessage(201, body)}`);
    return String(id);
  },
  parseError(status, body) {
    const m = messageOf(body);
    if (status >= 500) {
      // Veeqo answers 500 for some attributes it does not accept, not only for outages.
      return oneLine(`${m ?? `HTTP ${status}`} (a Veeqo 500 can also mean an attribute it does not accept)`);
    }
    return m ? oneLine(m) : statusMessage(status, body);
  },
  dropped(unit) {
    const p = unit.product;
    return [...(p.kind !== 'physical' ? ['kind'] : []), ...givenFields(p, DROPPED_PRODUCT, DROPPED_VARIANT)];
  },
  sandbox,
};
