// A located problem, as users see it: where (file:line or file#/json/pointer), which field,
// what was expected, what was found.

export interface LocatedIssue {
  /** `catalog.csv:12` or `catalog.json#/0/variants/1/price` */
  place: string;
  /** The column (CSV) or field path (JSON) at fault; `*` for the whole row or file. */
  field: string;
  expected: string;
  found: string;
  severity: 'error' | 'warning';
  /**
   * Stable and short, for grouping and scripts: `<field>.<reason>` (`price.precision`,
   * `sku.duplicate`, `barcode.check_digit`), or `<target>.<rule>` for a target's own rules.
   */
  code: string;
}

/** Shows a found value briefly: empty cells and missing fields are named, long text is cut. */
export function showFound(value: unknown): string {
  if (value === undefined) return '(missing)';
  if (value === null) return 'null';
  if (value === '') return '(empty)';
  const s = typeof value === 'string' ? JSON.stringify(value) : JSON.stringify(value) ?? String(value);
  return s.length > 80 ? s.slice(0, 77) + '...' : s;
}

export function formatIssue(i: LocatedIssue): string {
  return `${i.place}: ${i.field}: expected ${i.expected}; found ${i.found}`;
}

/**
 * A place's parts: `file:12` → file and line, `file#/products/0/price` → file and JSON pointer.
 * `file`, when known, is taken as is (a file name may itself hold `:` or `#`).
 */
export function splitPlace(place: string, file?: string): { file: string; line?: number; pointer?: string } {
  const rest = file !== undefined && place.startsWith(file) ? place.slice(file.length) : undefined;
  if (rest !== undefined && /^:\d+$/.test(rest)) return { file: file!, line: Number(rest.slice(1)) };
  if (rest !== undefined && rest.startsWith('#')) return { file: file!, pointer: rest.slice(1) };
  const json = place.indexOf('#/');
  if (json !== -1) return { file: place.slice(0, json), pointer: place.slice(json + 1) };
  const m = /^(.*):(\d+)$/.exec(place);
  return m ? { file: m[1]!, line: Number(m[2]) } : { file: place };
}
