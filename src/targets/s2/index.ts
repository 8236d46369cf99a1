// S2 (Ventmere): a warehouse item master. Every variant is its own S2 product (one SKU, one
// request), with GTIN, package and case measures. Nothing public on idempotency, error bodies or
// rate limits: see docs/targets.md for the assumptions and how to change them.
import { jsonHeaders } from '../shared.js';
import type { Target, Unit } from '../types.js';
import { ENV, readConfig, type S2Config } from './config.js';
import { existing } from './existing.js';
import { dropped, kindRule, locate, rules, toBody } from './map.js';
import { parseCreated, parseError, PRODUCT_PATH, requestSchema } from './schema.js';

export type { S2Config } from './config.js';

export const target: Target<S2Config> = {
  name: 's2',
  title: 'S2 (Ventmere)',
  docsUrl: 'https://doc.ventmere.io/create-product.html',
  env: ENV,
  readConfig,
  baseUrl: (c) => c.baseUrl,
  rateLimit: {
    // Nothing is published. 5/s with no burst is gentle on an API whose limits we cannot see;
    // --rate raises it once S2 says more.
    perSecond: 5,
    burst: 5,
    description: 'unknown (not published); default 5/s is our cautious guess, --rate overrides; a 429 waits for Retry-After when sent',
  },
  // No idempotency key or upsert is published: an ambiguous failure is never retried blindly.
  // The product list (lookup.ts) serves second runs (existing.ts): every unit is looked up before
  // its create, and an uncertain one found there is `existing`. Dedupe stays none: see docs/targets.md.
  dedupe: {
    kind: 'none',
    description: 'no idempotency key or upsert published: an ambiguous failure is recorded as unknown, never retried blindly',
  },
  existing,
  units(product, source): Unit[] {
    return product.variants.map((variant) => ({ key: variant.sku, source, product, variant }));
  },
  build(unit, c) {
    const wrongKind = kindRule(unit.product);
    if (wrongKind) return { issues: [wrongKind] };
    const body = toBody(unit);
    const headers = jsonHeaders({ authorization: `Bearer ${c.accessToken}`, 'x-s2-organization': c.organizationId });
    return { request: { method: 'POST', path: PRODUCT_PATH, headers, body }, issues: rules(unit, body) };
  },
  requestSchema,
  locate,
  parseCreated,
  parseError,
  dropped,
};
