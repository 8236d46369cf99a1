// The run's warnings, grouped so that each distinct one is told once, with a count. Two kinds:
// - a warning about a product's own data (mojibake in a cell, an unknown column, a UTF-16 file)
//   stays on that unit's report line too, and is grouped here by what it says;
// - a field the target has no place for is the same for every unit that has it: a fact about
//   the run, kept here once with the number of units per field, never on each unit's line
//   (100,000 lines that each say "Veeqo has no place for: …" are noise and megabytes).
import { formatIssue, type LocatedIssue } from '../issues.js';

export interface WarningGroup {
  /** Stable code: the issue's (`encoding.mojibake`, `column.unknown`), or `<target>.dropped`. */
  code: string;
  /** The first occurrence, as users read it; for a run-level warning, the whole fact. */
  message: string;
  /** Products it applies to; for a run-level warning, units (variants on S2). */
  count: number;
  /** The first units' keys, as examples. */
  keys: string[];
  /** True for a run-level warning (told once per run, on no unit's line). */
  run?: true;
}

const EXAMPLES = 5;

export class RunWarnings {
  private readonly groups = new Map<string, WarningGroup>();
  private readonly seen = new WeakSet<object>();
  private dropped: { target: string; title: string; fields: Map<string, number>; group: WarningGroup } | undefined;

  /** A product's own warnings, once per product however many units it makes. */
  record(record: { key: string; warnings: LocatedIssue[] }): void {
    if (!record.warnings.length || this.seen.has(record)) return;
    this.seen.add(record);
    for (const w of record.warnings) {
      // Distinct by what it says, not where: one group for 10,000 cells with mojibake.
      const id = `${w.code}\u0000${w.field}\u0000${w.expected}`;
      const g = this.groups.get(id) ?? { code: w.code, message: formatIssue(w), count: 0, keys: [] };
      g.count++;
      if (g.keys.length < EXAMPLES && !g.keys.includes(record.key)) g.keys.push(record.key);
      this.groups.set(id, g);
    }
  }

  /**
   * Warnings about a file found after its last product (WooCommerce rows skipped, say): no
   * product is left to carry them, so they are told once, for the run.
   */
  file(warnings: LocatedIssue[]): void {
    for (const w of warnings) {
      const id = `${w.code}\u0000${w.field}\u0000${w.expected}\u0000${w.place}`;
      if (!this.groups.has(id)) this.groups.set(id, { code: w.code, message: formatIssue(w), count: 1, keys: [], run: true });
    }
  }

  /** Fields a unit had that the target has no place for (`target.dropped(unit)`). */
  droppedFields(target: { name: string; title: string }, fields: string[], key: string): void {
    if (!fields.length) return;
    this.dropped ??= { target: target.name, title: target.title, fields: new Map(), group: { code: `${target.name}.dropped`, message: '', count: 0, keys: [], run: true } };
    const d = this.dropped;
    for (const f of fields) d.fields.set(f, (d.fields.get(f) ?? 0) + 1);
    d.group.count++;
    if (d.group.keys.length < EXAMPLES) d.group.keys.push(key);
  }

  /** Every group: run-level first, then by count. */
  list(): WarningGroup[] {
    const out = [...this.groups.values()].sort((a, b) => b.count - a.count);
    const d = this.dropped;
    if (d) {
      const fields = [...d.fields].map(([f, n]) => `${f} (${n})`).join(', ');
      d.group.message = `${d.title} has no place for these fields, not sent (units that had each): ${fields}`;
      out.unshift(d.group);
    }
    return out;
  }

  /** Warnings as counted in the summary: each unit-level one per product, each run-level one once. */
  total(): number {
    let n = this.dropped ? 1 : 0;
    for (const g of this.groups.values()) n += g.count;
    return n;
  }
}
