// Sending one unit: rate limit, retries with backoff, and the rule that an ambiguous failure is
// retried only where the target's dedupe makes a duplicate impossible (docs/architecture.md).
import { RunError } from '../errors.js';
import type { RequestSpec, Target, Unit } from '../targets/types.js';
import { HttpClient, type HttpResponse, NetworkError } from './http.js';
import { parseReset, parseRetryAfter, type RateLimiter } from './rate.js';
import { backoffMs, classifyStatus, sleep } from './retry.js';

export interface SendContext {
  target: Target;
  config: unknown;
  http: HttpClient;
  rate: RateLimiter;
  retries: number;
  /** Aborted on a second Ctrl-C or a run abort: stop waiting, stop retrying. */
  signal: AbortSignal;
  /** True once the run is draining (first Ctrl-C): no new attempts. */
  draining(): boolean;
  onRetry(key: string, reason: string, waitMs: number): void;
  onRequest(status: number | 'error'): void;
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
  /** The 2xx answer of a create (a follow-up step, like Veeqo stock, reads ids from it). */
  body?: unknown;
}

/** Per-unit state: `maybeReached` turns "not sent" into "outcome unknown" when we stop. */
export interface Attempt {
  attempts: number;
  maybeReached: boolean;
  lastStatus: number | null;
  lastError: string;
}

/**
 * Creates one unit by sending `request`, the one the engine built and checked. `uncertain` is
 * set when an earlier run may already have created it (a `sending` or `unknown` line in the
 * report): then dedupe decides before anything is sent.
 */
export async function sendUnit(ctx: SendContext, unit: Unit, request: RequestSpec, uncertain: boolean, resendUnknown: boolean): Promise<SendOutcome> {
  const { target } = ctx;
  const state: Attempt = { attempts: 0, maybeReached: uncertain, lastStatus: null, lastError: '' };
  const kind = target.dedupe.kind;

  // An idempotency key may have expired since an earlier run: where the target also has a
  // lookup, check first (for 'lookup' targets the lookup is the only protection).
  const canLookup = kind === 'lookup' || (kind === 'idempotency-key' && target.dedupe.lookup !== undefined);
  if (uncertain && canLookup) {
    const found = await lookup(ctx, unit, state);
    if (found === 'error') return unknown(state, `an earlier run may have created it and the lookup failed: ${state.lastError}`);
    if (found) return { status: 'existing', remoteId: found, httpStatus: state.lastStatus, attempts: state.attempts };
  } else if (uncertain && kind === 'none' && !resendUnknown) {
    return unknown(state, `an earlier run's request may have created it, and ${target.title} offers no way to check: verify it there, then re-run with --resume --resend-unknown`);
  }

  for (let i = 0; i <= ctx.retries; i++) {
    if (ctx.signal.aborted || (ctx.draining() && state.attempts > 0)) break;
    const verdict = await attempt(ctx, request, state, unit.key);
    void ctx.onWire?.(unit.key, state.maybeReached);
    if (verdict.done?.httpStatus === 422 && kind === 'idempotency-key' && canLookup) {
      // Same key, other body: an earlier request with this key created something. Find it.
      const found = await lookup(ctx, unit, state);
      if (typeof found === 'string') return { status: 'existing', remoteId: found, httpStatus: 422, attempts: state.attempts };
    }
    if (verdict.done) return { ...verdict.done, attempts: state.attempts };
    if (verdict.ambiguous) {
      // The server may have acted. Retrying is only safe when it cannot make a duplicate.
      if (kind === 'none') return unknown(state, `${state.lastError}; the request may have reached ${target.title}, which has no way to deduplicate, so it was not retried`);
      if (kind === 'lookup') {
        const found = await lookup(ctx, unit, state);
        if (found === 'error') return unknown(state, `${state.lastError}; and the lookup to check whether it was created failed`);
        if (found) return { status: 'existing', remoteId: found, httpStatus: state.lastStatus, attempts: state.attempts };
      }
    }
    if (i < ctx.retries) {
      const wait = verdict.waitMs ?? backoffMs(i);
      ctx.onRetry(unit.key, state.lastError, wait);
      await sleep(wait, ctx.signal);
    }
  }
  if (state.maybeReached) return unknown(state, `gave up after ${state.attempts} attempt(s): ${state.lastError}`);
  return { status: 'failed', httpStatus: state.lastStatus, attempts: state.attempts, error: state.attempts ? `gave up after ${state.attempts} attempt(s): ${state.lastError}` : 'not sent: the run was interrupted' };
}

function unknown(state: Attempt, error: string): SendOutcome {
  return { status: 'unknown', httpStatus: state.lastStatus, attempts: state.attempts, error };
}

export interface AttemptResult {
  done?: Omit<SendOutcome, 'attempts'>;
  ambiguous?: boolean;
  /** The server said how long to wait (429). */
  waitMs?: number;
}

/** One request within the rate limit, classified (also used by src/run/existing.ts for updates and stock). */
export async function attempt(ctx: SendContext, request: RequestSpec, state: Attempt, key: string): Promise<AttemptResult> {
  await ctx.rate.take();
  if (ctx.signal.aborted) return {};
  await ctx.onWire?.(key, true);
  if (ctx.signal.aborted) return {};
  state.attempts++;
  let res: HttpResponse;
  try {
    res = await ctx.http.send(request, ctx.signal);
  } catch (err) {
    if (!(err instanceof NetworkError)) throw err;
    ctx.onRequest('error');
    state.lastError = err.message;
    state.lastStatus = null;
    if (!err.sent) return {};
    state.maybeReached = true;
    return { ambiguous: true };
  }
  ctx.onRequest(res.status);
  ctx.rate.observe(res.headers);
  state.lastStatus = res.status;
  const verdict = classifyStatus(res.status);
  switch (verdict) {
    case 'created': {
      let remoteId: string | null = null;
      try {
        remoteId = ctx.target.parseCreated(res.body);
      } catch {
        // Created all the same: a missing id in the answer must not turn into a retry.
      }
      return { done: { status: 'created', remoteId, httpStatus: res.status, body: res.body } };
    }
    case 'auth':
      throw authError(ctx.target, res);
    case 'failed':
      return { done: { status: 'failed', httpStatus: res.status, error: `HTTP ${res.status}: ${ctx.target.parseError(res.status, res.body)}` } };
    case 'retry': {
      state.lastError = `HTTP ${res.status}: ${ctx.target.parseError(res.status, res.body)}`;
      if (res.status !== 429) return {};
      const until = serverWait(res);
      ctx.rate.throttled(until);
      // With a time from the server, the shared limiter holds everyone until then; without
      // one (Veeqo), the learned lower rate and this unit's backoff space the retries.
      return until === undefined ? {} : { waitMs: 0 };
    }
    case 'ambiguous':
      state.maybeReached = true;
      state.lastError = `HTTP ${res.status}: ${ctx.target.parseError(res.status, res.body)}`;
      return { ambiguous: true };
  }
}

/** Asks the target whether the unit exists. GETs are safe to retry, so they are, a few times. */
async function lookup(ctx: SendContext, unit: Unit, state: Attempt): Promise<string | undefined | 'error'> {
  const lookupSpec = ctx.target.dedupe.kind === 'lookup' || ctx.target.dedupe.kind === 'idempotency-key' ? ctx.target.dedupe.lookup : undefined;
  if (!lookupSpec) return 'error';
  let cursor: string | undefined;
  for (let page = 0; page < 10_000; page++) {
    const res = await getWithRetries(ctx, lookupSpec.request(unit, ctx.config, cursor), state);
    if (res === 'error') return 'error';
    const m = lookupSpec.match(unit, res.body, cursor);
    if (m.found) return m.found;
    if (!m.next) return undefined;
    cursor = m.next;
  }
  return 'error';
}

/** A GET (lookup or listing page) within the rate limit, retried a few times; 'error' once it gives up. */
export async function getWithRetries(ctx: SendContext, request: RequestSpec, state: Attempt): Promise<HttpResponse | 'error'> {
  for (let i = 0; i <= Math.max(3, ctx.retries); i++) {
    if (ctx.signal.aborted) return 'error';
    await ctx.rate.take();
    try {
      const r = await ctx.http.send(request, ctx.signal);
      ctx.onRequest(r.status);
      ctx.rate.observe(r.headers);
      if (r.status === 401 || r.status === 403) throw authError(ctx.target, r);
      if (r.status >= 200 && r.status < 300) return r;
      state.lastError = `lookup HTTP ${r.status}: ${ctx.target.parseError(r.status, r.body)}`;
      if (r.status < 500 && r.status !== 429 && r.status !== 408) return 'error';
      const until = r.status === 429 ? serverWait(r) : undefined;
      if (r.status === 429) ctx.rate.throttled(until);
      if (until === undefined) await sleep(backoffMs(i), ctx.signal);
    } catch (err) {
      if (!(err instanceof NetworkError)) throw err;
      ctx.onRequest('error');
      state.lastError = `lookup: ${err.message}`;
      await sleep(backoffMs(i), ctx.signal);
    }
  }
  return 'error';
}

/** 401/403 stops the run; the message names the variables to check, never their values. */
function authError(target: Target, res: HttpResponse): RunError {
  const vars = target.env.filter((e) => e.secret).map((e) => e.name).join(', ');
  return new RunError('auth', `${target.title} rejected the credentials (HTTP ${res.status}: ${target.parseError(res.status, res.body)}); check ${vars}`);
}

/** When a 429 says sending may resume: Retry-After, else X-RateLimit-Reset (epoch ms). */
function serverWait(res: HttpResponse): number | undefined {
  return parseRetryAfter(res.headers['retry-after']) ?? parseReset(res.headers['x-ratelimit-reset']);
}
