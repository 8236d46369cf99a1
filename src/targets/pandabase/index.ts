// Pandabase: a store for digital goods (downloads, license keys, subscriptions). One request per
// product; duplicates are prevented by a derived idempotency key, and a `search` listing finds a
// product whose key has expired. Mapping decisions: README.md ("Targets").
import { jsonHeaders, oneLine, statusMessage } from '../shared.js';
import type { Target, Unit } from '../types.js';
import { check, dropped } from './check.js';
import { ENV, type PandabaseConfig, readConfig } from './config.js';
import { lookup } from './lookup.js';
import { idempotencyKey, toBody, unitKey } from './map.js';
import { sandbox } from './sandbox.js';
import { requestSchema, responseSchema } from './schema.js';

export type { PandabaseConfig } from './config.js';

export const pandabase: Target<PandabaseConfig> = {
  name: 'pandabase',
  title: 'Pandabase',
  docsUrl: 'https://docs.pandabase.io/developers/api/store-api-reference/products/post-stores-storeid-products',
  env: ENV,
  readConfig,
  baseUrl: (c) => c.baseUrl,
  // Beyond the unified schema's own: a digital kind (kind defaults to physical).
  requiredFields: ['kind'],
  rateLimit: {
    // Pandabase publishes no number: limits are per IP, account and store, and change. 10/s is a
    // cautious start; the engine then follows X-RateLimit-Remaining/Reset. --rate overrides it.
    perSecond: 10,
    burst: 10,
    description:
      'dynamic (per IP, account and store; varies by plan): X-RateLimit-Limit/-Remaining/-Reset (epoch s)/-Type on every response; ' +
      '429 has no Retry-After, wait until X-RateLimit-Reset. Default 10/s is our guess; --rate overrides',
  },
  dedupe: {
    kind: 'idempotency-key',
    description:
      'idempotency-key header derived from target, store id and unit key (same key + same body replays the first answer; ' +
      'other body 422; in flight 409); after a key expires, GET …/products/?search=<title> matched on variants[].sku',
    lookup,
  },
  units(product, source): Unit[] {
    return [{ key: unitKey(product), source, product }];
  },
  check,
  toRequest(unit, c) {
    return {
      method: 'POST',
      // The trailing slash is part of the documented route.
      path: `/stores/${encodeURIComponent(c.storeId)}/products/`,
      headers: jsonHeaders({ authorization: `Bearer ${c.apiKey}`, 'idempotency-key': idempotencyKey(c.storeId, unit.key) }),
      body: toBody(unit.product),
    };
  },
  requestSchema,
  responseSchema,
  parseCreated(body) {
    const r = responseSchema.safeParse(body);
    if (!r.success) throw new Error(`Pandabase answered without a product id: ${statusMessage(201, body)}`);
    return r.data.data.id;
  },
  parseError(status, body) {
    return errorMessage(body) ?? statusMessage(status, body);
  },
  dropped,
  sandbox,
};

/** `{ok: false, error: "…"}` as documented; `error: {code, message}` as the docs' sample code reads it; or plain text. */
function errorMessage(body: unknown): string | undefined {
  if (typeof body === 'string') return body.trim() ? oneLine(body) : undefined;
  if (typeof body !== 'object' || body === null) return undefined;
  const e = (body as { error?: unknown; message?: unknown }).error ?? (body as { message?: unknown }).message;
  if (typeof e === 'string' && e.trim()) return oneLine(e);
  if (typeof e === 'object' && e !== null) {
    const { code, message } = e as { code?: unknown; message?: unknown };
    if (typeof message === 'string' && message.trim()) return oneLine(typeof code === 'string' ? `${code}: ${message}` : message);
  }
  return undefined;
}
