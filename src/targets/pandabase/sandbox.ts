// Pandabase's fake. What it copies from the docs: `{ok, data}` / `{ok: false, error}` bodies,
// Fastify-style validation messages ("body/title …"), the trailing-slash route, X-RateLimit-*
// headers with an epoch reset and a 429 without Retry-After, and the idempotency-key contract
// (same key + same body replays the first answer; other body 422; still running 409). What it
// invents where the docs are silent is listed in docs/targets.md ("Sandbox").
import type { z } from 'zod';
import { acceptsSecret, schemaProblems } from '../shared.js';
import type { SandboxBehaviour, SandboxRequest, SandboxResponse, SandboxStore } from '../types.js';
import { DEFAULT_BASE_URL } from './config.js';
import { LIMITS, requestSchema, type PandabaseBody, updateSchema } from './schema.js';

const BASE_PATH = new URL(DEFAULT_BASE_URL).pathname; // /v2/core
const PRODUCTS = /^\/stores\/([^/]+)\/products\/$/;
const PRODUCT = /^\/stores\/([^/]+)\/products\/([^/]+)$/;
const KEY_RE = /^[A-Za-z0-9_-]+$/;

const fail = (status: number, error: string, headers?: Record<string, string>): SandboxResponse => ({ status, headers, body: { ok: false, error } });

/** What the fake remembers per idempotency key; tests may seed `in-flight` to see the 409. */
export type IdempotencyEntry = { status: 'in-flight' } | { status: 'done'; bodyHash: string; response: SandboxResponse };

export function idempotencyEntries(store: SandboxStore): Map<string, IdempotencyEntry> {
  return stateMap(store, 'pandabase.idempotency');
}

function products(store: SandboxStore): Map<string, Record<string, unknown>[]> {
  return stateMap(store, 'pandabase.products');
}

function stateMap<V>(store: SandboxStore, name: string): Map<string, V> {
  let m = store.state.get(name) as Map<string, V> | undefined;
  if (!m) store.state.set(name, (m = new Map()));
  return m;
}

/**
 * The idempotency-key contract around a write (create or update): same key + same body replays
 * the first answer; other body 422; still running 409. Validation failures are not remembered:
 * fixing the body and retrying with the key must work.
 */
function idempotent(req: SandboxRequest, store: SandboxStore, storeId: string, schema: z.ZodType, act: () => SandboxResponse): SandboxResponse {
  const key = req.headers['idempotency-key'];
  if (key !== undefined) {
    const { min, max } = LIMITS.idempotencyKey;
    if (key.length < min || key.length > max || !KEY_RE.test(key)) {
      return fail(400, `headers/idempotency-key must be ${min} to ${max} characters of A-Z, a-z, 0-9, _ and -`);
    }
  }
  if (req.body === undefined) return fail(400, req.rawBody ? 'Body is not valid JSON' : 'body must be object');
  const entries = idempotencyEntries(store);
  const entryKey = `${storeId}:${key}`;
  const seen = key === undefined ? undefined : entries.get(entryKey);
  // "Same body" as sent: the bytes, not a reading of them (keys in another order are another body).
  const hash = req.rawBody;
  if (seen?.status === 'in-flight') return fail(409, 'A request with this idempotency key is already being processed');
  if (seen) return seen.bodyHash === hash ? seen.response : fail(422, 'Idempotency key has already been used with a different request body');
  const problems = schemaProblems(schema, req.body);
  if (problems.length) return fail(400, problems.map((p) => `body${p.path.map((k) => `/${String(k)}`).join('')} ${p.message}`).join('; '));
  const response = act();
  if (key !== undefined && response.status < 300) entries.set(entryKey, { status: 'done', bodyHash: hash, response });
  return response;
}

function create(req: SandboxRequest, store: SandboxStore, storeId: string): SandboxResponse {
  return idempotent(req, store, storeId, requestSchema, () => {
    const input = req.body as PandabaseBody;
    const id = store.nextId('prd_');
    const data = productOf(id, input, products(store).get(storeId)?.length ?? 0);
    const list = products(store).get(storeId) ?? [];
    list.push(data);
    products(store).set(storeId, list);
    // The body carries no handle: the unit key is the first variant's sku (see map.ts unitKey).
    const unitKey = input.variants?.[0]?.sku ?? id;
    store.created.push({ id, key: unitKey, body: req.body });
    store.byKey.set(unitKey, { id, body: req.body });
    return { status: 201, body: { ok: true, data } };
  });
}

/** PATCH …/products/{productId}: fields sent replace stored ones; variants are upserted by id. */
function update(req: SandboxRequest, store: SandboxStore, storeId: string, productId: string): SandboxResponse {
  const product = (products(store).get(storeId) ?? []).find((p) => p.id === productId);
  if (!product) return fail(404, 'Product not found');
  return idempotent(req, store, storeId, updateSchema, () => {
    const { variants = [], categoryIds, ...fields } = req.body as z.infer<typeof updateSchema>;
    const held = product.variants as Record<string, unknown>[];
    const unknownIds = variants.filter((v) => 'id' in v && !held.some((h) => h.id === v.id));
    if (unknownIds.length) return fail(400, `body/variants: no variant ${unknownIds.map((v) => (v as { id: string }).id).join(', ')} in product ${productId}`);
    const added = variants.filter((v) => !('id' in v));
    if (held.length + added.length > LIMITS.variants) return fail(400, `body/variants must NOT have more than ${LIMITS.variants} items`);
    Object.assign(product, fields);
    if (categoryIds) product.categories = categoryIds.map((cid) => ({ id: cid }));
    for (const v of variants) {
      const old = 'id' in v ? held.find((h) => h.id === v.id) : undefined;
      if (old) Object.assign(old, v);
      else held.push(variantOf(productId, v as Record<string, unknown>, held.length));
    }
    const key = String(held[0]?.sku ?? productId);
    store.updated.push({ id: productId, key, body: req.body });
    return { status: 200, body: { ok: true, data: product } };
  });
}

/** A variant as the fake answers it: every documented field, null where none was given. */
function variantOf(productId: string, v: Record<string, unknown>, i: number): Record<string, unknown> {
  const empty = { slug: null, description: null, sku: null, compareAtPrice: null, images: [], inStock: true, quantity: null, trackStock: false, position: i };
  return { id: `var_${productId.slice(4)}_${i + 1}`, ...empty, ...v };
}

/** The product as the 201 example shows it, filled from the request. */
function productOf(id: string, b: PandabaseBody, n: number): Record<string, unknown> {
  const variants = (b.variants ?? []).map((v, i) => variantOf(id, v, i));
  return {
    id,
    title: b.title,
    subtitle: b.subtitle ?? '',
    description: b.description ?? '',
    handle: slug(b.title) + (n ? `-${n + 1}` : ''),
    price: b.price,
    compareAtPrice: b.compareAtPrice ?? null,
    images: b.images ?? [],
    inStock: variants.length ? variants.some((v) => v.inStock !== false) : true,
    currency: 'USD',
    productType: b.productType,
    fulfillmentMode: b.fulfillmentMode ?? null,
    pricingModel: b.pricingModel ?? 'STANDARD',
    status: b.status ?? 'DRAFT',
    minimumPrice: b.minimumPrice ?? null,
    maxPerCustomer: b.maxPerCustomer ?? null,
    availableFrom: b.availableFrom ?? null,
    availableUntil: b.availableUntil ?? null,
    revokeOnRefund: b.revokeOnRefund ?? false,
    ...(b.billingInterval ? { billingInterval: b.billingInterval, trialDays: b.trialDays ?? 0 } : {}),
    options: b.options ?? [],
    variants,
    categories: (b.categoryIds ?? []).map((cid) => ({ id: cid })),
  };
}

function list(req: SandboxRequest, store: SandboxStore, storeId: string): SandboxResponse {
  const page = Number(req.query.get('page') ?? 1);
  const limit = Number(req.query.get('limit') ?? 25);
  const search = (req.query.get('search') ?? '').toLowerCase();
  if (!Number.isInteger(page) || page < 1) return fail(400, 'querystring/page must be >= 1');
  if (!Number.isInteger(limit) || limit < 1 || limit > LIMITS.pageLimit) return fail(400, `querystring/limit must be <= ${LIMITS.pageLimit}`);
  if (search.length > LIMITS.searchLength) return fail(400, `querystring/search must NOT have more than ${LIMITS.searchLength} characters`);
  const all = (products(store).get(storeId) ?? []).filter((p) => matches(p, search));
  const items = all.slice((page - 1) * limit, page * limit);
  return { status: 200, body: { ok: true, data: { items, pagination: { page, limit, total: all.length, totalPages: Math.ceil(all.length / limit) } } } };
}

function matches(p: Record<string, unknown>, search: string): boolean {
  if (!search) return true;
  const skus = (p.variants as { sku?: string }[]).map((v) => v.sku ?? '');
  return [String(p.title), ...skus].some((s) => s.toLowerCase().includes(search));
}

export const sandbox: SandboxBehaviour = {
  basePath: BASE_PATH,
  dummyEnv: (baseUrl) => ({
    PANDABASE_API_KEY: 'sk_sandbox_pandabase_key',
    PANDABASE_STORE_ID: 'str_sandbox_store01',
    PANDABASE_BASE_URL: baseUrl,
  }),
  checkAuth(req) {
    const m = /^Bearer (\S+)$/.exec(req.headers.authorization ?? '');
    const token = m?.[1];
    if (!token || !token.startsWith('sk_') || !acceptsSecret(token.slice(3))) return fail(401, 'Invalid or missing API token');
    // A token named sk_readonly… stands for one without the PRODUCTS_WRITE scope.
    if (req.method !== 'GET' && token.startsWith('sk_readonly')) return fail(403, 'Token is missing the required scope: PRODUCTS_WRITE');
    return null;
  },
  rateLimited(_resetSeconds, resetEpoch, limit) {
    // Documented: no Retry-After; the client waits for X-RateLimit-Reset.
    return fail(429, 'Rate limit exceeded. Please retry after the reset time.', rateHeaders(limit, 0, resetEpoch));
  },
  rateHeaders,
  serverError: (status) => fail(status, status === 503 ? 'Service temporarily unavailable' : 'Internal server error'),
  handle(req, store) {
    const one = PRODUCT.exec(req.path);
    const m = one ?? PRODUCTS.exec(req.path);
    if (!m) return fail(404, `Route ${req.method}:${BASE_PATH}${req.path} not found`);
    const storeId = decodeURIComponent(m[1]!);
    const { min, max } = LIMITS.storeId;
    if (storeId.length < min || storeId.length > max) return fail(400, `params/storeId must be ${min} to ${max} characters`);
    if (one) return req.method === 'PATCH' ? update(req, store, storeId, decodeURIComponent(one[2]!)) : fail(404, `Route ${req.method}:${BASE_PATH}${req.path} not found`);
    if (req.method === 'POST') return create(req, store, storeId);
    if (req.method === 'GET') return list(req, store, storeId);
    return fail(404, `Route ${req.method}:${BASE_PATH}${req.path} not found`);
  },
};

function rateHeaders(limit: number, remaining: number, resetEpoch: number): Record<string, string> {
  return {
    'X-RateLimit-Limit': String(limit),
    'X-RateLimit-Remaining': String(remaining),
    'X-RateLimit-Reset': String(resetEpoch),
    'X-RateLimit-Type': 'StoreResource',
  };
}

function slug(s: string): string {
  return s.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'product';
}
