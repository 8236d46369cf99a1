// CSV rows → the nested raw product parseProduct reads, and back from a unified field path to the
// row and column it came from. The header is compiled once per file into arrays the per-row
// loops index, so a row costs a pass over its cells and no lookups by name.
import { undoFormulaGuard } from '../csv-text.js';
import { RunError } from '../errors.js';
import { type ParseOptions, type ParseResult, parseProduct } from '../product/parse.js';
import { type Column, columnName, resolveColumn } from './columns.js';
import { type JsonHazard, jsonHazards } from './json-hazards.js';

const K_PRODUCT = 1;
const K_VARIANT = 2;
const K_OPTION_NAME = 3;
const K_OPTION_VALUE = 4;
const K_IMAGE_URLS = 5;
const K_IMAGE_ALTS = 6;
const K_METADATA = 7;
const K_GROUP = 8;
const K_TARGET = 10;
const K_IGNORED = 0;

export interface Layout {
  /** The header as written (trimmed). */
  names: string[];
  columns: Column[];
  kinds: Uint8Array;
  /** Field key of each column (product/variant/metadata/case/subscription/target field). */
  keys: string[];
  /** Option index (0-2) of option columns, target name of target columns, group of group columns. */
  extra: (number | string | undefined)[];
  /** Product-level columns, without the handle. */
  productCols: number[];
  variantCols: number[];
  handleCol: number;
  skuCol: number;
  /** Canonical column name → index, to name columns as the file spells them. */
  byName: Map<string, number>;
  /** Columns no one knows, for the warning. */
  unknown: number[];
}

/** Compiles a header; duplicate columns are a run error (which one would win is a guess). */
export function compileLayout(header: readonly string[], file: string): Layout {
  const names = header.map((h) => h.trim());
  const n = names.length;
  const layout: Layout = {
    names,
    columns: [],
    kinds: new Uint8Array(n),
    keys: new Array<string>(n).fill(''),
    extra: new Array(n).fill(undefined),
    productCols: [],
    variantCols: [],
    handleCol: -1,
    skuCol: -1,
    byName: new Map(),
    unknown: [],
  };
  for (let j = 0; j < n; j++) {
    const name = names[j]!;
    const col: Column = name === '' ? { kind: 'unknown' } : resolveColumn(name);
    layout.columns.push(col);
    if (col.kind === 'unknown') {
      if (name !== '') layout.unknown.push(j);
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
    switch (col.kind) {
      case 'product':
        if (col.key === 'handle') {
          layout.handleCol = j;
          layout.kinds[j] = K_IGNORED;
          continue;
        }
        layout.kinds[j] = K_PRODUCT;
        layout.keys[j] = col.key;
        break;
      case 'variant':
        layout.kinds[j] = K_VARIANT;
        layout.keys[j] = col.key;
        if (col.key === 'sku') layout.skuCol = j;
        break;
      case 'optionName':
        layout.kinds[j] = K_OPTION_NAME;
        layout.extra[j] = col.index;
        break;
      case 'optionValue':
        layout.kinds[j] = K_OPTION_VALUE;
        layout.extra[j] = col.index;
        break;
      case 'imageUrls':
        layout.kinds[j] = K_IMAGE_URLS;
        break;
      case 'imageAlts':
        layout.kinds[j] = K_IMAGE_ALTS;
        break;
      case 'metadata':
        layout.kinds[j] = K_METADATA;
        layout.keys[j] = col.key;
        break;
      case 'group':
        layout.kinds[j] = K_GROUP;
        layout.keys[j] = col.key;
        layout.extra[j] = col.group;
        break;
      case 'target':
        layout.kinds[j] = K_TARGET;
        layout.keys[j] = col.key;
        layout.extra[j] = col.target;
        break;
      case 'errors':
        layout.kinds[j] = K_IGNORED;
        continue;
    }
    const k = layout.kinds[j];
    if (k === K_VARIANT || k === K_OPTION_VALUE) layout.variantCols.push(j);
    else layout.productCols.push(j);
  }
  return layout;
}

/** The column's name as the file spells it, else the canonical one. */
export function spelled(layout: Layout, canonical: string): string {
  const j = layout.byName.get(canonical);
  return j === undefined ? canonical : layout.names[j]!;
}


/**
 * The value of a cell, or undefined when it is empty ("not given"). Undoes two spreadsheet
 * habits: the `'` that guards a formula-like cell (our own rejects files write it) and Excel's
 * `="00123"` that keeps leading zeros.
 */
export function cellValue(c: string | undefined): string | undefined {
  if (c === undefined || c === '') return undefined;
  const c0 = c.charCodeAt(0);
  // Most cells start with a letter or digit: nothing to undo.
  if (c0 > 39 && c0 !== 61) return c;
  if (c0 <= 32) {
    const t = c.trim();
    return t === '' ? undefined : t;
  }
  if (c0 === 39) return undoFormulaGuard(c);
  if (c0 === 61 && c.length >= 3 && c.charCodeAt(1) === 34 && c.charCodeAt(c.length - 1) === 34) return c.slice(2, -1);
  return c;
}

/** True when every cell is empty (spreadsheets leave ",,,," rows behind). */
export function isBlankRow(cells: readonly string[]): boolean {
  for (let j = 0; j < cells.length; j++) if (cellValue(cells[j]) !== undefined) return false;
  return true;
}

const JSONISH_RE = /^(?:-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false)$/;

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

/** A `<target>.<field>` cell: JSON when it looks like a number, boolean, array or object. */
export function targetValue(c: string): unknown {
  const t = c.trim();
  const c0 = t.charCodeAt(0);
  if (c0 === 91 || c0 === 123 || JSONISH_RE.test(t)) {
    try {
      return JSON.parse(t);
    } catch {
      return c;
    }
  }
  return c;
}

const NUMBER_RE = /^-?(?:0|[1-9]\d*)(?:\.\d*[1-9])?$/;

/**
 * A `metadata.<key>` cell: a number when it is one exactly as written ("212", not "007" or
 * "1.50"), true/false, else the text. So a CSV gives the same metadata as the JSON it mirrors.
 */
export function metadataValue(c: string): string | number | boolean {
  const t = c.trim();
  if (t === 'true') return true;
  if (t === 'false') return false;
  if (NUMBER_RE.test(t) && t.length <= 15) return Number(t);
  return c;
}

/** Splits a `|` list keeping positions (so image_alts line up with image_urls). */
function splitPipes(c: string): string[] {
  return c.split('|').map((s) => s.trim());
}

/** The nested raw product of one handle's rows (or one handle-less row): a plain loop over its columns. */
export function buildRaw(layout: Layout, rows: readonly (readonly string[])[]): Record<string, unknown> {
  const { kinds, keys, extra } = layout;
  const first = rows[0]!;
  const p: Record<string, unknown> = {};
  let names: (string | undefined)[] | undefined;
  let urls: string | undefined;
  let alts: string | undefined;
  if (layout.handleCol >= 0) {
    const c = cellValue(first[layout.handleCol]);
    if (c !== undefined) p.handle = c;
  }
  const cols = layout.productCols;
  for (let i = 0; i < cols.length; i++) {
    const j = cols[i]!;
    const c = cellValue(first[j]);
    if (c === undefined) continue;
    switch (kinds[j]) {
      case K_PRODUCT:
        p[keys[j]!] = c;
        break;
      case K_OPTION_NAME:
        (names ??= [])[extra[j] as number] = c;
        break;
      case K_IMAGE_URLS:
        urls = c;
        break;
      case K_IMAGE_ALTS:
        alts = c;
        break;
      case K_METADATA:
        ((p.metadata ??= {}) as Record<string, unknown>)[keys[j]!] = metadataValue(c);
        break;
      case K_GROUP:
        ((p[extra[j] as string] ??= {}) as Record<string, unknown>)[keys[j]!] = c;
        break;
      case K_TARGET: {
        const targets = (p.targets ??= {}) as Record<string, Record<string, unknown>>;
        (targets[extra[j] as string] ??= {})[keys[j]!] = targetValue(c);
        break;
      }
    }
  }
  if (urls !== undefined) p.images = images(urls, alts);
  else if (alts !== undefined) p.images = [];
  const variants = new Array<Record<string, unknown>>(rows.length);
  for (let r = 0; r < rows.length; r++) variants[r] = variantOf(layout, rows[r]!, names);
  p.variants = variants;
  return p;
}

function variantOf(layout: Layout, row: readonly string[], names: (string | undefined)[] | undefined): Record<string, unknown> {
  const { kinds, keys, extra } = layout;
  const v: Record<string, unknown> = {};
  let values: (string | undefined)[] | undefined;
  const cols = layout.variantCols;
  for (let i = 0; i < cols.length; i++) {
    const j = cols[i]!;
    const c = cellValue(row[j]);
    if (c === undefined) continue;
    if (kinds[j] === K_VARIANT) v[keys[j]!] = c;
    else (values ??= [])[extra[j] as number] = c;
  }
  if (values !== undefined) v.options = options(values, names);
  return v;
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

/** Option values of a row (by option column) with the product's option names. */
function options(values: (string | undefined)[], names: (string | undefined)[] | undefined): { name: string | undefined; value: string }[] {
  const out: { name: string | undefined; value: string }[] = [];
  for (let k = 0; k < 3; k++) {
    const value = values[k];
    if (value !== undefined) out.push({ name: names?.[k], value });
  }
  return out;
}

/** Parses one product's rows: the raw product they make, through parseProduct. */
export function parseRows(layout: Layout, rows: readonly (readonly string[])[], opts: ParseOptions): ParseResult {
  return parseProduct(buildRaw(layout, rows), opts);
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
