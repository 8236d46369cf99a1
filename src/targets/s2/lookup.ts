// S2's product list (doc.ventmere.io/list-product.html): GET /product?term=&limit=&offset=,
// `term` searching "product_sku or name", limit at most 100, answer `{items, total}`. Matching
// is on the exact sku, since a search term also finds longer skus that contain it.
// Ready but not wired into `s2.dedupe` (which stays `none`, as the project decided before this
// page was found): see docs/targets.md, "Dedupe".
import { jsonHeaders } from '../shared.js';
import type { Lookup } from '../types.js';
import type { S2Config } from './config.js';
import { PRODUCT_PATH } from './schema.js';

export const PAGE_LIMIT = 100;

export const lookup: Lookup<S2Config> = {
  request(unit, c) {
    const q = new URLSearchParams({ term: unit.key, limit: String(PAGE_LIMIT) });
    return {
      method: 'GET',
      path: `${PRODUCT_PATH}?${q}`,
      headers: jsonHeaders({ authorization: `Bearer ${c.accessToken}`, 'x-s2-organization': c.organizationId }),
    };
  },
  match(unit, body) {
    const b = (typeof body === 'object' && body !== null ? body : {}) as { items?: unknown };
    if (!Array.isArray(b.items)) throw new Error('not an S2 product list ({items, total})');
    const items = b.items as { id?: unknown; sku?: unknown }[];
    const hit = items.find((i) => i && i.sku === unit.key && typeof i.id === 'string');
    // One page only: the answer carries no offset and match() is not told which page it reads,
    // so it cannot name the next one. 100 products whose sku or name contains this whole sku,
    // ours not among them, is the (documented) blind spot.
    return hit ? { found: hit.id as string } : {};
  },
};
