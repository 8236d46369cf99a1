// JSON and NDJSON. JSON is read as a stream: a small scanner finds where each product of the
// top-level array (or of "products") begins and ends, tracking strings, escapes, depth and
// lines; each product's text then goes to JSON.parse. A 1 GB file never sits in memory.
import { RunError } from '../errors.js';
import { type LocatedIssue, showFound } from '../issues.js';
import { asText } from '../product/cells.js';
import { isPlainObject } from '../values.js';
import { LIFTED_KEYS, PRODUCT_FIELDS, type Product, VARIANT_FIELDS } from '../product/fields.js';
import { isLifted, parseProduct } from '../product/parse.js';
import { editDistance } from './columns.js';
import type { FileContext } from './csv.js';
import { findSyntaxProblem, lineColumn } from './jsonsyntax.js';
import { formatFieldPath, jsonPointer, type PathSegment, parseFieldPath } from '../paths.js';
import { count, locateIssues, type RunState } from './record.js';
import type { InputFormat, ProductRecord, SourceRow } from './types.js';

// A product bigger than this is not a product: most likely a broken file.
const MAX_ELEMENT_BYTES = 64 * 1024 * 1024;

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
    const segments = walk(this.#value, path);
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

/** Per file: unknown keys already warned about (once each). */
export interface JsonFileState {
  unknown: Set<string>;
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


function suggestKey(key: string, known: Set<string>): string | undefined {
  let best: string | undefined;
  let distance = Infinity;
  for (const k of known) {
    const d = editDistance(key.toLowerCase(), k);
    if (d < distance) {
      distance = d;
      best = k;
    }
  }
  return best !== undefined && distance <= Math.max(1, Math.floor(best.length / 4)) ? best : undefined;
}

/** One product (a JSON array element or an NDJSON line) → its record. */
export function jsonProduct(
  value: unknown,
  ctx: FileContext,
  run: RunState,
  state: JsonFileState,
  n: number,
  line: number,
): ProductRecord {
  const file = ctx.info;
  const name = file.name;
  const ndjson = file.format === 'ndjson';
  const pointer = ndjson ? undefined : `${file.base}/${n}`;
  const source = ndjson ? `${name}:${line}` : `${name}#${pointer}`;
  const placeOf = (path: PathSegment[]) => (ndjson ? source : `${name}#${pointer}${jsonPointer(path)}`);
  const rows: SourceRow[] = [{ line, raw: value }];

  if (!isPlainObject(value)) {
    const r = new JsonRecord(source, source, name, file.format, rows, value, false, pointer);
    r.issues.push({ place: source, field: '*', code: 'product.not_object', expected: 'a product object, like {"title": "…", "sku": "…", "price": "…"}', found: showFound(value), severity: 'error' });
    return done(r, ctx, run);
  }

  // Clean copies where needed (nulls out); `value` itself stays as written, for --rejects.
  let raw = withoutNulls(value);
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
  const record = new JsonRecord(key, source, name, file.format, rows, value, lifted, pointer);
  record.warnings.push(...warnings);
  const issues = record.issues;
  const at = ndjson ? line : n;
  if (handle) {
    const problem = run.claimHandle(handle, file, at);
    if (problem) issues.push({ place: placeOf(['handle']), field: 'handle', code: problem.code, expected: problem.expected, found: showFound(handle), severity: 'error' });
  }
  for (let i = 0; i < skus.length; i++) {
    const { sku, path } = skus[i]!;
    const problem = run.claimSku(sku, file, at, at, at, !handle && i === 0);
    if (problem) issues.push({ place: placeOf(path), field: formatFieldPath(path), code: problem.code, expected: problem.expected, found: showFound(sku), severity: 'error' });
  }
  const result = parseProduct(raw, run.parseOptions);
  const locate = (path: readonly PathSegment[]) => record.locatePath(path);
  if (!result.ok) locateIssues(result.issues, locate, issues);
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
    out.push({
      place: placeOf([...at, k]),
      field: formatFieldPath([...at, k]),
      code: 'field.unknown',
      expected: `a known field${s ? ` (did you mean "${s}"?)` : ''}; it is ignored (warned once per file)`,
      found: JSON.stringify(k),
      severity: 'warning',
    });
  }
}

// ---------------------------------------------------------------------------------------------
// The streaming scanner.

const S_START = 0;
const S_ARRAY_FIRST = 1; // after "[": a value or "]"
const S_ARRAY_NEXT = 2; // after ",": a value
const S_VALUE = 3; // inside a product's text
const S_ARRAY_AFTER = 4; // after a value: "," or "]"
const S_OBJECT_FIRST = 5; // after "{": a key or "}"
const S_OBJECT_NEXT = 6; // after ",": a key
const S_KEY = 7;
const S_COLON = 8;
const S_MEMBER = 9; // a member's value starts
const S_SKIP = 10; // inside a member value we do not read
const S_OBJECT_AFTER = 11; // after a member: "," or "}"
const S_END = 12;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const NL = 0x0a;

function isSpace(c: number): boolean {
  return c === 0x20 || c === NL || c === 0x0d || c === 0x09;
}

interface Element {
  text: string;
  line: number;
  column: number;
  index: number;
}

class JsonScanner {
  state = S_START;
  line = 1;
  /** Byte offset of the current line's start, and of the current chunk. */
  lineStart = 0;
  offset = 0;
  // Value scanning (a product, or a skipped member value).
  depth = 0;
  inString = false;
  escaped = false;
  /** 0: container, 1: string, 2: bare scalar. */
  shape = 0;
  parts: Buffer[] = [];
  partBytes = 0;
  startLine = 0;
  startColumn = 0;
  index = 0;
  key: number[] = [];
  inProducts = false;
  topObject = false;
  sawProducts = false;

  constructor(
    readonly name: string,
    readonly onBase: (base: string) => void,
  ) {}

  private error(at: number, expected: string, buf: Buffer | undefined): never {
    const column = this.offset + at - this.lineStart + 1;
    const found = buf === undefined || at >= buf.length ? 'the end of the file' : describeByte(buf, at);
    throw new RunError('input', `${this.name}:${this.line}:${column}: invalid JSON: expected ${expected}; found ${found}`);
  }

  feed(buf: Buffer, out: Element[]): void {
    const n = buf.length;
    let i = 0;
    let valueStart = this.state === S_VALUE || this.state === S_SKIP ? 0 : -1;
    while (i < n) {
      const state = this.state;
      if (state === S_VALUE || state === S_SKIP) {
        const end = this.scanValue(buf, i);
        if (end < 0) {
          i = n;
          break;
        }
        if (state === S_VALUE) {
          this.emit(buf, valueStart, end, out);
          this.state = S_ARRAY_AFTER;
        } else this.state = S_OBJECT_AFTER;
        i = end;
        valueStart = -1;
        continue;
      }
      const c = buf[i]!;
      if (isSpace(c)) {
        if (c === NL) {
          this.line++;
          this.lineStart = this.offset + i + 1;
        }
        i++;
        continue;
      }
      switch (state) {
        case S_START:
          if (c === 0x5b) {
            this.state = S_ARRAY_FIRST;
            this.inProducts = true;
            this.onBase('');
          } else if (c === 0x7b) {
            this.state = S_OBJECT_FIRST;
            this.topObject = true;
          } else this.error(i, 'a JSON array of products, or {"products": [...]}', buf);
          i++;
          break;
        case S_ARRAY_FIRST:
        case S_ARRAY_NEXT:
          if (c === 0x5d) {
            if (state === S_ARRAY_NEXT) this.error(i, 'another product after the comma (no trailing comma in JSON)', buf);
            i++;
            this.endArray();
            break;
          }
          this.startValue(c, i, S_VALUE);
          valueStart = i;
          if (this.shape !== 0) break; // a string/scalar: scanned from its first byte
          i++;
          break;
        case S_ARRAY_AFTER:
          if (c === 0x2c) this.state = S_ARRAY_NEXT;
          else if (c === 0x5d) this.endArray();
          else this.error(i, '"," or "]" after a product', buf);
          i++;
          break;
        case S_OBJECT_FIRST:
        case S_OBJECT_NEXT:
          if (c === QUOTE) {
            this.state = S_KEY;
            this.key = [];
            this.escaped = false;
          } else if (c === 0x7d && state === S_OBJECT_FIRST) this.state = S_END;
          else this.error(i, state === S_OBJECT_NEXT ? 'a "key" after the comma (no trailing comma in JSON)' : 'a "key" in double quotes', buf);
          i++;
          break;
        case S_KEY:
          // Keys are short; byte by byte is fine.
          while (i < n) {
            const k = buf[i]!;
            i++;
            if (this.escaped) this.escaped = false;
            else if (k === BACKSLASH) this.escaped = true;
            else if (k === QUOTE) {
              this.state = S_COLON;
              break;
            }
            if (this.key.length < 64) this.key.push(k);
          }
          break;
        case S_COLON:
          if (c !== 0x3a) this.error(i, '":" after the key', buf);
          this.state = S_MEMBER;
          i++;
          break;
        case S_MEMBER: {
          const key = Buffer.from(this.key).toString('utf8');
          if (key === 'products' && c === 0x5b) {
            if (this.sawProducts) this.error(i, 'one "products" array', buf);
            this.sawProducts = true;
            this.inProducts = true;
            this.index = 0;
            this.onBase('/products');
            this.state = S_ARRAY_FIRST;
            i++;
            break;
          }
          if (key === 'products') this.error(i, '"products" to be an array: "products": [ … ]', buf);
          this.startValue(c, i, S_SKIP);
          valueStart = i;
          if (this.shape === 0) i++;
          break;
        }
        case S_OBJECT_AFTER:
          if (c === 0x2c) this.state = S_OBJECT_NEXT;
          else if (c === 0x7d) this.state = S_END;
          else this.error(i, '"," or "}" after a value', buf);
          i++;
          break;
        case S_END:
          this.error(i, 'the end of the file after the JSON value', buf);
      }
    }
    // A value that runs on into the next chunk: keep what we have of it.
    if (this.state === S_VALUE && valueStart >= 0 && valueStart < n) {
      this.parts.push(buf.subarray(valueStart));
      this.partBytes += n - valueStart;
      if (this.partBytes > MAX_ELEMENT_BYTES) {
        throw new RunError('input', `${this.name}:${this.startLine}: product ${this.index} is over ${MAX_ELEMENT_BYTES / 1024 / 1024} MB: is a bracket or quote missing?`);
      }
    }
    this.offset += n;
  }

  private endArray(): void {
    this.inProducts = false;
    this.state = this.topObject ? S_OBJECT_AFTER : S_END;
  }

  private startValue(c: number, i: number, state: number): void {
    this.state = state;
    this.depth = 0;
    this.inString = false;
    this.escaped = false;
    this.startLine = this.line;
    this.startColumn = this.offset + i - this.lineStart + 1;
    if (c === 0x7b || c === 0x5b) {
      this.shape = 0;
      this.depth = 1;
    } else if (c === QUOTE) {
      this.shape = 1;
    } else {
      this.shape = 2;
    }
  }

  /** Scans a value from `i`; returns the offset just past its end, or -1 if it goes on. */
  private scanValue(buf: Buffer, i: number): number {
    const n = buf.length;
    if (this.shape === 2) {
      // A bare number/literal ends at a delimiter.
      while (i < n) {
        const c = buf[i]!;
        if (c === 0x2c || c === 0x5d || c === 0x7d || isSpace(c)) return i;
        i++;
      }
      return -1;
    }
    let depth = this.depth;
    let inString = this.inString || this.shape === 1;
    let escaped = this.escaped;
    if (this.shape === 1 && !this.inString && !escaped) {
      // First byte of a string value is its opening quote.
      if (buf[i] === QUOTE && this.parts.length === 0 && this.partBytes === 0 && depth === 0) i++;
    }
    while (i < n) {
      const c = buf[i]!;
      if (inString) {
        if (escaped) escaped = false;
        else if (c === BACKSLASH) escaped = true;
        else if (c === QUOTE) {
          inString = false;
          if (this.shape === 1) {
            this.inString = false;
            return i + 1;
          }
        } else if (c === NL) {
          this.line++;
          this.lineStart = this.offset + i + 1;
        }
      } else if (c === QUOTE) inString = true;
      else if (c === 0x7b || c === 0x5b) depth++;
      else if (c === 0x7d || c === 0x5d) {
        if (--depth === 0) {
          this.depth = 0;
          this.inString = false;
          this.escaped = false;
          return i + 1;
        }
      } else if (c === NL) {
        this.line++;
        this.lineStart = this.offset + i + 1;
      }
      i++;
    }
    this.depth = depth;
    this.inString = inString;
    this.escaped = escaped;
    if (this.shape === 1) this.inString = true;
    return -1;
  }

  private emit(buf: Buffer, start: number, end: number, out: Element[]): void {
    let text: string;
    if (this.parts.length) {
      this.parts.push(buf.subarray(0, end));
      text = Buffer.concat(this.parts).toString('utf8');
      this.parts = [];
      this.partBytes = 0;
    } else text = buf.toString('utf8', start, end);
    out.push({ text, line: this.startLine, column: this.startColumn, index: this.index++ });
  }

  end(): void {
    if (this.state === S_END) return;
    if (this.state === S_START) throw new RunError('input', `${this.name}: the file is empty: expected a JSON array of products, or {"products": [...]}`);
    if (this.state === S_VALUE) {
      throw new RunError('input', `${this.name}:${this.startLine}:${this.startColumn}: invalid JSON: product ${this.index} is never closed (expected "}" before the end of the file)`);
    }
    const column = this.offset - this.lineStart + 1;
    const what = this.inProducts ? '"]" to close the array of products' : this.topObject && this.state !== S_ARRAY_AFTER ? '"}" to close the object' : '"]"';
    throw new RunError('input', `${this.name}:${this.line}:${column}: invalid JSON: expected ${what}; found the end of the file`);
  }
}

function describeByte(buf: Buffer, at: number): string {
  const c = buf[at]!;
  if (c < 0x80) return JSON.stringify(String.fromCharCode(c));
  return JSON.stringify(buf.toString('utf8', at, Math.min(buf.length, at + 4)).slice(0, 1));
}

/** A product's text failed JSON.parse: say where (file:line:column) and what was there. */
function syntaxError(name: string, e: Element, cause: unknown): RunError {
  const p = findSyntaxProblem(e.text);
  if (!p) return new RunError('input', `${name}:${e.line}:${e.column}: invalid JSON in product ${e.index}: ${(cause as Error).message}`, { cause });
  const { line, column } = lineColumn(e.text, p.at);
  return new RunError('input', `${name}:${e.line + line}:${line === 0 ? e.column + column - 1 : column}: invalid JSON: expected ${p.expected}; found ${p.found}`, { cause });
}

/** Reads one JSON file: an array of products or {"products": [...]}. */
export async function* readJson(chunks: AsyncIterable<Buffer>, ctx: FileContext, run: RunState): AsyncGenerator<ProductRecord[]> {
  const name = ctx.info.name;
  const scanner = new JsonScanner(name, (base) => (ctx.info.base = base));
  const state: JsonFileState = { unknown: new Set() };
  const elements: Element[] = [];
  let products = 0;
  for await (const chunk of chunks) {
    scanner.feed(chunk, elements);
    if (elements.length === 0) continue;
    const out: ProductRecord[] = [];
    for (const e of elements) {
      let value: unknown;
      try {
        value = JSON.parse(e.text);
      } catch (err) {
        throw syntaxError(name, e, err);
      }
      out.push(jsonProduct(value, ctx, run, state, e.index, e.line));
      products++;
    }
    elements.length = 0;
    yield out;
  }
  scanner.end();
  if (!scanner.inProducts && scanner.topObject && !scanner.sawProducts) {
    throw new RunError('input', `${name}: no "products" array: expected a JSON array of products, or {"products": [...]}`);
  }
  if (products === 0) throw new RunError('input', `${name}: the file has no products (an empty array)`);
}

/**
 * Reads NDJSON: one product per line; blank lines are skipped. A line that is not JSON makes
 * that one product invalid (its issue says why) rather than stopping the run: lines stand
 * alone, so the others are still good, and --rejects hands the bad line back to be fixed.
 */
export async function* readNdjson(chunks: AsyncIterable<Buffer>, ctx: FileContext, run: RunState): AsyncGenerator<ProductRecord[]> {
  const name = ctx.info.name;
  const state: JsonFileState = { unknown: new Set() };
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
    out.push(jsonProduct(value, ctx, run, state, line, line));
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
