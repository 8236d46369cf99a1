// Output levels: --quiet (one summary line, and the problems and errors) and --verbose (one line
// per request as it ends). The normal level is summary.ts and progress.ts.
import { FINAL_STATUSES } from '../output/report.js';
import type { Engine } from '../run/engine.js';
import type { RequestEvent } from '../run/requests.js';
import { leftToResume, type Summary } from '../run/tally.js';
import { redact } from '../secrets.js';

/** What ran: `validate`, `validate for s2`, `dry run for veeqo`, `plan for veeqo (nothing written)`, `upload to veeqo`. */
export function runTitle(s: Pick<Summary, 'mode' | 'target' | 'plan'>): string {
  if (s.mode === 'validate') return s.target ? `validate for ${s.target}` : 'validate';
  if (s.mode === 'dry-run') return `dry run for ${s.target}`;
  return s.plan ? `plan for ${s.target} (nothing written)` : `upload to ${s.target}`;
}

/** The non-zero counts: `2 created, 1 failed`. */
export function countsText(s: Summary): string {
  const counts = FINAL_STATUSES.filter((k) => s.units[k]).map((k) => `${s.units[k]} ${k}`);
  if (s.units.not_sent) counts.push(`${s.units.not_sent} not sent`);
  return counts.join(', ') || 'nothing to do';
}

/** --quiet's one line: what ran, the counts, where the report is, and how to resume. */
export function quietLine(s: Summary, resumeCommand: string): string {
  const parts = [`${runTitle(s)}: ${countsText(s)} in ${(s.elapsed_ms / 1000).toFixed(1)}s`];
  if (s.aborted) parts.push(`stopped: ${s.aborted}`);
  if (s.interrupted) parts.push('interrupted');
  if (s.report) parts.push(`report: ${s.report}`);
  if (leftToResume(s)) parts.push(`to resume: ${resumeCommand}`);
  return redact(parts.join('; '));
}

/** --verbose: `POST /products 201 35ms`, with the attempt when it is a retry. */
export function requestLine(e: RequestEvent): string {
  const outcome = e.status === null ? `no response (${e.error ?? 'error'})` : String(e.status);
  return redact(`${e.method} ${e.path} ${outcome} ${e.ms}ms${e.attempt > 1 ? ` retry ${e.attempt - 1}` : ''}`);
}

export function logRequests(engine: Engine, write: (line: string) => void): void {
  engine.on('request', (e: RequestEvent) => write(requestLine(e)));
}
