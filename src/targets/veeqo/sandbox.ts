// Veeqo's fake. Veeqo documents no error body: this fake answers `{"error_messages": "..."}`,
// a plausible Rails-style shape (the adapter's parseError reads several). Following what is known
// of Veeqo: an attribute it does not accept is a 500, not a 4xx; a 429 is the plain text
// "Limits Reached" with no rate headers; creating never dedupes, and GET /products?query= finds
// products by sku or title. Second runs: PUT /products/{id} (a variant with an id is updated,
// one without added; judged like a create), stock entries per sellable and warehouse, and the
// warehouses list (resources/stock_entries.md of Veeqo's api-docs).
import { z } from 'zod';
import { acceptsSecret, schemaProblems } from '../shared.js';
import type { SandboxBehaviour, SandboxRequest, SandboxResponse, SandboxStore } from '../types.js';
import { PRODUCTS_PATH, requestSchema, STOCK_PATH, stockEntrySchema, updateSchema, type VeeqoProductInput, type variantSchema } from './schema.js';

type Sellable = { id: number; sku_code: string; title: string; stock_entries: Record<string, unknown>[] } & Record<string, unknown>;
type Stored = { id: number; title: string; sellables: Sellable[] } & Record<string, unknown>;
type VariantInput = z.infer<typeof variantSchema>;

/** The warehouses every fake account has (the ids of the docs' examples). */
export const WAREHOUSES = [
  { id: 22668, name: 'My Warehouse', address_line_1: '', city: '', country: null, inventory_type_code: 'wavg', default_min_reorder: 0 },
  { id: 22669, name: 'Overflow', address_line_1: '', city: '', country: null, inventory_type_code: 'wavg', default_min_reorder: 0 },
];

/** Every stock-entry PUT the fake accepted, in order (tests count them per sellable). */
export function stockLog(store: SandboxStore): { sellable: number; warehouse: number; level: number }[] {
  let log = store.state.get('veeqo.stockLog') as ReturnType<typeof stockLog> | undefined;
  if (!log) store.state.set('veeqo.stockLog', (log = []));
  return log;
}

const USER_ID = 23005;

function error(status: number, message: string): SandboxResponse {
  return { status, body: { error_messages: message } };
}

function products(store: SandboxStore): Stored[] {
  let list = store.state.get('veeqo.products') as Stored[] | undefined;
  if (!list) store.state.set('veeqo.products', (list = []));
  return list;
}

/** The documented 201 body, the parts of it derivable from the request. */
function productFrom(input: VeeqoProductInput, store: SandboxStore): Stored {
  const now = new Date().toISOString();
  const id = Number(store.nextId(''));
  const images = (input.images_attributes ?? []).map((img, i) => ({
    id: Number(store.nextId('')),
    src: img.src,
    display_position: img.display_position ?? i + 1,
    product_id: id,
    created_at: now,
    updated_at: now,
  }));
  const sellables = (input.product_variants_attributes ?? []).map((v) => sellableFrom(v, input.title, store, now));
  return {
    id,
    title: input.title,
    description: input.description ?? '',
    notes: input.notes ?? '',
    estimated_delivery: input.estimated_delivery ?? null,
    created_by_id: USER_ID,
    created_at: now,
    updated_at: now,
    updated_by_id: null,
    origin_country: null,
    hs_tariff_number: null,
    tax_rate: 0,
    hazmat: false,
    brand: null,
    main_image: images[0] ?? null,
    main_image_src: images[0]?.src ?? null,
    images,
    sellables,
    tags: [],
    channel_products: [],
    active_channels: [],
    total_quantity_sold: 0,
    inventory: { infinite: false },
  };
}

/** Sellables by id, kept as they are made: a stock entry finds its sellable without a scan. */
function sellables(store: SandboxStore): Map<number, Sellable> {
  let m = store.state.get('veeqo.sellables') as Map<number, Sellable> | undefined;
  if (!m) store.state.set('veeqo.sellables', (m = new Map()));
  return m;
}

function sellableFrom(v: VariantInput, productTitle: string, store: SandboxStore, now: string): Sellable {
  const sellable: Sellable = {
    id: Number(store.nextId('')),
    type: 'ProductVariant',
    title: v.title,
    sku_code: v.sku_code,
    upc_code: v.upc_code ?? '',
    model_number: v.model_number ?? '',
    price: v.price,
    cost_price: v.cost_price ?? 0,
    min_reorder_level: v.min_reorder_level ?? 0,
    quantity_to_reorder: v.quantity_to_reorder ?? 0,
    tax_rate: v.tax_rate ?? 0,
    weight_grams: v.weight_grams ?? 0,
    weight_unit: 'g',
    product_title: productTitle,
    full_title: `${productTitle} ${v.title}`,
    sellable_title: v.title,
    profit: v.price - (v.cost_price ?? 0),
    created_by_id: USER_ID,
    created_at: now,
    updated_at: now,
    total_quantity_sold: 0,
    allocated_stock_level_at_all_warehouses: 0,
    stock_entries: [],
  };
  sellables(store).set(sellable.id, sellable);
  return sellable;
}

/** A body judged as Veeqo does: an unknown attribute blows up inside it (500), other problems are 422s. */
function judge(schema: z.ZodType, body: unknown): SandboxResponse | undefined {
  if (body === undefined) return error(400, 'request body must be JSON');
  const problems = schemaProblems(schema, body);
  if (problems.some((p) => p.message === 'unknown field')) return error(500, 'Internal Server Error');
  if (problems.length) return error(422, problems.map((p) => `${p.path.join('.')} ${p.message}`).join('; '));
  return undefined;
}

function create(req: SandboxRequest, store: SandboxStore): SandboxResponse {
  const refused = judge(requestSchema, req.body);
  if (refused) return refused;
  const product = productFrom((req.body as { product: VeeqoProductInput }).product, store);
  products(store).push(product);
  // The payload carries no handle; the first sku is what the lookup searches, so it is the key.
  const key = product.sellables[0]?.sku_code ?? String(product.id);
  store.created.push({ id: String(product.id), key, body: req.body });
  store.byKey.set(key, { id: String(product.id), body: req.body });
  return { status: 201, body: product };
}

function search(req: SandboxRequest, store: SandboxStore): SandboxResponse {
  const q = req.query.get('query')?.toLowerCase();
  const found = products(store).filter(
    (p) => !q || p.title.toLowerCase().includes(q) || p.sellables.some((s) => s.sku_code.toLowerCase().includes(q)),
  );
  // Veeqo pages lists with page_size (default 12, at most 100) and page (from 1).
  const size = Math.min(100, Math.max(1, Number(req.query.get('page_size')) || 12));
  const page = Math.max(1, Number(req.query.get('page')) || 1);
  return { status: 200, body: found.slice((page - 1) * size, page * size) };
}

/** PUT /products/{id}: given fields replace stored ones; variants with an id are updated, others added. */
function update(req: SandboxRequest, store: SandboxStore, id: number): SandboxResponse {
  const product = products(store).find((p) => p.id === id);
  if (!product) return error(404, `Couldn't find Product with 'id'=${id}`);
  const refused = judge(updateSchema, req.body);
  if (refused) return refused;
  const input = (req.body as z.infer<typeof updateSchema>).product;
  const now = new Date().toISOString();
  const { product_variants_attributes: variants = [], images_attributes: _images, ...fields } = input;
  for (const v of variants) {
    if ('id' in v && v.id !== undefined && !product.sellables.some((s) => s.id === v.id)) return error(422, `product_variants_attributes id ${v.id} is not a variant of product ${id}`);
  }
  Object.assign(product, fields, { updated_at: now });
  for (const v of variants) {
    const old = 'id' in v ? product.sellables.find((s) => s.id === v.id) : undefined;
    if (old) Object.assign(old, v, { updated_at: now, sellable_title: v.title ?? old.title });
    else product.sellables.push(sellableFrom(v as VariantInput, product.title, store, now));
  }
  const key = product.sellables[0]?.sku_code ?? String(id);
  store.updated.push({ id: String(id), key, body: req.body });
  store.byKey.set(key, { id: String(id), body: req.body });
  return { status: 200, body: product };
}

/** GET or PUT /sellables/{sellable_id}/warehouses/{warehouse_id}/stock_entry. */
function stockEntry(req: SandboxRequest, store: SandboxStore, sellableId: number, warehouseId: number): SandboxResponse {
  const sellable = sellables(store).get(sellableId);
  if (!sellable) return error(404, `Couldn't find Sellable with 'id'=${sellableId}`);
  const warehouse = WAREHOUSES.find((w) => w.id === warehouseId);
  if (!warehouse) return error(404, `Couldn't find Warehouse with 'id'=${warehouseId}`);
  const entry = sellable.stock_entries.find((e) => e.warehouse_id === warehouseId);
  if (req.method === 'GET') return entry ? { status: 200, body: entry } : error(404, 'Not Found');
  if (req.method !== 'PUT') return error(404, 'Not Found');
  const refused = judge(stockEntrySchema, req.body);
  if (refused) return refused;
  const input = (req.body as z.infer<typeof stockEntrySchema>).stock_entry;
  const level = input.physical_stock_level;
  const next = {
    sellable_id: sellableId, warehouse_id: warehouseId, infinite: input.infinite, allocated_stock_level: 0, warehouse,
    location: input.location ?? entry?.location ?? null, stock_running_low: level <= 0, updated_at: new Date().toISOString(),
    incoming_stock_level: 0, physical_stock_level: level, available_stock_level: level, sellable_on_hand_value: level * Number(sellable.cost_price ?? 0),
  };
  if (entry) Object.assign(entry, next);
  else sellable.stock_entries.push(next);
  stockLog(store).push({ sellable: sellableId, warehouse: warehouseId, level });
  return { status: 200, body: next };
}

const PRODUCT_PATH = /^\/products\/(\d+)$/;

export const sandbox: SandboxBehaviour = {
  basePath: '',
  dummyEnv: (baseUrl) => ({ VEEQO_API_KEY: 'sandbox_veeqo_api_key', VEEQO_BASE_URL: baseUrl }),
  checkAuth: (req) => (acceptsSecret(req.headers['x-api-key']) ? null : error(401, 'Unauthorized: missing or invalid x-api-key')),
  rateLimited: () => ({ status: 429, headers: { 'content-type': 'text/plain' }, body: 'Limits Reached' }),
  rateHeaders: () => ({}),
  serverError: (status) => error(status, status === 503 ? 'Service Unavailable' : 'Internal Server Error'),
  handle(req, store) {
    if (req.path === PRODUCTS_PATH && req.method === 'POST') return create(req, store);
    if (req.path === PRODUCTS_PATH && req.method === 'GET') return search(req, store);
    const one = PRODUCT_PATH.exec(req.path);
    if (one && req.method === 'PUT') return update(req, store, Number(one[1]));
    if (one && req.method === 'GET') {
      const product = products(store).find((p) => p.id === Number(one[1]));
      return product ? { status: 200, body: product } : error(404, 'Not Found');
    }
    const stock = STOCK_PATH.exec(req.path);
    if (stock) return stockEntry(req, store, Number(stock[1]), Number(stock[2]));
    if (req.path === '/warehouses' && req.method === 'GET') return { status: 200, body: WAREHOUSES };
    return error(404, 'Not Found');
  },
};
