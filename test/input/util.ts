// Helpers for the reader tests: read inputs into arrays, expect run errors, write temp inputs.
import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { RunError } from '../../src/errors.js';
import { formatIssue, type LocatedIssue } from '../../src/issues.js';
import { newStats, readCatalog } from '../../src/input/read.js';
import { type FileContext, readCsv } from '../../src/input/csv.js';
import { toUtf8 } from '../../src/input/decode.js';
import { readJson, readNdjson } from '../../src/input/json.js';
import { RunState } from '../../src/input/record.js';
import type { InputFormat, ProductRecord, ReadOptions, ReadStats } from '../../src/input/types.js';
import { tempDir } from '../helpers.js';

export interface ReadResult {
  records: ProductRecord[];
  stats: ReadStats;
  /** File-level warnings, as onWarning saw them. */
  warnings: LocatedIssue[];
}

export async function readAll(inputs: string[], opts: Partial<ReadOptions> = {}): Promise<ReadResult> {
  const stats = newStats();
  const records: ProductRecord[] = [];
  const warnings: LocatedIssue[] = [];
  for await (const r of readCatalog(inputs, { defaultCurrency: 'USD', onWarning: (w) => warnings.push(w), ...opts }, stats)) records.push(r);
  assert.equal(stats.rowsRead, stats.rowsValid + stats.rowsInvalid, 'row counts add up');
  assert.equal(stats.products, stats.productsValid + stats.productsInvalid, 'product counts add up');
  assert.equal(stats.products, records.length);
  return { records, stats, warnings };
}

/** Reads and expects a RunError; returns it. */
export async function readFails(inputs: string[], opts: Partial<ReadOptions> = {}): Promise<RunError> {
  try {
    await readAll(inputs, opts);
  } catch (err) {
    assert.ok(err instanceof RunError, `expected a RunError, got ${String(err)}`);
    return err;
  }
  assert.fail('expected the read to fail');
}

let dir: string | undefined;

/** Writes a temp input file (removed when the test process exits) and returns its path. */
export function temp(name: string, content: string | Buffer): string {
  if (!dir) {
    const d = (dir = tempDir('cu-input-'));
    process.on('exit', () => rmSync(d, { recursive: true, force: true }));
  }
  const file = path.join(dir, name);
  writeFileSync(file, content);
  return file;
}

/** All issues of all records, flattened. */
/** What a fixture's issue must say: its place (after the file name), field, and what else is given. */
export interface ExpectedIssue {
  /** After the file name: `:2` or `#/products/1/variants/1/price`. */
  at: string;
  field: string;
  expected?: string | RegExp;
  code?: string;
  found?: string;
}

/**
 * Reads a bad fixture and checks its issues, in order, one by one; every issue is an error, and
 * a product is valid exactly when it has none.
 */
export async function expectIssues(file: string, expects: ExpectedIssue[]): Promise<void> {
  const { records } = await readAll([file]);
  const issues = allIssues(records);
  assert.equal(issues.length, expects.length, issues.map(formatIssue).join('\n'));
  expects.forEach((e, k) => {
    const i = issues[k]!;
    assert.equal(i.place, file + e.at, formatIssue(i));
    assert.equal(i.field, e.field, formatIssue(i));
    assert.equal(i.severity, 'error', formatIssue(i));
    if (typeof e.expected === 'string') assert.ok(i.expected.includes(e.expected), formatIssue(i));
    else if (e.expected) assert.match(i.expected, e.expected);
    if (e.code) assert.equal(i.code, e.code, formatIssue(i));
    if (e.found !== undefined) assert.equal(i.found, e.found, formatIssue(i));
  });
  for (const r of records) assert.equal(r.product === undefined, r.issues.length > 0, r.key);
}

/** Reads a fixture that must stop the run: an input error whose message matches. */
export async function expectRunError(file: string, message: RegExp): Promise<void> {
  const err = await readFails([file]);
  assert.equal(err.code, 'input');
  assert.match(err.message, message);
}

export function allIssues(records: ProductRecord[]): LocatedIssue[] {
  return records.flatMap((r) => r.issues);
}

/**
 * Reads text given as chunks of `size` bytes, through the same decoder and readers as files:
 * whatever the chunk boundaries split (lines, quotes, UTF-8 characters, JSON strings), the
 * result must be the same.
 */
export async function readChunks(name: string, format: InputFormat, content: string | Buffer, size: number, opts: Partial<ReadOptions> = {}): Promise<ProductRecord[]> {
  const bytes = typeof content === 'string' ? Buffer.from(content) : content;
  async function* chunks() {
    for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
  }
  const stats = newStats();
  const run = new RunState({ defaultCurrency: 'USD', ...opts }, stats);
  const info = run.addFile(name, format);
  const ctx: FileContext = { info, pending: [], warn(w) { this.pending.push(w); } };
  const reader = format === 'json' ? readJson : format === 'ndjson' ? readNdjson : readCsv;
  const out: ProductRecord[] = [];
  for await (const batch of reader(toUtf8(chunks(), { name, onBytes: () => {}, warn: (w) => ctx.warn(w) }), ctx, run)) out.push(...batch);
  return out;
}

/** What a record says, without its methods: for comparing reads. */
export function summary(r: ProductRecord) {
  return { key: r.key, source: r.source, rows: r.rows, product: r.product, issues: r.issues, warnings: r.warnings };
}

/** The products of a file, by key; every one must be valid. */
export async function validProducts(file: string) {
  const { records } = await readAll([file]);
  for (const r of records) assert.ok(r.product, JSON.stringify(r.issues));
  return new Map(records.map((r) => [r.key, r.product!]));
}
