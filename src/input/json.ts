// JSON and NDJSON products → records. JSON is read as a stream (json-scan.ts finds each
// product's text); NDJSON line by line. Each product is parsed, checked and located here.
import { RunError } from '../errors.js';
import { clipText, type LocatedIssue, showFound } from '../issues.js';
import { asText } from '../product/cells.js';
import { isPlainObject } from '../values.js';
import { LIFTED_KEYS, PRODUCT_FIELDS, type Product, VARIANT_FIELDS } from '../product/fields.js';
import { isLifted, parseProduct } from '../product/parse.js';
import { jsonKeyOf, suggestColumn } from './columns.js';
import { NameIndex } from './names.js';
import type { FileContext } from './csv.js';
import { type Element, JsonScanner, MAX_ELEMENT_BYTES, NL } from './json-scan.js';
import { JsonMap } from './json-map.js';
import { TempCopy } from './spill.js';
import { findSyntaxProblem, lineColumn } from './jsonsyntax.js';
import { type JsonHazard, jsonHazards } from './json-hazards.js';
import { formatFieldPath, jsonPointer, type PathSegment, parseFieldPath } from '../paths.js';
import { count, locateIssues, type RunState } from './record.js';
import type { InputFormat, ProductRecord, SourceRow } from './types.js';


class JsonRecord implements ProductRecord {
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

function fileState(run: RunState, ctx: FileContext): JsonFileState {
  const map = run.opts.map;
  if (map) ctx.notice?.(`${ctx.info.name}: read with the column map ${map.file}`);
  return { unknown: new Set(), map: map ? new JsonMap(map) : undefined };
}

/** Images written as {"src": …} as well as {"url": …}; "alt": null is no alt text. */
function cleanImages(images: unknown): unknown {
  if (!Array.isArray(images)) return images;
  return images.map((img) => {
    if (!isPlainObject(img)) return img;
    const clean = withoutNulls(img);
    if (clean.url !== undefined || clean.src === undefined) return clean;
    const { src, ...rest } = clean;
    return { url: src, ...rest };
  });
}

/** null means "not given" in JSON exports; the schema wants the key left out. */
function withoutNulls(o: Record<string, unknown>): Record<string, unknown> {
  for (const k in o) {
    if (o[k] === null) {
      const copy: Record<string, unknown> = {};
      for (const [key, v] of Object.entries(o)) if (v !== null) copy[key] = v;
      return copy;
    }
  }
  return o;
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

  // Clean copies where needed (nulls out); `value` itself stays as written, for --rejects.
  let raw = withoutNulls(state.map ? state.map.apply(value) : value);
  if (Array.isArray(raw.images)) raw = { ...raw, images: cleanImages(raw.images) };
  if (Array.isArray(raw.variants)) {
    const variants = raw.variants.map((v) => (isPlainObject(v) ? withoutNulls(v) : v));
    raw = { ...raw, variants };
  }
  for (const k of ['case', 'subscription']) if (isPlainObject(raw[k])) raw = { ...raw, [k]: withoutNulls(raw[k] as Record<string, unknown>) };
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

function done(record: JsonRecord, ctx: FileContext, run: RunState): ProductRecord {
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

/** A product's text failed JSON.parse: say where (file:line:column) and what was there. */
function syntaxError(name: string, e: Element, cause: unknown): RunError {
  const p = findSyntaxProblem(e.text);
  if (!p) return new RunError('input', `${name}:${e.line}:${e.column}: invalid JSON in product ${e.index}: ${(cause as Error).message}`, { cause });
  const { line, column } = lineColumn(e.text, p.at);
  return new RunError('input', `${name}:${e.line + line}:${line === 0 ? e.column + column - 1 : column}: invalid JSON: expected ${p.expected}; found ${p.found}`, { cause });
}

/**
 * Reads one JSON file: an array of products, or an object holding them: under "products", under
 * the key --json-path names, or in its only array of objects (`{"data": [...], "meta": {...}}`,
 * found in a first pass that skips everything; the second reads that array).
 */
export async function* readJson(chunks: AsyncIterable<Buffer>, ctx: FileContext, run: RunState): AsyncGenerator<ProductRecord[]> {
  const name = ctx.info.name;
  const state = fileState(run, ctx);
  const named = jsonPathKey(run.opts.jsonPath);
  let copy: TempCopy | undefined;
  const pass = { products: 0 };
  const scanner = new JsonScanner(name, (base) => (ctx.info.base = base), named ?? 'products');
  try {
    yield* scanJson(chunks, scanner, ctx, run, state, pass, (chunk) => {
      // Stdin is read once: keep a copy of an object, in case its products are found only at the end.
      if (!ctx.reopen && scanner.topObject) (copy ??= new TempCopy()).write(chunk);
    });
    if (scanner.topObject && !scanner.sawProducts) {
      const key = wrapperKey(scanner, name, named);
      ctx.notice?.(`${name}: the products are the array "${key}", the only array of objects at the top (--json-path names another)`);
      if (ctx.counted && ctx.reopen) run.stats.bytesRead -= ctx.counted.bytes;
      const again = new JsonScanner(name, (base) => (ctx.info.base = base), key);
      yield* scanJson(ctx.reopen?.() ?? copy!.read(), again, ctx, run, state, pass);
    }
  } finally {
    copy?.close();
  }
  if (pass.products === 0) throw new RunError('input', `${name}: the file has no products (an empty array)`);
}

async function* scanJson(
  chunks: AsyncIterable<Buffer>, scanner: JsonScanner, ctx: FileContext, run: RunState, state: JsonFileState,
  pass: { products: number }, onChunk?: (chunk: Buffer) => void,
): AsyncGenerator<ProductRecord[]> {
  const elements: Element[] = [];
  for await (const chunk of chunks) {
    scanner.feed(chunk, elements);
    onChunk?.(chunk);
    if (elements.length === 0) continue;
    const out: ProductRecord[] = [];
    for (const e of elements) {
      let value: unknown;
      try {
        value = JSON.parse(e.text);
      } catch (err) {
        throw syntaxError(ctx.info.name, e, err);
      }
      out.push(jsonProduct(value, ctx, run, state, e.index, e.line, jsonHazards(e.text)));
      pass.products++;
    }
    elements.length = 0;
    yield out;
  }
  scanner.end();
}

/** --json-path: one top-level key ("data"; "/data" and "$.data" are read alike). */
function jsonPathKey(path: string | undefined): string | undefined {
  if (path === undefined) return undefined;
  const key = path.replace(/^\$\.|^\//, '');
  if (key === '' || key.includes('.') || key.includes('/')) throw new RunError('usage', `--json-path names one top-level key, like data; got "${path}"`);
  return key;
}

/** The key of the products in an object without "products": the one array of objects. */
function wrapperKey(scanner: JsonScanner, name: string, named: string | undefined): string {
  const arrays = scanner.arrays.filter((a) => a.objects).map((a) => a.key);
  const all = scanner.arrays.map((a) => `"${a.key}"`).join(', ');
  if (named !== undefined) throw new RunError('input', `${name}: no "${named}" array at the top (--json-path ${named})${all ? `; the arrays there are ${all}` : ''}`);
  if (arrays.length === 1) return arrays[0]!;
  if (arrays.length === 0) throw new RunError('input', `${name}: no "products" array: expected a JSON array of products, {"products": [...]}, or an object with one array of products (like {"data": [...]})`);
  throw new RunError('input', `${name}: several arrays of objects at the top (${arrays.map((a) => `"${a}"`).join(', ')}): name the one that holds the products with --json-path, like --json-path ${arrays[0]}`);
}

/**
 * Reads NDJSON: one product per line; blank lines are skipped. A line that is not JSON makes
 * that one product invalid (its issue says why) rather than stopping the run: lines stand
 * alone, so the others are still good, and --rejects hands the bad line back to be fixed.
 */
export async function* readNdjson(chunks: AsyncIterable<Buffer>, ctx: FileContext, run: RunState): AsyncGenerator<ProductRecord[]> {
  const name = ctx.info.name;
  const state = fileState(run, ctx);
  let carry: Buffer[] = [];
  let carryBytes = 0;
  let line = 0;
  let products = 0;
  const handle = (text: string, out: ProductRecord[]) => {
    line++;
    const t = text.endsWith('\r') ? text.slice(0, -1) : text;
    if (t.trim() === '') return;
    products++;
    let value: unknown;
    try {
      value = JSON.parse(t);
    } catch (err) {
      out.push(badLine(t, err, ctx, run, line));
      return;
    }
    out.push(jsonProduct(value, ctx, run, state, line, line, jsonHazards(t)));
  };
  for await (const chunk of chunks) {
    const out: ProductRecord[] = [];
    let start = 0;
    for (let nl = chunk.indexOf(NL); nl >= 0; nl = chunk.indexOf(NL, start)) {
      if (carry.length) {
        carry.push(chunk.subarray(start, nl));
        handle(Buffer.concat(carry).toString('utf8'), out);
        carry = [];
        carryBytes = 0;
      } else handle(chunk.toString('utf8', start, nl), out);
      start = nl + 1;
    }
    if (start < chunk.length) {
      carry.push(chunk.subarray(start));
      carryBytes += chunk.length - start;
      if (carryBytes > MAX_ELEMENT_BYTES) throw new RunError('input', `${name}:${line + 1}: a line over ${MAX_ELEMENT_BYTES / 1024 / 1024} MB: is this NDJSON?`);
    }
    if (out.length) yield out;
  }
  const out: ProductRecord[] = [];
  if (carry.length) handle(Buffer.concat(carry).toString('utf8'), out);
  if (out.length) yield out;
  if (products === 0) throw new RunError('input', `${name}: the file has no products (no non-blank lines)`);
}

function badLine(text: string, err: unknown, ctx: FileContext, run: RunState, line: number): ProductRecord {
  const name = ctx.info.name;
  const source = `${name}:${line}`;
  const p = findSyntaxProblem(text);
  const found = p ? `${p.found} at column ${lineColumn(text, p.at).column}` : (err as Error).message;
  const record = new JsonRecord(source, source, name, ctx.info.format, [{ line, raw: text }], text, false, undefined);
  record.issues.push({ place: source, field: '*', code: 'ndjson.syntax', expected: `one JSON object on this line (NDJSON): ${p ? p.expected : 'valid JSON'}`, found, severity: 'error' });
  return done(record, ctx, run);
}
