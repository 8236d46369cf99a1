// Finding a product Veeqo may already have: search GET /products?query=<first sku> (all pages)
// and match sellables[].sku_code against any of the product's skus.
import { jsonHeaders, openNextPage, pageOf } from '../shared.js';
import type { Lookup, Unit } from '../types.js';
import type { VeeqoConfig } from './config.js';
import { listSchema, PRODUCTS_PATH } from './schema.js';

/** Veeqo's largest page. */
const LOOKUP_PAGE_SIZE = 100;

function skus(unit: Unit): string[] {
  return unit.product.variants.map((v) => v.sku);
}

export const lookup: Lookup<VeeqoConfig> = {
  request(unit, c, cursor) {
    // `query` is a fuzzy search: other products containing the sku text may fill page 1.
    const q = new URLSearchParams({ query: skus(unit)[0]!, page_size: String(LOOKUP_PAGE_SIZE), page: pageOf(cursor) });
    return { method: 'GET', path: `${PRODUCTS_PATH}?${q}`, headers: jsonHeaders({ 'x-api-key': c.apiKey }) };
  },
  match(unit, body, cursor) {
    const r = listSchema.safeParse(body);
    if (!r.success) throw new Error('not a Veeqo product list');
    const mine = new Set(skus(unit));
    const hit = r.data.find((p) => p.sellables?.some((s) => mine.has(s.sku_code)));
    if (hit) return { found: String(hit.id) };
    // Veeqo documents its search, not its paging (shared.ts openNextPage).
    const next = openNextPage(r.data, cursor);
    return next ? { next } : {};
  },
};
