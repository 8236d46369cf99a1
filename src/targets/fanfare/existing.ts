// Fanfare, second runs: the search by sync source (lookup.ts) finds a product; the upsert (a POST
// with the same primarySyncSource) updates it. The upsert takes a whole product, so what the
// catalog leaves empty is filled from what Fanfare holds (description, metadata, media, a variant's
// quantity and options) and variants the catalog does not list are sent as held: nothing is wiped
// or removed. Mapping and the one guess (inventoryPolicy): docs/targets.md, "Updating".
import { jsonHeaders } from '../shared.js';
import type { Desired, Existing, Remote, RemoteVariant, Unit } from '../types.js';
import type { FanfareConfig } from './config.js';
import { lookup, searchItems } from './lookup.js';
import { mimeTypeOf } from './map.js';
import { type FanfareProductInput, PRODUCTS_PATH, requestSchema } from './schema.js';

type Json = Record<string, unknown>;
type Variant = NonNullable<FanfareProductInput['variants']>[number];
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A copy without null or undefined values: Fanfare answers null where the catalog says nothing. */
function given(obj: Json): Json {
  const out: Json = {};
  for (const [k, v] of Object.entries(obj)) if (v !== null && v !== undefined) out[k] = v;
  return out;
}

/** A media asset as compared: what the catalog can give. The MIME type is derived from the URL, and an answer may show it or not: never compared. */
function mediaOf(m: Json): Json {
  const a = isObject(m.mediaAsset) ? m.mediaAsset : {};
  return given({ position: m.position, purpose: m.purpose, name: a.name, sourceUrl: a.sourceUrl, altText: a.altText, description: a.description });
}

/** The media assets an answer showed, MIME types included, for an upsert that keeps them. */
const heldMedia = new WeakMap<Remote, Json[]>();

/** The fields of `obj` it shows, null included (shown empty: compared; not shown: not compared). */
function shown(obj: Json, keys: readonly string[]): Json {
  const out: Json = {};
  for (const k of keys) if (k in obj) out[k] = obj[k] ?? null;
  return out;
}

function read(item: unknown): Remote | undefined {
  if (!isObject(item) || typeof item.id !== 'string') return undefined;
  const fields = shown(item, ['name', 'url', 'description', 'handle', 'metadata']);
  const media = Array.isArray(item.productMediaAssets) ? item.productMediaAssets.filter(isObject) : [];
  if ('productMediaAssets' in item) fields.productMediaAssets = media.length ? media.map(mediaOf) : null;
  const variants = new Map<string, RemoteVariant>();
  for (const v of Array.isArray(item.variants) ? item.variants : []) {
    if (!isObject(v) || typeof v.sku !== 'string') continue;
    const options = Array.isArray(v.options) ? v.options.filter(isObject).map((o) => ({ optionName: o.optionName, value: o.value })) : [];
    const fields = shown(v, ['price', 'inventoryQuantity', 'inventoryPolicy', 'metadata']);
    if ('options' in v) fields.optionValues = options.length ? options : null;
    variants.set(v.sku, { id: typeof v.id === 'string' ? v.id : undefined, fields });
  }
  const remote: Remote = { id: item.id, skus: [...variants.keys()], fields, variants };
  heldMedia.set(remote, media.map((m) => ({ ...mediaOf(m), mimeType: isObject(m.mediaAsset) ? m.mediaAsset.mimeType : undefined })));
  return remote;
}

/** What the catalog gives: the create body less the quantity a create defaults to 0 (and the policy, which Fanfare's answer does not show). */
function desired(unit: Unit, createBody: unknown): Desired {
  const b = createBody as FanfareProductInput;
  const fields = given({ name: b.name, url: b.url, description: b.description, handle: b.handle, metadata: b.metadata });
  if (b.productMediaAssets) fields.productMediaAssets = b.productMediaAssets.map((m) => mediaOf(m));
  const variants = new Map<string, Json>();
  for (const v of b.variants ?? []) {
    const u = unit.product.variants.find((x) => x.sku === v.sku);
    variants.set(v.sku, given({ price: v.price, inventoryQuantity: u?.inventory_quantity === undefined ? undefined : v.inventoryQuantity, optionValues: v.optionValues, metadata: v.metadata }));
  }
  return { fields, variants };
}

/** The stored media asset as the request needs it (the answer does not show the MIME type: the URL's extension gives it). */
function mediaRequest(m: Json): NonNullable<FanfareProductInput['productMediaAssets']>[number] {
  const url = typeof m.sourceUrl === 'string' ? m.sourceUrl : undefined;
  const mimeType = (m.mimeType as string | undefined) ?? (url ? safeMime(url) : undefined);
  if (!mimeType) throw new Error(`Fanfare holds media asset "${String(m.name)}" without a MIME type this tool can derive; give the product's images in the catalog so the upsert replaces them`);
  return { position: m.position as number, purpose: m.purpose as string, mediaAsset: given({ name: m.name, mimeType, sourceUrl: url, altText: m.altText, description: m.description }) as never };
}

function safeMime(url: string): string | undefined {
  try {
    return mimeTypeOf(url);
  } catch {
    return undefined;
  }
}

/** The whole product for the upsert: the catalog's values, Fanfare's where the catalog says nothing. */
function request(unit: Unit, remote: Remote, _changes: unknown, createBody: unknown, c: FanfareConfig) {
  const b = structuredClone(createBody) as FanfareProductInput & Json;
  for (const f of ['description', 'handle', 'metadata'] as const) if (b[f] === undefined && remote.fields[f] != null) b[f] = remote.fields[f] as never;
  const held = heldMedia.get(remote);
  if (!b.productMediaAssets && held?.length) b.productMediaAssets = held.map(mediaRequest);
  const variants: Variant[] = (b.variants ?? []).map((v) => {
    const held = remote.variants.get(v.sku)?.fields ?? {};
    const u = unit.product.variants.find((x) => x.sku === v.sku);
    return given({
      ...v,
      inventoryQuantity: u?.inventory_quantity === undefined && typeof held.inventoryQuantity === 'number' ? held.inventoryQuantity : v.inventoryQuantity,
      inventoryPolicy: u?.inventory_policy === undefined && typeof held.inventoryPolicy === 'string' ? held.inventoryPolicy : v.inventoryPolicy,
      optionValues: v.optionValues ?? held.optionValues ?? undefined,
      metadata: v.metadata ?? held.metadata ?? undefined,
    }) as Variant;
  });
  for (const [sku, held] of remote.variants) {
    if (variants.some((v) => v.sku === sku)) continue;
    // None removed: a variant the catalog does not list is sent as held, which needs its policy.
    if (typeof held.fields.inventoryPolicy !== 'string') {
      throw new Error(`Fanfare holds variant ${sku}, which the catalog does not list, and does not show its inventoryPolicy, which an upsert must send: add ${sku} to the catalog (with inventory_policy) to update this product`);
    }
    variants.push(given({ sku, ...held.fields }) as Variant);
  }
  b.variants = variants;
  return { method: 'POST' as const, path: PRODUCTS_PATH, headers: jsonHeaders({ authorization: `Bearer ${c.secretKey}` }), body: b };
}

export const existing: Existing<FanfareConfig> = {
  lookup,
  items: searchItems,
  read,
  update: { desired, request, requestSchema },
};
