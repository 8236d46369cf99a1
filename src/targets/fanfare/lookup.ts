// Finding a product Fanfare already holds: `GET /products/search` by sync source. Fanfare
// documents the search, not its parameters nor its answer, so the query is a template
// (FANFARE_SEARCH_QUERY) and the answer is read in the shapes a list usually has: a bare array,
// or `{data|items|products|results: [...]}`. Any other shape stops the run (src/run/existing.ts)
// rather than be read as "not found". Matching is exact, on the sync source the create sends.
import { jsonHeaders } from '../shared.js';
import type { Lookup, Unit } from '../types.js';
import type { FanfareConfig } from './config.js';
import { SYNC_SOURCE } from './map.js';
import { PRODUCTS_PATH } from './schema.js';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

const LIST_KEYS = ['data', 'items', 'products', 'results'] as const;

/** The products of a search answer; undefined when its shape is none of those above. */
export function searchItems(body: unknown): unknown[] | undefined {
  if (Array.isArray(body)) return body;
  if (!isObject(body)) return undefined;
  for (const k of LIST_KEYS) if (Array.isArray(body[k])) return body[k] as unknown[];
  return undefined;
}

/** True when a product of the answer carries this unit's sync source (nested, or as the flat fields the answer also shows). */
export function isUnit(item: unknown, unit: Unit): boolean {
  if (!isObject(item)) return false;
  const s = item.primarySyncSource;
  if (isObject(s) && s.syncSource === SYNC_SOURCE && s.syncSourceId === unit.key) return true;
  return item.primarySourceVendor === SYNC_SOURCE && item.primaryExternalId === unit.key;
}

export const lookup: Lookup<FanfareConfig> = {
  request(unit, c) {
    const query = c.searchQuery.replaceAll('{syncSource}', encodeURIComponent(SYNC_SOURCE)).replaceAll('{syncSourceId}', encodeURIComponent(unit.key));
    return { method: 'GET', path: `${PRODUCTS_PATH}/search?${query}`, headers: jsonHeaders({ authorization: `Bearer ${c.secretKey}` }) };
  },
  match(unit, body) {
    const hit = (searchItems(body) ?? []).find((item) => isUnit(item, unit));
    return hit && typeof (hit as Json).id === 'string' ? { found: (hit as Json).id as string } : {};
  },
};
