// JSON and NDJSON files → records. JSON is read as a stream (json-scan.ts finds each product's
// text); NDJSON line by line. Each product is checked and located by json-product.ts.
import { RunError } from '../errors.js';
import type { FileContext } from './csv.js';
import { type Element, JsonScanner, MAX_ELEMENT_BYTES, NL } from './json-scan.js';
import { done, fileState, type JsonFileState, JsonRecord, jsonProduct } from './json-product.js';
import { TempCopy } from './spill.js';
import { findSyntaxProblem, lineColumn } from './jsonsyntax.js';
import { jsonHazards } from './json-hazards.js';
import type { RunState } from './record.js';
import type { ProductRecord } from './types.js';

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
