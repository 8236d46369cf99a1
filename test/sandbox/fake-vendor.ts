// A tiny vendor fake for the sandbox's own tests, so they do not depend on any real target's
// behaviour. Auth by `x-api-key`, creates at POST /products keyed by sku, lookup by ?sku=.
import type { SandboxBehaviour } from '../../src/targets/types.js';

export const FAKE_KEY = 'sk_test_fake';

export const fakeVendor: SandboxBehaviour = {
  basePath: '/api',
  dummyEnv: (baseUrl) => ({ FAKE_API_KEY: FAKE_KEY, FAKE_BASE_URL: baseUrl }),
  checkAuth: (req) => (req.headers['x-api-key'] === FAKE_KEY ? null : { status: 401, body: { error: 'invalid api key' } }),
  rateLimited: (resetSeconds, resetEpoch, limit) => ({
    status: 429,
    headers: { 'Retry-After': String(resetSeconds) },
    body: { error: 'rate_limited', retryAfter: resetSeconds, resetEpoch, limit },
  }),
  rateHeaders: (limit, remaining, resetEpoch) => ({
    'X-RateLimit-Limit': String(limit),
    'X-RateLimit-Remaining': String(remaining),
    'X-RateLimit-Reset': String(resetEpoch),
  }),
  serverError: (status) => ({ status, body: { error: `fake upstream error ${status}` } }),
  handle(req, store) {
    if (req.path !== '/products') return { status: 404, body: { error: `no route ${req.method} ${req.path}` } };
    if (req.method === 'GET') {
      const sku = req.query.get('sku') ?? '';
      const hit = store.byKey.get(sku);
      return { status: 200, body: { items: hit ? [{ id: hit.id, sku }] : [] } };
    }
    const body = req.body as { sku?: unknown } | undefined;
    if (body === undefined) return { status: 400, body: { error: 'invalid_json', raw: req.rawBody.slice(0, 20) } };
    if (typeof body.sku !== 'string') return { status: 400, body: { error: 'sku is required' } };
    const id = store.nextId('p_');
    store.created.push({ id, key: body.sku, body });
    store.byKey.set(body.sku, { id, body });
    return { status: 201, body: { id } };
  },
};
