// Shopify's product CSV ("Export products"), classic header and the renamed 2025 one, as data:
// which unified column each Shopify column feeds. The rows are the unified grammar already (one
// row per variant, grouped by handle, product columns on the first row); what differs is one
// image per row, image-only rows, the "Default Title" option and untracked stock: rules the row
// builder applies when the layout says so (rows.ts). See docs/imports.md.
import type { Column } from '../columns.js';
import type { ColumnSpec, RowRules } from '../layout.js';
import { snake, valueMap } from './common.js';

/** A unified column name, a special column, or IGNORED (known, not uploaded). */
type Meaning = string | Column | typeof IGNORED;
export const IGNORED = null;

const ROW_IMAGE = (part: 'url' | 'alt' | 'position'): Column => ({ kind: 'rowImage', part });
const TRACKER: Column = { kind: 'tracker' };

/** [classic name, 2025 name] → meaning. */
const TABLE: [string[], Meaning][] = [
  [['Handle', 'URL handle'], 'handle'],
  [['Title'], 'title'],
  [['Body (HTML)', 'Description'], 'description'],
  [['Vendor'], 'brand'],
  [['Type'], 'product_type'],
  [['Tags'], 'tags'],
  [['Status'], 'status'],
  [['Product Category', 'Product category'], 'metadata.product_category'],
  [['SEO Title', 'SEO title'], 'metadata.seo_title'],
  [['SEO Description', 'SEO description'], 'metadata.seo_description'],
  ...[1, 2, 3].flatMap((n): [string[], Meaning][] => [
    [[`Option${n} Name`, `Option${n} name`], `option${n}_name`],
    [[`Option${n} Value`, `Option${n} value`], `option${n}_value`],
    [[`Option${n} Linked To`], IGNORED],
  ]),
  [['Variant SKU', 'SKU'], 'sku'],
  [['Variant Price', 'Price'], 'price'],
  [['Variant Compare At Price', 'Compare-at price'], 'compare_at_price'],
  [['Cost per item'], 'cost_price'],
  [['Variant Barcode', 'Barcode'], 'barcode'],
  [['Variant Inventory Qty', 'Inventory quantity'], 'inventory_quantity'],
  [['Variant Inventory Policy'], 'inventory_policy'],
  [['Variant Image', 'Variant image URL'], 'image'],
  [['Image Src', 'Product image URL'], ROW_IMAGE('url')],
  [['Image Alt Text', 'Image alt text'], ROW_IMAGE('alt')],
  // Consulted (image order; untracked stock), and listed as not uploaded: no field takes them.
  [['Image Position', 'Image position'], ROW_IMAGE('position')],
  [['Variant Inventory Tracker', 'Inventory tracker'], TRACKER],
  [['Variant Fulfillment Service', 'Fulfillment service', 'Variant Requires Shipping', 'Requires shipping', 'Variant Taxable', 'Charge tax',
    'Variant Tax Code', 'Tax code', 'Gift Card', 'Gift card', 'Variant Weight Unit', 'Weight unit for display',
    'Unit Price Total Measure', 'Unit Price Total Measure Unit', 'Unit Price Base Measure', 'Unit Price Base Measure Unit',
    'Unit price total measure', 'Unit price total measure unit', 'Unit price base measure', 'Unit price base measure unit'], IGNORED],
];

/** Columns read with a rule of their own. */
const GRAMS = ['Variant Grams', 'Weight value (grams)'];
const PUBLISHED = ['Published', 'Published on online store'];
const CONTINUE_SELLING = 'Continue selling when out of stock';
const GOOGLE_RE = /^Google Shopping \/ (.+)$/;
const GOOGLE_IGNORED = new Set(['ad group name', 'ads labels', 'adwords grouping', 'adwords labels']);
const METAFIELD_RE = /^.+ \(product\.metafields\.(.+)\)$/;
/** Per-market prices and availability (Shopify Markets), and variant metafields: no unified place. */
const IGNORED_RE = [/^(Included|Price|Compare At Price|Compare-at price) \/ .+$/, /^.+ \(variant\.metafields\..+\)$/];

const BY_NAME = new Map<string, Meaning>(TABLE.flatMap(([names, m]) => names.map((n) => [n, m] as [string, Meaning])));

/** Every column name Shopify uses (for suggestions, the synonyms of `map`, and detection). */
export const SHOPIFY_NAMES: readonly string[] = [...BY_NAME.keys(), ...GRAMS, ...PUBLISHED, CONTINUE_SELLING];

/** The unified column a plain Shopify column feeds (for `map`'s synonyms), or undefined. */
export function shopifyColumnOf(name: string): string | undefined {
  const m = BY_NAME.get(name);
  if (typeof m === 'string') return m;
  if (GRAMS.includes(name)) return 'weight';
  if (name === CONTINUE_SELLING) return 'inventory_policy';
  return undefined;
}

const PUBLISHED_VALUES = valueMap({ true: 'active', false: 'draft' });
const CONTINUE_VALUES = valueMap({ true: 'continue', false: 'deny' });
// "Unlisted" (from Shopify's 2025-10 API) is active, reached only by a link: Shopify itself
// reads it as active for clients that do not know it, and no target has it.
const STATUS_VALUES = valueMap({ unlisted: 'active' });

/** What each column of a Shopify header means; undefined for a column Shopify does not have. */
export function shopifySpecs(names: readonly string[], resolve: (column: string) => Column): { specs: (ColumnSpec | undefined)[]; rules: RowRules } {
  const hasStatus = names.includes('Status');
  const specs = names.map((name): ColumnSpec | undefined => {
    const m = BY_NAME.get(name);
    if (m !== undefined) {
      if (m === IGNORED) return { col: { kind: 'unknown' }, ignored: true };
      if (m === 'status') return { col: resolve(m), transform: STATUS_VALUES };
      if (typeof m === 'string') return { col: resolve(m) };
      return { col: m, ignored: m.kind === 'tracker' || (m.kind === 'rowImage' && m.part === 'position') };
    }
    if (GRAMS.includes(name)) return { col: resolve('weight'), unit: { col: resolve('weight_unit'), value: 'g' } };
    if (PUBLISHED.includes(name)) {
      // Only a fallback: Status says draft/active/archived, Published only whether it is on the store.
      return hasStatus ? { col: { kind: 'unknown' }, quiet: true } : { col: resolve('status'), transform: PUBLISHED_VALUES };
    }
    if (name === CONTINUE_SELLING) return { col: resolve('inventory_policy'), transform: CONTINUE_VALUES };
    const google = GOOGLE_RE.exec(name);
    if (google) {
      const key = snake(google[1]!.replace(/.*\((MPN)\)$/i, '$1'));
      return GOOGLE_IGNORED.has(google[1]!.toLowerCase()) ? { col: { kind: 'unknown' }, ignored: true } : { col: { kind: 'metadata', key: `google_shopping.${key}` } };
    }
    const metafield = METAFIELD_RE.exec(name);
    if (metafield) return { col: { kind: 'metadata', key: metafield[1]! } };
    if (IGNORED_RE.some((re) => re.test(name))) return { col: { kind: 'unknown' }, ignored: true };
    return undefined;
  });
  return { specs, rules: { firstRowWins: true, defaultTitle: true } };
}

const has = (names: readonly string[], ...any: string[]) => any.some((n) => names.includes(n));

/** Which Shopify header this is, if any: the classic one (Handle, Variant Price…) or the 2025 one. */
export function detectShopify(names: readonly string[]): 'classic' | '2025' | undefined {
  if (has(names, 'Handle') && has(names, 'Variant Price') && has(names, 'Variant SKU', 'Option1 Value', 'Body (HTML)')) return 'classic';
  if (has(names, 'URL handle') && has(names, 'Price') && has(names, CONTINUE_SELLING, 'Weight value (grams)', 'Product image URL', 'Published on online store', 'Option1 value')) return '2025';
  return undefined;
}
