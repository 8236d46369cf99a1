// Panora's UnifiedEcommerceProductInput (its create-product page and OpenAPI extract), the
// listing the lookup reads, its error body and the created id. Every documented field is
// nullable and none is required. The spec leaves Variant as an empty object; its shape here is
// the one Panora's code reads (title, price, sku, options, weight, inventory_quantity).
import { z } from 'zod';
import { oneLine, statusMessage } from '../shared.js';

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

/** GET /ecommerce/products: PaginatedDto with `data`; only what the lookup reads. */
export const listSchema = z.object({
  data: z.array(z.object({ id: z.string().nullish(), variants: z.array(z.object({ sku: z.string().nullish() })).nullish() })),
  prev_cursor: z.string().nullish(),
  next_cursor: z.string().nullish(),
});

/** The created product's id (UnifiedEcommerceProductOutput.id); nothing else is read. */
export function parseCreated(body: unknown): string {
  const id = (body as { id?: unknown } | undefined)?.id;
  if (typeof id !== 'string' || !id) throw new Error(`Panora answered without a product id: ${statusMessage(201, body)}`);
  return id;
}

/** Panora's error body (its global exception filter): `{statusCode, timestamp, path, message}`. */
export function parseError(status: number, body: unknown): string {
  const m = (body as { message?: unknown } | undefined)?.message;
  if (typeof m === 'string' && m) return oneLine(status >= 500 ? `${m} (Panora reports every upstream failure as ${status}: the product may or may not have been created)` : m);
  if (Array.isArray(m) && m.length) return oneLine(m.map(String).join('; '));
  return statusMessage(status, body);
}
