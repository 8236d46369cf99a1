// A located problem, as users see it: where (file:line or file#/json/pointer), which field,
// what was expected, what was found.

export interface LocatedIssue {
  /** `catalog.csv:12` or `catalog.json#/0/variants/1/price` */
  place: string;
  /** Stable reason (`fanfare.url.required`); issues of the unified schema may not carry one yet. */
  code?: string;
  /** The column (CSV) or field path (JSON) at fault; `*` for the whole row or file. */
  field: string;
  expected: string;
  found: string;
  severity: 'error' | 'warning';
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
