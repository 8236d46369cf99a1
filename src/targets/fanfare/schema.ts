// Fanfare's create-product body and response (api-docs/fanfare.create-product.txt, TARGETS.md).
// The page lists top-level body fields only; the shapes of variants and media assets are those of
// Fanfare's OpenAPI: variants need sku, price, inventoryQuantity, inventoryPolicy; a media asset
// is `{position, purpose, mediaAsset: {name, mimeType, …}}`, those four required. Where nothing
// says, see README.md ("Targets").
import { z } from 'zod';

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

const audit = {
  archived: z.boolean(),
  createdAt: z.string(),
  createdBy: z.string(),
  id: id(),
  organizationId: id(),
  updatedAt: z.string().nullish(),
  updatedBy: z.string().nullish(),
};

/** The documented 2xx body ("Product created or updated successfully"). */
export const responseSchema = z.object({
  ...audit,
  name: z.string().min(1),
  url: z.string(),
  defaultVariantId: id().nullish(),
  description: z.string().nullish(),
  handle: z.string().nullish(),
  metadata: json().nullish(),
  primaryExternalId: z.string().nullish(),
  primaryLastSyncedAt: z.string().nullish(),
  primarySourceVendor: z.string().nullish(),
  primarySyncSource: z
    .object({
      ...audit,
      syncSource: z.string(),
      syncSourceId: z.string(),
      lastSyncedAt: z.string().nullish(),
      sourceData: json().nullish(),
      syncStatus: z.enum(['PENDING', 'SUCCESS', 'FAILED']).nullish(),
    })
    .nullish(),
  primarySyncSourceId: z.string().nullish(),
  productMediaAssets: z
    .array(
      z.object({
        id: id(),
        mediaAsset: z.looseObject({ ...audit, name: z.string() }),
        mediaAssetId: id(),
        organizationId: id(),
        position: z.number(),
        productId: id(),
        purpose: z.string(),
      }),
    )
    .nullish(),
  variants: z
    .array(
      z.object({
        ...audit,
        options: z.array(z.object({ optionId: id(), optionName: z.string(), value: z.string(), valueId: id() })),
        inventoryQuantity: z.number(),
        price: z.string(),
        productId: id(),
        sku: z.string(),
        metadata: json().nullish(),
      }),
    )
    .nullish(),
});

export type FanfareProduct = z.infer<typeof responseSchema>;
