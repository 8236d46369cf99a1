// CSV cells for files that spreadsheets will open: quoted when needed, and cells that a
// spreadsheet would run as a formula (= + - @, tab, CR) prefixed with ' (OWASP CSV injection).

const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n;]/;

export function csvCell(value: unknown, delimiter = ','): string {
  let s = value === undefined || value === null ? '' : typeof value === 'string' ? value : JSON.stringify(value);
  if (FORMULA_START.test(s)) s = "'" + s;
  return NEEDS_QUOTES.test(s) || s.includes(delimiter) ? '"' + s.replaceAll('"', '""') + '"' : s;
}

export function csvLine(cells: readonly unknown[], delimiter = ','): string {
  return cells.map((c) => csvCell(c, delimiter)).join(delimiter) + '\n';
}
