// One JSON product (an array element or an NDJSON line) → its checked record, located by JSON
// pointer or line. json.ts reads the files and hands each product here.
import { clipText, type LocatedIssue, showFound } from '../issues.js';
import { asText } from '../product/cells.js';
import { isPlainObject } from '../values.js';
import { LIFTED_KEYS, PRODUCT_FIELDS, type Product, VARIANT_FIELDS } from '../product/fields.js';
import { isLifted, parseProduct } from '../product/parse.js';
import { jsonKeyOf, suggestColumn } from './columns.js';
import { NameIndex } from './names.js';
import type { FileContext } from './csv.js';
import { JsonMap } from './json-map.js';
import type { JsonHazard } from './json-hazards.js';
import { formatFieldPath, jsonPointer, type PathSegment, parseFieldPath } from '../paths.js';
import { count, locateIssues, type RunState } from './record.js';
import type { InputFormat, ProductRecord, SourceRow } from './types.js';

export class JsonRecord implements ProductRecord {
  product?: Product;
  readonly issues: LocatedIssue[] = [];
  readonly warnings: LocatedIssue[] = [];
  readonly #value: unknown;
  readonly #lifted: boolean;
  /** JSON: pointer of the product (`/3`, `/products/3`); NDJSON: undefined (places are lines). */
  readonly #pointer: string | undefined;

  constructor(
    readonly key: string,
    readonly source: string,
    readonly file: string,
    readonly format: InputFormat,
    readonly rows: SourceRow[],
    value: unknown,
    lifted: boolean,
    pointer: string | undefined,
    private readonly map?: JsonMap,
  ) {
    this.#value = value;
    this.#lifted = lifted;
    this.#pointer = pointer;
  }

  locate(field: string): { place: string; field: string } {
    let path = parseFieldPath(field);
    // Targets speak of the unified shape; a single-variant product keeps its variant on top.
    if (this.#lifted && path[0] === 'variants' && path[1] === 0) path = path.slice(2);
    return this.locatePath(path);
  }

  /** A path as the user wrote it (parseProduct already unlifts) → pointer or line. */
  locatePath(path: readonly PathSegment[]): { place: string; field: string } {
    const segments = walk(this.#value, this.map ? this.map.source(path) : path);
    const field = formatFieldPath(segments);
    if (this.#pointer === undefined) return { place: this.source, field };
    return { place: `${this.file}#${this.#pointer}${jsonPointer(segments)}`, field };
  }
}

/**
 * Follows a path through the user's own value: options written as {"Size": "M"} are named by
 * key, an image written as a bare URL is pointed at as a whole. Missing keys are kept (they
 * point where the value should go).
 */
function walk(value: unknown, path: readonly PathSegment[]): PathSegment[] {
  const out: PathSegment[] = [];
  let cur = value;
  for (const k of path) {
    if (Array.isArray(cur)) {
      if (typeof k !== 'number') break;
      out.push(k);
      cur = cur[k];
    } else if (cur !== null && typeof cur === 'object') {
      if (typeof k === 'number') {
        const keys = Object.keys(cur);
        if (k >= keys.length) break;
        out.push(keys[k]!);
        cur = (cur as Record<string, unknown>)[keys[k]!];
      } else {
        out.push(k);
        cur = (cur as Record<string, unknown>)[k];
      }
    } else if (cur === undefined) {
      // Past what the user wrote: point where the value would go.
      out.push(k);
    } else break;
  }
  return out;
}

const PRODUCT_KEYS = new Set<string>([...Object.keys(PRODUCT_FIELDS), 'errors']);
const SINGLE_VARIANT_KEYS = new Set<string>([...PRODUCT_KEYS, ...LIFTED_KEYS]);
const VARIANT_KEYS = new Set<string>(Object.keys(VARIANT_FIELDS));
const MAX_UNKNOWN_REPORTED = 50;

/** Per file: unknown keys already warned about (once each), and the column map, if any. */
export interface JsonFileState {
  unknown: Set<string>;
  map?: JsonMap;
}

export function fileState(run: RunState, ctx: FileContext): JsonFileState {
  const map = run.opts.map;
  if (map) ctx.notice?.(`${ctx.info.name}: read with the column map ${map.file}`);
  return { unknown: new Set(), map: map ? new JsonMap(map) : undefined };
}

/** Images written as {"src": …} as well as {"url": …}; "alt": null is no alt text. */
function cleanImages(images: unknown): unknown {
  if (!Array.isArray(images)) return images;
  return images.map((img) => {
    if (!isPlainObject(img)) return img;
    const clean = withoutBlanks(img);
    if (clean.url !== undefined || clean.src === undefined) return clean;
    const { src, ...rest } = clean;
    return { url: src, ...rest };
  });
}

/**
 * null and "" (or only spaces) mean "not given" in JSON exports (Shopify's API writes
 * `"barcode": ""`), as an empty cell does in a CSV; the schema wants the key left out.
 */
function withoutBlanks(o: Record<string, unknown>): Record<string, unknown> {
  for (const k in o) {
    if (isBlank(o[k])) {
      const copy: Record<string, unknown> = {};
      for (const [key, v] of Object.entries(o)) if (!isBlank(v)) copy[key] = v;
      return copy;
    }
  }
  return o;
}

function isBlank(v: unknown): boolean {
  return v === null || (typeof v === 'string' && v.trim() === '');
}

const keyIndexes = new WeakMap<Set<string>, NameIndex<string>>();

/** Keys longer than this are no typo of a known one (and comparing a huge one would cost seconds). */
const MAX_SUGGESTED_KEY = 64;

/** A known key close to an unknown one: a typo ("variant"), or a synonym of a field ("qty", "name"). */
function suggestKey(key: string, known: Set<string>): string | undefined {
  if (key.length > MAX_SUGGESTED_KEY) return undefined;
  let index = keyIndexes.get(known);
  if (!index) keyIndexes.set(known, (index = [...known].reduce((i, k) => i.add(k, k), new NameIndex<string>())));
  const typo = index.closest(key);
  if (typo !== undefined) return typo;
  const column = suggestColumn(key);
  if (column === undefined) return undefined;
  const k = jsonKeyOf(column);
  return k !== undefined && known.has(k) ? k : undefined;
}

/**
 * One product (a JSON array element or an NDJSON line) → its record. `hazards` are what its text
 * holds that JSON.parse changed or hid (json-hazards.ts): each makes the product invalid.
 */
export function jsonProduct(
  value: unknown,
  ctx: FileContext,
  run: RunState,
  state: JsonFileState,
  n: number,
  line: number,
  hazards: readonly JsonHazard[] = [],
): ProductRecord {
  const file = ctx.info;
  const name = file.name;
  const ndjson = file.format === 'ndjson';
  const pointer = ndjson ? undefined : `${file.base}/${n}`;
  const source = ndjson ? `${name}:${line}` : `${name}#${pointer}`;
  const placeOf = (path: PathSegment[]) => (ndjson ? source : `${name}#${pointer}${jsonPointer(path)}`);
  const rows: SourceRow[] = [{ line, raw: value }];
  const hazardIssues = hazards.map((h): LocatedIssue => ({ place: placeOf(h.path), field: h.path.length ? formatFieldPath(h.path) : '*', code: h.code, expected: h.expected, found: h.found, severity: 'error' }));

  // Too deep to be walked safely: nothing else is read from it.
  if (!isPlainObject(value) || hazards.some((h) => h.code === 'json.too_deep')) {
    const r = new JsonRecord(source, source, name, file.format, rows, value, false, pointer);
    if (!isPlainObject(value)) r.issues.push({ place: source, field: '*', code: 'product.not_object', expected: 'a product object, like {"title": "…", "sku": "…", "price": "…"}', found: showFound(value), severity: 'error' });
    r.issues.push(...hazardIssues);
    return done(r, ctx, run);
  }

  // Clean copies where needed (blanks out); `value` itself stays as written, for --rejects.
  let raw = withoutBlanks(state.map ? state.map.apply(value) : value);
  if (Array.isArray(raw.images)) raw = { ...raw, images: cleanImages(raw.images) };
  if (Array.isArray(raw.variants)) {
    const variants = raw.variants.map((v) => (isPlainObject(v) ? withoutBlanks(v) : v));
    raw = { ...raw, variants };
  }
  for (const k of ['case', 'subscription']) if (isPlainObject(raw[k])) raw = { ...raw, [k]: withoutBlanks(raw[k] as Record<string, unknown>) };
  const lifted = isLifted(raw);
  const warnings: LocatedIssue[] = [];
  unknownKeys(raw, lifted ? SINGLE_VARIANT_KEYS : PRODUCT_KEYS, [], state, placeOf, warnings);
  if (Array.isArray(raw.variants)) raw.variants.forEach((v, i) => isPlainObject(v) && unknownKeys(v, VARIANT_KEYS, ['variants', i], state, placeOf, warnings));

  const handle = asText(raw.handle);
  const skus: { sku: string; path: PathSegment[] }[] = [];
  if (lifted) {
    const s = asText(raw.sku);
    if (s) skus.push({ sku: s, path: ['sku'] });
  } else if (Array.isArray(raw.variants)) {
    raw.variants.forEach((v, i) => {
      const s = isPlainObject(v) ? asText(v.sku) : undefined;
      if (s) skus.push({ sku: s, path: ['variants', i, 'sku'] });
    });
  }
  const key = handle || skus[0]?.sku || source;
  const record = new JsonRecord(key, source, name, file.format, rows, value, lifted, pointer, state.map);
  record.warnings.push(...warnings);
  const issues = record.issues;
  issues.push(...hazardIssues);
  const at = ndjson ? line : n;
  if (handle) {
    const problem = run.claimHandle(handle, file, at);
    if (problem) issues.push({ ...record.locatePath(['handle']), code: problem.code, expected: problem.expected, found: showFound(handle), severity: 'error' });
  }
  for (let i = 0; i < skus.length; i++) {
    const { sku, path } = skus[i]!;
    const problem = run.claimSku(sku, file, at, at, at, !handle && i === 0);
    if (problem) issues.push({ ...record.locatePath(path), code: problem.code, expected: problem.expected, found: showFound(sku), severity: 'error' });
  }
  const result = parseProduct(raw, run.parseOptions);
  const locate = (path: readonly PathSegment[]) => record.locatePath(path);
  if (!result.ok) {
    // Where the text held a hazard, the parsed value is not what was written: say that, only.
    const hazardous = new Set(hazardIssues.map((i) => i.place));
    const parsed: LocatedIssue[] = [];
    locateIssues(result.issues, locate, parsed);
    for (const i of parsed) if (!hazardous.has(i.place)) issues.push(i);
  }
  locateIssues(result.warnings, locate, record.warnings);
  if (result.ok && issues.length === 0) record.product = result.product;
  return done(record, ctx, run);
}

export function done(record: JsonRecord, ctx: FileContext, run: RunState): ProductRecord {
  if (ctx.pending.length) {
    record.warnings.unshift(...ctx.pending);
    ctx.pending.length = 0;
  }
  run.stats.rowsRead++;
  count(run.stats, 1, record.product !== undefined);
  return record;
}

function unknownKeys(
  o: Record<string, unknown>,
  known: Set<string>,
  at: PathSegment[],
  state: JsonFileState,
  placeOf: (path: PathSegment[]) => string,
  out: LocatedIssue[],
): void {
  for (const k in o) {
    if (known.has(k) || state.unknown.has(k)) continue;
    if (state.unknown.size >= MAX_UNKNOWN_REPORTED) return;
    state.unknown.add(k);
    const s = suggestKey(k, known);
    // The key is the user's and may be megabytes long: shown cut, once.
    const shown = clipText(k, MAX_SUGGESTED_KEY);
    out.push({
      place: placeOf([...at, shown]),
      field: formatFieldPath([...at, shown]),
      code: 'field.unknown',
      expected: `a known field${s ? ` (did you mean "${s}"?)` : ''}; it is ignored (warned once per file)`,
      found: showFound(k),
      severity: 'warning',
    });
  }
}
