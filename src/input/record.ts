// What all readers share: the run-wide identity checks (a sku once per run, one product per
// handle), places, and turning schema issues into located ones.
import { RunError } from '../errors.js';
import { type LocatedIssue, showFound } from '../issues.js';
import { PlaceIndex } from './place-index.js';
import { issueCode, type ParseOptions, type ProductIssue } from '../product/parse.js';
import { TARGET_NAMES } from '../targets/index.js';
import type { CsvStyle, InputFormat, ReadOptions, ReadStats } from './types.js';

export interface FileInfo {
  /** As the user named it; `stdin` for `-`. */
  name: string;
  index: number;
  format: InputFormat;
  /** JSON: the pointer of the products array (`` or `/products`). */
  base: string;
  /** Bytes, when known (files): big CSV files are parsed on a worker thread. */
  size?: number;
  /** CSV: how it is written (set as it is read), for --rejects. */
  style?: CsvStyle;
}

const MAX_FILES = 1024;

/** Why a handle or sku cannot be claimed. */
export interface Claim {
  code: string;
  expected: string;
}
// In a sku's meta: that sku is its product's key (the product has no handle).
const KEYED = 0x8000;

export class RunState {
  /** sku → where first used; flagged KEYED when that sku is its product's key (no handle). */
  readonly skus = new PlaceIndex();
  /** handle → the product's first row. */
  readonly handles = new PlaceIndex();
  readonly files: FileInfo[] = [];
  readonly parseOptions: ParseOptions;
  /** How many skus are product keys. */
  private keyed = 0;

  constructor(
    readonly opts: ReadOptions,
    readonly stats: ReadStats,
  ) {
    this.parseOptions = { defaultCurrency: opts.defaultCurrency, targets: TARGET_NAMES };
  }

  addFile(name: string, format: InputFormat, size?: number): FileInfo {
    if (this.files.length >= MAX_FILES) throw new RunError('usage', `too many inputs: at most ${MAX_FILES} files in one run`);
    const f: FileInfo = { name, index: this.files.length, format, base: '', size };
    this.files.push(f);
    return f;
  }

  /** `file:line` or `file#/products/3` for what a PlaceIndex returned. */
  placeOf(value: number): string {
    const file = this.files[value % 65536 & ~KEYED]!;
    const n = Math.floor(value / 65536);
    return file.format === 'json' ? `${file.name}#${file.base}/${n}` : `${file.name}:${n}`;
  }

  private sameProduct(value: number, file: FileInfo, from: number, to: number): boolean {
    if ((value % 65536 & ~KEYED) !== file.index) return false;
    const n = Math.floor(value / 65536);
    return n >= from && n <= to;
  }

  /** Makes room for this many more skus and handles (an estimate from the input's size). */
  reserve(skus: number, handles: number): void {
    this.skus.reserve(this.skus.size + skus);
    this.handles.reserve(this.handles.size + handles);
  }

  /**
   * Registers a product's handle, seen at line (CSV, NDJSON) or index (JSON) n. Returns the
   * problem when another product has it (or is keyed by a sku equal to it), else undefined.
   * `consecutive`: the file groups a product's rows by handle (so a repeat means a stray row).
   */
  claimHandle(handle: string, file: FileInfo, n: number, consecutive = true): Claim | undefined {
    const prev = this.handles.add(handle, n, file.index);
    if (prev !== undefined) {
      if (consecutive && (file.format === 'csv' || file.format === 'tsv') && prev % 65536 === file.index) {
        return { code: 'handle.not_consecutive', expected: `rows of handle "${handle}" must be consecutive; first seen at line ${Math.floor(prev / 65536)} (the file is read as a stream: move this row up to the others)` };
      }
      return { code: 'handle.duplicate', expected: `a handle not used by another product; "${handle}" is the handle of the product at ${this.placeOf(prev)}` };
    }
    // Only products without a handle are keyed by a sku: none yet, nothing to look up.
    if (this.keyed === 0) return undefined;
    const sku = this.skus.get(handle);
    if (sku !== undefined && sku % 65536 & KEYED) {
      return { code: 'handle.is_sku', expected: `a handle that is not another product's key; the product without a handle at ${this.placeOf(sku)} is known by its sku "${handle}"` };
    }
    return undefined;
  }

  /**
   * Registers a sku at n. `keyed`: the sku is the product's key (no handle). Returns the problem
   * when the sku was seen in another product, else undefined.
   */
  claimSku(sku: string, file: FileInfo, n: number, productFrom: number, productTo: number, keyed: boolean): Claim | undefined {
    const prev = this.skus.add(sku, n, keyed ? file.index | KEYED : file.index);
    if (prev !== undefined) {
      // Twice in one product: the schema reports that one, with both variants.
      if (this.sameProduct(prev, file, productFrom, productTo)) return undefined;
      return { code: 'sku.duplicate', expected: `a sku not used by another product in this run; it is already used at ${this.placeOf(prev)}` };
    }
    if (keyed) {
      this.keyed++;
      const h = this.handles.size === 0 ? undefined : this.handles.get(sku);
      if (h !== undefined) return { code: 'sku.is_handle', expected: `a sku that is not another product's handle (this product has no handle, so it is known by its sku); the product at ${this.placeOf(h)} has the handle "${sku}"` };
    }
    return undefined;
  }
}

/** Schema issues → located issues, through a record's own mapping of paths to places. */
export function locateIssues(
  issues: readonly ProductIssue[],
  locate: (path: readonly (string | number)[]) => { place: string; field: string },
  out: LocatedIssue[],
  explain?: (i: ProductIssue, located: { place: string; field: string }) => string | undefined,
): void {
  for (const i of issues) {
    const at = locate(i.path);
    out.push({ place: at.place, field: at.field, code: issueCode(i.path, i.reason), expected: explain?.(i, at) ?? i.expected, found: showFound(i.found), severity: i.severity });
  }
}

/** Adds the stats of one finished product. */
export function count(stats: ReadStats, rows: number, valid: boolean): void {
  stats.products++;
  if (valid) {
    stats.productsValid++;
    stats.rowsValid += rows;
  } else {
    stats.productsInvalid++;
    stats.rowsInvalid += rows;
  }
}
