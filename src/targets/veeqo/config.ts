// Veeqo credentials: one API key (x-api-key), an optional base URL, and the warehouse whose
// stock levels a run sets (optional: without it, stock is not set).
import { RunError } from '../../errors.js';
import { baseUrlFromEnv, requireEnv } from '../shared.js';
import type { EnvVar } from '../types.js';

export interface VeeqoConfig {
  apiKey: string;
  baseUrl: string;
  /** Where stock levels are set (`PUT /sellables/{id}/warehouses/{warehouse}/stock_entry`). */
  warehouseId?: string;
}

export const WAREHOUSE_ENV = 'VEEQO_WAREHOUSE_ID';

export const DEFAULT_BASE_URL = 'https://api.veeqo.com';

export const ENV: EnvVar[] = [
  { name: 'VEEQO_API_KEY', required: true, secret: true, description: 'Veeqo API key (sent as x-api-key)' },
  { name: 'VEEQO_BASE_URL', required: false, secret: false, description: `API base URL (default ${DEFAULT_BASE_URL})` },
  { name: WAREHOUSE_ENV, required: false, secret: false, description: 'id of the warehouse to set stock levels in (GET /warehouses lists them; --warehouse overrides); without it, stock is not set' },
];

export function readConfig(env: NodeJS.ProcessEnv): VeeqoConfig {
  return {
    apiKey: requireEnv(env, 'VEEQO_API_KEY', 'create an API key in Veeqo (Settings → Users → your user → Refresh API Key) and export it'),
    baseUrl: baseUrlFromEnv(env, 'veeqo', DEFAULT_BASE_URL),
    warehouseId: readWarehouse(env),
  };
}

function readWarehouse(env: NodeJS.ProcessEnv): string | undefined {
  const v = env[WAREHOUSE_ENV]?.trim();
  if (!v) return undefined;
  // Veeqo's ids are numbers; anything else would be a 404 per stock level, found only after creating.
  if (!/^\d+$/.test(v)) throw new RunError('config', `${WAREHOUSE_ENV} (or --warehouse) must be a Veeqo warehouse id, a number like 22668; found ${JSON.stringify(v)}`);
  return v;
}
