// What JSON.parse accepts but changes or hides, found in the product's own text (Node 20's
// JSON.parse gives no access to it): numbers that do not survive as written (1e-400 becomes 0,
// 9007199254740993 becomes 9007199254740992, 1e309 becomes Infinity), "__proto__" keys (a
// JavaScript object cannot hold them as data), NUL characters, and nesting deep enough to
// overflow the stack of whatever walks the value later. Each comes back with its path in the value.
import type { PathSegment } from '../paths.js';

export interface JsonHazard {
  /** Where, in the value the text is of (a product, or one CSV cell). */
  path: PathSegment[];
  code: string;
  expected: string;
  found: string;
}

/** Nesting of objects and arrays a product may have; real ones use fewer than ten. */
export const MAX_DEPTH = 64;
/** Hazards reported per value: enough to fix the first ones. */
const MAX_HAZARDS = 10;

// Cheap signs that a text may hold a hazard (one pass of the regex engine, no allocation): a
// "__proto__", any \u escape (a key or NUL may hide behind one), a number with an exponent or
// 16+ digits, or enough brackets to nest past MAX_DEPTH. Most products show none of them.
const SUSPECT = /__proto__|\\u|[0-9.][eE][-+]?[0-9]|[0-9]{16}/;
const MANY_BRACKETS = new RegExp(`^(?:[^[{]*[[{]){${MAX_DEPTH + 1}}`);

/** The hazards in `text`, which JSON.parse has accepted; empty for nearly every product. */
export function jsonHazards(text: string): JsonHazard[] {
  if (!SUSPECT.test(text) && !MANY_BRACKETS.test(text)) return [];
  // A first pass without paths: a suspect is seldom a hazard, and paths cost allocations.
  return scan(text, false).length ? scan(text, true) : [];
}

interface Frame {
  object: boolean;
  index: number;
  key: string | undefined;
  expectKey: boolean;
}

function scan(text: string, withPaths: boolean): JsonHazard[] {
  const out: JsonHazard[] = [];
  const stack: Frame[] = [];
  // Each open container's step: its current key, or the index of its current element.
  const pathHere = (): PathSegment[] => (withPaths ? stack.map((f) => (f.object ? f.key ?? '' : f.index)) : []);
  const n = text.length;
  // Strings with escapes need decoding; most have none, and the next backslash says which.
  let nextBackslash = text.indexOf('\\');
  for (let i = 0; i < n && out.length < MAX_HAZARDS; ) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      const end = stringEnd(text, i);
      const top = stack[stack.length - 1];
      if (nextBackslash >= 0 && nextBackslash < i) nextBackslash = text.indexOf('\\', i);
      const escaped = nextBackslash >= 0 && nextBackslash < end;
      const isKey = top !== undefined && top.object && top.expectKey;
      if (isKey) {
        const key = escaped ? (JSON.parse(text.slice(i, end + 1)) as string) : text.slice(i + 1, end);
        top.key = key;
        if (key === '__proto__') {
          out.push({ path: pathHere(), code: 'key.proto', expected: 'a key other than "__proto__" (it names the prototype of an object and cannot be carried as data)', found: '"__proto__"' });
        }
      } else if (escaped && text.slice(i, end + 1).includes('\\u0000') && (JSON.parse(text.slice(i, end + 1)) as string).includes('\0')) {
        out.push({ path: pathHere(), code: 'text.nul', expected: 'text without NUL characters (\\u0000): the value is damaged or not text', found: clip(text.slice(i, end + 1)) });
      }
      i = end + 1;
    } else if (c === 0x2d || (c >= 0x30 && c <= 0x39)) {
      let j = i + 1;
      while (j < n && isNumberChar(text.charCodeAt(j))) j++;
      const token = text.slice(i, j);
      const becomes = inexact(token);
      if (becomes !== undefined) {
        out.push({
          path: pathHere(),
          code: 'number.inexact',
          expected: `a number a JSON reader keeps as written (this one becomes ${becomes}); write it as a string: "${clip(token, 40)}"`,
          found: clip(token),
        });
      }
      i = j;
    } else {
      if (c === 0x7b || c === 0x5b) {
        if (stack.length >= MAX_DEPTH) {
          out.push({ path: pathHere(), code: 'json.too_deep', expected: `at most ${MAX_DEPTH} levels of nested objects and arrays`, found: `deeper than ${MAX_DEPTH} levels` });
          return out;
        }
        stack.push({ object: c === 0x7b, index: 0, key: undefined, expectKey: true });
      } else if (c === 0x7d || c === 0x5d) stack.pop();
      else if (c === 0x2c) {
        const top = stack[stack.length - 1];
        if (top?.object) top.expectKey = true;
        else if (top) top.index++;
      } else if (c === 0x3a) {
        const top = stack[stack.length - 1];
        if (top) top.expectKey = false;
      }
      i++;
    }
  }
  return out;
}

/** Index of the quote that closes the string opening at `start`. */
function stringEnd(text: string, start: number): number {
  let j = start + 1;
  for (;;) {
    j = text.indexOf('"', j);
    if (j < 0) return text.length;
    let backslashes = 0;
    for (let k = j - 1; text.charCodeAt(k) === 0x5c; k--) backslashes++;
    if (backslashes % 2 === 0) return j;
    j++;
  }
}

function isNumberChar(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || c === 0x2e || c === 0x65 || c === 0x45 || c === 0x2b || c === 0x2d;
}

/**
 * What a JSON number token becomes when it is not exactly the number written, else undefined.
 * Up to 15 significant digits without an exponent, every decimal survives a double.
 */
export function inexact(token: string): string | undefined {
  if (token.length <= 15 && !/[eE]/.test(token)) return undefined;
  const n = Number(token);
  if (!Number.isFinite(n)) return String(n);
  const shown = String(n);
  return canonical(token) === canonical(shown) ? undefined : shown;
}

/** A decimal as sign, significant digits and exponent ("-12e3"), whatever way it was written. */
function canonical(t: string): string {
  const m = /^(-?)(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/.exec(t);
  if (!m) return t;
  const frac = m[3] ?? '';
  let digits = (m[2]! + frac).replace(/^0+/, '');
  if (digits === '') return '0';
  let exp = Number(m[4] ?? 0) - frac.length;
  const kept = digits.replace(/0+$/, '');
  exp += digits.length - kept.length;
  digits = kept;
  return `${m[1]}${digits}e${exp}`;
}

function clip(s: string, max = 80): string {
  return s.length > max ? s.slice(0, max - 3) + '...' : s;
}
