// Records → work items: a final line for what needs no request (invalid, valid in a check,
// already done in an earlier run), a send item for the rest. Each unit's request is built and
// judged here once: the body judged is the one --payloads records and the engine sends.
import { readCatalog } from '../input/read.js';
import type { ProductRecord, ReadOptions, ReadStats } from '../input/types.js';
import { formatIssue, type LocatedIssue } from '../issues.js';
import type { ReportLine } from '../output/report.js';
import type { PriorState } from '../output/report-read.js';
import { prepare } from '../targets/check.js';
import type { RequestSpec, Target, Unit } from '../targets/types.js';
import type { Mode } from './options.js';
import { DONE } from './journal.js';
import type { Tally } from './tally.js';

export type Item =
  | { kind: 'final'; line: ReportLine; record: ProductRecord; unit?: Unit }
  | { kind: 'send'; unit: Unit; request: RequestSpec; record: ProductRecord; prior?: PriorState; warnings: string[] };

export interface PlanContext {
  mode: Mode;
  inputs: string[];
  read: ReadOptions;
  target?: Target;
  config?: unknown;
  stats: ReadStats;
  tally: Tally;
  /** The journal's last line per key (--resume): units already done get a `skipped` line. */
  prior: Map<string, PriorState>;
  /** True once the run is draining or aborted: reading stops. */
  stopping: () => boolean;
  /** A check with --payloads writes each request; false when the writer has gone (`| head`). */
  writePayload?: (unit: Unit, request: RequestSpec) => Promise<boolean>;
  /** Called when the reader reached the end of every input. */
  onReadAll: () => void;
}

export async function* planItems(c: PlanContext): AsyncGenerator<Item> {
  const { target, mode, tally, prior } = c;
  const targetName = target?.name;
  for await (const record of readCatalog(c.inputs, c.read, c.stats)) {
    if (c.stopping()) return;
    tally.warnings.record(record);
    const warnings = record.warnings.map(formatIssue);
    if (!record.product) {
      tally.planned++;
      yield { kind: 'final', record, line: { key: invalidKey(record), source: record.source, target: targetName, status: 'invalid', error: firstError(record.issues), errors: record.issues, warnings } };
      continue;
    }
    if (!target) {
      tally.planned++;
      yield { kind: 'final', record, line: { key: record.key, source: record.source, status: 'valid', warnings } };
      continue;
    }
    for (const unit of target.units(record.product, record.source)) {
      tally.planned++;
      if (unit.variant) unit.source = record.locate(`variants[${record.product.variants.indexOf(unit.variant)}].sku`).place;
      const { request, issues: unitIssues } = prepare(target, unit, c.config);
      const issues: LocatedIssue[] = unitIssues.map((i) => ({ ...record.locate(i.field), code: i.code, expected: i.expected, found: i.found, severity: 'error' }));
      const p = prior.get(unit.key);
      const done = mode === 'upload' && p !== undefined && DONE.has(p.status);
      // The same for every unit that has these fields: told once per run (run/warnings.ts).
      if (!done) tally.warnings.droppedFields(target, target.dropped(unit, c.config), unit.key);
      if (issues.length || !request) {
        yield { kind: 'final', record, unit, line: unitLine(unit, targetName, warnings, 'invalid', { error: firstError(issues), errors: issues }) };
      } else if (mode !== 'upload') {
        if (c.writePayload && !(await c.writePayload(unit, request))) {
          tally.notSent++;
          return;
        }
        yield { kind: 'final', record, unit, line: unitLine(unit, targetName, warnings, 'valid') };
      } else if (done) {
        const already = `already ${p!.status === 'skipped' ? 'done' : p!.status} in an earlier run`;
        yield { kind: 'final', record, unit, line: unitLine(unit, targetName, [already], 'skipped', { remote_id: p!.remote_id ?? null, error: null }) };
      } else {
        yield { kind: 'send', unit, request, record, prior: p, warnings };
      }
    }
  }
  c.onReadAll();
}

/** A unit's final line without a request: its key, place and target, then what `extra` says. */
function unitLine(unit: Unit, target: string | undefined, warnings: string[], status: ReportLine['status'], extra: Partial<ReportLine> = {}): ReportLine {
  return { key: unit.key, source: unit.source, target, status, ...extra, warnings };
}

/** Issue codes that say a record repeats another product's key (its handle or sku). */
const REPEATS = new Set(['sku.duplicate', 'sku.is_handle', 'handle.duplicate', 'handle.not_consecutive', 'handle.is_sku']);

/**
 * An invalid record's journal key. One that repeats another product's key (a duplicate sku, a
 * handle's stray rows) gets its place added: under the other's key, its `invalid` line would
 * be the last line of a product that was created, and every --resume would check it again.
 */
function invalidKey(record: ProductRecord): string {
  return record.issues.some((i) => i.code !== undefined && REPEATS.has(i.code)) ? `${record.key}@${record.source}` : record.key;
}

export function firstError(issues: LocatedIssue[]): string | null {
  const i = issues[0];
  return i ? formatIssue(i) : null;
}
