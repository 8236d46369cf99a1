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

/** An amount written with a decimal comma and one or two decimals: "12,99", "1.299,00". */
export const COMMA_AMOUNT_RE = /^\d{1,3}(?:\.\d{3})*,\d{1,2}$|^\d+,\d{1,2}$/;
