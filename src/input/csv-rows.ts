// csv-parse, driven chunk by chunk, giving rows with the line each starts on. Shared by the
// reader's own thread and the CSV worker (csv-worker.ts), so both read a file alike.
import { Parser } from 'csv-parse';

// A row longer than this is an unterminated quote swallowing the file, not a product.
export const MAX_ROW_BYTES = 8 * 1024 * 1024;

export interface RowBatch {
  cells: string[][];
  /** 1-based line where each row starts. */
  lines: number[];
  /** csv-parse stopped: its code and message, and the line of the row it was reading. */
  error?: { code: string | undefined; message: string; line: number };
  /** Rows (index in `cells`) with a cell whose quotes are malformed (`"ab"c`), and which cells. */
  badQuotes?: { row: number; columns: number[] }[];
}

interface Api {
  parse(buf: Buffer | undefined, end: boolean, push: (r: string[]) => void, close: () => void): (Error & { code?: string }) | undefined;
  info: { lines: number; empty_lines: number };
  state: { record: unknown[]; field: { prepend(v: unknown): unknown } };
}

/** Line breaks inside a record's cells (CRLF counts once). */
function lineBreaks(cells: readonly string[]): number {
  let n = 0;
  for (const c of cells) {
    for (let i = c.indexOf('\n'); i >= 0; i = c.indexOf('\n', i + 1)) n++;
    for (let i = c.indexOf('\r'); i >= 0; i = c.indexOf('\r', i + 1)) if (c.charCodeAt(i + 1) !== 10) n++;
  }
  return n;
}

export class RowParser {
  private readonly api: Api;
  // csv-parse counts lines (but twice for a CRLF inside quotes); the first line of each record
  // comes from where the previous one ended and the blank lines skipped in between.
  private prevLines = 0;
  private prevEmpty = 0;
  private prevEnd = 0;
  private batch: RowBatch = { cells: [], lines: [] };
  /** Cells of the record being read whose closing quote was followed by more text. */
  private badQuotes: number[] = [];
  private readonly push = (cells: string[]) => {
    if (this.badQuotes.length) {
      (this.batch.badQuotes ??= []).push({ row: this.batch.cells.length, columns: this.badQuotes });
      this.badQuotes = [];
    }
    const info = this.api.info;
    const lines = info.lines;
    const skipped = info.empty_lines - this.prevEmpty;
    const start = this.prevEnd + 1 + skipped;
    // One line, as nearly always: no need to look inside the cells.
    const end = lines - this.prevLines === 1 + skipped ? start : start + lineBreaks(cells);
    this.prevLines = lines;
    this.prevEmpty = info.empty_lines;
    this.prevEnd = end;
    this.batch.cells.push(cells);
    this.batch.lines.push(start);
  };

  constructor(delimiter: string) {
    const parser = new Parser({
      delimiter,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: true,
      max_record_size: MAX_ROW_BYTES,
      bom: false,
    });
    // The push-based core of the stream: it parses a chunk synchronously and calls `push` for
    // each record, which spares a stream hop per record.
    this.api = (parser as unknown as { api: Api }).api;
    // With relax_quotes, `"ab"c` is kept as the text `"ab"c`, indistinguishable afterwards from a
    // well-quoted `"""ab"" c"`. csv-parse marks that case, and only that one, by prepending the
    // quote to the field it reads (lib/api/index.js): that call says which cell was malformed.
    const field = this.api.state.field;
    const prepend = field.prepend.bind(field);
    field.prepend = (v: unknown) => {
      this.badQuotes.push(this.api.state.record.length);
      return prepend(v);
    };
  }

  /** Parses a chunk (or, with `end`, what is left) and returns the rows it completed. */
  parse(chunk: Buffer | undefined, end: boolean): RowBatch {
    const err = this.api.parse(chunk, end, this.push, noop);
    const batch = this.batch;
    this.batch = { cells: [], lines: [] };
    if (err) batch.error = { code: err.code, message: err.message, line: this.prevEnd + 1 };
    return batch;
  }
}

function noop(): void {}
