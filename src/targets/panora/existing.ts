// Panora, second runs: no search by sku, so finding one product pages the whole listing; the run
// reads that listing once and shares it (scans). No update in the unified API: `--existing update`
// is refused before anything is sent (docs/targets.md, "Updating").
import type { Existing, Remote, RemoteVariant } from '../types.js';
import type { PanoraConfig } from './config.js';
import { decodedCursor, listRequest, lookup } from './lookup.js';
import { listSchema } from './schema.js';

export const existing: Existing<PanoraConfig> = {
  lookup,
  items(body) {
    const page = listSchema.safeParse(body);
    return page.success ? (body as { data: unknown[] }).data : undefined;
  },
  read(item): Remote | undefined {
    const p = item as { id?: unknown; variants?: { sku?: unknown }[] | null };
    if (typeof p?.id !== 'string') return undefined;
    const variants = new Map<string, RemoteVariant>();
    for (const v of p.variants ?? []) if (typeof v?.sku === 'string') variants.set(v.sku, { fields: {} });
    return { id: p.id, skus: [...variants.keys()], fields: {}, variants };
  },
  listing: {
    request: listRequest,
    next(body) {
      const page = listSchema.safeParse(body);
      return page.success && page.data.next_cursor ? page.data.next_cursor : undefined;
    },
    altCursor: decodedCursor,
  },
  scans: true,
};
