// Veeqo's POST /products body and response (api-docs/veeqo.create-product.txt). The field table
// types prices and counts as numbers (its example sends strings; Veeqo accepts both, we send
// numbers). `cost_price` and `model_number` are in the example and TARGETS.md, not the table.
import { z } from 'zod';

export const PRODUCTS_PATH = '/products';

export const variantSchema = z.strictObject({
  title: z.string().min(1),
  price: z.number().nonnegative(),
  sku_code: z.string().min(1),
  weight_grams: z.number().nonnegative().optional(),
  upc_code: z.string().optional(),
  min_reorder_level: z.number().int().nonnegative().optional(),
  quantity_to_reorder: z.number().int().nonnegative().optional(),
  tax_rate: z.number().nonnegative().optional(),
  cost_price: z.number().nonnegative().optional(),
  model_number: z.string().optional(),
});

export const imageSchema = z.strictObject({
  src: z.url({ protocol: /^https?$/ }),
  display_position: z.number().int().nonnegative().optional(),
});

export const productSchema = z.strictObject({
  title: z.string().min(1),
  description: z.string().optional(),
  estimated_delivery: z.number().int().nonnegative().optional(),
  notes: z.string().optional(),
  // Documented as a string, yet brand ids are numbers in every response: accept both.
  product_brand_id: z.union([z.string(), z.number().int()]).nullish(),
  product_variants_attributes: z.array(variantSchema).min(1).optional(),
  images_attributes: z.array(imageSchema).optional(),
});

export const requestSchema = z.strictObject({ product: productSchema });

export type VeeqoProductInput = z.infer<typeof productSchema>;

export const sellableSchema = z.object({
  id: z.number(),
  type: z.string(),
  title: z.string(),
  sku_code: z.string(),
  upc_code: z.string().nullish(),
  model_number: z.string().nullish(),
  price: z.number(),
  cost_price: z.number().nullish(),
  weight_grams: z.number().nullish(),
  product_title: z.string().nullish(),
});

/** The documented 201 body (the fields we rely on; the rest pass unchecked). */
export const responseSchema = z.object({
  id: z.number(),
  title: z.string(),
  created_at: z.string().optional(),
  description: z.string().nullish(),
  notes: z.string().nullish(),
  estimated_delivery: z.number().nullish(),
  sellables: z.array(sellableSchema),
});

/** GET /products?query=…: an array of products. */
export const listSchema = z.array(z.object({ id: z.number(), sellables: z.array(z.object({ sku_code: z.string() })).optional() }));
