// A CSV header compiled once per file into arrays the per-row loops index, so a row costs a pass
// over its cells and no lookups by name. What each column means comes from a spec: the unified
// column of the same name by default, or what a platform's layout (presets/) or a column map
// (--map) says. Specs are data; the row builder (rows.ts) is the same for every layout.
import { RunError } from '../errors.js';
import { type Column, columnName, isDecimalColumn, resolveColumn } from './columns.js';
import { cellValue } from './cell.js';
import { decimalComma } from './decimal-comma.js';

export const K_IGNORED = 0;
export const K_PRODUCT = 1;
export const K_VARIANT = 2;
export const K_OPTION_NAME = 3;
export const K_OPTION_VALUE = 4;
export const K_IMAGE_URLS = 5;
export const K_IMAGE_ALTS = 6;
export const K_METADATA = 7;
export const K_GROUP = 8;
export const K_TARGET = 10;

/** Cell text → the value its field gets; undefined: not given. */
export type Transform = (cell: string) => string | undefined;

/** What one source column means. */
export interface ColumnSpec {
  col: Column;
  /** Known and deliberately not uploaded (a platform column with no unified place, a map's null). */
  ignored?: boolean;
  /** Consulted by another column's rule and not listed at all (Shopify's Published beside Status). */
  quiet?: boolean;
  transform?: Transform;
  /** Another column this one sets when its cell is given: weight_unit kg for "Weight (kg)". */
  unit?: { col: Column; value: string };
}

/** Where a value lands in the raw product: a kind and its key/extra (as a column's). */
export interface Slot {
  kind: number;
  key: string;
  extra: number | string | undefined;
  /** Variant level (every row) rather than product level (first row). */
  variant: boolean;
}

export interface Fill extends Slot {
  value: string;
  /** For units: the column whose cell must be given. */
  from?: number;
}

/** Rules of another system's rows (Shopify's), applied by the row builder. */
export interface RowRules {
  /** Product columns on later rows are ignored rather than compared with the first row's. */
  firstRowWins?: boolean;
  /** A single variant whose only option is Title = Default Title has no options. */
  defaultTitle?: boolean;
}

export interface Layout {
  /** The header as written (trimmed). */
  names: string[];
  columns: Column[];
  kinds: Uint8Array;
  /** Field key of each column (product/variant/metadata/case/subscription/target field). */
  keys: string[];
  /** Option index (0-2) of option columns, target name of target columns, group of group columns. */
  extra: (number | string | undefined)[];
  /** Cell rewrites (value maps, decimal comma), per column. */
  transforms: (Transform | undefined)[];
  /** Product-level columns, without the handle. */
  productCols: number[];
  variantCols: number[];
  handleCol: number;
  skuCol: number;
  /** Shopify's per-row image columns (url, alt, position); -1 when absent. */
  rowImage: [number, number, number];
  trackerCol: number;
  /** Units set alongside a column's value, and constants for every product or variant. */
  units: Fill[];
  constants: Fill[];
  rules: RowRules;
  /** Canonical column name → index, to name columns as the file spells them. */
  byName: Map<string, number>;
  /** Columns no one knows, for the warning; columns known to be left out, for the notice. */
  unknown: number[];
  ignored: number[];
}

export interface LayoutOptions {
  specs?: ColumnSpec[];
  /** Values for every product or variant that has none: [column, value]. */
  constants?: [Column, string][];
  decimalComma?: boolean;
  rules?: RowRules;
}

/** Where a column's value lands, or undefined for columns that are not fields. */
export function slotOf(col: Column): Omit<Slot, 'variant'> & { variant: boolean } | undefined {
  switch (col.kind) {
    case 'product':
      return col.key === 'handle' ? undefined : { kind: K_PRODUCT, key: col.key, extra: undefined, variant: false };
    case 'variant':
      return { kind: K_VARIANT, key: col.key, extra: undefined, variant: true };
    case 'optionName':
      return { kind: K_OPTION_NAME, key: '', extra: col.index, variant: false };
    case 'optionValue':
      return { kind: K_OPTION_VALUE, key: '', extra: col.index, variant: true };
    case 'imageUrls':
      return { kind: K_IMAGE_URLS, key: '', extra: undefined, variant: false };
    case 'imageAlts':
      return { kind: K_IMAGE_ALTS, key: '', extra: undefined, variant: false };
    case 'metadata':
      return { kind: K_METADATA, key: col.key, extra: undefined, variant: false };
    case 'group':
      return { kind: K_GROUP, key: col.key, extra: col.group, variant: false };
    case 'target':
      return { kind: K_TARGET, key: col.key, extra: col.target, variant: false };
    default:
      return undefined;
  }
}

/** Compiles a header; two columns for one field are a run error (which would win is a guess). */
export function compileLayout(header: readonly string[], file: string, opts: LayoutOptions = {}): Layout {
  const names = header.map((h) => h.trim());
  const n = names.length;
  const layout: Layout = {
    names,
    columns: [],
    kinds: new Uint8Array(n),
    keys: new Array<string>(n).fill(''),
    extra: new Array(n).fill(undefined),
    transforms: new Array(n).fill(undefined),
    productCols: [],
    variantCols: [],
    handleCol: -1,
    skuCol: -1,
    rowImage: [-1, -1, -1],
    trackerCol: -1,
    units: [],
    constants: [],
    rules: opts.rules ?? {},
    byName: new Map(),
    unknown: [],
    ignored: [],
  };
  for (let j = 0; j < n; j++) {
    const name = names[j]!;
    const spec: ColumnSpec = opts.specs?.[j] ?? { col: name === '' ? { kind: 'unknown' } : resolveColumn(name) };
    const col = spec.col;
    layout.columns.push(col);
    if (col.kind === 'unknown') {
      if (name !== '' && !spec.quiet) (spec.ignored ? layout.ignored : layout.unknown).push(j);
      continue;
    }
    if ((col.kind === 'metadata' || col.kind === 'target') && col.key.split('.').includes('__proto__')) {
      // Assigned as a key, it would set an object's prototype: the column would vanish silently.
      throw new RunError('input', `${file}:1: column ${j + 1} "${name}": "__proto__" cannot be a key (it names the prototype of an object, and cannot be carried as data); rename the column`);
    }
    const canonical = columnName(col);
    const before = layout.byName.get(canonical);
    if (before !== undefined) {
      const same = names[before] === name ? `"${name}"` : `"${names[before]}" and "${name}"`;
      throw new RunError('input', `${file}:1: the header has column ${same} twice (columns ${before + 1} and ${j + 1}); remove or rename one`);
    }
    layout.byName.set(canonical, j);
    if (spec.ignored) layout.ignored.push(j);
    const comma = opts.decimalComma && isDecimalColumn(col) ? decimalComma : undefined;
    layout.transforms[j] = spec.transform && comma ? (c) => { const t = spec.transform!(c); return t === undefined ? t : comma(t); } : spec.transform ?? comma;
    if (spec.unit) {
      const s = slotOf(spec.unit.col);
      if (s) layout.units.push({ ...s, value: spec.unit.value, from: j });
    }
    if (col.kind === 'product' && col.key === 'handle') layout.handleCol = j;
    else if (col.kind === 'rowImage') layout.rowImage[['url', 'alt', 'position'].indexOf(col.part)] = j;
    else if (col.kind === 'tracker') layout.trackerCol = j;
    const slot = slotOf(col);
    if (!slot) continue;
    layout.kinds[j] = slot.kind;
    layout.keys[j] = slot.key;
    layout.extra[j] = slot.extra;
    if (col.kind === 'variant' && col.key === 'sku') layout.skuCol = j;
    (slot.variant ? layout.variantCols : layout.productCols).push(j);
  }
  for (const [col, value] of opts.constants ?? []) {
    const s = slotOf(col);
    if (s) layout.constants.push({ ...s, value });
  }
  return layout;
}

/** The column's name as the file spells it, else the canonical one. */
export function spelled(layout: Layout, canonical: string): string {
  const j = layout.byName.get(canonical);
  return j === undefined ? canonical : layout.names[j]!;
}

/** Which option column (0-2) holds the k-th option of a row (empty option columns are skipped). */
export function optionColumn(layout: Layout, row: readonly string[] | undefined, k: number): number {
  let seen = 0;
  for (let index = 0; index < 3; index++) {
    const j = layout.byName.get(`option${index + 1}_value`);
    if (j === undefined || !row || cellValue(row[j]) === undefined) continue;
    if (seen === k) return index;
    seen++;
  }
  return k;
}
