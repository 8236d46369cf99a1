// Panora's UnifiedEcommerceProductInput / Output (api-docs/panora.create-product.txt and
// panora.openapi-extract.json). Every documented field is nullable and none is required. The
// spec leaves Variant as an empty object; its shape here is the one Panora's code reads
// (title, price, sku, options, weight, inventory_quantity).
import { z } from 'zod';

export const PRODUCTS_PATH = '/ecommerce/products';

export const PRODUCT_STATUSES = ['ACTIVE', 'DRAFT', 'ARCHIVED'] as const;

export const variantSchema = z.strictObject({
  title: z.string().nullish(),
  // Panora stores prices as integers: a fraction would be cut off upstream, so refuse it here.
  price: z.number().int({ message: 'a whole number (Panora stores prices as integers)' }).nonnegative().nullish(),
  sku: z.string().nullish(),
  // Option name → value; Panora keeps it as JSON (its example sends null).
  options: z.record(z.string(), z.string()).nullish(),
  // Unitless upstream; we always send whole grams.
  weight: z.number().nonnegative().nullish(),
  inventory_quantity: z.number().int().nullish(),
});

export const requestSchema = z.strictObject({
  product_url: z.string().nullish(),
  product_type: z.string().nullish(),
  // "Either ACTIVE, DRAFT OR ARCHIVED": described, not enforced by Panora; enforced here so a
  // typo in a pass-through value fails before the upload, not inside a connector.
  product_status: z.enum(PRODUCT_STATUSES).nullish(),
  images_urls: z.array(z.string()).nullish(),
  description: z.string().nullish(),
  vendor: z.string().nullish(),
  variants: z.array(variantSchema).optional(),
  tags: z.array(z.string()).nullish(),
  field_mappings: z.record(z.string(), z.unknown()).nullish(),
});

export type PanoraProductInput = z.infer<typeof requestSchema>;

const outputVariant = z.object({
  title: z.string().nullish(),
  price: z.number().nullish(),
  sku: z.string().nullish(),
  options: z.unknown().optional(),
  weight: z.number().nullish(),
  inventory_quantity: z.number().nullish(),
});

/** UnifiedEcommerceProductOutput: the 201 body of a create and each item of a listing. */
export const responseSchema = z.object({
  product_url: z.string().nullish(),
  product_type: z.string().nullish(),
  product_status: z.string().nullish(),
  images_urls: z.array(z.string()).nullish(),
  description: z.string().nullish(),
  vendor: z.string().nullish(),
  variants: z.array(outputVariant).nullish(),
  tags: z.array(z.string()).nullish(),
  field_mappings: z.record(z.string(), z.unknown()).nullish(),
  id: z.string().nullish(),
  remote_id: z.string().nullish(),
  remote_data: z.record(z.string(), z.unknown()).nullish(),
  created_at: z.string().nullish(),
  modified_at: z.string().nullish(),
});

/** GET /ecommerce/products: PaginatedDto with `data`. */
export const listSchema = z.object({
  data: z.array(responseSchema),
  prev_cursor: z.string().nullish(),
  next_cursor: z.string().nullish(),
});

/** Panora's error body (its global exception filter). */
export const errorSchema = z.object({
  statusCode: z.number(),
  timestamp: z.string().optional(),
  path: z.string().optional(),
  message: z.union([z.string(), z.array(z.string())]),
});
