// Fanfare credentials: one secret key (Bearer) and an optional base URL.
import { baseUrlFromEnv, requireEnv } from '../shared.js';
import type { EnvVar } from '../types.js';

export interface FanfareConfig {
  secretKey: string;
  baseUrl: string;
}

export const DEFAULT_BASE_URL = 'https://admin.fanfare.io/api';

export const ENV: EnvVar[] = [
  { name: 'FANFARE_SECRET_KEY', required: true, secret: true, description: 'secret key sk_live_… or sk_test_… (sent as Authorization: Bearer)' },
  { name: 'FANFARE_BASE_URL', required: false, secret: false, description: `API base URL (default ${DEFAULT_BASE_URL})` },
];

export function readConfig(env: NodeJS.ProcessEnv): FanfareConfig {
  const secretKey = requireEnv(env, 'FANFARE_SECRET_KEY', 'export a Fanfare secret key (sk_live_… or sk_test_…) from the Fanfare admin');
  return { secretKey, baseUrl: baseUrlFromEnv(env, 'fanfare', DEFAULT_BASE_URL) };
}
