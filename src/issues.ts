// A located problem, as users see it: where (file:line or file#/json/pointer), which field,
// what was expected, what was found.
import { redact } from './secrets.js';

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

/** How much of a found value is shown; the rest is cut. */
const FOUND_MAX = 80;

/**
 * Shows a found value briefly: empty cells and missing fields are named, long text is cut. The
 * value is the user's and may be anything (10 MB of text, 5,000 nested arrays): it is walked
 * only as far as the text shown needs, never recursively past that, and redacted before it is cut.
 */
export function showFound(value: unknown): string {
  if (value === undefined) return '(missing)';
  if (value === null) return 'null';
  if (value === '') return '(empty)';
  return clipText(redact(preview(value, FOUND_MAX + 1)), FOUND_MAX);
}

/** Text cut to `max` characters, with "..." where it was cut (located text, messages). */
export function clipText(s: string, max: number): string {
  return s.length > max ? s.slice(0, max - 3) + '...' : s;
}

/** JSON-like text of a value, at most about `budget` characters, built without recursion. */
function preview(value: unknown, budget: number): string {
  let out = '';
  // Work left to do: values to render, or literal text (closing brackets, commas).
  const stack: ({ v: unknown } | string)[] = [{ v: value }];
  while (stack.length && out.length < budget) {
    const top = stack.pop()!;
    if (typeof top === 'string') {
      out += top;
      continue;
    }
    const v = top.v;
    if (typeof v === 'string') out += JSON.stringify(v.length > budget ? v.slice(0, budget) : v);
    else if (typeof v === 'number' || typeof v === 'boolean' || v === null) out += String(v);
    else if (Array.isArray(v) || (typeof v === 'object' && v !== null)) {
      // Only as many entries as could show; pushed last to first, so they render in order.
      const shown: [string | undefined, unknown][] = [];
      if (Array.isArray(v)) for (let i = 0; i < v.length && i < budget; i++) shown.push([undefined, v[i]]);
      else {
        for (const k in v) {
          if (shown.length >= budget) break;
          if (Object.hasOwn(v, k)) shown.push([k, (v as Record<string, unknown>)[k]]);
        }
      }
      const open = Array.isArray(v) ? '[' : '{';
      stack.push(Array.isArray(v) ? ']' : '}');
      for (let i = shown.length - 1; i >= 0; i--) {
        const [k, x] = shown[i]!;
        stack.push({ v: x });
        const key = k === undefined ? '' : JSON.stringify(k.length > budget ? k.slice(0, budget) : k) + ':';
        stack.push(i > 0 ? ',' + key : key);
      }
      out += open;
    } else out += String(v);
  }
  return out;
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
