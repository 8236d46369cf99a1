// Finding a product that already exists, for when an idempotency key can no longer vouch for it
// (keys expire; a resumed run may come days later). Pandabase lists products with `search`
// and page-based paging: {ok, data: {items, pagination: {page, limit, total, totalPages}}}.
import type { Lookup } from '../types.js';
import { jsonHeaders, openNextPage, pageOf } from '../shared.js';
import type { PandabaseConfig } from './config.js';
import { LIMITS } from './schema.js';

/** Cursors of the second phase, the search by sku: `sku:<page>` (or `sku:<page>:<first id>`). */
const SKU_PHASE = 'sku:';

export const lookup: Lookup<PandabaseConfig> = {
  request(unit, config, cursor) {
    const bySku = cursor?.startsWith(SKU_PHASE) ?? false;
    const q = new URLSearchParams({
      // Search is by text; titles are what a listing search is sure to cover, then the first sku
      // (a title changed in the catalog since the create is not what Pandabase holds). The match
      // below decides by sku, so a same-titled stranger is never taken for ours.
      search: (bySku ? unit.product.variants[0]!.sku : unit.product.title).slice(0, LIMITS.searchLength),
      page: pageOf(bySku ? cursor!.slice(SKU_PHASE.length) : cursor),
      limit: String(LIMITS.pageLimit),
    });
    return {
      method: 'GET',
      path: `/stores/${encodeURIComponent(config.storeId)}/products/?${q}`,
      headers: jsonHeaders({ authorization: `Bearer ${config.apiKey}` }),
    };
  },
  match(unit, body, cursor) {
    const phase = cursor?.startsWith(SKU_PHASE) ? SKU_PHASE : '';
    const { items } = listing(body);
    const skus = new Set(unit.product.variants.map((v) => v.sku));
    const hit = items.find((item) => {
      const variants = Array.isArray(item.variants) ? item.variants : [];
      return variants.some((v) => isRecord(v) && typeof v.sku === 'string' && skus.has(v.sku));
    });
    if (hit && typeof hit.id === 'string') return { found: hit.id };
    const next = nextPage(body, phase ? cursor!.slice(SKU_PHASE.length) : cursor);
    if (next) return { next: phase + next };
    return phase ? {} : { next: SKU_PHASE + '1' };
  },
};

/** The products of a listing or search answer; undefined when it is not `{ok, data}` as documented. */
export function listItems(body: unknown): unknown[] | undefined {
  const data = isRecord(body) ? body.data : undefined;
  if (Array.isArray(data)) return data;
  return isRecord(data) && Array.isArray(data.items) ? data.items : undefined;
}

/**
 * The next page of a listing: from its pagination when it gives `totalPages`; otherwise (a bare
 * `data` array, as the extract's answer is not documented) only an empty page ends it.
 */
export function nextPage(body: unknown, cursor?: string): string | undefined {
  const { items, page, totalPages } = listing(body);
  if (totalPages === undefined) return openNextPage(items, cursor);
  return page < totalPages ? String(page + 1) : undefined;
}

type Item = Record<string, unknown>;

/**
 * Reads the documented listing shape, tolerating a bare `data` array (no `totalPages`: see
 * nextPage). Anything else is not a listing: it throws, since it says nothing about what exists.
 */
function listing(body: unknown): { items: Item[]; page: number; totalPages?: number } {
  const data = isRecord(body) && body.ok !== false ? body.data : undefined;
  if (Array.isArray(data)) return { items: data.filter(isRecord), page: 1 };
  if (!isRecord(data) || !Array.isArray(data.items)) throw new Error('not a Pandabase product listing ({ok, data: {items, pagination}})');
  const items = data.items.filter(isRecord);
  const pg = isRecord(data.pagination) ? data.pagination : {};
  const page = typeof pg.page === 'number' ? pg.page : 1;
  const totalPages = typeof pg.totalPages === 'number' ? pg.totalPages : undefined;
  return { items, page, totalPages };
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
