// Excel in a European locale saves numbers as it shows them: "12,99", "1.299,00", "1 299,00".
// With --decimal-comma, amounts and measures read "," as the decimal mark and ".", a space or a
// no-break space as thousands separators. Without it, a ";" file whose amounts all look like
// that is stopped with one message naming the flag, rather than one error per price.

const PLAIN_RE = /^\d+,\d+$/;
const GROUPED_RE = /^\d{1,3}(?:[. \u00a0\u202f]\d{3})+(?:,\d+)?$/;
const GROUP_SEPARATORS_RE = /[. \u00a0\u202f]/g;

/** "12,99" → "12.99", "1.299,00" → "1299.00"; anything else unchanged (the field's check judges it). */
export function decimalComma(cell: string): string {
  const t = cell.trim();
  if (PLAIN_RE.test(t)) return t.replace(',', '.');
  if (GROUPED_RE.test(t)) return t.replace(GROUP_SEPARATORS_RE, '').replace(',', '.');
  return cell;
}

/** In a CSV, a value that looks like a decimal comma: the error names the flag that reads it. */
export function commaHint(i: { reason: string; expected: string }): string | undefined {
  return i.reason === 'decimal_comma' ? i.expected.replace('(or set', '(or read the file with --decimal-comma, or set') : undefined;
}

/** An amount written with a decimal comma and one or two decimals: "12,99", "1.299,00". */
export const COMMA_AMOUNT_RE = /^\d{1,3}(?:\.\d{3})*,\d{1,2}$|^\d+,\d{1,2}$/;

const SAMPLE_ROWS = 50;

/**
 * Watches the amounts of the first rows of a ";" file read without --decimal-comma. Settled as
 * soon as one amount is written otherwise (then each bad cell is its own problem, as usual), or
 * after enough rows all written like 12,99: then the run stops with one message. Until it is
 * settled the reader holds its products back, so nothing is sent first.
 */
export class CommaAmounts {
  settled = false;
  private rows = 0;
  private example: { line: number; column: string; value: string } | undefined;

  constructor(
    private readonly columns: readonly number[],
    private readonly names: readonly string[],
  ) {}

  see(cells: readonly string[], line: number, value: (c: string | undefined) => string | undefined): void {
    if (this.settled) return;
    for (const j of this.columns) {
      const c = value(cells[j])?.trim();
      if (c === undefined) continue;
      if (!COMMA_AMOUNT_RE.test(c)) {
        this.settled = true;
        this.example = undefined;
        return;
      }
      this.example ??= { line, column: this.names[j]!, value: c };
    }
    if (++this.rows >= SAMPLE_ROWS) this.settled = true;
  }

  /** The message when every amount seen was written with a decimal comma. */
  verdict(file: string): string | undefined {
    const e = this.example;
    if (!e) return undefined;
    return `${file}:${e.line}: ${e.column} is "${e.value}": the amounts in this ";"-separated file are written with a decimal comma, as Excel saves CSV in many European locales. ` +
      'Run again with --decimal-comma (then "," is the decimal mark and "." or a space separates thousands, in amounts and measures)';
  }
}
