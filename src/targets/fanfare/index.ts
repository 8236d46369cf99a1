// Fanfare: camelCase products with decimal-string prices. Every POST carries
// primarySyncSource {syncSource, syncSourceId: unit key}, which makes it an upsert: a retry or a
// rerun updates the product it created instead of making a second one. See README.md ("Targets").
import type { Product } from '../../product/schema.js';
import {
  baseUrlFromEnv, checkBody, compact, givenFields, jsonHeaders, mergeIssues, oneLine, passThrough, productUnits,
  requireEnv, statusMessage, withPassThrough,
} from '../shared.js';
import type { Target, Unit, UnitIssue } from '../types.js';
import { sandbox } from './sandbox.js';
import { MIME_TYPES, PRODUCTS_PATH, requestSchema, responseSchema, type FanfareMediaAsset, type FanfareProductInput } from './schema.js';

export interface FanfareConfig {
  secretKey: string;
  baseUrl: string;
}

export const DEFAULT_BASE_URL = 'https://admin.fanfare.io/api';
/** Our name as a sync source: with the unit key it identifies a product across runs. */
export const SYNC_SOURCE = 'catalog-uploader';
/** Fanfare documents no purpose values; one value for all product images. */
export const MEDIA_PURPOSE = 'gallery';

const MIME_BY_EXTENSION: Record<string, (typeof MIME_TYPES)[number]> = {
  jpg: 'image/jpeg', jpeg: 'image/jpeg', png: 'image/png', gif: 'image/gif', webp: 'image/webp',
  mp4: 'video/mp4', webm: 'video/webm', mov: 'video/quicktime',
};

const DROPPED_PRODUCT = [
  'subtitle', 'status', 'brand', 'product_type', 'tags', 'category_ids', 'notes', 'origin_country', 'hs_code',
  'hazmat', 'estimated_delivery_days', 'condition', 'serial_number_required', 'expiry_date_required', 'case',
  'subscription',
] as const;
const DROPPED_VARIANT = [
  'title', 'compare_at_price', 'cost_price', 'barcode', 'weight', 'weight_unit', 'length', 'width', 'height',
  'dimension_unit', 'image', 'model_number', 'min_reorder_level', 'quantity_to_reorder', 'tax_rate',
] as const;

/** MIME type from the URL path's extension (query strings ignored), or undefined. */
export function mimeTypeOf(url: string): (typeof MIME_TYPES)[number] | undefined {
  const ext = /\.([A-Za-z0-9]+)$/.exec(new URL(url).pathname)?.[1]?.toLowerCase();
  return ext ? MIME_BY_EXTENSION[ext] : undefined;
}

function fileName(url: string, position: number): string {
  const last = new URL(url).pathname.split('/').pop() ?? '';
  try {
    return decodeURIComponent(last) || `image-${position}`;
  } catch {
    return last || `image-${position}`;
  }
}

/** Fanfare nests the asset (postProducts): `{position, purpose, mediaAsset: {name, mimeType, …}}`. */
function mediaAssets(p: Product): FanfareMediaAsset[] | undefined {
  if (!p.images.length) return undefined;
  return p.images.map((img, i) => ({
    position: i + 1,
    purpose: MEDIA_PURPOSE,
    mediaAsset: compact({
      name: fileName(img.url, i + 1),
      // Undefined for an unknown extension: check() reports it, the schema refuses it.
      mimeType: mimeTypeOf(img.url)!,
      sourceUrl: img.url,
      altText: img.alt,
    }),
  }));
}

export function toBody(unit: Unit): FanfareProductInput {
  const p: Product = unit.product;
  const body = compact({
    name: p.title,
    url: p.url,
    description: p.description,
    handle: p.handle,
    metadata: Object.keys(p.metadata).length ? p.metadata : undefined,
    primarySyncSource: { syncSource: SYNC_SOURCE, syncSourceId: unit.key },
    productMediaAssets: mediaAssets(p),
    variants: p.variants.map((v) =>
      compact({
        sku: v.sku,
        // Already a canonical decimal string with the currency's minor digits ("19.90").
        price: v.price,
        inventoryQuantity: v.inventory_quantity ?? 0,
        // No stock given and no policy: don't let a made-up 0 on hand stop sales.
        inventoryPolicy: v.inventory_policy ?? (v.inventory_quantity === undefined ? 'untracked' : 'deny'),
        optionValues: v.options?.length ? v.options.map((o) => ({ optionName: o.name, value: o.value })) : undefined,
      }),
    ),
  }) as FanfareProductInput;
  return withPassThrough(body, p, 'fanfare');
}

function locate(path: PropertyKey[]): string {
  const [top, i, field, sub] = path;
  if (top === 'productMediaAssets' && typeof i === 'number') {
    return field === 'mediaAsset' && sub === 'altText' ? `images[${i}].alt` : `images[${i}].url`;
  }
  if (top === 'variants' && typeof i === 'number') {
    const VARIANT: Record<string, string> = {
      inventoryQuantity: 'inventory_quantity', inventoryPolicy: 'inventory_policy', optionValues: 'options',
    };
    return `variants[${i}]${field === undefined ? '' : '.' + (VARIANT[String(field)] ?? String(field))}`;
  }
  const PRODUCT: Record<string, string> = { name: 'title', primarySyncSource: 'handle', productMediaAssets: 'images' };
  return PRODUCT[String(top)] ?? String(top ?? '*');
}

function check(unit: Unit): UnitIssue[] {
  const p = unit.product;
  const given = passThrough(p, 'fanfare');
  const own: UnitIssue[] = [];
  if (p.url === undefined && !('url' in given)) {
    own.push({
      field: 'url',
      expected: "the product's page URL: Fanfare requires `url` (set the url column, or fanfare.url)",
      found: '(missing)',
    });
  }
  if (!('productMediaAssets' in given)) {
    p.images.forEach((img, i) => {
      if (!mimeTypeOf(img.url)) {
        own.push({
          field: `images[${i}].url`,
          expected: `an image URL ending in ${Object.keys(MIME_BY_EXTENSION).map((e) => '.' + e).join(', ')}: Fanfare needs each media asset's MIME type (or describe the assets in fanfare.productMediaAssets)`,
          found: JSON.stringify(img.url),
        });
      }
    });
  }
  return mergeIssues(own, checkBody({ target: 'fanfare', schema: requestSchema, body: toBody(unit), product: p, locate }));
}

interface FanfareIssue {
  message?: unknown;
  path?: unknown;
}

export const fanfare: Target<FanfareConfig> = {
  name: 'fanfare',
  title: 'Fanfare',
  docsUrl: 'https://docs.fanfare.io/api-reference/products/create-product',
  env: [
    { name: 'FANFARE_SECRET_KEY', required: true, secret: true, description: 'secret key sk_live_… or sk_test_… (sent as Authorization: Bearer)' },
    { name: 'FANFARE_BASE_URL', required: false, secret: false, description: `API base URL (default ${DEFAULT_BASE_URL})` },
  ],
  readConfig(env) {
    const secretKey = requireEnv(env, 'FANFARE_SECRET_KEY', 'export a Fanfare secret key (sk_live_… or sk_test_…) from the Fanfare admin');
    return { secretKey, baseUrl: baseUrlFromEnv(env, 'fanfare', DEFAULT_BASE_URL) };
  },
  baseUrl: (c) => c.baseUrl,
  requiredFields: ['url'],
  rateLimit: {
    // The documented floor of 500/min: the higher tier is per organization and not discoverable.
    perSecond: 500 / 60,
    burst: 10,
    description: '500–1000 requests per minute per organization; X-RateLimit-Limit/Remaining/Reset (epoch s) on every response; 429 with Retry-After and {"error","retryAfter"}',
  },
  dedupe: {
    kind: 'upsert',
    description: `POST with primarySyncSource {syncSource: "${SYNC_SOURCE}", syncSourceId: <handle>} updates the product created earlier with that id instead of creating another`,
  },
  units: productUnits,
  check,
  toRequest(unit, c) {
    return { method: 'POST', path: PRODUCTS_PATH, headers: jsonHeaders({ authorization: `Bearer ${c.secretKey}` }), body: toBody(unit) };
  },
  requestSchema,
  responseSchema,
  parseCreated(body) {
    // Only the id matters here; the full response schema is for the sandbox and the tests.
    const id = (body as { id?: unknown } | undefined)?.id;
    if (typeof id !== 'string' || !id) throw new Error(`Fanfare answered without a product id: ${statusMessage(200, body)}`);
    return id;
  },
  parseError(status, body) {
    const b = (body ?? {}) as { error?: unknown; issues?: unknown; details?: unknown };
    // Current: {error: "validation_error", issues: [{message, path: [{key}]}]}.
    if (Array.isArray(b.issues) && b.issues.length) {
      const parts = (b.issues as FanfareIssue[]).map((i) => {
        const where = Array.isArray(i.path) ? i.path.map((k) => String((k as { key?: unknown })?.key ?? k)).join('.') : '';
        return where ? `${where}: ${String(i.message)}` : String(i.message);
      });
      return oneLine(`${typeof b.error === 'string' ? b.error + ': ' : ''}${parts.join('; ')}`);
    }
    // Older: {error, details: [{field, message}]}.
    if (Array.isArray(b.details) && b.details.length) {
      const parts = (b.details as { field?: unknown; message?: unknown }[]).map((d) => (d.field ? `${String(d.field)}: ${String(d.message)}` : String(d.message)));
      return oneLine(`${typeof b.error === 'string' ? b.error + ': ' : ''}${parts.join('; ')}`);
    }
    if (typeof b.error === 'string' && b.error) return oneLine(b.error);
    return statusMessage(status, body);
  },
  dropped(unit) {
    const p = unit.product;
    return [...(p.kind !== 'physical' ? ['kind'] : []), ...givenFields(p, DROPPED_PRODUCT, DROPPED_VARIANT)];
  },
  sandbox,
};
