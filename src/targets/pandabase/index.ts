// Pandabase: a store for digital goods (downloads, license keys, subscriptions). One request per
// product; duplicates are prevented by a derived idempotency key, and a `search` listing finds a
// product whose key has expired. Mapping decisions: docs/targets.md.
import { jsonHeaders } from '../shared.js';
import type { Target, Unit } from '../types.js';
import { ENV, type PandabaseConfig, readConfig } from './config.js';
import { existing } from './existing.js';
import { lookup } from './lookup.js';
import { dropped, idempotencyKey, locate, rules, toBody, unitKey } from './map.js';
import { parseCreated, parseError, requestSchema } from './schema.js';

export type { PandabaseConfig } from './config.js';

export const target: Target<PandabaseConfig> = {
  name: 'pandabase',
  title: 'Pandabase',
  docsUrl: 'https://docs.pandabase.io/developers/api/store-api-reference/products/post-stores-storeid-products',
  env: ENV,
  readConfig,
  baseUrl: (c) => c.baseUrl,
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
  existing,
  units(product, source): Unit[] {
    return [{ key: unitKey(product), source, product }];
  },
  build(unit, c) {
    const request = {
      method: 'POST' as const,
      // The trailing slash is part of the documented route.
      path: `/stores/${encodeURIComponent(c.storeId)}/products/`,
      headers: jsonHeaders({ authorization: `Bearer ${c.apiKey}`, 'idempotency-key': idempotencyKey(c.storeId, unit.key) }),
      body: toBody(unit.product),
    };
    return { request, issues: rules(unit.product) };
  },
  requestSchema,
  locate,
  parseCreated,
  parseError,
  dropped,
};
