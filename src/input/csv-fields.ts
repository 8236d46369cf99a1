// A CSV scanner that reads only some columns: the first pass over a WooCommerce export needs 4
// of its 40-odd columns, and csv-parse (which builds every cell) took most of that pass. Quoting
// is read as csv-parse reads it with relax_quotes: a quote opens a quoted cell only at the start
// of the cell, "" is a quote inside one, and a line break inside quotes is part of the cell.
const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;

export class FieldScanner {
  private readonly wanted: Int32Array;
  private readonly count: number;
  private field = 0;
  private row: (string | undefined)[] = [];
  /** Inside a quoted cell; a quote was just seen there (end of cell, or the first of ""). */
  private quoted = false;
  private quote = false;
  private fieldStart = true;
  /** The bytes of a wanted cell read in earlier chunks (a character may be cut between them). */
  private carry: Buffer[] = [];
  private start = -1;
  private wasQuoted = false;
  private line = 1;
  private rowLine = 1;
  /** The current line has a character other than the line break. */
  private sawText = false;

  /** `onRow` gets the wanted columns' cells (in the order asked) and the line the row starts on. */
  constructor(
    private readonly delimiter: number,
    columns: readonly number[],
    private readonly onRow: (cells: (string | undefined)[], line: number) => void,
  ) {
    const width = Math.max(-1, ...columns) + 1;
    this.wanted = new Int32Array(width).fill(-1);
    columns.forEach((c, k) => c >= 0 && (this.wanted[c] = k));
    this.count = columns.length;
  }

  feed(buf: Buffer): void {
    const n = buf.length;
    const wanted = this.wanted;
    const delim = this.delimiter;
    this.start = this.capturing() && this.start >= 0 ? 0 : -1;
    for (let i = 0; i < n; i++) {
      const c = buf[i]!;
      if (this.quoted) {
        if (this.quote) {
          this.quote = false;
          if (c === QUOTE) continue; // "" inside quotes
          this.quoted = false; // the quote closed the cell: c is what follows it
        } else {
          if (c === QUOTE) this.quote = true;
          else if (c === LF) this.line++;
          continue;
        }
      }
      if (c === delim || c === LF) {
        if (this.field < wanted.length && wanted[this.field]! >= 0) this.take(buf, i);
        this.field++;
        this.fieldStart = true;
        if (c === LF) {
          this.line++;
          this.endRow();
        }
        continue;
      }
      if (c !== CR) this.sawText = true;
      if (this.fieldStart) {
        this.fieldStart = false;
        this.wasQuoted = c === QUOTE;
        if (this.field < wanted.length && wanted[this.field]! >= 0) {
          this.carry = [];
          this.start = this.wasQuoted ? i + 1 : i;
        }
        if (this.wasQuoted) this.quoted = true;
      }
    }
    // A wanted cell that goes on in the next chunk.
    if (this.capturing() && this.start >= 0) {
      this.carry.push(Buffer.from(buf.subarray(this.start, n)));
      this.start = 0;
    }
  }

  /** The last row, when the file does not end with a line break. */
  end(): void {
    if (this.field === 0 && this.fieldStart) return;
    if (this.field < this.wanted.length && this.wanted[this.field]! >= 0) this.take(Buffer.alloc(0), 0);
    this.endRow();
  }

  private capturing(): boolean {
    return !this.fieldStart && this.field < this.wanted.length && this.wanted[this.field]! >= 0;
  }

  private take(buf: Buffer, end: number): void {
    const here = this.start >= 0 && end > this.start ? buf.subarray(this.start, end) : undefined;
    let text = this.fieldStart ? '' : this.carry.length ? Buffer.concat(here ? [...this.carry, here] : this.carry).toString('utf8') : here ? here.toString('utf8') : '';
    if (this.wasQuoted && !this.fieldStart) {
      // Drop the closing quote (and anything csv-parse would have refused after it), undo "".
      const close = text.lastIndexOf('"');
      text = (close >= 0 ? text.slice(0, close) : text).replaceAll('""', '"');
    } else if (text.endsWith('\r')) text = text.slice(0, -1);
    this.row[this.wanted[this.field]!] = text;
    this.carry = [];
    this.start = -1;
  }

  private endRow(): void {
    // An empty line is no row (as csv-parse's skip_empty_lines has it).
    if (this.field > 1 || this.row.some((c) => c !== '' && c !== undefined) || this.sawText) {
      const row = this.row;
      row.length = this.count;
      this.onRow(row, this.rowLine);
    }
    this.sawText = false;
    this.row = [];
    this.field = 0;
    this.fieldStart = true;
    this.wasQuoted = false;
    this.rowLine = this.line;
  }
}

