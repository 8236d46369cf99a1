// S2's fake. Documented, and copied: the two auth headers, the 19-field body, the response
// example's shape. Not documented, and assumed (docs/targets.md, "Sandbox"): the error body
// `{message, errors: [{field, message}]}`, 201 on create, a 429 with Retry-After, no rate headers.
// Deliberately no uniqueness check on sku: S2 publishes none, so a blind retry of an ambiguous
// failure must show up here as a second create, where a test can catch it. The product list
// (GET /product, documented separately) serves the adapter's lookup.
import { acceptsSecret, schemaProblems } from '../shared.js';
import type { SandboxBehaviour, SandboxRequest, SandboxResponse, SandboxStore } from '../types.js';
import { UUID_RE } from './config.js';
import { PRODUCT_PATH, requestSchema, type S2Body } from './schema.js';

const NIL_UUID = '00000000-0000-0000-0000-000000000000';

type FieldError = { field: string; message: string };

const fail = (status: number, message: string, errors: FieldError[] = [], headers?: Record<string, string>): SandboxResponse => ({
  status,
  headers,
  body: { message, errors },
});

function create(req: SandboxRequest, store: SandboxStore): SandboxResponse {
  if (req.body === undefined) return fail(400, req.rawBody ? 'Request body is not valid JSON' : 'Request body is required');
  const problems = schemaProblems(requestSchema, req.body);
  if (problems.length) {
    return fail(400, 'Validation failed', problems.map((p) => ({ field: p.path.join('.') || 'body', message: p.message })));
  }
  const b = req.body as S2Body;
  const orgId = req.headers['x-s2-organization']!;
  const now = new Date().toISOString();
  const id = store.nextId();
  const product = {
    id,
    organization: { id: orgId, name: 'sandbox organization', createdAt: now, updatedAt: now },
    ...b,
    brand: brandOf(store, orgId, b.brand, now),
    unknown: false,
    createdAt: now,
    updatedAt: now,
    otherIds: [],
  };
  products(store).push(product);
  // One S2 product is one variant: the unit key is the sku.
  store.created.push({ id, key: b.sku, body: req.body });
  store.byKey.set(b.sku, { id, body: req.body });
  return { status: 201, body: product };
}

function products(store: SandboxStore): { sku: string; name: string; organization: { id: string } }[] {
  let list = store.state.get('s2.products') as ReturnType<typeof products> | undefined;
  if (!list) store.state.set('s2.products', (list = []));
  return list;
}

/** The documented list: `term` searches "product_sku or name", limit ≤ 100, `{items, total}`. */
function list(req: SandboxRequest, store: SandboxStore): SandboxResponse {
  const limit = Number(req.query.get('limit') ?? 100);
  const offset = Number(req.query.get('offset') ?? 0);
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) return fail(400, 'limit must be between 1 and 100', [{ field: 'limit', message: 'out of range' }]);
  if (!Number.isInteger(offset) || offset < 0) return fail(400, 'offset must be 0 or more', [{ field: 'offset', message: 'out of range' }]);
  const term = req.query.get('term')?.toLowerCase();
  const org = req.headers['x-s2-organization'];
  const all = products(store).filter(
    (p) => p.organization.id === org && (!term || p.sku.toLowerCase().includes(term) || p.name.toLowerCase().includes(term)),
  );
  return { status: 200, body: { items: all.slice(offset, offset + limit), total: all.length } };
}

/** Brands are records of their own in S2 (the response nests one); the same name reuses it. */
function brandOf(store: SandboxStore, orgId: string, name: string, now: string) {
  let brands = store.state.get('s2.brands') as Map<string, unknown> | undefined;
  if (!brands) store.state.set('s2.brands', (brands = new Map()));
  const normalized = name.trim().toLowerCase();
  const key = `${orgId}:${normalized}`;
  if (!brands.has(key)) brands.set(key, { id: store.nextId(), name, nameNormalized: normalized, createdAt: now });
  return brands.get(key);
}

export const sandbox: SandboxBehaviour = {
  basePath: '',
  dummyEnv: (baseUrl) => ({
    S2_ACCESS_TOKEN: 'sandbox_s2_access_token',
    S2_ORGANIZATION_ID: '95d73baf-76ba-4bea-86ac-1534c5e5d4aa',
    S2_BASE_URL: baseUrl,
  }),
  checkAuth(req) {
    const token = /^Bearer (\S+)$/.exec(req.headers.authorization ?? '')?.[1];
    if (!acceptsSecret(token)) return fail(401, 'Unauthorized: missing or invalid access token');
    // The nil UUID stands for an organization the token does not belong to.
    const org = req.headers['x-s2-organization'];
    if (!org || !UUID_RE.test(org) || org === NIL_UUID) return fail(403, 'Forbidden: X-S2-Organization is missing or not an organization of this token');
    return null;
  },
  rateLimited(resetSeconds) {
    return fail(429, 'Too Many Requests', [], { 'Retry-After': String(resetSeconds) });
  },
  rateHeaders: () => ({}),
  serverError: (status) => fail(status, status === 503 ? 'Service Unavailable' : 'Internal Server Error'),
  handle(req, store) {
    if (req.path === PRODUCT_PATH && req.method === 'POST') return create(req, store);
    if (req.path === PRODUCT_PATH && req.method === 'GET') return list(req, store);
    return fail(404, `Not Found: ${req.method} ${req.path}`);
  },
};
