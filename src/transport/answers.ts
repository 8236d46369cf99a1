// What a server's answer is evidence of. An answer the tool cannot read is never evidence: not of
// absence (a lookup), not of success (a create). A 2xx without the vendor's body usually means
// the base URL points somewhere else (a web page, a proxy, a login wall): after a few in a row,
// the run stops and says so, rather than "upload" a catalog into a web server.
import { RunError } from '../errors.js';
import type { Target } from '../targets/types.js';
import type { HttpResponse } from './http.js';

/** Answers not understood in a row before the run stops. */
export const UNREADABLE_LIMIT = 3;

/** Requests that never reached the server, before any answer, before the run stops. */
export const UNREACHABLE_LIMIT = 8;

/**
 * Counts answers the tool could not read, run-wide (one that it could read resets the count), and
 * requests that never reached the server before any answer came: a wrong host or a network down,
 * where every unit would otherwise wait through its retries and end "not sent" with no reason.
 */
export class AnswerWatch {
  private streak = 0;
  private answered = false;
  private unreached = 0;

  constructor(
    private readonly where: string,
    private readonly limit = UNREADABLE_LIMIT,
  ) {}

  understood(): void {
    this.streak = 0;
  }

  /** An HTTP answer of any kind: the server is there. */
  reached(): void {
    this.answered = true;
  }

  /** A request the server never got (refused, no such host); throws the RunError that stops the run at the limit. */
  unreachable(message: string): void {
    if (this.answered || ++this.unreached < UNREACHABLE_LIMIT) return;
    throw new RunError('aborted', `cannot reach ${this.where}: ${message} (${this.unreached} tries, no answer yet): is the base URL right, is the network up? Stopped before anything was sent; run again once it is reachable`);
  }

  /** Counts one unreadable answer; throws the RunError that stops the run at the limit. */
  notUnderstood(target: Target, what: string): void {
    if (++this.streak < this.limit) return;
    throw new RunError(
      'aborted',
      `${this.streak} answers in a row from ${this.where} were not ${target.title}'s (the last: ${what}): is the base URL right? Stopped; units that may have been created are recorded unknown and checked by --resume`,
    );
  }
}

/** The vendor's message for an error answer, prefixed by its status once (never "HTTP 301: HTTP 301"). */
export function describeAnswer(target: Target, res: HttpResponse): string {
  if (res.status >= 300 && res.status < 400) {
    const to = res.headers.location ? `to ${clip(res.headers.location, 200)}` : 'without a Location';
    return `HTTP ${res.status}: redirected ${to}; redirects are not followed: check the base URL (https, host and path)`;
  }
  let m: string;
  try {
    m = res.bodyProblem ? preview(res) : target.parseError(res.status, res.body);
  } catch {
    m = preview(res);
  }
  return m.startsWith(`HTTP ${res.status}`) ? m : `HTTP ${res.status}: ${m}`;
}

/** An answer quoted briefly: status, content type and the start of its body. */
export function preview(res: HttpResponse): string {
  const type = res.headers['content-type']?.split(';')[0];
  const body = res.body === undefined ? '(no body)' : JSON.stringify(clip(typeof res.body === 'string' ? res.body : JSON.stringify(res.body) ?? String(res.body), 120));
  const problem = res.bodyProblem ? `; ${res.bodyProblem}` : '';
  return `HTTP ${res.status}${type ? ` ${type}` : ''}: ${body}${problem}`;
}

/** The created unit's id, or why the answer does not give one. */
export function createdId(target: Target, res: HttpResponse): { id: string } | { unreadable: string } {
  if (res.bodyProblem) return { unreadable: preview(res) };
  try {
    return { id: target.parseCreated(res.body) };
  } catch {
    return { unreadable: `${preview(res)} (no ${target.title} product id in it)` };
  }
}

function clip(s: string, max: number): string {
  return s.length > max ? s.slice(0, max - 3) + '...' : s;
}

/** 401/403 stops the run; the message names the variables to check, never their values. */
export function authError(target: Target, res: HttpResponse): RunError {
  const vars = target.env.filter((e) => e.secret).map((e) => e.name).join(', ');
  return new RunError('auth', `${target.title} rejected the credentials (${describeAnswer(target, res)}); check ${vars}`);
}
