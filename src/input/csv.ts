// CSV/TSV: csv-parse does the quoting; this file detects the delimiter, keeps exact line
// numbers, groups rows by handle and turns each product's rows into one record.
import { RunError } from '../errors.js';
import { clipText, type LocatedIssue, showFound } from '../issues.js';
import { type ParseOptions, type ProductIssue, REQUIRED } from '../product/parse.js';
import { cellValue, isBlankRow } from './cell.js';
import { columnCode, isMoneyColumn, suggestColumn } from './columns.js';
import { MAX_ROW_BYTES, type RowBatch, RowParser } from './csv-rows.js';
import { useWorker, workerBatches } from './csv-thread.js';
import { CommaAmounts } from './decimal-comma.js';
import type { PathSegment } from '../paths.js';
import { type Chosen, chooseLayout } from './presets/index.js';
import { count, type FileInfo, locateIssues, type RunState } from './record.js';
import { CsvRecord } from './csv-record.js';
import { type Layout, spelled } from './layout.js';
import { parseRows, targetCellHazards, variantRowsOf } from './rows.js';
import { formatFieldPath } from '../paths.js';
import { undoFormulaGuard } from '../csv-text.js';
import { TempCopy } from './spill.js';
import { FieldScanner } from './csv-fields.js';
import type { InputFormat, ProductRecord, SourceRow } from './types.js';
import { WooIndex, readWooRows } from './woo-reader.js';

/** Per file: where warnings about the file as a whole wait for the next record. */
export interface FileContext {
  info: FileInfo;
  /** Warnings about the whole file; they ride on the next record read from it. */
  pending: LocatedIssue[];
  warn(w: LocatedIssue): void;
  /** One line about how the file is read, shown once (the layout, the columns left out). */
  notice?(message: string): void;
  /** The file again from its start, decoded (for a second pass); absent for stdin. */
  reopen?(): AsyncIterable<Buffer>;
  /** Bytes of this file counted into the run's progress so far (a second pass recounts them). */
  counted?: { bytes: number; on: boolean };
}

/** The delimiter for `--delimiter` text: one character, or tab spelled as `\t` or `tab`. */
export function normalizeDelimiter(d: string): string {
  if (d === '\\t' || d.toLowerCase() === 'tab') return '\t';
  if (d.length !== 1) throw new RunError('usage', `--delimiter takes one character (or "tab"); got ${JSON.stringify(d)}`);
  return d;
}

/** The most frequent of , ; tab outside quotes in the header line. */
export function detectDelimiter(headerLine: string, format: InputFormat): string {
  const counts: Record<string, number> = { ',': 0, ';': 0, '\t': 0 };
  let quoted = false;
  for (const ch of headerLine) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && ch in counts) counts[ch]!++;
  }
  let best = format === 'tsv' ? '\t' : ',';
  for (const d of [',', ';', '\t']) if (counts[d]! > counts[best]!) best = d;
  return best;
}

interface Group {
  handle: string | undefined;
  /** Rows of a handle seen before: only that is reported. */
  stray?: boolean;
  rows: SourceRow[];
  cells: string[][];
  issues: LocatedIssue[];
}

/**
 * Reads one CSV/TSV file, yielding its products in batches (one per chunk of input). Memory
 * holds one chunk and the rows of the product being read. The header is read first: it says
 * the delimiter and the layout (unified, a platform's export, a map's).
 */
export async function* readCsv(chunks: AsyncIterable<Buffer>, ctx: FileContext, run: RunState): AsyncGenerator<ProductRecord[]> {
  const name = ctx.info.name;
  const it = chunks[Symbol.asyncIterator]();
  const head = await readHead(it, run.opts.delimiter, ctx.info.format);
  if (head.error) fail(name, head.error);
  if (!head.header) throw new RunError('input', `${name}: the file is empty: expected a header row naming the columns (handle,title,sku,price,…) and one row per variant`);
  const chosen = chooseLayout(head.header, name, run.opts);
  announce(chosen, ctx);
  // What was read for the header, then the rest.
  async function* all(): AsyncGenerator<Buffer> {
    yield* head.chunks;
    if (head.ended) return;
    for (let r = await it.next(); !r.done; r = await it.next()) yield r.value;
  }
  if (chosen.woo) yield* readWooFile(all(), head.delimiter, chosen, ctx, run);
  else yield* readGrouped(all(), head.delimiter, head.chunks[0]?.length ?? 0, chosen, ctx, run);
}

interface Head {
  chunks: Buffer[];
  ended: boolean;
  delimiter: string;
  header?: string[];
  error?: RowBatch['error'];
}

/** Reads until the header row is complete (the first row that is not blank). */
async function readHead(it: AsyncIterator<Buffer>, forced: string | undefined, format: InputFormat): Promise<Head> {
  const head: Head = { chunks: [], ended: false, delimiter: ',' };
  let bytes = 0;
  for (;;) {
    const r = await it.next();
    if (r.done) head.ended = true;
    else {
      head.chunks.push(r.value);
      bytes += r.value.length;
    }
    const text = Buffer.concat(head.chunks);
    const nl = text.indexOf(10);
    if (nl < 0 && !head.ended && bytes < MAX_ROW_BYTES) continue;
    // The header line picks the delimiter.
    head.delimiter = forced ? normalizeDelimiter(forced) : detectDelimiter(text.toString('utf8', 0, nl < 0 ? text.length : nl), format);
    const parser = new RowParser(head.delimiter);
    const batch = parser.parse(text, false);
    const rows = head.ended ? [...batch.cells, ...parser.parse(undefined, true).cells] : batch.cells;
    head.header = rows.find((cells) => !isBlankRow(cells));
    head.error = batch.error;
    if (head.header || head.ended || head.error || bytes >= MAX_ROW_BYTES) return head;
  }
}

/**
 * WooCommerce: a first pass reads only Type, ID, SKU and Parent (a scanner, not csv-parse) to
 * count each variable product's variations; the second reads the rows (woo-reader.ts). Stdin,
 * read once, is copied to a temporary file on the way.
 */
async function* readWooFile(chunks: AsyncIterable<Buffer>, delimiter: string, chosen: Chosen, ctx: FileContext, run: RunState): AsyncGenerator<ProductRecord[]> {
  const cols = chosen.woo!;
  if (delimiter.charCodeAt(0) > 127) throw new RunError('usage', `${ctx.info.name}: a WooCommerce export is read with an ASCII delimiter (it writes ","); got ${JSON.stringify(delimiter)}`);
  const index = new WooIndex(cols);
  const copy = ctx.reopen ? undefined : new TempCopy();
  try {
    // The second pass counts the bytes read: this one is only an index.
    const counted = ctx.reopen ? ctx.counted : undefined;
    if (counted) {
      run.stats.bytesRead -= counted.bytes;
      counted.on = false;
    }
    const scanner = new FieldScanner(delimiter.charCodeAt(0), [cols.type, cols.id, cols.sku, cols.parent], (cells) => index.add(cells));
    for await (const chunk of chunks) {
      copy?.write(chunk);
      scanner.feed(chunk);
    }
    scanner.end();
    if (counted) counted.on = true;
    yield* readWooRows(index, chosen, rowsOf(ctx.reopen?.() ?? copy!.read(), delimiter, ctx.info.size, run.opts.parallel), ctx, run);
  } finally {
    copy?.close();
  }
}

/** Unified columns (and Shopify's, and maps'): rows grouped by handle, consecutive. */
async function* readGrouped(chunks: AsyncIterable<Buffer>, delimiter: string, firstBytes: number, chosen: Chosen, ctx: FileContext, run: RunState): AsyncGenerator<ProductRecord[]> {
  const file = ctx.info;
  const name = file.name;
  const stats = run.stats;
  const parseOptions = run.parseOptions;
  const layout = chosen.compiled;
  const width = layout.names.length;
  let header = false;
  let out: ProductRecord[] = [];
  let group: Group | undefined;
  let dataRows = 0;
  /** Products with a handle so far. */
  let handled = 0;
  let commas = delimiter === ';' && !run.opts.decimalComma
    ? new CommaAmounts(layout.columns.map((c, j) => (isMoneyColumn(c) ? j : -1)).filter((j) => j >= 0), layout.names)
    : undefined;

  // A cell like '=A1 is read as =A1: said once per column, where it is first seen.
  const guarded = new Set<number>();
  const guardedCell = (cells: readonly string[], j: number, line: number) => {
    const c = cells[j]!;
    if (guarded.has(j) || undoFormulaGuard(c) === c) return;
    guarded.add(j);
    ctx.warn({
      place: `${name}:${line}`,
      field: layout.names[j] || `column ${j + 1}`,
      code: 'cell.formula_guard',
      expected: `a value as written; its leading ' (the guard spreadsheets and this tool's own reports put before a formula-like value) was removed, so it is read as ${showFound(undoFormulaGuard(c))} (said once per column)`,
      found: showFound(c),
      severity: 'warning',
    });
  };

  const finish = (g: Group) => out.push(finishGroup(g, layout, ctx, run, parseOptions));

  const onRow = (cells: string[], line: number, badQuotes: number[] | undefined) => {
    if (isBlankRow(cells)) return;
    if (!header) {
      header = true;
      return;
    }
    commas?.see(cells, line, cellValue);
    stats.rowsRead++;
    dataRows++;
    for (let j = 0; j < cells.length; j++) if (cells[j]!.charCodeAt(0) === 39) guardedCell(cells, j, line);
    const row: SourceRow = { line, raw: cells };
    let issue: LocatedIssue | undefined = badQuotes && badQuoteIssue(cells, badQuotes[0]!, layout, `${name}:${line}`);
    if (!issue && cells.length > width) {
      for (let j = width; j < cells.length; j++) {
        if (cellValue(cells[j]) !== undefined) {
          issue = { place: `${name}:${line}`, field: '*', code: 'row.too_many_cells', expected: `at most ${width} cells, as many as the header has columns (is a cell missing its quotes?)`, found: `${cells.length} cells`, severity: 'error' };
          break;
        }
      }
    }
    let handle = layout.handleCol >= 0 ? cellValue(cells[layout.handleCol]) : undefined;
    if (handle !== undefined) handle = handle.trim();
    if (group && handle !== undefined && handle === group.handle) {
      group.rows.push(row);
      group.cells.push(cells);
      if (issue) group.issues.push(issue);
      return;
    }
    if (group) finish(group);
    group = { handle, rows: [row], cells: [cells], issues: issue ? [issue] : [] };
    if (handle !== undefined) {
      handled++;
      const problem = run.claimHandle(handle, file, line);
      if (problem) {
        group.issues.push({ place: `${name}:${line}`, field: spelled(layout, 'handle'), code: problem.code, expected: problem.expected, found: showFound(handle), severity: 'error' });
        // Its rows are not a product of their own (the product columns are on the first rows):
        // checking them as one would only add noise.
        group.stray = true;
      }
    } else {
      // No handle: a product of its own, complete now.
      finish(group);
      group = undefined;
    }
  };

  let firstBatch = true;
  for await (const batch of rowsOf(chunks, delimiter, file.size, run.opts.parallel)) {
    const { cells, lines } = batch;
    const bad = batch.badQuotes ? new Map(batch.badQuotes.map((b) => [b.row, b.columns])) : undefined;
    for (let i = 0; i < cells.length; i++) onRow(cells[i]!, lines[i]!, bad?.get(i));
    if (batch.error) fail(name, batch.error);
    if (firstBatch) {
      firstBatch = false;
      // The first batch is the first chunk: its rows per byte tell how many the file holds.
      if (file.size !== undefined && file.size > firstBytes * 4 && cells.length > 1) {
        const rows = (file.size / firstBytes) * cells.length;
        run.reserve(rows, rows * (handled / cells.length));
      }
    }
    if (commas?.settled) {
      const verdict = commas.verdict(name);
      if (verdict) throw new RunError('input', verdict);
      commas = undefined;
    }
    // Held back while the amounts of a ";" file may still all be decimal commas.
    if (out.length && !commas) {
      yield out;
      out = [];
    }
  }
  const verdict = commas?.verdict(name);
  if (verdict) throw new RunError('input', verdict);
  if (group) finish(group);
  if (dataRows === 0) throw new RunError('input', `${name}: the file has a header but no rows: nothing to read`);
  if (out.length) yield out;
}

/** The rows of a CSV (from a second read of it), on a worker thread for big files. */
function rowsOf(chunks: AsyncIterable<Buffer>, delimiter: string, size: number | undefined, parallel: boolean | undefined): AsyncIterable<RowBatch> {
  return useWorker(size, parallel) ? workerBatches(chunks, delimiter) : localBatches(chunks, delimiter);
}

/** The rows of a CSV parsed on this thread, one batch per chunk. */
async function* localBatches(chunks: AsyncIterable<Buffer>, delimiter: string): AsyncGenerator<RowBatch> {
  const parser = new RowParser(delimiter);
  for await (const chunk of chunks) {
    const batch = parser.parse(chunk, false);
    yield batch;
    if (batch.error) return;
  }
  yield parser.parse(undefined, true);
}

function fail(name: string, e: NonNullable<RowBatch['error']>): never {
  if (e.code === 'CSV_QUOTE_NOT_CLOSED') {
    throw new RunError('input', `${name}:${e.line}: unterminated quote: a quoted cell in the row that starts here is never closed (a quote inside a cell is written twice: "")`);
  }
  if (e.code === 'CSV_MAX_RECORD_SIZE') {
    throw new RunError('input', `${name}:${e.line}: the row that starts here is over ${MAX_ROW_BYTES / 1024 / 1024} MB: most likely a quoted cell that is never closed (a quote inside a cell is written twice: ""), or not a CSV file`);
  }
  throw new RunError('input', `${name}:${e.line}: cannot read the CSV row that starts here: ${e.message.replace(/ at line \d+/, '')}`);
}

const MAX_SHOWN_NAME = 64;

/** `"ab"c`: read as the text `"ab"c`, which is rarely what was meant. */
function badQuoteIssue(cells: readonly string[], col: number, layout: Layout, place: string): LocatedIssue {
  return {
    place,
    field: layout.names[col] || `column ${col + 1}`,
    code: 'cell.bad_quotes',
    expected: 'a cell quoted whole or not at all, with nothing after its closing quote (a quote inside a quoted cell is written twice: "ab""c")',
    found: showFound(cells[col]),
    severity: 'error',
  };
}

/** How the file is read (a notice), the columns left out (a notice), the unknown ones (a warning). */
function announce(chosen: Chosen, ctx: FileContext): void {
  const layout = chosen.compiled;
  if (chosen.notice) ctx.notice?.(chosen.notice);
  if (layout.ignored.length) {
    ctx.notice?.(`${ctx.info.name}: not uploaded (no unified field takes them): ${layout.ignored.map((j) => layout.names[j]).join(', ')}`);
  }
  if (layout.unknown.length === 0) return;
  const suggest = chosen.layout === 'unified' ? suggestColumn : chosen.suggest;
  // Header names are the user's and may be megabytes long: shown cut, and no suggestion for those.
  const parts = layout.unknown.map((j) => {
    const n = layout.names[j]!;
    const s = n.length <= MAX_SHOWN_NAME ? suggest(n) : undefined;
    return s ? `"${n}" (did you mean "${s}"?)` : `"${clipText(n, MAX_SHOWN_NAME)}"`;
  });
  ctx.warn({
    place: `${ctx.info.name}:1`,
    field: clipText(layout.names[layout.unknown[0]!]!, MAX_SHOWN_NAME),
    code: 'column.unknown',
    expected: `${chosen.layout === 'unified' ? 'known columns (see `catalog-upload schema`)' : `the columns of ${chosen.layout === 'shopify' ? 'a Shopify' : 'a WooCommerce'} product export`}; ignored: ${parts.join(', ')}`,
    found: `${layout.unknown.length} unknown column${layout.unknown.length === 1 ? '' : 's'}`,
    severity: 'warning',
  });
}

function finishGroup(g: Group, layout: Layout, ctx: FileContext, run: RunState, parseOptions: ParseOptions): ProductRecord {
  const file = ctx.info;
  const name = file.name;
  const { rows, cells, variants, productRow } = variantsFirst(g, layout);
  const firstLine = g.rows[0]!.line!;
  const lastLine = g.rows[g.rows.length - 1]!.line!;
  const skuCol = layout.skuCol;
  const firstSku = skuCol >= 0 ? cellValue(g.cells[0]![skuCol])?.trim() : undefined;
  const key = g.handle ?? firstSku ?? `${name}:${firstLine}`;
  const record = new CsvRecord(key, `${name}:${firstLine}`, name, file.format, layout.names, rows, layout, variants, productRow);
  const issues = record.issues;
  for (const i of g.issues) issues.push(i);
  if (rows.length > 1 && !layout.rules.firstRowWins) conflicts(g, layout, name, issues);
  if (skuCol >= 0) {
    for (let r = 0; r < g.rows.length; r++) {
      const sku = cellValue(g.cells[r]![skuCol])?.trim();
      if (!sku) continue;
      const line = g.rows[r]!.line!;
      const problem = run.claimSku(sku, file, line, firstLine, lastLine, g.handle === undefined);
      if (problem) issues.push({ place: `${name}:${line}`, field: spelled(layout, 'sku'), code: problem.code, expected: problem.expected, found: showFound(sku), severity: 'error' });
    }
  }
  for (const { col, hazard: h } of targetCellHazards(layout, g.cells[0]!)) {
    const inside = h.path.length ? ` at ${formatFieldPath(h.path)}` : '';
    issues.push({ place: `${name}:${firstLine}`, field: layout.names[col]! + inside, code: h.code, expected: h.expected, found: h.found, severity: 'error' });
  }
  const result = g.stray ? { ok: false as const, issues: [], warnings: [] } : parseRows(layout, cells, parseOptions, variants, productRow);
  if (!result.ok || result.warnings.length) {
    const locate = (path: readonly PathSegment[]) => record.locatePath(path);
    if (!result.ok) locateIssues(result.issues, locate, issues, (i, at) => explainCsv(i, at, layout));
    locateIssues(result.warnings, locate, record.warnings);
  }
  if (result.ok && issues.length === 0) record.product = result.product;
  if (ctx.pending.length) {
    record.warnings.unshift(...ctx.pending);
    ctx.pending.length = 0;
  }
  count(run.stats, rows.length, record.product !== undefined);
  return record;
}

/**
 * The rows of a product with its variants first, in order: rows that only carry an image
 * (Shopify) go after them. Variant i is then row i, for places and per-variant rejects.
 */
function variantsFirst(g: Group, layout: Layout): { rows: SourceRow[]; cells: string[][]; variants: number; productRow: number } {
  const vr = variantRowsOf(layout, g.cells);
  if (!vr || vr.length === g.rows.length) return { rows: g.rows, cells: g.cells, variants: g.rows.length, productRow: 0 };
  const order = [...vr, ...g.rows.map((_, r) => r).filter((r) => !vr.includes(r))];
  return { rows: order.map((r) => g.rows[r]!), cells: order.map((r) => g.cells[r]!), variants: vr.length, productRow: order.indexOf(0) };
}

/** CSV wording where the schema's is about JSON shapes. */
function explainCsv(i: ProductIssue, at: { field: string }, layout: Layout): string | undefined {
  const p = i.path;
  if (p[0] === 'variants' && p[2] === 'options' && p[4] === 'name' && i.found === undefined) {
    return `the option's name in ${at.field} on the product's first row (like Size), since this row gives its value`;
  }
  if (p[0] === 'images' && p.length === 1) return `image URLs separated by | in ${spelled(layout, 'image_urls')}`;
  if (i.expected === REQUIRED && !layout.byName.has(at.field) && !layout.names.includes(at.field)) {
    return `${REQUIRED}; the file has no "${at.field}" column`;
  }
  return undefined;
}

/** Later rows of a handle repeat product columns only as the same value or empty. */
function conflicts(g: Group, layout: Layout, name: string, issues: LocatedIssue[]): void {
  const first = g.cells[0]!;
  const firstLine = g.rows[0]!.line!;
  const cols = layout.productCols;
  for (let r = 1; r < g.cells.length; r++) {
    const row = g.cells[r]!;
    for (let i = 0; i < cols.length; i++) {
      const j = cols[i]!;
      const c = cellValue(row[j]);
      if (c === undefined) continue;
      const f = cellValue(first[j]);
      if (c === f || (f !== undefined && c.trim() === f.trim())) continue;
      issues.push({
        place: `${name}:${g.rows[r]!.line}`,
        field: layout.names[j]!,
        code: `${columnCode(layout.columns[j]!)}.conflict`,
        expected: `the same value as line ${firstLine} (${showFound(f ?? '')}) or empty: product columns are read from the first row of handle "${g.handle}"`,
        found: showFound(c),
        severity: 'error',
      });
    }
  }
}
