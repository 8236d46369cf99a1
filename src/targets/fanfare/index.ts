// Fanfare: camelCase products with decimal-string prices. Every POST carries
// primarySyncSource {syncSource, syncSourceId: unit key}, which makes it an upsert: a retry or a
// rerun updates the product it created instead of making a second one. See docs/targets.md.
import { jsonHeaders, productUnits } from '../shared.js';
import type { Target } from '../types.js';
import { ENV, type FanfareConfig, readConfig } from './config.js';
import { existing } from './existing.js';
import { dropped, locate, rules, SYNC_SOURCE, toBody } from './map.js';
import { parseCreated, parseError, PRODUCTS_PATH, requestSchema } from './schema.js';

export type { FanfareConfig } from './config.js';

export const target: Target<FanfareConfig> = {
  name: 'fanfare',
  title: 'Fanfare',
  docsUrl: 'https://docs.fanfare.io/api-reference/products/create-product',
  env: ENV,
  readConfig,
  baseUrl: (c) => c.baseUrl,
  rateLimit: {
    // The documented floor of 500/min (the higher tier is per organization and not discoverable),
    // less the burst: no minute, the first included, holds more than 500.
    perSecond: 490 / 60,
    burst: 10,
    description: '500–1000 requests per minute per organization; X-RateLimit-Limit/Remaining/Reset (epoch s) on every response; 429 with Retry-After and {"error","retryAfter"}',
  },
  dedupe: {
    kind: 'upsert',
    description: `POST with primarySyncSource {syncSource: "${SYNC_SOURCE}", syncSourceId: <handle>} updates the product created earlier with that id instead of creating another`,
  },
  existing,
  units: productUnits,
  build(unit, c) {
    const body = toBody(unit);
    const headers = jsonHeaders({ authorization: `Bearer ${c.secretKey}` });
    return { request: { method: 'POST', path: PRODUCTS_PATH, headers, body }, issues: rules(unit, body) };
  },
  requestSchema,
  locate,
  parseCreated,
  parseError,
  dropped,
};
