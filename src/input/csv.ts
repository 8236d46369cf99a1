// CSV/TSV: csv-parse does the quoting; this file reads the header (delimiter, layout), keeps
// exact line numbers and feeds the rows to csv-group.ts (or woo-reader.ts for WooCommerce).
import { RunError } from '../errors.js';
import { clipText, type LocatedIssue } from '../issues.js';
import { isBlankRow } from './cell.js';
import { isMoneyColumn, suggestColumn } from './columns.js';
import { MAX_ROW_BYTES, type RowBatch, RowParser } from './csv-rows.js';
import { useWorker, workerBatches } from './csv-thread.js';
import { CommaAmounts } from './decimal-comma.js';
import { Grouper } from './csv-group.js';
import { type Chosen, chooseLayout } from './presets/index.js';
import type { FileInfo, RunState } from './record.js';
import { TempCopy } from './spill.js';
import { FieldScanner } from './csv-fields.js';
import type { InputFormat, ProductRecord } from './types.js';
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
  if (ctx.info.style) ctx.info.style.delimiter = head.delimiter;
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

/** Unified columns (and Shopify's, and maps'): rows grouped by handle, consecutive (csv-group.ts). */
async function* readGrouped(chunks: AsyncIterable<Buffer>, delimiter: string, firstBytes: number, chosen: Chosen, ctx: FileContext, run: RunState): AsyncGenerator<ProductRecord[]> {
  const file = ctx.info;
  const name = file.name;
  const layout = chosen.compiled;
  const g = new Grouper(layout, ctx, run);
  if (delimiter === ';' && !run.opts.decimalComma) {
    g.commas = new CommaAmounts(layout.columns.map((c, j) => (isMoneyColumn(c) ? j : -1)).filter((j) => j >= 0), layout.names);
  }
  let firstBatch = true;
  for await (const batch of rowsOf(chunks, delimiter, file.size, run.opts.parallel)) {
    const { cells, lines } = batch;
    const bad = batch.badQuotes ? new Map(batch.badQuotes.map((b) => [b.row, b.columns])) : undefined;
    for (let i = 0; i < cells.length; i++) g.row(cells[i]!, lines[i]!, bad?.get(i));
    if (batch.error) fail(name, batch.error);
    if (firstBatch) {
      firstBatch = false;
      // The first batch is the first chunk: its rows per byte tell how many the file holds.
      if (file.size !== undefined && file.size > firstBytes * 4 && cells.length > 1) {
        const rows = (file.size / firstBytes) * cells.length;
        run.reserve(rows, rows * (g.handled / cells.length));
      }
    }
    if (g.commas?.settled) {
      const verdict = g.commas.verdict(name);
      if (verdict) throw new RunError('input', verdict);
      g.commas = undefined;
    }
    // Held back while the amounts of a ";" file may still all be decimal commas.
    if (g.out.length && !g.commas) {
      yield g.out;
      g.out = [];
    }
  }
  const verdict = g.commas?.verdict(name);
  if (verdict) throw new RunError('input', verdict);
  g.end();
  if (g.dataRows === 0) throw new RunError('input', `${name}: the file has a header but no rows: nothing to read`);
  if (g.out.length) yield g.out;
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
