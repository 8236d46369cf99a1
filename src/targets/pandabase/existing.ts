// Pandabase, second runs: the store's listing (all pages) or the search (lookup.ts) finds a
// product; `PATCH …/products/{productId}` updates it with only the fields that differ, variants by
// their id ("upserted by ID": one without an id is added). Fields the answer does not show cannot
// be compared: they go with every update that is sent. Mapping: docs/targets.md, "Updating".
import { NEW_VARIANT } from '../diff.js';
import { jsonHeaders, pageOf } from '../shared.js';
import type { Change, Desired, Existing, Remote, RemoteVariant, Unit } from '../types.js';
import type { PandabaseConfig } from './config.js';
import { listItems, lookup, nextPage } from './lookup.js';
import { LIMITS, type PandabaseVariant, updateSchema } from './schema.js';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Answer fields that are no body field (or are the body's under another name). */
const NOT_BODY = new Set(['id', 'handle', 'inStock', 'currency', 'variants', 'options', 'categories', 'createdAt', 'updatedAt']);

const productsPath = (c: PandabaseConfig) => `/stores/${encodeURIComponent(c.storeId)}/products/`;

function read(item: unknown): Remote | undefined {
  if (!isObject(item) || typeof item.id !== 'string') return undefined;
  const fields: Json = {};
  for (const [k, v] of Object.entries(item)) if (!NOT_BODY.has(k)) fields[k] = v ?? null;
  if (Array.isArray(item.categories)) fields.categoryIds = item.categories.map((c) => (isObject(c) ? c.id : c));
  const variants = new Map<string, RemoteVariant>();
  for (const v of Array.isArray(item.variants) ? item.variants : []) {
    if (!isObject(v) || typeof v.sku !== 'string') continue;
    const { id, ...rest } = v;
    variants.set(v.sku, { id: typeof id === 'string' ? id : undefined, fields: Object.fromEntries(Object.entries(rest).map(([k, x]) => [k, x ?? null])) });
  }
  return { id: item.id, skus: [...variants.keys()], fields, variants };
}

/** The create body's values less what the create derived itself: positions, a title made from the sku, empty options. */
function desired(unit: Unit, createBody: unknown): Desired {
  const { variants: sent = [], options: _options, ...fields } = createBody as Json & { variants?: PandabaseVariant[] };
  const variants = new Map<string, Json>();
  for (const v of sent) {
    if (typeof v.sku !== 'string') continue;
    const given = unit.product.variants.find((x) => x.sku === v.sku);
    const { position: _position, sku: _sku, ...rest } = v as Json;
    if (given) {
      if (given.title === undefined && !given.options?.length) delete rest.title;
      if (!given.options?.length) delete rest.options;
    }
    variants.set(v.sku, rest);
  }
  return { fields, variants };
}

function request(unit: Unit, remote: Remote, changes: Change[], createBody: unknown, c: PandabaseConfig) {
  const want = desired(unit, createBody);
  const created = (createBody as { variants?: PandabaseVariant[] }).variants ?? [];
  const body: Json = {};
  // Given fields the answer does not show: cannot be compared, so sent with the update.
  for (const [k, v] of Object.entries(want.fields)) if (!(k in remote.fields)) body[k] = v;
  const bySku = new Map<string, Json>();
  for (const ch of changes) {
    if (!ch.sku) body[ch.field] = ch.to;
    else if (ch.field === NEW_VARIANT) bySku.set(ch.sku, { ...created.find((v) => v.sku === ch.sku) });
    else {
      const v = bySku.get(ch.sku) ?? { id: remote.variants.get(ch.sku)!.id };
      v[ch.field] = ch.to;
      bySku.set(ch.sku, v);
    }
  }
  if (bySku.size) body.variants = [...bySku.values()];
  return {
    method: 'PATCH' as const,
    path: `${productsPath(c)}${encodeURIComponent(remote.id)}`,
    headers: jsonHeaders({ authorization: `Bearer ${c.apiKey}` }),
    body,
  };
}

export const existing: Existing<PandabaseConfig> = {
  lookup,
  items: listItems,
  read,
  listing: {
    request(c, cursor) {
      const q = new URLSearchParams({ page: pageOf(cursor), limit: String(LIMITS.pageLimit) });
      return { method: 'GET', path: `${productsPath(c)}?${q}`, headers: jsonHeaders({ authorization: `Bearer ${c.apiKey}` }) };
    },
    next: nextPage,
  },
  update: { desired, request, requestSchema: updateSchema },
};
