// Panora's fake: NestJS-style bodies `{statusCode, timestamp, path, message}`, a bad connection
// token answered 500 (as Panora does for every upstream failure), no dedupe on create, and the
// paged listing the adapter's lookup reads.
import { acceptsSecret, schemaProblems } from '../shared.js';
import type { SandboxBehaviour, SandboxRequest, SandboxResponse, SandboxStore } from '../types.js';
import { PRODUCTS_PATH, requestSchema, type PanoraProductInput } from './schema.js';

type Stored = Record<string, unknown> & { id: string };

function error(status: number, path: string, message: string, headers?: Record<string, string>): SandboxResponse {
  return { status, headers, body: { statusCode: status, timestamp: new Date().toISOString(), path, message } };
}

function products(store: SandboxStore): Stored[] {
  let list = store.state.get('panora.products') as Stored[] | undefined;
  if (!list) store.state.set('panora.products', (list = []));
  return list;
}

function create(req: SandboxRequest, store: SandboxStore): SandboxResponse {
  if (req.body === undefined) {
    return error(400, req.path, req.rawBody ? 'Unexpected token in JSON body' : 'a JSON request body is required');
  }
  const problems = schemaProblems(requestSchema, req.body);
  if (problems.length) return error(400, req.path, problems.map((p) => `${p.path.join('.') || 'body'}: ${p.message}`).join('; '));
  const input = req.body as PanoraProductInput;
  const now = new Date().toISOString();
  const id = store.nextId();
  const product: Stored = {
    ...input,
    variants: input.variants ?? [],
    id,
    remote_id: store.nextId('shop_'),
    remote_data: null,
    created_at: now,
    modified_at: now,
  };
  products(store).push(product);
  // The payload carries no handle; the first sku is what the lookup matches on, so it is the key.
  const key = input.variants?.[0]?.sku ?? id;
  store.created.push({ id, key, body: req.body });
  store.byKey.set(key, { id, body: req.body });
  return { status: 201, body: product };
}

/** Cursor paging: next_cursor (base64 of the next page's first id) is the next page's cursor, as given. */
function list(req: SandboxRequest, store: SandboxStore): SandboxResponse {
  const all = products(store);
  const limit = Math.max(1, Math.min(1000, Number(req.query.get('limit') ?? 50) || 50));
  const cursor = req.query.get('cursor');
  let start = 0;
  if (cursor) {
    // Only the cursor as it was handed out (the documented contract), not the id inside it.
    const id = Buffer.from(cursor, 'base64').toString('utf8');
    start = Buffer.from(id).toString('base64') === cursor ? all.findIndex((p) => p.id === id) : -1;
    if (start < 0) return error(500, req.path, 'The provided cursor does not exist!');
  }
  const page = all.slice(start, start + limit);
  const next = all[start + limit];
  return {
    status: 200,
    body: {
      data: page,
      prev_cursor: cursor ?? null,
      next_cursor: next ? Buffer.from(next.id).toString('base64') : null,
    },
  };
}

export const sandbox: SandboxBehaviour = {
  basePath: '',
  dummyEnv: (baseUrl) => ({
    PANORA_API_KEY: 'sandbox_panora_api_key',
    PANORA_CONNECTION_TOKEN: 'sandbox_panora_connection_token',
    PANORA_BASE_URL: baseUrl,
  }),
  checkAuth(req) {
    if (!acceptsSecret(req.headers['x-api-key'])) return error(401, req.path, 'Unauthorized');
    // Panora resolves the connection token downstream and answers any failure there with 500.
    if (!acceptsSecret(req.headers['x-connection-token'])) return error(500, req.path, 'Internal server error');
    return null;
  },
  rateLimited(resetSeconds, _resetEpoch, limit) {
    return error(429, PRODUCTS_PATH, 'ThrottlerException: Too Many Requests', {
      'Retry-After': String(resetSeconds),
      'X-RateLimit-Limit': String(limit),
      'X-RateLimit-Remaining': '0',
      'X-RateLimit-Reset': String(resetSeconds),
    });
  },
  rateHeaders(limit, remaining, resetEpoch) {
    // Nest's throttler sends the reset as seconds from now, not an epoch.
    const seconds = Math.max(0, resetEpoch - Math.floor(Date.now() / 1000));
    return { 'X-RateLimit-Limit': String(limit), 'X-RateLimit-Remaining': String(remaining), 'X-RateLimit-Reset': String(seconds) };
  },
  serverError: (status) => error(status, PRODUCTS_PATH, status === 503 ? 'Service Unavailable' : 'Internal server error'),
  handle(req, store) {
    if (req.path === PRODUCTS_PATH && req.method === 'POST') return create(req, store);
    if (req.path === PRODUCTS_PATH && req.method === 'GET') return list(req, store);
    const one = req.method === 'GET' && req.path.startsWith(PRODUCTS_PATH + '/') ? req.path.slice(PRODUCTS_PATH.length + 1) : undefined;
    if (one) {
      const p = products(store).find((x) => x.id === one);
      return p ? { status: 200, body: p } : error(500, req.path, `Product with ID ${one} not found.`);
    }
    return error(404, req.path, `Cannot ${req.method} ${req.path}`);
  },
};
