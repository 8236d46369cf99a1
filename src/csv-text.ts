// CSV cells as this tool writes them (reports, rejects) and reads them back (inputs, --resume):
// quoted when needed, and defused when a spreadsheet would run them as a formula (= + - @, tab,
// CR get a leading ', the OWASP advice). Reading takes the ' off again, so values round-trip.

const FORMULA_START = /^[=+\-@\t\r]/;

/** One CSV cell: quoted when needed, defused when it looks like a formula. */
export function csvCell(value: unknown, delimiter = ','): string {
  let s = value === undefined || value === null ? '' : typeof value === 'string' ? value : JSON.stringify(value);
  if (FORMULA_START.test(s)) s = "'" + s;
  const quote = s.includes('"') || s.includes(delimiter) || s.includes('\n') || s.includes('\r') || s.trim() !== s;
  return quote ? '"' + s.replaceAll('"', '""') + '"' : s;
}

export function csvLine(cells: readonly unknown[], delimiter = ','): string {
  return cells.map((c) => csvCell(c, delimiter)).join(delimiter) + '\n';
}

/** The value csvCell defused, as it was: "'=A1" → "=A1". */
export function undoFormulaGuard(s: string): string {
  return s.length > 1 && s.charCodeAt(0) === 39 && FORMULA_START.test(s[1]!) ? s.slice(1) : s;
}
