// CSV/TSV: csv-parse does the quoting; this file detects the delimiter, keeps exact line
// numbers, groups rows by handle and turns each product's rows into one record.
import { RunError } from '../errors.js';
import { clipText, type LocatedIssue, showFound } from '../issues.js';
import { type ParseOptions, type ProductIssue, REQUIRED } from '../product/parse.js';
import { columnCode, suggestColumn } from './columns.js';
import { MAX_ROW_BYTES, type RowBatch, RowParser } from './csv-rows.js';
import { useWorker, workerBatches } from './csv-thread.js';
import type { PathSegment } from '../paths.js';
import { count, type FileInfo, locateIssues, type RunState } from './record.js';
import { CsvRecord } from './csv-record.js';
import { cellValue, compileLayout, isBlankRow, type Layout, parseRows, spelled, targetCellHazards } from './rows.js';
import { formatFieldPath } from '../paths.js';
import { undoFormulaGuard } from '../csv-text.js';
import type { InputFormat, ProductRecord, SourceRow } from './types.js';

/** Per file: where warnings about the file as a whole wait for the next record. */
export interface FileContext {
  info: FileInfo;
  /** Warnings about the whole file; they ride on the next record read from it. */
  pending: LocatedIssue[];
  warn(w: LocatedIssue): void;
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
 * holds one chunk and the rows of the product being read.
 */
export async function* readCsv(chunks: AsyncIterable<Buffer>, ctx: FileContext, run: RunState): AsyncGenerator<ProductRecord[]> {
  const file = ctx.info;
  const name = file.name;
  const stats = run.stats;
  const parseOptions = run.parseOptions;

  let layout: Layout | undefined;
  let width = 0;
  let out: ProductRecord[] = [];
  let group: Group | undefined;
  let dataRows = 0;
  /** Products with a handle so far. */
  let handled = 0;

  // A cell like '=A1 is read as =A1: said once per column, where it is first seen.
  const guarded = new Set<number>();
  const guardedCell = (cells: readonly string[], j: number, line: number) => {
    const c = cells[j]!;
    if (guarded.has(j) || undoFormulaGuard(c) === c) return;
    guarded.add(j);
    ctx.warn({
      place: `${name}:${line}`,
      field: layout?.names[j] || `column ${j + 1}`,
      code: 'cell.formula_guard',
      expected: `a value as written; its leading ' (the guard spreadsheets and this tool's own reports put before a formula-like value) was removed, so it is read as ${showFound(undoFormulaGuard(c))} (said once per column)`,
      found: showFound(c),
      severity: 'warning',
    });
  };

  const finish = (g: Group) => out.push(finishGroup(g, layout!, ctx, run, parseOptions));

  const onRow = (cells: string[], line: number, badQuotes: number[] | undefined) => {
    if (!layout) {
      if (isBlankRow(cells)) return;
      layout = compileLayout(cells, name);
      width = cells.length;
      warnUnknownColumns(layout, ctx);
      return;
    }
    if (isBlankRow(cells)) return;
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

  // The header line picks the delimiter: wait for all of it.
  const it = chunks[Symbol.asyncIterator]();
  let head: Buffer | undefined;
  let ended = false;
  for (;;) {
    const r = await it.next();
    if (r.done) {
      ended = true;
      break;
    }
    head = head ? Buffer.concat([head, r.value]) : r.value;
    if (head.indexOf(10) >= 0 || head.length >= MAX_ROW_BYTES) break;
  }
  if (head) {
    const nl = head.indexOf(10);
    const headerLine = head.toString('utf8', 0, nl < 0 ? head.length : nl);
    const delimiter = run.opts.delimiter ? normalizeDelimiter(run.opts.delimiter) : detectDelimiter(headerLine, file.format);
    const first = head;
    async function* all(): AsyncGenerator<Buffer> {
      yield first;
      if (!ended) yield* { [Symbol.asyncIterator]: () => it };
    }
    const batches = useWorker(file.size, run.opts.parallel) ? workerBatches(all(), delimiter) : localBatches(all(), delimiter);
    let firstBatch = true;
    for await (const batch of batches) {
      const { cells, lines } = batch;
      const bad = batch.badQuotes ? new Map(batch.badQuotes.map((b) => [b.row, b.columns])) : undefined;
      for (let i = 0; i < cells.length; i++) onRow(cells[i]!, lines[i]!, bad?.get(i));
      if (batch.error) fail(name, batch.error);
      if (firstBatch) {
        firstBatch = false;
        // The first batch is the first chunk: its rows per byte tell how many the file holds.
        if (file.size !== undefined && file.size > first.length * 4 && cells.length > 1) {
          const rows = (file.size / first.length) * cells.length;
          run.reserve(rows, rows * (handled / cells.length));
        }
      }
      if (out.length) {
        yield out;
        out = [];
      }
    }
  }
  if (group) finish(group);
  if (!layout) throw new RunError('input', `${name}: the file is empty: expected a header row naming the columns (handle,title,sku,price,…) and one row per variant`);
  if (dataRows === 0) throw new RunError('input', `${name}: the file has a header but no rows: nothing to read`);
  if (out.length) yield out;
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

function warnUnknownColumns(layout: Layout, ctx: FileContext): void {
  if (layout.unknown.length === 0) return;
  // Header names are the user's and may be megabytes long: shown cut, and no suggestion for those.
  const parts = layout.unknown.map((j) => {
    const n = layout.names[j]!;
    const s = n.length <= MAX_SHOWN_NAME ? suggestColumn(n) : undefined;
    return s ? `"${n}" (did you mean "${s}"?)` : `"${clipText(n, MAX_SHOWN_NAME)}"`;
  });
  ctx.warn({
    place: `${ctx.info.name}:1`,
    field: clipText(layout.names[layout.unknown[0]!]!, MAX_SHOWN_NAME),
    code: 'column.unknown',
    expected: `known columns (see \`catalog-upload schema\`); ignored: ${parts.join(', ')}`,
    found: `${layout.unknown.length} unknown column${layout.unknown.length === 1 ? '' : 's'}`,
    severity: 'warning',
  });
}

function finishGroup(g: Group, layout: Layout, ctx: FileContext, run: RunState, parseOptions: ParseOptions): ProductRecord {
  const file = ctx.info;
  const name = file.name;
  const rows = g.rows;
  const firstLine = rows[0]!.line!;
  const lastLine = rows[rows.length - 1]!.line!;
  const skuCol = layout.skuCol;
  const firstSku = skuCol >= 0 ? cellValue(g.cells[0]![skuCol])?.trim() : undefined;
  const key = g.handle ?? firstSku ?? `${name}:${firstLine}`;
  const record = new CsvRecord(key, `${name}:${firstLine}`, name, file.format, layout.names, rows, layout);
  const issues = record.issues;
  for (const i of g.issues) issues.push(i);
  if (rows.length > 1) conflicts(g, layout, name, issues);
  for (const { col, hazard: h } of targetCellHazards(layout, g.cells[0]!)) {
    const inside = h.path.length ? ` at ${formatFieldPath(h.path)}` : '';
    issues.push({ place: `${name}:${firstLine}`, field: layout.names[col]! + inside, code: h.code, expected: h.expected, found: h.found, severity: 'error' });
  }
  if (skuCol >= 0) {
    for (let r = 0; r < rows.length; r++) {
      const sku = cellValue(g.cells[r]![skuCol])?.trim();
      if (!sku) continue;
      const line = rows[r]!.line!;
      const problem = run.claimSku(sku, file, line, firstLine, lastLine, g.handle === undefined);
      if (problem) issues.push({ place: `${name}:${line}`, field: spelled(layout, 'sku'), code: problem.code, expected: problem.expected, found: showFound(sku), severity: 'error' });
    }
  }
  const result = g.stray ? { ok: false as const, issues: [], warnings: [] } : parseRows(layout, g.cells, parseOptions);
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
