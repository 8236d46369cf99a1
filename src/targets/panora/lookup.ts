// Finding a product Panora may already have: page GET /ecommerce/products and match the first
// variant's sku (Panora has no idempotency and no search by sku).
import { jsonHeaders } from '../shared.js';
import type { Lookup, RequestSpec, Unit } from '../types.js';
import { authHeaders, type PanoraConfig } from './config.js';
import { listSchema, PRODUCTS_PATH } from './schema.js';

export const LOOKUP_PAGE = 100;

function firstSku(unit: Unit): string {
  return unit.product.variants[0]!.sku;
}

/**
 * Panora documents `next_cursor` as the `cursor` of the next page, and it is sent back as given.
 * Its service, though, answers base64 of the next product's id and looks a cursor up as the raw
 * id, so the cursor as given may fail there: this is the id to try then (the listing switches
 * to it for the rest of the run, src/run/remote-index.ts); undefined when it is not one.
 */
export function decodedCursor(next: string): string | undefined {
  const decoded = Buffer.from(next, 'base64').toString('utf8');
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(decoded) ? decoded : undefined;
}

/** One page of the product listing: a lookup of any unit is this listing. */
export function listRequest(c: PanoraConfig, cursor?: string): RequestSpec {
  const q = new URLSearchParams({ limit: String(LOOKUP_PAGE) });
  if (cursor) q.set('cursor', cursor);
  return { method: 'GET', path: `${PRODUCTS_PATH}?${q}`, headers: jsonHeaders(authHeaders(c)) };
}

export const lookup: Lookup<PanoraConfig> = {
  request: (_unit, c, cursor) => listRequest(c, cursor),
  match(unit, body) {
    const page = listSchema.safeParse(body);
    if (!page.success) throw new Error('not a Panora product list');
    const sku = firstSku(unit);
    const hit = page.data.data.find((p) => p.variants?.some((v) => v.sku === sku));
    if (hit?.id) return { found: hit.id };
    return page.data.next_cursor ? { next: page.data.next_cursor } : {};
  },
};
