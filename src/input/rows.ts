// CSV rows → the nested raw product parseProduct reads. One builder for every layout: the
// unified columns, a platform's export (presets/) and a column map all compile to a Layout
// (layout.ts) whose arrays say where each cell goes; this file only follows them.
import { type ParseOptions, type ParseResult, parseProduct } from '../product/parse.js';
import { cellValue, metadataValue, targetValue } from './cell.js';
import { type JsonHazard, jsonHazards } from './json-hazards.js';
import { type Fill, K_GROUP, K_IMAGE_ALTS, K_IMAGE_URLS, K_METADATA, K_OPTION_NAME, K_OPTION_VALUE, K_PRODUCT, K_TARGET, K_VARIANT, type Layout } from './layout.js';

/**
 * What the JSON in a product's `<target>.<field>` cells (read from its first row) would change or
 * hide: a number that does not survive as written, a "__proto__" key, nesting too deep.
 */
export function targetCellHazards(layout: Layout, first: readonly string[]): { col: number; hazard: JsonHazard }[] {
  const out: { col: number; hazard: JsonHazard }[] = [];
  for (const j of layout.productCols) {
    if (layout.kinds[j] !== K_TARGET) continue;
    const c = cellValue(first[j]);
    if (c === undefined || targetValue(c) === c) continue; // text, sent as written
    for (const hazard of jsonHazards(c.trim())) out.push({ col: j, hazard });
  }
  return out;
}

/** Splits a `|` list keeping positions (so image_alts line up with image_urls). */
function splitPipes(c: string): string[] {
  return c.split('|').map((s) => s.trim());
}

/** The value of cell j of a row, rewritten as its column says (value maps, decimal comma). */
function valueOf(layout: Layout, row: readonly string[], j: number): string | undefined {
  const c = cellValue(row[j]);
  const t = layout.transforms[j];
  return c === undefined || t === undefined ? c : t(c);
}

/** A product being built: the raw product and what its option names and image cells were. */
interface Building {
  p: Record<string, unknown>;
  names: (string | undefined)[] | undefined;
  urls: string | undefined;
  alts: string | undefined;
}

/** Puts one product-level value; `ifAbsent`: only where none is set (units, constants). */
function putProduct(b: Building, kind: number, key: string, extra: unknown, c: string, ifAbsent: boolean): void {
  const p = b.p;
  switch (kind) {
    case K_PRODUCT:
      if (!ifAbsent || p[key] === undefined) p[key] = c;
      break;
    case K_OPTION_NAME:
      if (!ifAbsent || b.names?.[extra as number] === undefined) (b.names ??= [])[extra as number] = c;
      break;
    case K_IMAGE_URLS:
      if (!ifAbsent || b.urls === undefined) b.urls = c;
      break;
    case K_IMAGE_ALTS:
      if (!ifAbsent || b.alts === undefined) b.alts = c;
      break;
    case K_METADATA: {
      const m = (p.metadata ??= {}) as Record<string, unknown>;
      if (!ifAbsent || m[key] === undefined) m[key] = metadataValue(c);
      break;
    }
    case K_GROUP: {
      const g = (p[extra as string] ??= {}) as Record<string, unknown>;
      if (!ifAbsent || g[key] === undefined) g[key] = c;
      break;
    }
    case K_TARGET: {
      const t = ((p.targets ??= {}) as Record<string, Record<string, unknown>>)[extra as string] ??= {};
      if (!ifAbsent || t[key] === undefined) t[key] = targetValue(c);
      break;
    }
  }
}

/**
 * The nested raw product of one handle's rows (or one handle-less row). Rows 0..variants-1 are
 * the variants; later rows (Shopify's image-only rows) only carry images. Product columns come
 * from row `productRow`.
 */
export function buildRaw(layout: Layout, rows: readonly (readonly string[])[], variants = rows.length, productRow = 0): Record<string, unknown> {
  const { kinds, keys, extra } = layout;
  const first = rows[productRow]!;
  const b: Building = { p: {}, names: undefined, urls: undefined, alts: undefined };
  const p = b.p;
  if (layout.handleCol >= 0) {
    const c = cellValue(first[layout.handleCol]);
    if (c !== undefined) p.handle = c;
  }
  const cols = layout.productCols;
  for (let i = 0; i < cols.length; i++) {
    const j = cols[i]!;
    const c = valueOf(layout, first, j);
    if (c !== undefined) putProduct(b, kinds[j]!, keys[j]!, extra[j], c, false);
  }
  if (layout.units.length || layout.constants.length) fillProduct(layout, b, first);
  if (b.urls !== undefined) p.images = images(b.urls, b.alts);
  else if (b.alts !== undefined) p.images = [];
  else if (layout.rowImage[0] >= 0) p.images = rowImages(layout, rows);
  const out = new Array<Record<string, unknown>>(variants);
  for (let r = 0; r < variants; r++) out[r] = variantOf(layout, rows[r]!, b.names);
  if (layout.rules.defaultTitle && variants === 1) dropDefaultTitle(out[0]!);
  p.variants = out;
  return p;
}

function fillProduct(layout: Layout, b: Building, first: readonly string[]): void {
  for (const f of layout.units) if (!f.variant && cellValue(first[f.from!]) !== undefined) putProduct(b, f.kind, f.key, f.extra, f.value, true);
  const handle = () => (b.p.handle as string | undefined) ?? (layout.skuCol >= 0 ? cellValue(first[layout.skuCol])?.trim() : undefined);
  for (const f of layout.constants) if (!f.variant) putProduct(b, f.kind, f.key, f.extra, withHandle(f.value, handle), true);
}

/**
 * A constant's `{handle}`: the product's handle (its sku when it has none), so that one map line
 * gives every product its page URL: "https://shop.example.com/products/{handle}".
 */
export function withHandle(value: string, handle: () => string | undefined): string {
  return value.includes('{handle}') ? value.replaceAll('{handle}', encodeURIComponent(handle() ?? '')) : value;
}

/** A layout's constants on a product built by another builder (WooCommerce's). */
export function fillConstants(layout: Layout, p: Record<string, unknown>): void {
  if (!layout.constants.length) return;
  const b: Building = { p, names: undefined, urls: undefined, alts: undefined };
  const variants = (p.variants as Record<string, unknown>[] | undefined) ?? [];
  const handle = () => (p.handle as string | undefined) ?? (variants[0]?.sku as string | undefined);
  for (const f of layout.constants) {
    if (!f.variant) putProduct(b, f.kind, f.key, f.extra, withHandle(f.value, handle), true);
    else if (f.kind === K_VARIANT) for (const v of variants) v[f.key] ??= f.value;
  }
  if (b.urls !== undefined && p.images === undefined) p.images = images(b.urls, b.alts);
}

function variantOf(layout: Layout, row: readonly string[], names: (string | undefined)[] | undefined): Record<string, unknown> {
  const { kinds, keys, extra } = layout;
  const v: Record<string, unknown> = {};
  let values: (string | undefined)[] | undefined;
  const cols = layout.variantCols;
  for (let i = 0; i < cols.length; i++) {
    const j = cols[i]!;
    const c = valueOf(layout, row, j);
    if (c === undefined) continue;
    if (kinds[j] === K_VARIANT) v[keys[j]!] = c;
    else (values ??= [])[extra[j] as number] = c;
  }
  if (layout.units.length || layout.constants.length) values = fillVariant(layout, v, values, row);
  if (layout.trackerCol >= 0 && cellValue(row[layout.trackerCol]) === undefined) {
    // Stock not tracked: whatever quantity is shown, the item never runs out.
    delete v.inventory_quantity;
    v.inventory_policy = 'continue';
  }
  if (values !== undefined) v.options = options(values, names);
  return v;
}

function fillVariant(layout: Layout, v: Record<string, unknown>, values: (string | undefined)[] | undefined, row: readonly string[]) {
  const put = (f: Fill) => {
    if (f.kind === K_VARIANT) v[f.key] ??= f.value;
    else if (f.kind === K_OPTION_VALUE) (values ??= [])[f.extra as number] ??= f.value;
  };
  for (const f of layout.units) if (f.variant && cellValue(row[f.from!]) !== undefined) put(f);
  for (const f of layout.constants) if (f.variant) put(f);
  return values;
}

function images(urls: string, alts: string | undefined): { url: string; alt?: string }[] {
  // One image, no alt: the common case skips the splitting.
  if (alts === undefined && !urls.includes('|')) return [{ url: urls }];
  const u = splitPipes(urls);
  const a = alts === undefined ? [] : splitPipes(alts);
  const out: { url: string; alt?: string }[] = [];
  for (let i = 0; i < u.length; i++) {
    if (u[i] === '') continue;
    const alt = a[i];
    out.push(alt ? { url: u[i]!, alt } : { url: u[i]! });
  }
  return out;
}

/** One image per row (Shopify): every row of the product, in the order of their positions. */
function rowImages(layout: Layout, rows: readonly (readonly string[])[]): { url: string; alt?: string }[] {
  const [u, a, pos] = layout.rowImage;
  const found: { url: string; alt?: string; at: number; row: number }[] = [];
  rows.forEach((row, r) => {
    const url = cellValue(row[u]);
    if (url === undefined) return;
    const alt = a >= 0 ? cellValue(row[a]) : undefined;
    const at = pos >= 0 ? Number(cellValue(row[pos]) ?? NaN) : NaN;
    found.push({ url: url.trim(), ...(alt !== undefined && { alt: alt.trim() }), at: Number.isFinite(at) ? at : Infinity, row: r });
  });
  found.sort((x, y) => x.at - y.at || x.row - y.row);
  return found.map(({ url, alt }) => (alt === undefined ? { url } : { url, alt }));
}

/** Shopify's single variant named "Title: Default Title" is a product without options. */
function dropDefaultTitle(v: Record<string, unknown>): void {
  const o = v.options as { name?: string; value: string }[] | undefined;
  if (o?.length === 1 && o[0]!.name === 'Title' && o[0]!.value === 'Default Title') delete v.options;
}

/** Option values of a row (by option column) with the product's option names. */
function options(values: (string | undefined)[], names: (string | undefined)[] | undefined): { name: string | undefined; value: string }[] {
  const out: { name: string | undefined; value: string }[] = [];
  for (let k = 0; k < 3; k++) {
    const value = values[k];
    if (value !== undefined) out.push({ name: names?.[k], value });
  }
  return out;
}

/**
 * Which rows of a product are variants. All of them, except in layouts with one image per row
 * (Shopify), where a row with no variant value only carries an image.
 */
export function variantRowsOf(layout: Layout, rows: readonly (readonly string[])[]): number[] | undefined {
  if (layout.rowImage[0] < 0) return undefined;
  const out: number[] = [];
  const cols = layout.variantCols;
  rows.forEach((row, r) => {
    for (let i = 0; i < cols.length; i++) {
      if (cellValue(row[cols[i]!]) !== undefined) {
        out.push(r);
        return;
      }
    }
  });
  return out;
}

/** Parses one product's rows: the raw product they make, through parseProduct. */
export function parseRows(layout: Layout, rows: readonly (readonly string[])[], opts: ParseOptions, variants = rows.length, productRow = 0): ParseResult {
  return parseProduct(buildRaw(layout, rows, variants, productRow), opts);
}
