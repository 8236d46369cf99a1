// The CSV columns: the reference `catalog-upload schema` prints, and how a header name maps to
// a place in the nested product (DESIGN §2).
import { CASE_DOCS, PRODUCT_DOCS, SUBSCRIPTION_DOCS, VARIANT_DOCS } from '../product/docs.js';
import { TARGET_NAMES } from '../product/schema.js';

export interface ColumnDoc {
  name: string;
  /** product: read from the first row of a handle; variant: read from every row. */
  level: 'product' | 'variant';
  description: string;
}

const P = PRODUCT_DOCS;
const V = VARIANT_DOCS;

/** Product columns first, then variant columns (the order `schema` prints them in). */
export const COLUMNS: readonly ColumnDoc[] = [
  { name: 'handle', level: 'product', description: P.handle },
  { name: 'title', level: 'product', description: P.title },
  { name: 'subtitle', level: 'product', description: P.subtitle },
  { name: 'description', level: 'product', description: P.description },
  { name: 'kind', level: 'product', description: P.kind },
  { name: 'status', level: 'product', description: P.status },
  { name: 'brand', level: 'product', description: P.brand },
  { name: 'product_type', level: 'product', description: P.product_type },
  { name: 'url', level: 'product', description: P.url },
  { name: 'tags', level: 'product', description: 'tags, separated by commas' },
  { name: 'category_ids', level: 'product', description: "the target's category ids, separated by commas" },
  { name: 'image_urls', level: 'product', description: 'product image URLs, separated by |' },
  { name: 'image_alts', level: 'product', description: 'alt texts of image_urls, separated by |, in the same order' },
  { name: 'notes', level: 'product', description: P.notes },
  { name: 'metadata.<key>', level: 'product', description: 'one column per metadata key, e.g. metadata.material' },
  { name: 'currency', level: 'product', description: P.currency },
  { name: 'origin_country', level: 'product', description: P.origin_country },
  { name: 'hs_code', level: 'product', description: P.hs_code },
  { name: 'hazmat', level: 'product', description: `${P.hazmat} (true/false, yes/no, 1/0)` },
  { name: 'estimated_delivery_days', level: 'product', description: P.estimated_delivery_days },
  { name: 'condition', level: 'product', description: P.condition },
  { name: 'serial_number_required', level: 'product', description: P.serial_number_required },
  { name: 'expiry_date_required', level: 'product', description: P.expiry_date_required },
  ...Object.entries(CASE_DOCS).map(([k, d]): ColumnDoc => ({ name: `case_${k}`, level: 'product', description: d })),
  ...Object.entries(SUBSCRIPTION_DOCS).map(([k, d]): ColumnDoc => ({ name: `subscription_${k}`, level: 'product', description: d })),
  ...[1, 2, 3].map((n): ColumnDoc => ({ name: `option${n}_name`, level: 'product', description: `name of option ${n}, like Size (first row of the handle)` })),
  {
    name: '<target>.<field>',
    level: 'product',
    description: `a value for one target's payload, e.g. pandabase.fulfillmentMode (target: ${TARGET_NAMES.join(', ')}; JSON values allowed)`,
  },
  { name: 'errors', level: 'product', description: 'ignored on input: the reasons --rejects writes next to each rejected row' },
  { name: 'sku', level: 'variant', description: V.sku },
  { name: 'variant_title', level: 'variant', description: V.title },
  { name: 'price', level: 'variant', description: V.price },
  { name: 'compare_at_price', level: 'variant', description: V.compare_at_price },
  { name: 'cost_price', level: 'variant', description: V.cost_price },
  { name: 'barcode', level: 'variant', description: V.barcode },
  { name: 'inventory_quantity', level: 'variant', description: V.inventory_quantity },
  { name: 'inventory_policy', level: 'variant', description: V.inventory_policy },
  { name: 'weight', level: 'variant', description: V.weight },
  { name: 'weight_unit', level: 'variant', description: V.weight_unit },
  { name: 'length', level: 'variant', description: V.length },
  { name: 'width', level: 'variant', description: V.width },
  { name: 'height', level: 'variant', description: V.height },
  { name: 'dimension_unit', level: 'variant', description: V.dimension_unit },
  ...[1, 2, 3].map((n): ColumnDoc => ({ name: `option${n}_value`, level: 'variant', description: `this variant's value of option ${n}, like M` })),
  { name: 'image', level: 'variant', description: V.image },
  { name: 'model_number', level: 'variant', description: V.model_number },
  { name: 'min_reorder_level', level: 'variant', description: V.min_reorder_level },
  { name: 'quantity_to_reorder', level: 'variant', description: V.quantity_to_reorder },
  { name: 'tax_rate', level: 'variant', description: V.tax_rate },
];

/** What a header cell means. */
export type Column =
  | { kind: 'product'; key: string }
  | { kind: 'variant'; key: string }
  | { kind: 'optionName'; index: number }
  | { kind: 'optionValue'; index: number }
  | { kind: 'imageUrls' }
  | { kind: 'imageAlts' }
  | { kind: 'metadata'; key: string }
  | { kind: 'case'; key: string }
  | { kind: 'subscription'; key: string }
  | { kind: 'target'; target: string; key: string }
  | { kind: 'errors' }
  | { kind: 'unknown' };

// Composite product fields have columns of their own (image_urls, metadata.*, case_* …).
const COMPOSITE = new Set(['images', 'metadata', 'case', 'subscription', 'variants', 'targets']);
const PRODUCT_KEYS = new Set(Object.keys(PRODUCT_DOCS).filter((k) => !COMPOSITE.has(k)));
const VARIANT_KEYS = new Set(Object.keys(VARIANT_DOCS).filter((k) => k !== 'title' && k !== 'options'));
const CASE_KEYS = new Set(Object.keys(CASE_DOCS));
const SUBSCRIPTION_KEYS = new Set(Object.keys(SUBSCRIPTION_DOCS));
const TARGETS = new Set<string>(TARGET_NAMES);
const OPTION_RE = /^option([123])_(name|value)$/;

/** Header spelling is forgiving: "Compare At Price" and "compare-at-price" mean compare_at_price. */
export function normalizeColumnName(name: string): string {
  return name.trim().toLowerCase().replace(/[\s-]+/g, '_');
}

/** The meaning of one header cell. metadata keys and target fields keep the user's spelling. */
export function resolveColumn(header: string): Column {
  const name = header.trim();
  const dot = name.indexOf('.');
  if (dot > 0) {
    const prefix = name.slice(0, dot).trim().toLowerCase();
    const rest = name.slice(dot + 1).trim();
    if (rest !== '') {
      if (prefix === 'metadata') return { kind: 'metadata', key: rest };
      if (TARGETS.has(prefix)) return { kind: 'target', target: prefix, key: rest };
    }
    return { kind: 'unknown' };
  }
  const n = normalizeColumnName(name);
  if (PRODUCT_KEYS.has(n)) return { kind: 'product', key: n };
  if (VARIANT_KEYS.has(n)) return { kind: 'variant', key: n };
  if (n === 'variant_title') return { kind: 'variant', key: 'title' };
  if (n === 'image_urls') return { kind: 'imageUrls' };
  if (n === 'image_alts') return { kind: 'imageAlts' };
  if (n === 'errors') return { kind: 'errors' };
  if (n.startsWith('case_') && CASE_KEYS.has(n.slice(5))) return { kind: 'case', key: n.slice(5) };
  if (n.startsWith('subscription_') && SUBSCRIPTION_KEYS.has(n.slice(13))) return { kind: 'subscription', key: n.slice(13) };
  const m = OPTION_RE.exec(n);
  if (m) return { kind: m[2] === 'name' ? 'optionName' : 'optionValue', index: Number(m[1]) - 1 };
  return { kind: 'unknown' };
}

/** The canonical column name of a resolved column (how messages name it when the header does not). */
export function columnName(c: Column): string {
  switch (c.kind) {
    case 'product':
      return c.key;
    case 'variant':
      return c.key === 'title' ? 'variant_title' : c.key;
    case 'optionName':
      return `option${c.index + 1}_name`;
    case 'optionValue':
      return `option${c.index + 1}_value`;
    case 'imageUrls':
      return 'image_urls';
    case 'imageAlts':
      return 'image_alts';
    case 'metadata':
      return `metadata.${c.key}`;
    case 'case':
      return `case_${c.key}`;
    case 'subscription':
      return `subscription_${c.key}`;
    case 'target':
      return `${c.target}.${c.key}`;
    case 'errors':
      return 'errors';
    case 'unknown':
      return '?';
  }
}

/** Every concrete column name (patterns expanded where they can be), for suggestions. */
const KNOWN_NAMES = COLUMNS.map((c) => c.name).filter((n) => !n.includes('<'));

/** The closest known column to a misspelt one, if it is close enough to be a likely typo. */
export function suggestColumn(name: string): string | undefined {
  const n = normalizeColumnName(name);
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const known of KNOWN_NAMES) {
    const d = editDistance(n, known);
    if (d < bestDistance) {
      bestDistance = d;
      best = known;
    }
  }
  // Allow about one typo per four letters, and at least one.
  if (best !== undefined && bestDistance <= Math.max(1, Math.floor(best.length / 4))) return best;
  const dot = n.indexOf('.');
  if (dot > 0) {
    const prefix = n.slice(0, dot);
    const close = [...TARGETS, 'metadata'].find((t) => editDistance(prefix, t) <= 2);
    if (close) return `${close}.${name.trim().slice(dot + 1)}`;
  }
  return undefined;
}

/** Levenshtein distance (short strings only: header names). */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length]!;
}
