// WooCommerce's product CSV (Products → Export), as data: which unified column each WooCommerce
// column feeds, and how a product's rows (a simple product's row; a variable product's row and
// its variation rows, which may stand anywhere: woo-reader.ts gathers them) make one raw product.
// The rules are WooCommerce's own (its exporter's source): see docs/imports.md.
import type { ProductIssue } from '../../product/parse.js';
import { cellValue, metadataValue } from '../cell.js';
import type { Column } from '../columns.js';
import { decimalComma } from '../decimal-comma.js';
import type { ColumnSpec } from '../layout.js';
import { readUnit, scaleBy } from '../unit-names.js';

/** Column positions of one WooCommerce header (-1: absent). */
export interface WooColumns {
  id: number; type: number; sku: number; parent: number; position: number;
  name: number; published: number; short: number; description: number; gtin: number;
  stock: number; inStock: number; backorders: number; lowStock: number; sale: number; saleStarts: number; saleEnds: number; regular: number; cost: number;
  categories: number; tags: number; images: number; brands: number;
  weight: number; length: number; width: number; height: number;
  weightUnit?: string; dimensionUnit?: string; dimensionScale?: (c: string) => string;
  /** Attribute N name / value(s), in N order. */
  attributes: { name: number; value: number }[];
  meta: { key: string; j: number }[];
}

const GTIN = 'GTIN, UPC, EAN, or ISBN';
/** Plain columns: name → [field of WooColumns, the unified column it stands for (locating, listing)]. */
const PLAIN: Record<string, [keyof WooColumns, string | null]> = {
  ID: ['id', null], Type: ['type', null], SKU: ['sku', 'sku'], Parent: ['parent', null], Position: ['position', null],
  Name: ['name', 'title'], Published: ['published', 'status'], 'Short description': ['short', 'subtitle'],
  Description: ['description', 'description'], [GTIN]: ['gtin', 'barcode'], Stock: ['stock', 'inventory_quantity'],
  'Backorders allowed?': ['backorders', 'inventory_policy'], 'Low stock amount': ['lowStock', 'min_reorder_level'],
  'Sale price': ['sale', 'price'], 'Regular price': ['regular', 'compare_at_price'], 'Cost of goods': ['cost', 'cost_price'],
  'Date sale price starts': ['saleStarts', null], 'Date sale price ends': ['saleEnds', null], 'In stock?': ['inStock', null],
  Categories: ['categories', 'metadata.categories'], Tags: ['tags', 'tags'], Images: ['images', 'image_urls'], Brands: ['brands', 'brand'],
};
/** Columns WooCommerce exports that no unified field takes. */
const IGNORED = new Set(['ID', 'Position', 'Is featured?', 'Visibility in catalog',
  'Tax status', 'Tax class', 'Sold individually?', 'Allow customer reviews?', 'Purchase note', 'Shipping class', 'Download limit',
  'Download expiry days', 'Grouped products', 'Upsells', 'Cross-sells', 'External URL', 'Button text']);
const MEASURE_RE = /^(Weight|Length|Width|Height) \((.+)\)$/;
const ATTRIBUTE_RE = /^Attribute (\d+) (name|value\(s\)|visible|global|default)$/;
const DOWNLOAD_RE = /^Download \d+ (ID|name|URL)$/;
const META_RE = /^Meta: (.+)$/;

/** Every column name WooCommerce uses (suggestions, `map`'s synonyms). */
export const WOO_NAMES: readonly string[] = [...Object.keys(PLAIN), ...IGNORED, 'Weight (kg)', 'Length (cm)', 'Width (cm)', 'Height (cm)', 'Attribute 1 name', 'Attribute 1 value(s)'];

/** The unified column a plain WooCommerce column feeds (for `map`'s synonyms), or undefined. */
export function wooColumnOf(name: string): string | undefined {
  const m = MEASURE_RE.exec(name);
  if (m) return m[1]!.toLowerCase();
  const p = PLAIN[name]?.[1];
  // In a file that is not a WooCommerce export, a lone "Regular price" is the price.
  return name === 'Regular price' ? 'price' : p && !p.startsWith('metadata.') ? p : undefined;
}

export function detectWoo(names: readonly string[]): boolean {
  const has = (...any: string[]) => any.some((n) => names.includes(n));
  return has('Type') && has('Name') && has('Regular price', 'Sale price') && has('Parent', 'Published', 'Is featured?', 'Visibility in catalog', 'In stock?', 'Attribute 1 name', 'Tax status');
}

/** What each column means (for locating problems and listing ignored columns), and where each is. */
export function wooSpecs(names: readonly string[], resolve: (column: string) => Column): { specs: (ColumnSpec | undefined)[]; cols: WooColumns } {
  const cols = { attributes: [], meta: [] } as unknown as WooColumns;
  for (const k of Object.values(PLAIN)) (cols[k[0]] as number) = -1;
  for (const k of ['weight', 'length', 'width', 'height'] as const) cols[k] = -1;
  const specs = names.map((name, j): ColumnSpec | undefined => {
    const plain = PLAIN[name];
    if (plain) {
      (cols[plain[0]] as number) = j;
      if (IGNORED.has(name)) return { col: { kind: 'unknown' }, ignored: true };
      return plain[1] ? { col: resolve(plain[1]) } : { col: { kind: 'unknown' }, quiet: true };
    }
    if (IGNORED.has(name) || DOWNLOAD_RE.test(name)) return { col: { kind: 'unknown' }, ignored: true };
    const measure = MEASURE_RE.exec(name);
    if (measure) return measureSpec(cols, j, measure[1]!.toLowerCase() as 'weight', measure[2]!, resolve);
    const attribute = ATTRIBUTE_RE.exec(name);
    if (attribute) {
      const n = Number(attribute[1]);
      const part = attribute[2]!;
      if (part !== 'name' && part !== 'value(s)') return { col: { kind: 'unknown' }, ignored: true };
      const a = (cols.attributes[n - 1] ??= { name: -1, value: -1 });
      a[part === 'name' ? 'name' : 'value'] = j;
      return n <= 3 ? { col: resolve(`option${n}_${part === 'name' ? 'name' : 'value'}`) } : { col: { kind: 'unknown' }, quiet: true };
    }
    const meta = META_RE.exec(name);
    if (meta) {
      cols.meta.push({ key: meta[1]!, j });
      return { col: { kind: 'metadata', key: meta[1]! } };
    }
    return undefined;
  });
  cols.attributes = cols.attributes.filter(Boolean);
  return { specs, cols };
}

function measureSpec(cols: WooColumns, j: number, what: 'weight' | 'length' | 'width' | 'height', unitText: string, resolve: (c: string) => Column): ColumnSpec {
  cols[what] = j;
  const unit = readUnit(what, unitText);
  if (unit && what === 'weight') cols.weightUnit = unit.unit;
  else if (unit) {
    cols.dimensionUnit = unit.unit;
    if (unit.factor) cols.dimensionScale = scaleBy(unit.factor);
  }
  return { col: resolve(what) };
}

export type WooRole = 'simple' | 'variable' | 'variation' | 'other';

/** What a row is, from its Type: "simple, downloadable, virtual" is a simple product. */
export function wooRole(cells: readonly string[], cols: WooColumns): WooRole {
  return roleOf(cellValue(cells[cols.type]));
}

export function roleOf(type: string | undefined): WooRole {
  const t = (type ?? 'simple').trim().toLowerCase();
  if (t.startsWith('variation')) return 'variation';
  if (t.startsWith('variable')) return 'variable';
  return t.startsWith('simple') ? 'simple' : 'other';
}

/** A WooCommerce list cell: ", "-joined, "\," for a comma inside an item. */
export function wooList(c: string): string[] {
  return c.split(/(?<!\\),/).map((s) => s.trim().replaceAll('\\,', ',')).filter((s) => s !== '');
}

/** Descriptions: the exporter writes a newline as \n and a literal \n as \\n. */
export function wooText(c: string): string {
  return c.replace(/\\\\n|\\n/g, (m) => (m.length === 3 ? '\\n' : '\n'));
}

const STATUS: Record<string, string> = { '1': 'active', '0': 'draft', '-1': 'draft', '2': 'draft' };
const POLICY: Record<string, string> = { '0': 'deny', '1': 'continue', notify: 'continue' };

/**
 * The raw product of a simple product's row, or of a variable product's row and its variation
 * rows (already in variant order). Warnings are about values left out on purpose.
 */
export function buildWoo(c: WooColumns, product: readonly string[], variations: readonly (readonly string[])[] | undefined, comma: boolean): { raw: Record<string, unknown>; warnings: ProductIssue[] } {
  const get = (row: readonly string[], j: number) => (j >= 0 ? cellValue(row[j])?.trim() || undefined : undefined);
  const warnings: ProductIssue[] = [];
  const p: Record<string, unknown> = {};
  if (variations) p.handle = get(product, c.sku) ?? `id:${get(product, c.id) ?? ''}`;
  const set = (key: string, v: unknown) => v !== undefined && (p[key] = v);
  set('title', get(product, c.name));
  set('subtitle', mapped(get(product, c.short), wooText));
  set('description', mapped(get(product, c.description), wooText));
  // "simple, downloadable, virtual"; a variable product's own row says only "variable": its
  // variations ("variation, downloadable, virtual") say it, all of them.
  const digital = (row: readonly string[]) => /downloadable|virtual/.test(get(row, c.type)?.toLowerCase() ?? '');
  if (variations?.length ? variations.every(digital) : digital(product)) p.kind = 'digital_download';
  const published = get(product, c.published);
  set('status', published === undefined ? undefined : STATUS[published] ?? published);
  set('brand', mapped(get(product, c.brands), (s) => wooList(s)[0]));
  set('tags', mapped(get(product, c.tags), wooList));
  set('images', mapped(get(product, c.images), wooList));
  const metadata: Record<string, unknown> = {};
  const categories = get(product, c.categories);
  if (categories !== undefined) metadata.categories = categories;
  const used = new Set((variations ?? []).flatMap((v) => c.attributes.map((a) => get(v, a.name)).filter((n) => n !== undefined)));
  for (const a of c.attributes) {
    const name = get(product, a.name);
    const value = get(product, a.value);
    if (name !== undefined && value !== undefined && !used.has(name)) metadata[name] = value;
  }
  for (const m of c.meta) {
    const v = get(product, m.j);
    if (v !== undefined) metadata[m.key] = metadataValue(v);
  }
  p.metadata = metadata;
  const rows = variations ?? [product];
  p.variants = rows.map((row, i) => variant(c, row, variations ? product : undefined, comma, get, (field, expected, found, error) => {
    warnings.push({ path: ['variants', i, ...(typeof field === 'string' ? [field] : field)], reason: error ? 'any' : 'left_out', expected, found, severity: error ? 'error' : 'warning' });
  }));
  return { raw: p, warnings };
}

function mapped<T>(v: string | undefined, f: (s: string) => T): T | undefined {
  return v === undefined ? undefined : f(v);
}

function variant(
  c: WooColumns, row: readonly string[], parent: readonly string[] | undefined, comma: boolean,
  get: (row: readonly string[], j: number) => string | undefined,
  /** A value left out (a warning), or, with `error`, one that makes the product invalid. */
  warn: (field: string | (string | number)[], expected: string, found: string, error?: boolean) => void,
): Record<string, unknown> {
  const v: Record<string, unknown> = {};
  const set = (key: string, x: string | undefined) => x !== undefined && (v[key] = x);
  const money = (j: number) => mapped(get(row, j), (s) => (comma ? decimalComma(s) : s));
  set('sku', get(row, c.sku));
  set('barcode', get(row, c.gtin));
  const regular = money(c.regular);
  let sale = money(c.sale);
  const when = saleOff(get(row, c.saleStarts), get(row, c.saleEnds), Date.now());
  if (sale !== undefined && when && regular !== undefined) {
    // A sale scheduled for later, or over: today's price is the regular one.
    warn('price', `the price of today: the sale price ${sale} runs ${when}, so the regular price ${regular} is sent`, sale);
    sale = undefined;
  }
  set('price', sale ?? regular);
  if (sale !== undefined) set('compare_at_price', regular);
  set('cost_price', money(c.cost));
  const stock = get(row, c.stock);
  if (stock?.toLowerCase() === 'parent') warn('inventory_quantity', 'a stock of its own: the stock of this variation is managed on its parent, which a unit cannot share; left out', stock);
  else if (stock !== undefined) {
    v.inventory_quantity = stock;
    const backorders = get(row, c.backorders);
    if (backorders !== undefined) v.inventory_policy = POLICY[backorders.toLowerCase()] ?? backorders;
  } else {
    // No stock managed: "In stock?" is all WooCommerce says. Sold out is a stock of 0 (on
    // backorder: 0, and orders continue); in stock stays untracked.
    const inStock = get(row, c.inStock)?.toLowerCase();
    if (inStock === '0' || inStock === 'backorder') {
      v.inventory_quantity = '0';
      v.inventory_policy = inStock === '0' ? 'deny' : 'continue';
    }
  }
  set('min_reorder_level', get(row, c.lowStock));
  // "Same as parent": a variation's empty measures are its parent's.
  const measure = (j: number) => mapped(get(row, j) ?? (parent ? get(parent, j) : undefined), (s) => (comma ? decimalComma(s) : s));
  const weight = measure(c.weight);
  if (weight !== undefined) {
    v.weight = weight;
    set('weight_unit', c.weightUnit);
  }
  let dims = false;
  for (const k of ['length', 'width', 'height'] as const) {
    const x = measure(c[k]);
    if (x === undefined) continue;
    v[k] = c.dimensionScale ? c.dimensionScale(x) : x;
    dims = true;
  }
  if (dims) set('dimension_unit', c.dimensionUnit);
  if (parent) {
    set('image', mapped(get(row, c.images), (s) => wooList(s)[0]));
    const options: { name: string; value: string }[] = [];
    for (const [k, a] of c.attributes.entries()) {
      const name = get(row, a.name);
      // The exporter writes a comma inside a value as "\,".
      const value = mapped(get(row, a.value), (s) => s.replaceAll('\\,', ','));
      if (name !== undefined && value !== undefined) options.push({ name, value });
      // WooCommerce's "Any <name>" variation: an empty value that matches every one.
      else if (name !== undefined) warn(['options', k, 'value'], `a ${name} for this variation: WooCommerce's "Any ${name}" (an empty value) matches every ${name}, which no target's variant can; make one variation per ${name}`, '(empty)', true);
    }
    if (options.length) v.options = options;
  }
  return v;
}

/** WooCommerce's "2030-01-31 23:59:59" (the store's time; read here as this machine's). */
function wooDate(s: string | undefined): number | undefined {
  if (s === undefined) return undefined;
  const t = Date.parse(s.replace(' ', 'T'));
  return Number.isNaN(t) ? undefined : t;
}

/** When a sale with these dates is not on at `now`, says when it runs; undefined when it is on (or has no dates). */
export function saleOff(starts: string | undefined, ends: string | undefined, now: number): string | undefined {
  const from = wooDate(starts);
  const to = wooDate(ends);
  if ((from === undefined || from <= now) && (to === undefined || now <= to)) return undefined;
  return [from !== undefined ? `from ${starts}` : '', to !== undefined ? `until ${ends}` : ''].filter(Boolean).join(' ');
}
