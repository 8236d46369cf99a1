// The run's bookkeeping: a count per final status, failures grouped by code, and the summary,
// which checks its own arithmetic (every planned unit has exactly one final status) rather than
// assume it.
import { RunError } from '../errors.js';
import type { ReadStats } from '../input/types.js';
import { FINAL_STATUSES, type FinalStatus, type ReportLine } from '../output/report.js';
import { redact } from '../secrets.js';
import type { Mode } from './options.js';
import { RunWarnings, type WarningGroup } from './warnings.js';

export interface FailureGroup {
  /** Stable code shared by the group (`price.precision`, `http.422`). */
  code: string;
  /** The first failure's message, as an example. */
  reason: string;
  count: number;
  keys: string[];
}

export interface Summary {
  mode: Mode;
  /** `upload --plan`: units were looked up, nothing was written. */
  plan?: boolean;
  target?: string;
  ok: boolean;
  elapsed_ms: number;
  rows: { read: number; valid: number; invalid: number };
  /** False when the run stopped before the end of the inputs (abort, Ctrl-C). */
  input_complete: boolean;
  products: { read: number; valid: number; invalid: number };
  units: { planned: number; not_sent: number } & Record<FinalStatus, number>;
  requests: { sent: number; retried: number; rate_limited: number; errors: number };
  units_per_second: number;
  failures: FailureGroup[];
  /** Each product's own warnings, plus each run-level warning once. */
  warnings: number;
  /** Each distinct warning with its count: run-level ones (a field the target drops) first. */
  warning_groups: WarningGroup[];
  resume?: ResumePlan;
  report?: string;
  rejects?: string;
  payloads?: string;
  aborted?: string;
  interrupted?: boolean;
  /** Every planned unit has exactly one final status (checked, not assumed). */
  arithmetic: string;
}

export interface ResumePlan {
  done: number;
  to_retry: number;
  uncertain: number;
  torn_lines: number;
}

/** What the summary needs from the run besides the tally. */
export interface RunFacts {
  mode: Mode;
  plan?: boolean;
  target?: string;
  stats: ReadStats;
  /** The reader reached the end of every input. */
  readAll: boolean;
  elapsedMs: number;
  aborted?: string;
  draining: boolean;
  resume?: ResumePlan;
  report?: string;
  rejects?: string;
  payloads?: string;
}

const FAILED: ReadonlySet<string> = new Set(['invalid', 'failed', 'unknown']);

/** An upload left work that `--resume` would pick up (failures, unknowns, units not sent, a stop). */
export function leftToResume(s: Summary): boolean {
  return s.mode === 'upload' && !s.plan && Boolean(s.units.failed + s.units.unknown + s.units.not_sent || s.interrupted || s.aborted);
}

export class Tally {
  readonly counts = Object.fromEntries(FINAL_STATUSES.map((s) => [s, 0])) as Record<FinalStatus, number>;
  readonly requests = { sent: 0, retried: 0, rate_limited: 0, errors: 0 };
  private readonly failures = new Map<string, FailureGroup>();
  planned = 0;
  /** Pulled from the reader but never sent (a stop): no line, so a resume does them. */
  notSent = 0;
  readonly warnings = new RunWarnings();

  /** Counts a unit's final line (giving a failure its code); true when it is a failure. */
  add(line: ReportLine): boolean {
    this.counts[line.status as FinalStatus]++;
    if (!FAILED.has(line.status)) return false;
    line.code ??= failureCode(line);
    const g = this.failures.get(line.code) ?? { code: line.code, reason: exampleReason(line), count: 0, keys: [] };
    g.count++;
    if (g.keys.length < 5) g.keys.push(line.key);
    this.failures.set(line.code, g);
    return true;
  }

  get errors(): number {
    return this.counts.invalid + this.counts.failed + this.counts.unknown;
  }

  get settled(): number {
    return FINAL_STATUSES.reduce((n, s) => n + this.counts[s], 0);
  }

  summary(f: RunFacts): Summary {
    const c = this.counts;
    const settled = this.settled;
    const accounted = settled + this.notSent;
    const arithmetic = `${this.planned} planned = ${FINAL_STATUSES.filter((s) => c[s]).map((s) => `${c[s]} ${s}`).join(' + ') || '0'}${this.notSent ? ` + ${this.notSent} not sent` : ''}`;
    if (accounted !== this.planned) {
      throw new RunError('internal', `the run lost track of units: ${this.planned} planned but ${accounted} accounted for (${arithmetic}); the report is the source of truth`);
    }
    const { stats } = f;
    // A run stopped early may have read rows of a product it never finished: check only a full read.
    if (f.readAll && stats.rowsRead !== stats.rowsValid + stats.rowsInvalid) {
      throw new RunError('internal', `row counts do not add up: ${stats.rowsRead} read, ${stats.rowsValid} valid + ${stats.rowsInvalid} invalid`);
    }
    return {
      mode: f.mode,
      plan: f.plan || undefined,
      target: f.target,
      ok: this.errors + this.notSent === 0 && !f.aborted && !f.draining,
      elapsed_ms: Math.round(f.elapsedMs),
      rows: { read: stats.rowsRead, valid: stats.rowsValid, invalid: stats.rowsInvalid },
      input_complete: f.readAll,
      products: { read: stats.products, valid: stats.productsValid, invalid: stats.productsInvalid },
      units: { planned: this.planned, ...c, not_sent: this.notSent },
      requests: this.requests,
      units_per_second: Math.round((settled / Math.max(f.elapsedMs, 1)) * 1000 * 10) / 10,
      failures: [...this.failures.values()].sort((a, b) => b.count - a.count),
      warnings: this.warnings.total(),
      warning_groups: this.warnings.list(),
      resume: f.resume,
      report: f.report,
      rejects: f.rejects,
      payloads: f.payloads,
      aborted: f.aborted,
      interrupted: f.draining && !f.aborted ? true : undefined,
      arithmetic: `${arithmetic} ✓`,
    };
  }
}

/**
 * What went wrong, as a stable code that groups failures by kind, not by value or place: the
 * first problem's code (`price.precision`), else the HTTP status (`http.422`).
 */
function failureCode(line: ReportLine): string {
  if (line.errors?.length) return line.errors[0]!.code;
  if (line.http_status) return `http.${line.http_status}`;
  return line.status === 'unknown' ? 'outcome.unknown' : 'request.failed';
}

/** The first failure of a group, as an example: "price: expected …", "HTTP 400: …". */
function exampleReason(line: ReportLine): string {
  if (line.errors?.length) {
    const e = line.errors[0]!;
    return `${e.field}: expected ${e.expected}`;
  }
  return redact((line.error ?? line.status).replace(/gave up after \d+ attempt\(s\): /, ''));
}
