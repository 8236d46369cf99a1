// GitHub Actions annotations: each located problem becomes a workflow command
// (`::error file=…,line=…,col=…,title=<code>::<field>: expected …; found …`) that GitHub shows on
// the line of the file in the pull request. GitHub shows 10 annotations of each kind per step,
// so each kind is capped there: the first ones, then one that says how many more are in the report.
// Written to stderr: the runner reads workflow commands from both streams, and stdout may be
// reserved (--json, --payloads -).
import type { LocatedIssue } from '../../issues.js';
import { redact } from '../../secrets.js';
import { type PlaceHint, type Position, Positions } from './positions.js';

/** Workflow-command data (the message): `%`, CR and LF escaped, as actions/toolkit does. */
export function escapeData(s: string): string {
  return s.replaceAll('%', '%25').replaceAll('\r', '%0D').replaceAll('\n', '%0A');
}

/** Workflow-command property values: the data escapes, and `:` and `,`, which delimit them. */
export function escapeProperty(s: string): string {
  return escapeData(s).replaceAll(':', '%3A').replaceAll(',', '%2C');
}

export type Level = 'error' | 'warning';

export function workflowCommand(level: Level, props: Position & { title?: string }, message: string): string {
  const parts: string[] = [];
  if (props.file !== undefined) parts.push(`file=${escapeProperty(props.file)}`);
  if (props.line !== undefined) parts.push(`line=${props.line}`);
  if (props.col !== undefined) parts.push(`col=${props.col}`);
  if (props.title !== undefined) parts.push(`title=${escapeProperty(props.title)}`);
  return `::${level}${parts.length ? ' ' + parts.join(',') : ''}::${escapeData(message)}`;
}

/** GitHub shows this many annotations of each kind per step. */
export const SHOWN_PER_KIND = 10;

interface Pending {
  place: string;
  field: string;
  code: string;
  message: string;
  hint?: PlaceHint;
  /** The column, when the message itself said it (a JSON syntax error). */
  col?: number;
}

export class Annotations {
  private readonly kept: Record<Level, Pending[]> = { error: [], warning: [] };
  private readonly total: Record<Level, number> = { error: 0, warning: 0 };

  constructor(
    private readonly positions: Positions,
    private readonly write: (line: string) => void,
  ) {}

  /** A located validation problem. */
  issue(i: LocatedIssue, hint?: PlaceHint): void {
    this.add(i.severity, { place: i.place, field: i.field, code: i.code, message: `${i.field}: expected ${i.expected}; found ${i.found}`, hint });
  }

  /** A unit the target refused or whose outcome is unknown, at the product's place. */
  failure(place: string, code: string, message: string, hint?: PlaceHint, col?: number): void {
    this.add('error', { place, field: '*', code, message, hint, col });
  }

  private add(level: Level, p: Pending): void {
    this.total[level]++;
    if (this.kept[level].length < SHOWN_PER_KIND) this.kept[level].push(p);
  }

  /** Prints the annotations; `where` names where all of them can be read (the report). */
  finish(where: string): void {
    for (const level of ['error', 'warning'] as const) {
      const all = this.kept[level];
      const over = this.total[level] > SHOWN_PER_KIND;
      const shown = over ? all.slice(0, SHOWN_PER_KIND - 1) : all;
      for (const p of shown) {
        const at = this.positions.of(p.place, p.field, p.hint);
        if (p.col !== undefined && at.col === undefined && at.line !== undefined) at.col = p.col;
        // Redacted before escaping, so a secret is found as it was written.
        this.write(workflowCommand(level, { ...at, file: at.file === undefined ? undefined : redact(at.file), title: redact(p.code) }, redact(p.message)));
      }
      if (over) {
        const more = this.total[level] - shown.length;
        this.write(workflowCommand(level, { title: 'catalog-upload' }, redact(`${more} more ${level === 'error' ? 'problems' : 'warnings'} not annotated (GitHub shows ${SHOWN_PER_KIND} per step): ${where}`)));
      }
    }
  }
}
