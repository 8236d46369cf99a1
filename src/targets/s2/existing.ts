// S2, second runs: the product list finds a product (by term, or the whole list once for many
// units). S2 documents no update: it is create-only, and `--existing update` is refused before
// anything is sent (docs/targets.md, "Updating").
import type { Existing } from '../types.js';
import type { S2Config } from './config.js';
import { listItems, listRequest, lookup, nextCursor } from './lookup.js';

export const existing: Existing<S2Config> = {
  lookup,
  items: listItems,
  read(item) {
    const p = item as { id?: unknown; sku?: unknown } | null;
    if (typeof p?.id !== 'string' || typeof p.sku !== 'string') return undefined;
    return { id: p.id, skus: [p.sku], fields: {}, variants: new Map([[p.sku, { fields: {} }]]) };
  },
  listing: { request: (c, cursor) => listRequest(c, undefined, cursor), next: nextCursor },
};
