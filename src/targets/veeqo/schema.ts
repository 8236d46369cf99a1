// Veeqo's POST /products body (its create-product page), the listing the lookup reads, the
// created id and error bodies. The field table types prices and counts as numbers (its example
// sends strings; Veeqo accepts both, we send numbers). `cost_price` and `model_number` are in
// the example, not the table.
import { z } from 'zod';
import { oneLine, statusMessage } from '../shared.js';

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

/** GET /products?query=…: an array of products. */
export const listSchema = z.array(z.object({ id: z.number(), sellables: z.array(z.object({ sku_code: z.string() })).optional() }));

// ---- updating (PUT /products/{id}) and stock levels: TARGETS "Updating what already exists" ----

/** A variant Veeqo holds, by its sellable id: only the fields that change (its sku_code names it too). */
export const updateVariantSchema = variantSchema.partial().extend({ id: z.number().int().positive() });

/** `{"product": {...}}`: every field optional; a variant with `id` is updated, one without is added (and needs what a create needs). */
export const updateSchema = z.strictObject({
  product: productSchema.partial().extend({
    product_variants_attributes: z.array(z.union([updateVariantSchema, variantSchema])).min(1).optional(),
  }),
});

export const STOCK_PATH = /^\/sellables\/(\d+)\/warehouses\/(\d+)\/stock_entry$/;

/** PUT /sellables/{sellable_id}/warehouses/{warehouse_id}/stock_entry: `physical_stock_level` and `infinite` required. */
export const stockEntrySchema = z.strictObject({
  stock_entry: z.strictObject({
    physical_stock_level: z.number().int(),
    infinite: z.boolean(),
    location: z.string().optional(),
  }),
});

/** The created product's id (a number); only the id matters, so a field Veeqo adds or omits cannot turn a created product into a failure. */
export function parseCreated(body: unknown): string {
  const id = (body as { id?: unknown } | undefined)?.id;
  if (typeof id !== 'number' && typeof id !== 'string') throw new Error(`Veeqo answered without a product id: ${statusMessage(201, body)}`);
  return String(id);
}

export function parseError(status: number, body: unknown): string {
  const m = messageOf(body);
  if (status >= 500) {
    // Veeqo answers 500 for some attributes it does not accept, not only for outages.
    return oneLine(`${m ?? `HTTP ${status}`} (a Veeqo 500 can also mean an attribute it does not accept)`);
  }
  return m ? oneLine(m) : statusMessage(status, body);
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
