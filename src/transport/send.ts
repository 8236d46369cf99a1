// Sending one unit: rate limit, retries with backoff, and the rule that a create which may have
// happened is resolved by a lookup or a replay-safe resend (same idempotency key, or an upsert),
// never by a blind POST (docs/architecture.md). The pieces are reusable: attempt() sends one
// request and says what its answer is evidence of; lookupUnit() asks the target whether a unit
// exists; sendUnit() combines them into the create flow.
import { RunError } from '../errors.js';
import type { RequestSpec, Target, Unit } from '../targets/types.js';
import { AnswerWatch, authError, createdId, describeAnswer, preview } from './answers.js';
import { type HttpClient, type HttpResponse, NetworkError } from './http.js';
import { type RateLimiter, serverWait } from './rate.js';
import { backoffMs, classifyStatus, MIN_SETTLE_MS, sleep } from './retry.js';

export interface SendContext {
  target: Target;
  config: unknown;
  /** The HttpClient, or anything that sends the same way (tests script the answers). */
  http: Pick<HttpClient, 'send'>;
  rate: RateLimiter;
  retries: number;
  /** Aborted on a second Ctrl-C or a run abort: requests in flight are cancelled. */
  signal: AbortSignal;
  /**
   * Aborted from the first Ctrl-C or a run-level stop (and whenever `signal` is): rate-limit
   * pauses and backoff sleeps end at once, and no new attempt starts.
   */
  waits?: AbortSignal;
  /** True once the run is draining (first Ctrl-C): no new attempts. */
  draining(): boolean;
  /** Run-wide count of answers not understood (a wrong base URL stops the run). */
  answers?: AnswerWatch;
  onRetry(key: string, reason: string, waitMs: number): void;
  onRequest(status: number | 'error'): void;
  /** A lookup's request was sent again (after a 5xx, a 429, a dropped connection). */
  onLookupRetried?(): void;
  /** How long a server that did not answer within the timeout is given before a lookup decides (ms). */
  settleMs?: number;
  /** --timeout (ms): how long a request may be in the server's hands. */
  timeoutMs?: number;
  /**
   * A unit's create request is about to leave (`true`, awaited: the journal's `sending` line goes
   * to disk first), and after each answer whether anything sent for it so far may have been
   * acted on. Lets a stop-now tell "may exist" from "never acted on".
   */
  onWire?(key: string, mayHaveActed: boolean): void | Promise<void>;
}

export interface SendOutcome {
  status: 'created' | 'existing' | 'failed' | 'unknown';
  remoteId?: string | null;
  httpStatus?: number | null;
  attempts: number;
  error?: string;
  /** A run-level stop (credentials refused, a wait past --max-wait, answers not understood). */
  stop?: RunError;
  /** The 2xx answer of a create (a follow-up step, like Veeqo stock, reads ids from it). */
  body?: unknown;
  /** The run stopped it (a drain, a stop) before any request of it was acted on: a resume sends it. */
  unsent?: boolean;
}

/** Per unit: `maybeReached` turns "not sent" into "outcome unknown" when we stop. */
export interface AttemptState {
  attempts: number;
  maybeReached: boolean;
  /** The last request went unanswered within the timeout: the server may still be acting on it. */
  stillWorking?: boolean;
  lastStatus: number | null;
  lastError: string;
}

/** What one create request's answer is evidence of. */
export type AttemptResult =
  /** A create answered with its id; a write (`what: 'write'`) answered 2xx with a whole body (id ''). */
  | { kind: 'created'; id: string; status: number; body: unknown }
  /** The vendor refused this unit (4xx): nothing was created. */
  | { kind: 'failed'; status: number; error: string }
  /** The server did not act (429, 408, connection refused): safe to send again. */
  | { kind: 'retry'; waitMs?: number }
  /** It may have acted: a 5xx, a drop after sending, or a 2xx whose body we cannot read (`answered`). */
  | { kind: 'acted'; answered: boolean }
  /** Nothing was sent: the run is stopping. */
  | { kind: 'interrupted' };

export type LookupResult = { found: string } | { absent: true } | { error: string };

/** Resends after a 2xx we could not read: one replay gets the answer again; more would only repeat it. */
const REPLAYS_AFTER_UNREADABLE = 1;

export function newAttemptState(uncertain = false): AttemptState {
  return { attempts: 0, maybeReached: uncertain, lastStatus: null, lastError: '' };
}

/**
 * Creates one unit by sending `request`, the one the engine built and checked. `uncertain` is
 * set when an earlier run may already have created it (a `sending` or `unknown` line in the
 * report): then dedupe decides before anything is sent. Never throws a RunError: a run-level
 * stop comes back as `stop`, with the unit `unknown` when its create may have happened.
 */
export async function sendUnit(ctx: SendContext, unit: Unit, request: RequestSpec, uncertain: boolean, resendUnknown: boolean): Promise<SendOutcome> {
  const state = newAttemptState(uncertain);
  try {
    return await create(ctx, unit, request, state, resendUnknown);
  } catch (err) {
    if (!(err instanceof RunError)) throw err;
    const why = state.attempts === 0 ? `not sent: ${err.message}` : state.lastError ? `${state.lastError}; then: ${err.message}` : err.message;
    return { ...giveUp(state, why), stop: err };
  }
}

async function create(ctx: SendContext, unit: Unit, request: RequestSpec, state: AttemptState, resendUnknown: boolean): Promise<SendOutcome> {
  const { target } = ctx;
  const kind = target.dedupe.kind;
  if (state.maybeReached) {
    const earlier = await checkEarlier(ctx, unit, state, resendUnknown);
    if (earlier) return earlier;
  }
  let replays = 0;
  for (let i = 0; i <= ctx.retries; i++) {
    if (stopped(ctx) || (ctx.draining() && state.attempts > 0)) break;
    const r = await attempt(ctx, unit, request, state);
    // Nothing acted on so far (a 429, a refused connection): the unit may be said never sent.
    if (!state.maybeReached) void ctx.onWire?.(unit.key, false);
    if (r.kind === 'interrupted') break;
    if (r.kind === 'created') return { status: 'created', remoteId: r.id, httpStatus: r.status, attempts: state.attempts, body: r.body };
    if (r.kind === 'failed') {
      if (r.status === 422 && kind === 'idempotency-key' && target.dedupe.lookup) {
        // Same key, other body: an earlier request with this key created something. Find it.
        const l = await lookupUnit(ctx, unit);
        if ('found' in l) return existing(state, l.found);
      }
      return { status: 'failed', httpStatus: r.status, attempts: state.attempts, error: r.error };
    }
    if (r.kind === 'acted') {
      // The server may have acted. Sending again is only safe when it cannot make a duplicate.
      if (kind === 'none') return unknown(state, `${state.lastError}; the request may have reached ${target.title}, which has no way to deduplicate, so it was not retried`);
      if (kind === 'lookup') {
        // Unanswered in time, it may still be under way: a lookup now could miss a create that
        // lands a moment later, and the resend would duplicate it. Give the server its time first.
        if (state.stillWorking && !(await pause(ctx, ctx.settleMs ?? MIN_SETTLE_MS))) return unknown(state, `${state.lastError}; stopped before the lookup could check whether it was created`);
        const l = await lookupUnit(ctx, unit);
        if ('found' in l) return existing(state, l.found);
        if ('error' in l) return unknown(state, `${state.lastError}; and the lookup to check whether it was created failed: ${l.error}`);
        if (r.answered) return unknown(state, `${state.lastError}; and the lookup does not find it (yet): check on ${target.title}, then run --resume`);
      } else if (r.answered && replays++ >= REPLAYS_AFTER_UNREADABLE) {
        const l = kind === 'idempotency-key' && target.dedupe.lookup ? await lookupUnit(ctx, unit) : undefined;
        if (l && 'found' in l) return existing(state, l.found);
        return unknown(state, `${state.lastError}; sent again with the same ${kind === 'upsert' ? 'sync id' : 'idempotency key'} and still no answer to read`);
      }
    }
    if (i < ctx.retries) {
      const wait = (r.kind === 'retry' ? r.waitMs : undefined) ?? backoffMs(i);
      ctx.onRetry(unit.key, state.lastError, wait);
      await sleep(wait, waitSignal(ctx));
    }
  }
  if (state.attempts === 0) return giveUp(state, state.maybeReached ? 'not sent again: the run was interrupted (an earlier run may have created it)' : 'not sent: the run was interrupted');
  // Cut short while waiting to send again (a 429 pause), with nothing acted on: not a failure.
  if ((stopped(ctx) || ctx.draining()) && !state.maybeReached) return { status: 'failed', httpStatus: state.lastStatus, attempts: state.attempts, unsent: true, error: `stopped before any request of it was acted on (${state.lastError}): a resume sends it` };
  return giveUp(state, `gave up after ${state.attempts} attempt(s): ${state.lastError}`);
}

/**
 * An earlier run may have created the unit: decide before sending. Returns the outcome, or
 * undefined to go on and send (safe: the unit is absent, or the resend replays).
 */
async function checkEarlier(ctx: SendContext, unit: Unit, state: AttemptState, resendUnknown: boolean): Promise<SendOutcome | undefined> {
  const { target } = ctx;
  const kind = target.dedupe.kind;
  if (kind === 'none') {
    if (resendUnknown) return undefined;
    return unknown(state, `an earlier run's request may have created it, and ${target.title} offers no way to check: verify it there, then re-run with --resume --resend-unknown`);
  }
  // An idempotency key may have expired since an earlier run: where the target also has a
  // lookup, check first. When the lookup cannot answer, the same key still makes the resend
  // replay-safe for as long as the vendor keeps it. For 'lookup' targets it is the only protection.
  if (kind === 'upsert' || !target.dedupe.lookup) return undefined;
  const l = await lookupUnit(ctx, unit);
  if ('found' in l) return existing(state, l.found);
  if ('error' in l && kind === 'lookup') return unknown(state, `an earlier run may have created it and the lookup failed: ${l.error}`);
  return undefined;
}

/**
 * Sends one request of a unit and says what its answer is evidence of. A create must answer with
 * the id it made; a write that sets values (an update, a stock level: `what: 'write'`) succeeds on
 * any 2xx whose body arrived whole. Throws RunError to stop the run.
 */
export async function attempt(ctx: SendContext, unit: Unit, request: RequestSpec, state: AttemptState, what: 'create' | 'write' = 'create'): Promise<AttemptResult> {
  const res = await exchange(ctx, request, async () => {
    await ctx.onWire?.(unit.key, true);
    state.attempts++;
  });
  if (res === 'interrupted') return { kind: 'interrupted' };
  if (res instanceof NetworkError) {
    state.lastError = res.message;
    state.lastStatus = null;
    if (!res.sent) return { kind: 'retry' };
    state.maybeReached = true;
    state.stillWorking = res.timedOut;
    return { kind: 'acted', answered: false };
  }
  state.lastStatus = res.status;
  switch (classifyStatus(res.status)) {
    case 'created': {
      if (what === 'write' && !res.bodyProblem) {
        ctx.answers?.understood();
        return { kind: 'created', id: '', status: res.status, body: res.body };
      }
      const read = createdId(ctx.target, res);
      if ('id' in read) {
        ctx.answers?.understood();
        return { kind: 'created', id: read.id, status: res.status, body: res.body };
      }
      // The server answered success: that is evidence it acted, not that it created what we
      // asked (a web page at a wrong base URL answers 200 too). Dedupe decides; never a blind POST.
      state.maybeReached = true;
      state.lastError = `${read.unreadable}: the answer does not say whether it was created`;
      ctx.answers?.notUnderstood(ctx.target, read.unreadable);
      return { kind: 'acted', answered: true };
    }
    case 'auth':
      throw authError(ctx.target, res);
    case 'failed':
      if (res.status < 400) ctx.answers?.notUnderstood(ctx.target, preview(res));
      return { kind: 'failed', status: res.status, error: describeAnswer(ctx.target, res) };
    case 'retry': {
      state.lastError = describeAnswer(ctx.target, res);
      if (res.status !== 429) return { kind: 'retry' };
      const wait = serverWait(res);
      ctx.rate.throttled(wait?.until, wait?.said);
      // With a time from the server, the shared limiter holds everyone until then; without
      // one (Veeqo), the learned lower rate and this unit's backoff space the retries.
      return wait === undefined ? { kind: 'retry' } : { kind: 'retry', waitMs: 0 };
    }
    case 'ambiguous':
      state.maybeReached = true;
      state.lastError = describeAnswer(ctx.target, res);
      return { kind: 'acted', answered: false };
  }
}

/**
 * Asks the target whether the unit exists, page by page. GETs are safe to retry, so they are, a
 * few times. Only an answer the target's lookup can read says "absent"; anything else is an error.
 */
export async function lookupUnit(ctx: SendContext, unit: Unit): Promise<LookupResult> {
  const spec = ctx.target.dedupe.kind === 'lookup' || ctx.target.dedupe.kind === 'idempotency-key' ? ctx.target.dedupe.lookup : undefined;
  if (!spec) return { error: `${ctx.target.title} has no lookup` };
  let cursor: string | undefined;
  for (let page = 0; page < 10_000; page++) {
    const got = await lookupPage(ctx, spec.request(unit, ctx.config, cursor));
    if ('error' in got) return got;
    let m: { found?: string; next?: string };
    try {
      m = spec.match(unit, got.res.body, cursor);
    } catch (err) {
      const what = `lookup: ${preview(got.res)} (${(err as Error).message})`;
      ctx.answers?.notUnderstood(ctx.target, what);
      return { error: what };
    }
    ctx.answers?.understood();
    if (m.found) return { found: m.found };
    if (!m.next) return { absent: true };
    cursor = m.next;
  }
  return { error: 'lookup: more than 10,000 pages' };
}

/** A GET (lookup or listing page) within the rate limit, retried a few times; 'error' (why in `state`) once it gives up. */
export async function getWithRetries(ctx: SendContext, req: RequestSpec, state: AttemptState): Promise<HttpResponse | 'error'> {
  const got = await lookupPage(ctx, req);
  if ('res' in got) return got.res;
  state.lastError = got.error;
  return 'error';
}

/** One page of a lookup: a 2xx answer with its whole body, or why there is none. */
async function lookupPage(ctx: SendContext, req: RequestSpec): Promise<{ res: HttpResponse } | { error: string }> {
  let lastError = 'lookup: interrupted';
  for (let i = 0; i <= Math.max(3, ctx.retries); i++) {
    const r = await exchange(ctx, req);
    if (r === 'interrupted') return { error: `${lastError}; the run was interrupted` };
    if (i > 0) ctx.onLookupRetried?.();
    if (r instanceof NetworkError) {
      lastError = `lookup: ${r.message}`;
      await sleep(backoffMs(i), waitSignal(ctx));
      continue;
    }
    if (r.status === 401 || r.status === 403) throw authError(ctx.target, r);
    if (r.status >= 200 && r.status < 300 && !r.bodyProblem) return { res: r };
    if (r.status < 400) {
      // A 2xx whose body did not arrive, or a redirect: not an answer to read, nor to wait for.
      const what = `lookup: ${r.status < 300 ? preview(r) : describeAnswer(ctx.target, r)}`;
      ctx.answers?.notUnderstood(ctx.target, what);
      return { error: what };
    }
    lastError = `lookup ${describeAnswer(ctx.target, r)}`;
    if (r.status < 500 && r.status !== 429 && r.status !== 408) return { error: lastError };
    const wait = r.status === 429 ? serverWait(r) : undefined;
    if (r.status === 429) ctx.rate.throttled(wait?.until, wait?.said);
    if (wait === undefined) await sleep(backoffMs(i), waitSignal(ctx));
  }
  return { error: lastError };
}

/**
 * One request in its turn under the rate limit: its response, the transport failure, or
 * 'interrupted' when the run stopped before it left. `leaving` runs just before it does.
 */
async function exchange(ctx: SendContext, req: RequestSpec, leaving?: () => Promise<void>): Promise<HttpResponse | NetworkError | 'interrupted'> {
  await ctx.rate.take(waitSignal(ctx));
  if (stopped(ctx)) return 'interrupted';
  if (leaving) {
    await leaving();
    // A stop-now while the journal line was being written: nothing has left.
    if (ctx.signal.aborted) return 'interrupted';
  }
  try {
    const res = await ctx.http.send(req, ctx.signal);
    ctx.answers?.reached();
    ctx.onRequest(res.status);
    ctx.rate.observe(res.headers);
    return res;
  } catch (err) {
    if (!(err instanceof NetworkError)) throw err;
    ctx.onRequest('error');
    if (!err.sent) ctx.answers?.unreachable(err.message);
    return err;
  }
}

/** A stop (Ctrl-C, a run-level stop) has ended the run's waits. */
export function stopped(ctx: SendContext): boolean {
  return ctx.signal.aborted || (ctx.waits?.aborted ?? false);
}

/** Waits `ms` unless a stop ends the wait first; false when it did. */
export async function pause(ctx: SendContext, ms: number): Promise<boolean> {
  await sleep(ms, waitSignal(ctx));
  return !stopped(ctx);
}

/** What ends a wait: the first Ctrl-C (`waits`, which the caller also aborts with `signal`), else `signal`. */
function waitSignal(ctx: SendContext): AbortSignal {
  return ctx.waits ?? ctx.signal;
}

function existing(state: AttemptState, id: string): SendOutcome {
  return { status: 'existing', remoteId: id, httpStatus: state.lastStatus, attempts: state.attempts };
}

function unknown(state: AttemptState, error: string): SendOutcome {
  return { status: 'unknown', httpStatus: state.lastStatus, attempts: state.attempts, error };
}

/** The run or the unit stops here: `unknown` when a request may have acted, else `failed`. */
function giveUp(state: AttemptState, error: string): SendOutcome {
  return state.maybeReached ? unknown(state, error) : { status: 'failed', httpStatus: state.lastStatus, attempts: state.attempts, error };
}
