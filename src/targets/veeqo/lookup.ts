// Finding a product Veeqo may already have: search GET /products?query=<first sku> (all pages)
// and match sellables[].sku_code against any of the product's skus.
import { jsonHeaders } from '../shared.js';
import type { Lookup, Unit } from '../types.js';
import type { VeeqoConfig } from './config.js';
import { listSchema, PRODUCTS_PATH } from './schema.js';

/** Veeqo's largest page. */
const LOOKUP_PAGE_SIZE = 100;

function skus(unit: Unit): string[] {
  return unit.product.variants.map((v) => v.sku);
}

/**
 * The next page to ask for. Veeqo documents the search, not its paging: the page size asked for
 * may not be the one served, so only an empty page ends the search (a short one proves nothing),
 * and a page that starts with the product the last one started with means the server does not
 * page: the search ends there too. The cursor is `<page>:<first id of the page before>`.
 */
export function nextPage(items: readonly { id: unknown }[], cursor: string | undefined): string | undefined {
  if (items.length === 0) return undefined;
  const [page = '1', before] = (cursor ?? '1').split(':');
  const first = String(items[0]!.id);
  return first === before ? undefined : `${Number(page) + 1}:${first}`;
}

export const lookup: Lookup<VeeqoConfig> = {
  request(unit, c, cursor) {
    // `query` is a fuzzy search: other products containing the sku text may fill page 1.
    const q = new URLSearchParams({ query: skus(unit)[0]!, page_size: String(LOOKUP_PAGE_SIZE), page: (cursor ?? '1').split(':')[0]! });
    return { method: 'GET', path: `${PRODUCTS_PATH}?${q}`, headers: jsonHeaders({ 'x-api-key': c.apiKey }) };
  },
  match(unit, body, cursor) {
    const r = listSchema.safeParse(body);
    if (!r.success) throw new Error('not a Veeqo product list');
    const mine = new Set(skus(unit));
    const hit = r.data.find((p) => p.sellables?.some((s) => mine.has(s.sku_code)));
    if (hit) return { found: String(hit.id) };
    const next = nextPage(r.data, cursor);
    return next ? { next } : {};
  },
};
