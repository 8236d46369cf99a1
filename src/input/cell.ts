// One CSV cell read as a value: empty means "not given", and spreadsheet habits are undone.
import { undoFormulaGuard } from '../csv-text.js';

/**
 * The value of a cell, or undefined when it is empty ("not given"). Undoes two spreadsheet
 * habits: the `'` that guards a formula-like cell (our own rejects files write it) and Excel's
 * `="00123"` that keeps leading zeros.
 */
export function cellValue(c: string | undefined): string | undefined {
  if (c === undefined || c === '') return undefined;
  const c0 = c.charCodeAt(0);
  // Most cells start with a letter or digit: nothing to undo.
  if (c0 > 39 && c0 !== 61) return c;
  if (c0 <= 32) {
    const t = c.trim();
    return t === '' ? undefined : t;
  }
  if (c0 === 39) return undoFormulaGuard(c);
  if (c0 === 61 && c.length >= 3 && c.charCodeAt(1) === 34 && c.charCodeAt(c.length - 1) === 34) return c.slice(2, -1);
  return c;
}

/** True when every cell is empty (spreadsheets leave ",,,," rows behind). */
export function isBlankRow(cells: readonly string[]): boolean {
  for (let j = 0; j < cells.length; j++) if (cellValue(cells[j]) !== undefined) return false;
  return true;
}

const JSONISH_RE = /^(?:-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false)$/;

/** A `<target>.<field>` cell: JSON when it looks like a number, boolean, array or object. */
export function targetValue(c: string): unknown {
  const t = c.trim();
  const c0 = t.charCodeAt(0);
  if (c0 === 91 || c0 === 123 || JSONISH_RE.test(t)) {
    try {
      return JSON.parse(t);
    } catch {
      return c;
    }
  }
  return c;
}

const NUMBER_RE = /^-?(?:0|[1-9]\d*)(?:\.\d*[1-9])?$/;

/**
 * A `metadata.<key>` cell: a number when it is one exactly as written ("212", not "007" or
 * "1.50"), true/false, else the text. So a CSV gives the same metadata as the JSON it mirrors.
 */
export function metadataValue(c: string): string | number | boolean {
  const t = c.trim();
  if (t === 'true') return true;
  if (t === 'false') return false;
  if (NUMBER_RE.test(t) && t.length <= 15) return Number(t);
  return c;
}
