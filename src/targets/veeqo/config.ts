// Veeqo credentials: one API key (x-api-key) and an optional base URL.
import { baseUrlFromEnv, requireEnv } from '../shared.js';
import type { EnvVar } from '../types.js';

export interface VeeqoConfig {
  apiKey: string;
  baseUrl: string;
}

export const DEFAULT_BASE_URL = 'https://api.veeqo.com';

export const ENV: EnvVar[] = [
  { name: 'VEEQO_API_KEY', required: true, secret: true, description: 'Veeqo API key (sent as x-api-key)' },
  { name: 'VEEQO_BASE_URL', required: false, secret: false, description: `API base URL (default ${DEFAULT_BASE_URL})` },
];

export function readConfig(env: NodeJS.ProcessEnv): VeeqoConfig {
  return {
    apiKey: requireEnv(env, 'VEEQO_API_KEY', 'create an API key in Veeqo (Settings → Users → your user → Refresh API Key) and export it'),
    baseUrl: baseUrlFromEnv(env, 'veeqo', DEFAULT_BASE_URL),
  };
}
