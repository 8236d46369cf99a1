// How header names (and JSON keys) are compared: normalised (case, spaces, `_` and `-`, other
// punctuation, a trailing "(unit)"), then by an edit distance in which swapping two neighbouring
// letters counts as one typo. Used by the did-you-mean of unknown columns and by `map`'s guesses.

export interface NormalName {
  /** Lower case, letters and digits only, words separated by one space: "compare at price". */
  name: string;
  /** The text of a trailing "(…)", lower case: "Weight (kg)" → kg. */
  unit?: string;
}

const UNIT_RE = /^(.*\S)\s*\(([^()]{1,24})\)$/;
const SEPARATORS_RE = /[^\p{L}\p{N}]+/gu;

/** "Compare-At Price" → "compare at price"; "Weight (kg)" → "weight" with unit "kg". */
export function normalizeName(header: string): NormalName {
  const m = UNIT_RE.exec(header.trim());
  if (m) return { name: words(m[1]!), unit: m[2]!.trim().toLowerCase() };
  return { name: words(header) };
}

/** Lower case, letters and digits only, single spaces. */
export function words(s: string): string {
  return s.normalize('NFC').toLowerCase().replace(SEPARATORS_RE, ' ').trim();
}

/**
 * Optimal string alignment distance: insertions, deletions, substitutions and transpositions of
 * neighbours each count one ("prcie" is one typo away from "price"). Short strings only.
 */
export function typoDistance(a: string, b: string): number {
  if (a === b) return 0;
  const n = a.length;
  const m = b.length;
  if (n === 0 || m === 0) return n + m;
  let before = new Array<number>(m + 1).fill(0);
  let prev = Array.from({ length: m + 1 }, (_, j) => j);
  let cur = new Array<number>(m + 1).fill(0);
  for (let i = 1; i <= n; i++) {
    cur[0] = i;
    for (let j = 1; j <= m; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, before[j - 2]! + 1);
      cur[j] = d;
    }
    [before, prev, cur] = [prev, cur, before];
  }
  return prev[m]!;
}

/** How many typos a name of this length may carry and still be recognised: 1, or 2 from 6 letters. */
export function typoBudget(length: number): number {
  return length >= 6 ? 2 : 1;
}

/** Names to compare against: normalised name → what it stands for, with a rank (lower wins ties). */
export class NameIndex<T> {
  private readonly entries: { name: string; value: T; rank: number }[] = [];
  private readonly exact = new Map<string, T>();

  add(name: string, value: T, rank = 0): this {
    const n = words(name);
    if (n === '' || this.exact.has(n)) return this;
    this.exact.set(n, value);
    this.entries.push({ name: n, value, rank });
    return this;
  }

  /** The value of a name exactly as known (after normalising). */
  get(name: string): T | undefined {
    return this.exact.get(words(name));
  }

  /** The closest known name within the typo budget, or undefined; ties go to the lower rank. */
  closest(name: string): T | undefined {
    const n = words(name);
    const hit = this.exact.get(n);
    if (hit !== undefined) return hit;
    let best: { value: T; d: number; rank: number } | undefined;
    for (const e of this.entries) {
      if (Math.abs(e.name.length - n.length) > 2) continue;
      const d = typoDistance(n, e.name);
      if (d > typoBudget(Math.min(e.name.length, n.length))) continue;
      if (!best || d < best.d || (d === best.d && e.rank < best.rank)) best = { value: e.value, d, rank: e.rank };
    }
    return best?.value;
  }
}
