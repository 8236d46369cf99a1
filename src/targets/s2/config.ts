// S2 credentials: a bearer token, the organization (a UUID header on every request) and a base URL,
// which S2 does not publish, so it is required rather than defaulted.
import { RunError } from '../../errors.js';
import { baseUrlFromEnv, requireEnv } from '../shared.js';
import type { EnvVar } from '../types.js';

export interface S2Config {
  accessToken: string;
  organizationId: string;
  baseUrl: string;
}

export const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const ENV: EnvVar[] = [
  { name: 'S2_ACCESS_TOKEN', required: true, secret: true, description: 'access token, sent as Authorization: Bearer' },
  { name: 'S2_ORGANIZATION_ID', required: true, secret: false, description: 'organization UUID, sent as X-S2-Organization' },
  { name: 'S2_BASE_URL', required: true, secret: false, description: 'API base URL (S2 publishes none: ask your S2 contact)' },
];

export function readConfig(env: NodeJS.ProcessEnv): S2Config {
  const accessToken = requireEnv(env, 'S2_ACCESS_TOKEN', 'set it to your S2 access token');
  const organizationId = requireEnv(env, 'S2_ORGANIZATION_ID', 'set it to the UUID of your S2 organization');
  if (!UUID_RE.test(organizationId)) {
    throw new RunError('config', `S2_ORGANIZATION_ID must be a UUID like 95d73baf-76ba-4bea-86ac-1534c5e5d4aa; found ${JSON.stringify(organizationId)}`);
  }
  return { accessToken, organizationId, baseUrl: baseUrlFromEnv(env, 's2') };
}
