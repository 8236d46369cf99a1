// Panora credentials (API key and the shop connection's token), the price unit, and the base URL.
import { RunError } from '../../errors.js';
import { baseUrlFromEnv, requireEnv } from '../shared.js';
import type { EnvVar } from '../types.js';

export type PriceUnit = 'major' | 'minor';

export interface PanoraConfig {
  apiKey: string;
  connectionToken: string;
  baseUrl: string;
  /**
   * Panora stores prices as integers and documents no unit. `major` (default) sends 20 for
   * 20.00 and refuses 19.90 rather than truncate it; `minor` sends integer cents (1990).
   */
  priceUnit: PriceUnit;
}

export const DEFAULT_BASE_URL = 'https://api.panora.dev';

export const ENV: EnvVar[] = [
  { name: 'PANORA_API_KEY', required: true, secret: true, description: 'Panora API key (sent as x-api-key)' },
  { name: 'PANORA_CONNECTION_TOKEN', required: true, secret: true, description: 'token of the shop connection to create products in (x-connection-token)' },
  { name: 'PANORA_PRICE_UNIT', required: false, secret: false, description: 'major (default: whole prices as integers, fractional ones refused) or minor (integer cents); Panora documents no unit' },
  { name: 'PANORA_BASE_URL', required: false, secret: false, description: `API base URL (default ${DEFAULT_BASE_URL}; sandbox: https://api-sandbox.panora.dev)` },
];

function readPriceUnit(env: NodeJS.ProcessEnv): PriceUnit {
  const v = env.PANORA_PRICE_UNIT?.trim().toLowerCase() || 'major';
  if (v !== 'major' && v !== 'minor') throw new RunError('config', `PANORA_PRICE_UNIT must be major or minor, found ${JSON.stringify(env.PANORA_PRICE_UNIT)}`);
  return v;
}

export function readConfig(env: NodeJS.ProcessEnv): PanoraConfig {
  return {
    apiKey: requireEnv(env, 'PANORA_API_KEY', 'create an API key in the Panora dashboard (Configuration → API Keys) and export it'),
    connectionToken: requireEnv(env, 'PANORA_CONNECTION_TOKEN', "export the connection token of the shop's connection (Panora dashboard → Connections)"),
    baseUrl: baseUrlFromEnv(env, 'panora', DEFAULT_BASE_URL),
    priceUnit: readPriceUnit(env),
  };
}

/** The headers of every Panora request. */
export function authHeaders(c: PanoraConfig): Record<string, string> {
  return { 'x-api-key': c.apiKey, 'x-connection-token': c.connectionToken };
}
