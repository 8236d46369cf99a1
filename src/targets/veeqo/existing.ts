// Veeqo, second runs: the sku search (lookup.ts) or the whole listing finds a product; `PUT
// /products/{id}` updates it with variants matched to their sellable ids by sku (a variant with
// `id` is updated, one without is added, none is removed); stock levels go per sellable and
// warehouse through `PUT …/stock_entry`. Mapping: docs/targets.md, "Updating".
import { NEW_VARIANT } from '../diff.js';
import { jsonHeaders, openNextPage, pageOf } from '../shared.js';
import type { Change, Desired, Existing, Remote, RemoteVariant, Unit } from '../types.js';
import { type VeeqoConfig, WAREHOUSE_ENV } from './config.js';
import { lookup } from './lookup.js';
import { PRODUCTS_PATH, updateSchema, type VeeqoProductInput } from './schema.js';

/** Veeqo's largest page (page_size). */
const PAGE_SIZE = 100;

/** Product fields an update compares and may send (images are not updated: a PUT would add them again). */
const PRODUCT_FIELDS = ['title', 'description', 'notes', 'estimated_delivery', 'product_brand_id'] as const;
const VARIANT_FIELDS = ['title', 'price', 'cost_price', 'tax_rate', 'weight_grams', 'upc_code', 'min_reorder_level', 'quantity_to_reorder', 'model_number'] as const;

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

function read(item: unknown): Remote | undefined {
  if (!isObject(item) || (typeof item.id !== 'number' && typeof item.id !== 'string')) return undefined;
  const fields: Json = {};
  // Shown fields only, null included: a field not shown is not compared (src/targets/diff.ts).
  for (const f of PRODUCT_FIELDS) if (f in item) fields[f] = item[f] ?? null;
  if (!('product_brand_id' in fields) && 'brand' in item) fields.product_brand_id = isObject(item.brand) ? item.brand.id : null;
  const variants = new Map<string, RemoteVariant>();
  for (const s of Array.isArray(item.sellables) ? item.sellables : []) {
    if (!isObject(s) || typeof s.sku_code !== 'string') continue;
    const stored: Json = {};
    for (const f of VARIANT_FIELDS) if (f in s) stored[f] = s[f] ?? null;
    const stock: Record<string, number> = {};
    for (const e of Array.isArray(s.stock_entries) ? s.stock_entries : []) {
      if (isObject(e) && typeof e.physical_stock_level === 'number') stock[String(e.warehouse_id)] = e.physical_stock_level;
    }
    variants.set(s.sku_code, { id: s.id === undefined ? undefined : String(s.id), fields: stored, stock });
  }
  return { id: String(item.id), skus: [...variants.keys()], fields, variants };
}

/** What the catalog gives: the create body's values, less a variant title the create only derived. */
function desired(unit: Unit, createBody: unknown): Desired {
  const product = (createBody as { product: VeeqoProductInput }).product;
  const fields: Json = {};
  for (const [k, v] of Object.entries(product)) if (k !== 'product_variants_attributes' && k !== 'images_attributes') fields[k] = v;
  const variants = new Map<string, Json>();
  for (const v of product.product_variants_attributes ?? []) {
    const given = unit.product.variants.find((x) => x.sku === v.sku_code);
    const { sku_code, ...rest } = v as Json & { sku_code: string };
    // Named after the product (no title, no options): keep the title Veeqo holds.
    if (given && given.title === undefined && !given.options?.length) delete rest.title;
    variants.set(sku_code, rest);
  }
  return { fields, variants };
}

function request(_unit: Unit, remote: Remote, changes: Change[], createBody: unknown, c: VeeqoConfig) {
  const created = (createBody as { product: VeeqoProductInput }).product.product_variants_attributes ?? [];
  const product: Json = {};
  const bySku = new Map<string, Json>();
  for (const ch of changes) {
    if (!ch.sku) product[ch.field] = ch.to;
    else if (ch.field === NEW_VARIANT) bySku.set(ch.sku, { ...created.find((v) => v.sku_code === ch.sku) });
    else {
      const v = bySku.get(ch.sku) ?? { id: Number(remote.variants.get(ch.sku)!.id), sku_code: ch.sku };
      v[ch.field] = ch.to;
      bySku.set(ch.sku, v);
    }
  }
  if (bySku.size) product.product_variants_attributes = [...bySku.values()];
  return { method: 'PUT' as const, path: `${PRODUCTS_PATH}/${encodeURIComponent(remote.id)}`, headers: jsonHeaders({ 'x-api-key': c.apiKey }), body: { product } };
}

export const existing: Existing<VeeqoConfig> = {
  lookup,
  items: (body) => (Array.isArray(body) ? body : undefined),
  read,
  listing: {
    request(c, cursor) {
      const q = new URLSearchParams({ page_size: String(PAGE_SIZE), page: pageOf(cursor) });
      return { method: 'GET', path: `${PRODUCTS_PATH}?${q}`, headers: jsonHeaders({ 'x-api-key': c.apiKey }) };
    },
    // Only an empty page ends the listing (shared.ts openNextPage); src/run/remote-index.ts stops
    // trusting a listing whose page repeats what it read.
    next: (body, cursor) => (Array.isArray(body) ? openNextPage(body.filter(isObject), cursor) : undefined),
  },
  update: { desired, request, requestSchema: updateSchema },
  stock: {
    env: WAREHOUSE_ENV,
    location: (c) => c.warehouseId,
    hint: 'Veeqo keeps stock per warehouse: list yours with GET /warehouses (curl -H "x-api-key: $VEEQO_API_KEY" https://api.veeqo.com/warehouses)',
    request: (sellableId, warehouseId, level, c) => ({
      method: 'PUT',
      path: `/sellables/${encodeURIComponent(sellableId)}/warehouses/${encodeURIComponent(warehouseId)}/stock_entry`,
      headers: jsonHeaders({ 'x-api-key': c.apiKey }),
      body: { stock_entry: { physical_stock_level: level, infinite: false } },
    }),
  },
};
