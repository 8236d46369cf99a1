// What all readers share: the run-wide identity checks (a sku once per run, one product per
// handle), places, and turning schema issues into located ones.
import { RunError } from '../errors.js';
import { type LocatedIssue, showFound } from '../issues.js';
import type { ParseOptions, ProductIssue } from '../product/schema.js';
import type { InputFormat, ReadOptions, ReadStats } from './types.js';

export interface FileInfo {
  /** As the user named it; `stdin` for `-`. */
  name: string;
  index: number;
  format: InputFormat;
  /** JSON: the pointer of the products array (`` or `/products`). */
  base: string;
  /** Bytes, when known (files): big CSV files are parsed on a worker thread. */
  size?: number;
}

// Places are stored as numbers to keep the per-sku memory small: the line (CSV, NDJSON) or the
// array index (JSON) times MAX_FILES plus the file's index.
const MAX_FILES = 1024;

/**
 * A set of strings, each with the place it was first seen: the skus and handles of a run, the
 * one structure that grows with the input, so it is kept compact and quick.
 * - Keys live as bytes in one arena (a million 10-character skus: 10 MB, not the 40 MB of as
 *   many JS strings); keys with characters beyond Latin-1 (rare in codes) go to a plain Map.
 * - An open-addressing table of 32-bit hashes finds them: adding a key costs a hash over its
 *   characters and, nearly always, one probe of a flat array (a Set<string> measured ~3x slower
 *   at a million keys, its entries scattered over the heap).
 */
export class PlaceIndex {
  // 64 Ki slots to start: small files never grow it, big ones skip the first doublings.
  private table = new Int32Array(2 << 16); // per slot: hash, key number + 1 (0: empty)
  private mask = (1 << 16) - 1;
  private count = 0;
  private arena = new Uint8Array(1 << 16);
  private used = 0;
  private starts = new Uint32Array(1 << 12); // key k: arena[starts[k] .. starts[k + 1])
  private places = new Float64Array(1 << 12);
  private wide: Map<string, number> | undefined;

  get size(): number {
    return this.count + (this.wide?.size ?? 0);
  }

  /** Adds a key with its place; returns the place it already had, or undefined if new. */
  add(key: string, place: number): number | undefined {
    const h = latin1Hash(key);
    if (h === WIDE) return this.addWide(key, place);
    const table = this.table;
    const mask = this.mask;
    let i = (h & mask) << 1;
    for (let k = table[i + 1]!; k !== 0; k = table[i + 1]!) {
      if (table[i] === h && this.equals(k - 1, key)) return this.places[k - 1];
      i = (i + 2) & ((mask << 1) | 1);
    }
    const k = this.count++;
    this.store(k, key, place);
    table[i] = h;
    table[i + 1] = k + 1;
    // Grow at three quarters full, so probes stay short.
    if (this.count * 4 > mask * 3) this.grow();
    return undefined;
  }

  /** The place of a key, or undefined if it was never added. */
  get(key: string): number | undefined {
    const h = latin1Hash(key);
    if (h === WIDE) return this.wide?.get(key);
    const table = this.table;
    const wrap = (this.mask << 1) | 1;
    for (let i = (h & this.mask) << 1, k = table[i + 1]!; k !== 0; i = (i + 2) & wrap, k = table[i + 1]!) {
      if (table[i] === h && this.equals(k - 1, key)) return this.places[k - 1];
    }
    return undefined;
  }

  private addWide(key: string, place: number): number | undefined {
    this.wide ??= new Map();
    const prev = this.wide.get(key);
    if (prev !== undefined) return prev;
    this.wide.set(key, place);
    return undefined;
  }

  private equals(k: number, key: string): boolean {
    const start = this.starts[k]!;
    const end = k + 1 < this.count ? this.starts[k + 1]! : this.used;
    if (end - start !== key.length) return false;
    const arena = this.arena;
    for (let j = 0; j < key.length; j++) if (arena[start + j] !== key.charCodeAt(j)) return false;
    return true;
  }

  private store(k: number, key: string, place: number): void {
    if (k >= this.places.length) {
      const places = new Float64Array(this.places.length * 2);
      places.set(this.places);
      this.places = places;
      const starts = new Uint32Array(this.starts.length * 2);
      starts.set(this.starts);
      this.starts = starts;
    }
    if (this.used + key.length > this.arena.length) {
      const arena = new Uint8Array(Math.max(this.arena.length * 2, this.used + key.length));
      arena.set(this.arena.subarray(0, this.used));
      this.arena = arena;
    }
    this.starts[k] = this.used;
    // Latin-1 checked by the hash: each code unit fits a byte.
    for (let j = 0; j < key.length; j++) this.arena[this.used + j] = key.charCodeAt(j);
    this.used += key.length;
    this.places[k] = place;
  }

  private grow(): void {
    const size = (this.mask + 1) * 2;
    const mask = size - 1;
    const wrap = (mask << 1) | 1;
    const table = new Int32Array(size * 2);
    const old = this.table;
    for (let j = 0; j < old.length; j += 2) {
      const k = old[j + 1]!;
      if (k === 0) continue;
      const h = old[j]!;
      let i = (h & mask) << 1;
      while (table[i + 1] !== 0) i = (i + 2) & wrap;
      table[i] = h;
      table[i + 1] = k;
    }
    this.table = table;
    this.mask = mask;
  }
}

/** Marks a key with a character beyond Latin-1 (it does not fit the byte arena). */
const WIDE = 0x7fffffff;

/** FNV-1a over the key's code units, or WIDE when one is over 0xFF. */
function latin1Hash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c > 0xff) return WIDE;
    h = Math.imul(h ^ c, 0x01000193);
  }
  h |= 0; // as the Int32Array stores it (the empty key keeps the offset basis, above 2^31)
  // WIDE is reserved: a Latin-1 key that hashes to it takes its neighbour.
  return h === WIDE ? WIDE - 1 : h;
}

export class RunState {
  /** sku → place code; negative when that sku is also its product's key (no handle). */
  readonly skus = new PlaceIndex();
  /** handle → place code of the product's first row. */
  readonly handles = new PlaceIndex();
  readonly files: FileInfo[] = [];
  /** How many skus are product keys (negative codes in `skus`). */
  private keyed = 0;
  readonly parseOptions: ParseOptions;

  constructor(
    readonly opts: ReadOptions,
    readonly stats: ReadStats,
  ) {
    this.parseOptions = { defaultCurrency: opts.defaultCurrency };
  }

  addFile(name: string, format: InputFormat, size?: number): FileInfo {
    if (this.files.length >= MAX_FILES) throw new RunError('usage', `too many inputs: at most ${MAX_FILES} files in one run`);
    const f: FileInfo = { name, index: this.files.length, format, base: '', size };
    this.files.push(f);
    return f;
  }

  code(file: FileInfo, n: number): number {
    return n * MAX_FILES + file.index;
  }

  /** `file:line` or `file#/products/3` for a stored code. */
  placeOf(code: number): string {
    const c = code < 0 ? -code - 1 : code;
    const file = this.files[c % MAX_FILES]!;
    const n = Math.floor(c / MAX_FILES);
    return file.format === 'json' ? `${file.name}#${file.base}/${n}` : `${file.name}:${n}`;
  }

  sameProduct(code: number, file: FileInfo, from: number, to: number): boolean {
    const c = code < 0 ? -code - 1 : code;
    if (c % MAX_FILES !== file.index) return false;
    const n = Math.floor(c / MAX_FILES);
    return n >= from && n <= to;
  }

  /**
   * Registers a product's handle. Returns the problem when another product has it (or is keyed
   * by a sku equal to it), else undefined.
   */
  claimHandle(handle: string, file: FileInfo, n: number): { expected: string } | undefined {
    const prev = this.handles.add(handle, this.code(file, n));
    if (prev !== undefined) {
      const c = prev % MAX_FILES;
      if (file.format === 'csv' || file.format === 'tsv') {
        if (c === file.index) {
          return { expected: `rows of handle "${handle}" must be consecutive; first seen at line ${Math.floor(prev / MAX_FILES)} (the file is read as a stream: move this row up to the others)` };
        }
      }
      return { expected: `a handle not used by another product; "${handle}" is the handle of the product at ${this.placeOf(prev)}` };
    }
    // Only products without a handle are keyed by a sku: none yet, nothing to look up.
    if (this.keyed === 0) return undefined;
    const sku = this.skus.get(handle);
    if (sku !== undefined && sku < 0) {
      return { expected: `a handle that is not another product's key; the product without a handle at ${this.placeOf(sku)} is known by its sku "${handle}"` };
    }
    return undefined;
  }

  /**
   * Registers a sku at a place. `keyed`: the sku is the product's key (no handle). Returns the
   * problem when the sku was seen in another product, else undefined.
   */
  claimSku(sku: string, file: FileInfo, n: number, productFrom: number, productTo: number, keyed: boolean): { expected: string } | undefined {
    const code = this.code(file, n);
    const prev = this.skus.add(sku, keyed ? -code - 1 : code);
    if (prev !== undefined) {
      // Twice in one product: the schema reports that one, with both variants.
      if (this.sameProduct(prev, file, productFrom, productTo)) return undefined;
      return { expected: `a sku not used by another product in this run; it is already used at ${this.placeOf(prev)}` };
    }
    if (keyed) {
      this.keyed++;
      const h = this.handles.size === 0 ? undefined : this.handles.get(sku);
      if (h !== undefined) return { expected: `a sku that is not another product's handle (this product has no handle, so it is known by its sku); the product at ${this.placeOf(h)} has the handle "${sku}"` };
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
    out.push({ place: at.place, field: at.field, expected: explain?.(i, at) ?? i.expected, found: showFound(i.found), severity: i.severity });
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
