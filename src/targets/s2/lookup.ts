// S2's product list: GET /product?term=<sku or name>&limit=≤100, answering `{items, …}`, paged by
// `next_token` (TARGETS: "list, next_token paging") or, where the answer gives a `total`
// instead, by `offset` (doc.ventmere.io/list-product.html). Matching is on the exact sku, since a
// search term also finds longer skus that contain it. Used by second runs (existing.ts); the
// dedupe of a create stays `none` (docs/targets.md, "Dedupe").
import { jsonHeaders } from '../shared.js';
import type { Lookup, RequestSpec } from '../types.js';
import type { S2Config } from './config.js';
import { PRODUCT_PATH } from './schema.js';

export const PAGE_LIMIT = 100;

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Cursors: `token:<next_token>` or `offset:<n>`. */
export function listRequest(c: S2Config, term: string | undefined, cursor?: string): RequestSpec {
  const q = new URLSearchParams(term === undefined ? {} : { term });
  q.set('limit', String(PAGE_LIMIT));
  if (cursor?.startsWith('token:')) q.set('next_token', cursor.slice(6));
  else if (cursor?.startsWith('offset:')) q.set('offset', cursor.slice(7));
  return {
    method: 'GET',
    path: `${PRODUCT_PATH}?${q}`,
    headers: jsonHeaders({ authorization: `Bearer ${c.accessToken}`, 'x-s2-organization': c.organizationId }),
  };
}

/** The products of a list answer; undefined when it has no `items` list. */
export function listItems(body: unknown): unknown[] | undefined {
  return isObject(body) && Array.isArray(body.items) ? body.items : undefined;
}

/** The next page's cursor: the answer's next_token, else the next offset while below its total. */
export function nextCursor(body: unknown, cursor?: string): string | undefined {
  if (!isObject(body)) return undefined;
  if (typeof body.next_token === 'string' && body.next_token) return `token:${body.next_token}`;
  const items = listItems(body) ?? [];
  const offset = cursor?.startsWith('offset:') ? Number(cursor.slice(7)) : 0;
  return typeof body.total === 'number' && items.length && offset + items.length < body.total ? `offset:${offset + items.length}` : undefined;
}

export const lookup: Lookup<S2Config> = {
  request: (unit, c, cursor) => listRequest(c, unit.key, cursor),
  match(unit, body, cursor) {
    // An answer that is not a list says nothing about what exists: never "absent".
    const items = listItems(body);
    if (!items) throw new Error('not an S2 product list ({items, total})');
    const hit = items.find((i) => isObject(i) && i.sku === unit.key && typeof i.id === 'string') as Json | undefined;
    if (hit) return { found: hit.id as string };
    const next = nextCursor(body, cursor);
    return next ? { next } : {};
  },
};
