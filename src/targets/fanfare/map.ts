// Unified product → Fanfare body: camelCase, decimal-string prices, media assets nested as
// `{position, purpose, mediaAsset: {…}}` (postProducts), and the sync source that makes every
// POST an upsert. Also Fanfare's own rules, what it has no place for, and where body fields came from.
import type { Product } from '../../product/fields.js';
import { compact, givenFields, issue, passThrough, withPassThrough } from '../shared.js';
import type { Unit, UnitIssue } from '../types.js';
import type { FanfareMediaAsset, FanfareProductInput, MIME_TYPES } from './schema.js';

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
  return mimeOfPath(new URL(url).pathname);
}

function mimeOfPath(pathname: string): (typeof MIME_TYPES)[number] | undefined {
  const ext = /\.([A-Za-z0-9]+)$/.exec(pathname)?.[1]?.toLowerCase();
  return ext ? MIME_BY_EXTENSION[ext] : undefined;
}

function fileName(pathname: string, position: number): string {
  const last = pathname.split('/').pop() ?? '';
  try {
    return decodeURIComponent(last) || `image-${position}`;
  } catch {
    return last || `image-${position}`;
  }
}

function mediaAssets(p: Product): FanfareMediaAsset[] | undefined {
  if (!p.images.length) return undefined;
  return p.images.map((img, i) => {
    const { pathname } = new URL(img.url);
    return {
      position: i + 1,
      purpose: MEDIA_PURPOSE,
      mediaAsset: compact({
        name: fileName(pathname, i + 1),
        // Undefined for an unknown extension: rules() report it, the schema refuses it.
        mimeType: mimeOfPath(pathname)!,
        sourceUrl: img.url,
        altText: img.alt,
      }),
    };
  });
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

/** What Fanfare needs beyond the unified schema: a page URL, and a MIME type for every image. */
export function rules(unit: Unit, body: FanfareProductInput): UnitIssue[] {
  const p = unit.product;
  const given = passThrough(p, 'fanfare');
  const own: UnitIssue[] = [];
  if (p.url === undefined && !('url' in given)) {
    own.push(issue('fanfare.url.required', 'url', "the product's page URL: Fanfare requires `url` (set the url column, or fanfare.url)", undefined));
  }
  if (!('productMediaAssets' in given)) {
    p.images.forEach((img, i) => {
      if (body.productMediaAssets?.[i]?.mediaAsset.mimeType !== undefined) return;
      const endings = Object.keys(MIME_BY_EXTENSION).map((e) => '.' + e).join(', ');
      own.push({
        code: 'fanfare.images.mime_type',
        field: `images[${i}].url`,
        expected: `an image URL ending in ${endings}: Fanfare needs each media asset's MIME type (or describe the assets in fanfare.productMediaAssets)`,
        found: JSON.stringify(img.url),
      });
    });
  }
  return own;
}

const VARIANT_FIELD: Record<string, string> = { inventoryQuantity: 'inventory_quantity', inventoryPolicy: 'inventory_policy', optionValues: 'options' };
const PRODUCT_FIELD: Record<string, string> = { name: 'title', primarySyncSource: 'handle', productMediaAssets: 'images' };

/** The unified field a body path came from. */
export function locate(_unit: Unit, path: PropertyKey[]): string {
  const [top, i, field, sub] = path;
  if (top === 'productMediaAssets' && typeof i === 'number') {
    return field === 'mediaAsset' && sub === 'altText' ? `images[${i}].alt` : `images[${i}].url`;
  }
  if (top === 'variants' && typeof i === 'number') {
    return `variants[${i}]${field === undefined ? '' : '.' + (VARIANT_FIELD[String(field)] ?? String(field))}`;
  }
  return PRODUCT_FIELD[String(top)] ?? String(top ?? '*');
}

export function dropped(unit: Unit): string[] {
  const p = unit.product;
  return [...(p.kind !== 'physical' ? ['kind'] : []), ...givenFields(p, DROPPED_PRODUCT, DROPPED_VARIANT)];
}
