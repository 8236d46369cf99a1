// The human summary on stderr. Everything here is derived from the engine's Summary, which
// has already checked its own arithmetic.
import { formatIssue, type LocatedIssue } from '../issues.js';
import { FINAL_STATUSES } from '../output/report.js';
import { leftToResume, type Summary } from '../run/tally.js';
import { redact } from '../secrets.js';
import { paint } from './colour.js';
import { runTitle } from './levels.js';

const out = (s = '') => process.stderr.write(redact(s) + '\n');

export function notice(message: string): void {
  out(paint.dim(message));
}

export function errorLine(message: string): string {
  return `${paint.red('error:')} ${message}`;
}

const COLOUR: Record<string, (s: string) => string> = {
  valid: paint.green, created: paint.green, updated: paint.green, unchanged: paint.dim, existing: paint.green, skipped: paint.dim,
  to_create: paint.cyan, to_update: paint.cyan,
  invalid: paint.yellow, failed: paint.red, unknown: paint.magenta,
};

/** Where the rest of a list can be found: the report only when one was written. */
function rest(report: string | undefined): string {
  return report ? `in ${report}` : 'name a file with --report to keep them all';
}

export function printIssues(issues: LocatedIssue[], total: number, report: string | undefined): void {
  if (!issues.length) return;
  out(paint.bold('problems:'));
  for (const i of issues) out('  ' + formatIssue(i));
  if (total > issues.length) out(paint.dim(`  … and ${total - issues.length} more (${rest(report)})`));
}

const SHOWN_GROUPS = 10;

/** Each distinct warning with its count (run/warnings.ts): run-level ones once, first. */
function printWarnings(s: Summary): void {
  if (!s.warning_groups.length) return;
  out(paint.bold(`warnings: ${s.warnings}`));
  for (const g of s.warning_groups.slice(0, SHOWN_GROUPS)) {
    const examples = g.count > 1 ? paint.dim(`  e.g. ${g.keys.slice(0, 3).join(', ')}`) : '';
    // Run-level: a field the target drops (with the units that had it), or a fact about a file.
    const head = g.run ? (g.keys.length ? `  ${g.count} units: ` : '  ') : `  ${String(g.count).padStart(6)} × `;
    out(head + g.message + examples);
  }
  const more = s.warning_groups.length - SHOWN_GROUPS;
  if (more > 0) out(paint.dim(`  … ${more} more kinds of warning (${rest(s.report)})`));
}

export function printSummary(s: Summary, resumeCommand: string): void {
  const secs = (s.elapsed_ms / 1000).toFixed(1);
  const head = runTitle(s);
  out();
  out(paint.bold(`${head}: ${s.rows.read} rows, ${s.products.read} products, ${s.units.planned} ${s.target ? 'units' : 'products checked'} in ${secs}s (${s.units_per_second}/s)`));
  const width = Math.max(...FINAL_STATUSES.map((x) => x.length));
  for (const status of FINAL_STATUSES) {
    const n = s.units[status];
    if (n || (s.plan ? ['to_create', 'to_update', 'unchanged', 'existing'] : s.mode === 'upload' ? ['created', 'failed'] : ['valid', 'invalid']).includes(status)) {
      out(`  ${(COLOUR[status] ?? String)(status.padEnd(width))}  ${n}`);
    }
  }
  if (s.units.not_sent) out(`  ${'not sent'.padEnd(width)}  ${s.units.not_sent}`);
  if (s.mode === 'upload') {
    out(paint.dim(`  requests: ${s.requests.sent} sent, ${s.requests.retried} retried, ${s.requests.rate_limited} rate-limited (429), ${s.requests.errors} network errors`));
  }
  if (s.failures.length) {
    out(paint.bold('by reason:'));
    for (const f of s.failures.slice(0, 10)) {
      // The reason is the first unit's own message (its remote id, its value): said as its.
      const more = f.keys.slice(1, 3);
      out(`  ${String(f.count).padStart(6)} × ${f.code}  ${f.keys[0]}: ${f.reason}${more.length ? '  ' + paint.dim(`also ${more.join(', ')}${f.count > 3 ? ', …' : ''}`) : ''}`);
    }
    if (s.failures.length > 10) out(paint.dim(`  … ${s.failures.length - 10} more reasons (${rest(s.report)})`));
  }
  printWarnings(s);
  const rows = s.input_complete ? `rows ${s.rows.read} read = ${s.rows.valid} valid + ${s.rows.invalid} invalid ✓` : `stopped after ${s.rows.read} rows, before the end of the input`;
  out(paint.dim(`check: ${rows}; units ${s.arithmetic}`));
  if (s.report) out(`report: ${s.report}`);
  if (s.rejects && (s.units.invalid || s.units.failed)) out(`rejects: ${s.rejects} (fix and run again)`);
  if (s.payloads && s.payloads !== '-') out(`payloads: ${s.payloads}`);
  if (s.aborted) out(errorLine(`run stopped: ${s.aborted}`));
  if (s.interrupted) out(paint.yellow('interrupted'));
  if (leftToResume(s)) out(`to resume: ${resumeCommand}`);
}
