// Veeqo's fake. Veeqo documents no error body: this fake answers `{"error_messages": "..."}`,
// a plausible Rails-style shape (the adapter's parseError reads several). Following what is known
// of Veeqo: an attribute it does not accept is a 500, not a 4xx; a 429 is the plain text
// "Limits Reached" with no rate headers; creating never dedupes, and GET /products?query= finds
// products by sku or title.
import { acceptsSecret, schemaProblems } from '../shared.js';
import type { SandboxBehaviour, SandboxRequest, SandboxResponse, SandboxStore } from '../types.js';
import { PRODUCTS_PATH, requestSchema, type VeeqoProductInput } from './schema.js';

type Stored = { id: number; title: string; sellables: { sku_code: string }[] } & Record<string, unknown>;

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
  const sellables = (input.product_variants_attributes ?? []).map((v) => ({
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
    product_title: input.title,
    full_title: `${input.title} ${v.title}`,
    sellable_title: v.title,
    profit: v.price - (v.cost_price ?? 0),
    created_by_id: USER_ID,
    created_at: now,
    updated_at: now,
    total_quantity_sold: 0,
    allocated_stock_level_at_all_warehouses: 0,
    stock_entries: [],
  }));
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

function create(req: SandboxRequest, store: SandboxStore): SandboxResponse {
  if (req.body === undefined) return error(400, 'request body must be JSON');
  const problems = schemaProblems(requestSchema, req.body);
  // An unknown attribute blows up inside Veeqo (500); other problems are validation errors.
  if (problems.some((p) => p.message === 'unknown field')) return error(500, 'Internal Server Error');
  if (problems.length) return error(422, problems.map((p) => `${p.path.join('.')} ${p.message}`).join('; '));
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
    return error(404, 'Not Found');
  },
};
