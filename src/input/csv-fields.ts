// A CSV scanner that reads only some columns: the first pass over a WooCommerce export needs 4
// of its 40-odd columns, and csv-parse (which builds every cell) took most of that pass. It reads
// quoting as csv-parse does with relax_quotes (the second pass uses csv-parse, and both must see
// the same cells): a quote opens a quoted cell only at the start of a cell; inside one, "" is a
// quote and a quote before a delimiter or line end closes it; a quote before anything else turns
// the cell into plain text that keeps its quotes. Lines end with LF, CRLF or CR.
const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;

export class FieldScanner {
  /** Column → its position among the wanted ones, or -1. */
  private readonly wanted: Int32Array;
  private readonly count: number;
  private row: (string | undefined)[] = [];
  private field = 0;
  private fieldStart = true;
  private quoted = false;
  /** A quote was just seen inside quotes: a closing one, or the first of "". */
  private quotePending = false;
  private wasQuoted = false;
  /** In captured bytes, where a quoted cell turned into plain text (-1: it did not). */
  private relaxAt = -1;
  /** A CR ended the row: an LF right after it belongs to it. */
  private crPending = false;
  /** The current line has a character other than the line end. */
  private sawText = false;
  // The wanted cell being read: bytes of earlier chunks, and where it starts in this one.
  private parts: Buffer[] = [];
  private partBytes = 0;
  private start = -1;

  /** `onRow` gets the wanted columns' cells, in the order asked. */
  constructor(
    private readonly delimiter: number,
    columns: readonly number[],
    private readonly onRow: (cells: (string | undefined)[]) => void,
  ) {
    this.wanted = new Int32Array(Math.max(-1, ...columns) + 1).fill(-1);
    columns.forEach((c, k) => c >= 0 && (this.wanted[c] = k));
    this.count = columns.length;
  }

  feed(buf: Buffer): void {
    const n = buf.length;
    const delim = this.delimiter;
    if (this.start >= 0) this.start = 0;
    for (let i = 0; i < n; i++) {
      const c = buf[i]!;
      if (this.crPending) {
        this.crPending = false;
        if (c === LF) continue;
      }
      if (this.quoted) {
        if (!this.quotePending) {
          if (c === QUOTE) this.quotePending = true;
          continue;
        }
        this.quotePending = false;
        if (c === QUOTE) continue;
        this.quoted = false;
        // Not a closing quote: the cell goes on as plain text, from that quote.
        if (c !== delim && c !== LF && c !== CR && this.start >= 0) this.relaxAt = this.partBytes + i - this.start - 1;
      }
      if (c === delim) {
        this.endField(buf, i);
        continue;
      }
      if (c === LF || c === CR) {
        this.endField(buf, i);
        this.endRow();
        this.crPending = c === CR;
        continue;
      }
      this.sawText = true;
      if (this.fieldStart) {
        this.fieldStart = false;
        this.wasQuoted = this.quoted = c === QUOTE;
        if (this.field < this.wanted.length && this.wanted[this.field]! >= 0) this.start = this.quoted ? i + 1 : i;
      }
    }
    // A wanted cell that goes on in the next chunk (a character may be cut: keep bytes).
    if (this.start >= 0) {
      this.parts.push(Buffer.from(buf.subarray(this.start, n)));
      this.partBytes += n - this.start;
    }
  }

  /** The last row, when the file does not end with a line break. */
  end(): void {
    if (this.field === 0 && !this.sawText) return;
    this.endField(Buffer.alloc(0), 0);
    this.endRow();
  }

  private endField(buf: Buffer, end: number): void {
    const k = this.field < this.wanted.length ? this.wanted[this.field]! : -1;
    if (k >= 0) this.row[k] = this.fieldStart ? '' : this.text(buf, end);
    this.field++;
    this.fieldStart = true;
    this.wasQuoted = false;
    this.relaxAt = -1;
    this.parts = [];
    this.partBytes = 0;
    this.start = -1;
  }

  private text(buf: Buffer, end: number): string {
    const here = this.start >= 0 && end > this.start ? buf.subarray(this.start, end) : undefined;
    const raw = this.parts.length ? Buffer.concat(here ? [...this.parts, here] : this.parts) : here ?? Buffer.alloc(0);
    if (!this.wasQuoted) return raw.toString('utf8');
    if (this.relaxAt >= 0) {
      // As csv-parse keeps it: the opening quote, the quoted part, then the rest as written.
      return '"' + raw.toString('utf8', 0, this.relaxAt).replaceAll('""', '"') + raw.toString('utf8', this.relaxAt);
    }
    // Without its closing quote (absent only at the end of a file cut inside quotes).
    const close = raw.length > 0 && raw[raw.length - 1] === QUOTE ? raw.length - 1 : raw.length;
    return raw.toString('utf8', 0, close).replaceAll('""', '"');
  }

  private endRow(): void {
    // An empty line is no row, as csv-parse's skip_empty_lines has it.
    if (this.sawText || this.field > 1) {
      const row = this.row;
      row.length = this.count;
      this.onRow(row);
    }
    this.row = [];
    this.field = 0;
    this.sawText = false;
  }
}
