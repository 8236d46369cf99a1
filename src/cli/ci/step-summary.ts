// The job summary (GitHub's $GITHUB_STEP_SUMMARY, or --summary-md): the run in Markdown, appended
// to the file as GitHub expects, so several steps build one page. Everything from the input
// (keys, file names, messages) is escaped: a catalog cannot inject markup into the page.
import { appendFileSync } from 'node:fs';
import { FINAL_STATUSES } from '../../output/report.js';
import type { Summary } from '../../run/tally.js';
import { redact } from '../../secrets.js';
import { countsText, runTitle } from '../levels.js';

/**
 * Text inside a line of Markdown (never at a line's start): the marks that make emphasis, code,
 * links, HTML, entities, strikethrough or table cells backslash-escaped, on one line.
 */
export function mdText(s: string): string {
  return oneLine(s).replace(/[\\`*_[\]<>|~&]/g, '\\$&');
}

/** A code span that holds any text: a fence longer than any run of backticks inside. */
export function mdCode(s: string, inTable = false): string {
  // In a table cell a pipe ends the cell, even in a code span, unless escaped.
  const t = inTable ? oneLine(s).replaceAll('|', '\\|') : oneLine(s);
  const fence = '`'.repeat(longestRun(t, '`') + 1);
  const pad = t.startsWith('`') || t.endsWith('`') || t === '' ? ' ' : '';
  return `${fence}${pad}${t}${pad}${fence}`;
}

function oneLine(s: string): string {
  return redact(s).replace(/[\r\n]+/g, ' ');
}

function longestRun(s: string, c: string): number {
  let best = 0;
  let run = 0;
  for (const ch of s) best = Math.max(best, (run = ch === c ? run + 1 : 0));
  return best;
}

export interface SummaryFacts {
  /** The command to pick up where the run left off, when there is something left. */
  resume?: string;
}

export function summaryMarkdown(s: Summary, facts: SummaryFacts): string {
  const lines = [
    `### ${s.ok ? '✅' : '❌'} catalog-upload ${mdText(runTitle(s))}: ${countsText(s)}`,
    '',
    '| status | units |',
    '|:--|--:|',
    ...FINAL_STATUSES.filter((k) => s.units[k]).map((k) => `| ${k} | ${s.units[k]} |`),
    ...(s.units.not_sent ? [`| not sent | ${s.units.not_sent} |`] : []),
    `| **planned** | **${s.units.planned}** |`,
    '',
    `Rows: ${s.rows.read} read = ${s.rows.valid} valid + ${s.rows.invalid} invalid · products: ${s.products.read}` +
      (s.mode === 'upload' ? ` · requests: ${s.requests.sent} sent, ${s.requests.retried} retried, ${s.requests.rate_limited} rate-limited (429)` : '') +
      ` · ${(s.elapsed_ms / 1000).toFixed(1)} s${s.warnings ? ` · ${s.warnings} warnings` : ''}`,
  ];
  if (s.failures.length) {
    lines.push('', '#### Failures by reason', '', '| reason | units | example | keys |', '|:--|--:|:--|:--|');
    for (const f of s.failures.slice(0, 20)) lines.push(`| ${mdCode(f.code, true)} | ${f.count} | ${mdText(f.reason)} | ${f.keys.slice(0, 5).map((k) => mdCode(k, true)).join(' ')} |`);
    if (s.failures.length > 20) lines.push('', `… and ${s.failures.length - 20} more reasons in the report.`);
  }
  if (s.aborted) lines.push('', `**Stopped:** ${mdText(s.aborted)}`);
  if (s.interrupted) lines.push('', '**Interrupted.**');
  if (s.report) lines.push('', `**Report:** ${mdCode(s.report)}`);
  if (s.rejects && (s.units.invalid || s.units.failed)) lines.push('', `**Rejects** (fix and run again): ${mdCode(s.rejects)}`);
  if (facts.resume) lines.push('', '**To resume:**', '', ...fenced(facts.resume));
  return lines.join('\n') + '\n\n';
}

/** A run that stopped before it could summarise (an unreadable input, say). */
export function failedMarkdown(what: string, message: string): string {
  return [`### ❌ catalog-upload ${mdText(what)}: stopped`, '', ...fenced(message, 'text'), '', ''].join('\n');
}

function fenced(code: string, lang = 'sh'): string[] {
  const t = redact(code);
  const fence = '`'.repeat(Math.max(3, longestRun(t, '`') + 1));
  return [`${fence}${lang}`, t, fence];
}

export function appendSummary(file: string, markdown: string): void {
  appendFileSync(file, markdown);
}
