// Credentials and base URL from the environment. The store id is part of every path, so a wrong
// one is caught here, before any row is read, rather than as a 404 per product.
import { RunError } from '../../errors.js';
import { baseUrlFromEnv, requireEnv } from '../shared.js';
import type { EnvVar } from '../types.js';
import { LIMITS } from './schema.js';

export const DEFAULT_BASE_URL = 'https://api.pandabase.io/v2/core';

export interface PandabaseConfig {
  apiKey: string;
  storeId: string;
  baseUrl: string;
}

export const ENV: EnvVar[] = [
  { name: 'PANDABASE_API_KEY', required: true, secret: true, description: 'secret key (sk_…) with the PRODUCTS_WRITE scope, sent as Authorization: Bearer' },
  { name: 'PANDABASE_STORE_ID', required: true, secret: false, description: `store id (${LIMITS.storeId.min}–${LIMITS.storeId.max} characters), from the dashboard URL or store settings` },
  { name: 'PANDABASE_BASE_URL', required: false, secret: false, description: `API base URL (default ${DEFAULT_BASE_URL})` },
];

export function readConfig(env: NodeJS.ProcessEnv): PandabaseConfig {
  const apiKey = requireEnv(env, 'PANDABASE_API_KEY', 'set it to a Pandabase secret key (sk_…) with the PRODUCTS_WRITE scope');
  // stk_ tokens are HMAC tokens: each request would need an X-Signature we do not compute.
  if (apiKey.startsWith('stk_')) {
    throw new RunError('config', 'PANDABASE_API_KEY is an HMAC token (stk_…), which needs signed requests: use a secret key (sk_…) instead');
  }
  const storeId = requireEnv(env, 'PANDABASE_STORE_ID', 'set it to the id of the Pandabase store to create products in');
  const { min, max } = LIMITS.storeId;
  if (storeId.length < min || storeId.length > max || /[\s/?#]/.test(storeId)) {
    throw new RunError('config', `PANDABASE_STORE_ID must be a store id of ${min} to ${max} characters without spaces or slashes; found ${JSON.stringify(storeId)} (${storeId.length} characters)`);
  }
  return { apiKey, storeId, baseUrl: baseUrlFromEnv(env, 'pandabase', DEFAULT_BASE_URL) };
}
