// Fanfare credentials: one secret key (Bearer), an optional base URL, and the query of the
// product search by sync source (documented to exist, not how it is asked: configurable).
import { RunError } from '../../errors.js';
import { baseUrlFromEnv, requireEnv } from '../shared.js';
import type { EnvVar } from '../types.js';

export interface FanfareConfig {
  secretKey: string;
  baseUrl: string;
  /** Query of `GET /products/search`, with `{syncSource}` and `{syncSourceId}` filled per unit. */
  searchQuery: string;
}

export const SEARCH_QUERY_ENV = 'FANFARE_SEARCH_QUERY';
export const DEFAULT_SEARCH_QUERY = 'syncSource={syncSource}&syncSourceId={syncSourceId}';

export const DEFAULT_BASE_URL = 'https://admin.fanfare.io/api';

export const ENV: EnvVar[] = [
  { name: 'FANFARE_SECRET_KEY', required: true, secret: true, description: 'secret key sk_live_… or sk_test_… (sent as Authorization: Bearer)' },
  { name: 'FANFARE_BASE_URL', required: false, secret: false, description: `API base URL (default ${DEFAULT_BASE_URL})` },
  { name: SEARCH_QUERY_ENV, required: false, secret: false, description: `query of GET /products/search that finds a product by its sync source (default ${DEFAULT_SEARCH_QUERY}; Fanfare documents the search, not its parameters)` },
];

export function readConfig(env: NodeJS.ProcessEnv): FanfareConfig {
  const secretKey = requireEnv(env, 'FANFARE_SECRET_KEY', 'export a Fanfare secret key (sk_live_… or sk_test_…) from the Fanfare admin');
  return { secretKey, baseUrl: baseUrlFromEnv(env, 'fanfare', DEFAULT_BASE_URL), searchQuery: readSearchQuery(env) };
}

function readSearchQuery(env: NodeJS.ProcessEnv): string {
  const q = env[SEARCH_QUERY_ENV]?.trim() || DEFAULT_SEARCH_QUERY;
  if (!q.includes('{syncSourceId}')) {
    throw new RunError('config', `${SEARCH_QUERY_ENV} must name {syncSourceId} (and may name {syncSource}), like ${DEFAULT_SEARCH_QUERY}; found ${JSON.stringify(q)}`);
  }
  return q.replace(/^\?/, '');
}
