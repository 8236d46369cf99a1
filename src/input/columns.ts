// The CSV columns, derived from the field table (product/fields.ts): the reference `catalog-upload
// schema` prints, and what a header name means (which field, at which level).
import { type Field, MAX_OPTIONS, type PlainField, PRODUCT_FIELDS, VARIANT_FIELDS } from '../product/fields.js';
import { TARGET_NAMES } from '../targets/index.js';
import { NameIndex, typoDistance } from './names.js';
import { SYNONYMS } from './synonyms.js';

export interface ColumnDoc {
  name: string;
  /** product: read from the first row of a handle; variant: read from every row. */
  level: 'product' | 'variant';
  description: string;
  example: string;
}

/** What a header cell means. */
export type Column =
  | { kind: 'product'; key: string }
  | { kind: 'variant'; key: string }
  | { kind: 'optionName'; index: number }
  | { kind: 'optionValue'; index: number }
  | { kind: 'imageUrls' }
  | { kind: 'imageAlts' }
  | { kind: 'metadata'; key: string }
  | { kind: 'group'; group: string; key: string }
  | { kind: 'target'; target: string; key: string }
  | { kind: 'errors' }
  // Layouts of other systems only (presets/): one product image per row (Shopify's Image Src,
  // Image Alt Text, Image Position), and whether a variant's stock is tracked.
  | { kind: 'rowImage'; part: 'url' | 'alt' | 'position' }
  | { kind: 'tracker' }
  | { kind: 'unknown' };

interface Derived {
  docs: ColumnDoc[];
  /** Canonical column name → its meaning. */
  byName: Map<string, Column>;
}

const ERRORS_DOC = 'ignored on input: the reasons --rejects writes next to each rejected row';

function derive(): Derived {
  const product: ColumnDoc[] = [];
  const variant: ColumnDoc[] = [];
  const byName = new Map<string, Column>();
  const add = (docs: ColumnDoc[], name: string, level: ColumnDoc['level'], description: string, example: string, column?: Column) => {
    docs.push({ name, level, description, example });
    if (column) byName.set(name, column);
  };
  for (const [key, f] of Object.entries(PRODUCT_FIELDS) as [string, Field][]) {
    switch (f.kind) {
      case 'plain':
      case 'list':
      case 'currency':
        add(product, key, 'product', f.doc, f.example, { kind: 'product', key });
        break;
      case 'images':
        add(product, f.columns.urls.name, 'product', f.columns.urls.doc, f.columns.urls.example, { kind: 'imageUrls' });
        add(product, f.columns.alts.name, 'product', f.columns.alts.doc, f.columns.alts.example, { kind: 'imageAlts' });
        break;
      case 'metadata':
        add(product, `${key}.<key>`, 'product', 'one column per metadata key, like metadata.material', f.example);
        break;
      case 'group':
        for (const [k, g] of Object.entries(f.fields)) add(product, f.prefix + k, 'product', g.doc, g.example, { kind: 'group', group: key, key: k });
        break;
      case 'targets':
        add(product, '<target>.<field>', 'product', `a value for one target's payload, like pandabase.fulfillmentMode (target: ${TARGET_NAMES.join(', ')}; JSON values allowed)`, f.example);
        break;
      case 'variants':
        for (const [k, v] of Object.entries(VARIANT_FIELDS) as [string, Field][]) {
          if (v.kind === 'options') {
            for (let n = 1; n <= MAX_OPTIONS; n++) {
              add(product, `option${n}_name`, 'product', `name of option ${n}, like Size (first row of the handle)`, 'Size', { kind: 'optionName', index: n - 1 });
              add(variant, `option${n}_value`, 'variant', `this variant's value of option ${n}, like M`, 'M', { kind: 'optionValue', index: n - 1 });
            }
          } else if (v.kind === 'plain') {
            add(variant, v.column ?? k, 'variant', v.doc, v.example, { kind: 'variant', key: k });
          }
        }
        break;
      case 'options':
        break;
    }
  }
  add(product, 'errors', 'product', ERRORS_DOC, '', { kind: 'errors' });
  return { docs: [...product, ...variant], byName };
}

const derived = derive();

/** Product columns first, then variant columns (the order `schema` prints them in). */
export const COLUMNS: readonly ColumnDoc[] = derived.docs;

const TARGETS = new Set<string>(TARGET_NAMES);

const LEVEL_TITLES = { product: '**Product columns** (read from the first row of a handle)', variant: '**Variant columns** (every row)' };

/** The column reference as Markdown tables: the README's, which a test keeps equal to this. */
export function columnsMarkdown(): string {
  const cell = (s: string) => s.replaceAll('|', '\\|');
  let out = '';
  for (const level of ['product', 'variant'] as const) {
    out += `${LEVEL_TITLES[level]}\n\n| column | meaning | example |\n|---|---|---|\n`;
    for (const c of COLUMNS) {
      if (c.level === level) out += `| \`${cell(c.name)}\` | ${cell(c.description)} | ${c.example ? `\`${cell(c.example)}\`` : ''} |\n`;
    }
    if (level === 'product') out += '\n';
  }
  return out;
}

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
  return derived.byName.get(normalizeColumnName(name)) ?? { kind: 'unknown' };
}

/** The canonical column name of a resolved column (how messages name it when the header does not). */
export function columnName(c: Column): string {
  switch (c.kind) {
    case 'product':
      return c.key;
    case 'variant': {
      const f = VARIANT_FIELDS[c.key as keyof typeof VARIANT_FIELDS];
      return (f.kind === 'plain' ? f.column : undefined) ?? c.key;
    }
    case 'optionName':
      return `option${c.index + 1}_name`;
    case 'optionValue':
      return `option${c.index + 1}_value`;
    case 'imageUrls':
      return PRODUCT_FIELDS.images.columns.urls.name;
    case 'imageAlts':
      return PRODUCT_FIELDS.images.columns.alts.name;
    case 'metadata':
      return `metadata.${c.key}`;
    case 'group':
      return `${(PRODUCT_FIELDS[c.group as 'case'] as { prefix: string }).prefix}${c.key}`;
    case 'target':
      return `${c.target}.${c.key}`;
    case 'errors':
      return 'errors';
    case 'rowImage':
      return `@image_${c.part}`;
    case 'tracker':
      return '@inventory_tracker';
    case 'unknown':
      return '?';
  }
}

function plainFieldOf(c: Column): PlainField | undefined {
  let f: Field | undefined;
  if (c.kind === 'product') f = PRODUCT_FIELDS[c.key as keyof typeof PRODUCT_FIELDS] as Field;
  else if (c.kind === 'variant') f = VARIANT_FIELDS[c.key as keyof typeof VARIANT_FIELDS] as Field;
  else if (c.kind === 'group') f = (PRODUCT_FIELDS[c.group as 'case'] as { fields: Record<string, Field> }).fields[c.key];
  return f?.kind === 'plain' ? f : undefined;
}

/** True for amounts and measures (money and decimal fields): what --decimal-comma rewrites. */
export function isDecimalColumn(c: Column): boolean {
  return plainFieldOf(c)?.type.decimal === true;
}

/** True for amounts of money (their digits depend on the currency). */
export function isMoneyColumn(c: Column): boolean {
  return plainFieldOf(c)?.type.forCurrency !== undefined;
}

/** The key a unified column has in a JSON product (or variant): image_urls → images. */
export function jsonKeyOf(column: string): string | undefined {
  const c = resolveColumn(column);
  switch (c.kind) {
    case 'product':
    case 'variant':
      return c.key;
    case 'imageUrls':
    case 'imageAlts':
      return 'images';
    case 'group':
      return c.group;
    case 'optionName':
    case 'optionValue':
      return 'options';
    case 'metadata':
      return 'metadata';
    case 'target':
      return 'targets';
    default:
      return undefined;
  }
}

/** The part of an issue code that names a column: its field, without the user's own keys. */
export function columnCode(c: Column): string {
  switch (c.kind) {
    case 'metadata':
      return 'metadata';
    case 'target':
      return `targets.${c.target}`;
    case 'group':
      return `${c.group}.${c.key}`;
    case 'variant':
      return c.key;
    default:
      return columnName(c);
  }
}

/** Every concrete column name (patterns expanded where they can be), for suggestions. */
export const KNOWN_COLUMNS: readonly string[] = COLUMNS.map((c) => c.name).filter((n) => !n.includes('<'));

let index: NameIndex<string> | undefined;

/** The unified columns and their synonyms (a synonym stands for its column). */
export function columnIndex(): NameIndex<string> {
  if (index) return index;
  index = new NameIndex<string>();
  for (const name of KNOWN_COLUMNS) index.add(name, name, 0);
  for (const [column, names] of Object.entries(SYNONYMS)) for (const n of names) index.add(n, column, 1);
  return index;
}

/**
 * The known column a misspelt or foreign name most likely means: a synonym ("Variant SKU" →
 * sku, "Images" → image_urls), or a typo ("prcie" → price), or a mistyped prefix of a metadata
 * or target column.
 */
export function suggestColumn(name: string): string | undefined {
  const found = columnIndex().closest(name);
  if (found !== undefined) return found;
  const n = name.trim();
  const dot = n.indexOf('.');
  if (dot > 0) {
    const prefix = n.slice(0, dot).toLowerCase();
    const close = [...TARGETS, 'metadata'].find((t) => typoDistance(prefix, t) <= 2);
    if (close) return `${close}.${n.slice(dot + 1)}`;
  }
  return undefined;
}
