// Fanfare's create-product body (postProducts), its error bodies and the created id.
// The page lists top-level body fields only; the shapes of variants and media assets are those of
// Fanfare's OpenAPI: variants need sku, price, inventoryQuantity, inventoryPolicy; a media asset
// is `{position, purpose, mediaAsset: {name, mimeType, …}}`, those four required. Where nothing
// says, see docs/targets.md.
import { z } from 'zod';
import { oneLine, statusMessage } from '../shared.js';

export const PRODUCTS_PATH = '/products';
export const MIME_TYPES = ['image/jpeg', 'image/png', 'image/gif', 'image/webp', 'video/mp4', 'video/webm', 'video/quicktime'] as const;
export const INVENTORY_POLICIES = ['untracked', 'deny', 'continue'] as const;
/** Decimal string, never cents. */
export const PRICE_RE = /^\d{1,12}(\.\d{1,8})?$/;

// Any 8-4-4-4-12 hex id: the docs say uuid, and their examples are v4, but nothing promises a version.
const id = () => z.guid();
const json = () => z.record(z.string(), z.unknown());

export const mediaAssetSchema = z.strictObject({
  position: z.number().int().nonnegative(),
  purpose: z.string().min(1),
  mediaAsset: z.strictObject({
    name: z.string().min(1),
    mimeType: z.enum(MIME_TYPES),
    sourceUrl: z.url({ protocol: /^https?$/ }).optional(),
    thumbnailUrl: z.url({ protocol: /^https?$/ }).optional(),
    altText: z.string().nullish(),
    description: z.string().optional(),
  }),
});

export const variantSchema = z.strictObject({
  sku: z.string().min(1),
  price: z.string().regex(PRICE_RE, { message: 'a decimal string like 19.90 (at most 12 digits before the point and 8 after)' }),
  inventoryQuantity: z.number().int(),
  inventoryPolicy: z.enum(INVENTORY_POLICIES),
  optionValues: z.array(z.strictObject({ optionName: z.string().min(1), value: z.string().min(1) })).nullish(),
  metadata: json().nullish(),
});

export const requestSchema = z.strictObject({
  name: z.string().min(1),
  url: z.url({ protocol: /^https?$/ }),
  defaultVariantId: id().nullish(),
  description: z.string().nullish(),
  handle: z.string().nullish(),
  metadata: json().nullish(),
  primarySyncSource: z.strictObject({ syncSource: z.string().min(1), syncSourceId: z.string().min(1) }).nullish(),
  productMediaAssets: z.array(mediaAssetSchema).nullish(),
  variantOptionIds: z.array(id()).nullish(),
  variants: z.array(variantSchema).nullish(),
});

export type FanfareProductInput = z.infer<typeof requestSchema>;
export type FanfareMediaAsset = z.infer<typeof mediaAssetSchema>;

/** The product's id from the 2xx body; only the id matters here. */
export function parseCreated(body: unknown): string {
  const id = (body as { id?: unknown } | undefined)?.id;
  if (typeof id !== 'string' || !id) throw new Error(`Fanfare answered without a product id: ${statusMessage(200, body)}`);
  return id;
}

interface FanfareIssue {
  message?: unknown;
  path?: unknown;
}

export function parseError(status: number, body: unknown): string {
  const b = (body ?? {}) as { error?: unknown; issues?: unknown; details?: unknown };
  const head = typeof b.error === 'string' ? b.error + ': ' : '';
  // Current: {error: "validation_error", issues: [{message, path: [{key}]}]}.
  if (Array.isArray(b.issues) && b.issues.length) {
    const parts = (b.issues as FanfareIssue[]).map((i) => {
      const where = Array.isArray(i.path) ? i.path.map((k) => String((k as { key?: unknown })?.key ?? k)).join('.') : '';
      return where ? `${where}: ${String(i.message)}` : String(i.message);
    });
    return oneLine(head + parts.join('; '));
  }
  // Older: {error, details: [{field, message}]}.
  if (Array.isArray(b.details) && b.details.length) {
    const parts = (b.details as { field?: unknown; message?: unknown }[]).map((d) => (d.field ? `${String(d.field)}: ${String(d.message)}` : String(d.message)));
    return oneLine(head + parts.join('; '));
  }
  if (typeof b.error === 'string' && b.error) return oneLine(b.error);
  return statusMessage(status, body);
}
