// One token bucket shared by every worker: the vendor's limit is per account, not per
// connection. It adapts to X-RateLimit-* headers and a 429 pauses everyone.
//
// Every wait has an upper bound: a pause the server asks for beyond `maxWaitMs` (--max-wait)
// is not waited out. The limiter gives up instead: every waiter, and every later take(), gets
// the RunError that ends the run cleanly (exit 3, with the resume hint). And a waiter whose
// signal aborts (Ctrl-C) leaves the queue at once.
import { RunError } from '../errors.js';

/** Time as the limiter reads it; injected so that tests can drive it with fake timers. */
export interface Clock {
  /** Monotonic milliseconds, for intervals. */
  now(): number;
  /** Epoch milliseconds, to read the server's absolute times. */
  epoch(): number;
}

export const systemClock: Clock = { now: () => performance.now(), epoch: () => Date.now() };

/** The longest delay setTimeout takes (2^31-1 ms, ~24.8 days): longer ones fire at once. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

export interface RateOptions {
  /** The longest pause the server may impose before the run stops instead (--max-wait). */
  maxWaitMs?: number;
  clock?: Clock;
}

interface Waiter {
  resolve(): void;
  reject(err: RunError): void;
  signal?: AbortSignal;
  onAbort?: () => void;
}

export class RateLimiter {
  private tokens: number;
  private last: number;
  private pausedUntil = 0;
  /**
   * A rate learned from 429s (AIMD): halved from what we were achieving at each 429, grown 10%
   * per second without one. Without it, an unlimited or too-high --rate sends every waiting
   * worker at once when a pause ends, and the storm repeats.
   */
  private learned: number | undefined;
  private lastGrowth = 0;
  private windowStart: number;
  private windowGrants = 0;
  private lastWindowRate = 0;
  private readonly waiters: Waiter[] = [];
  private timer: NodeJS.Timeout | undefined;
  private readonly clock: Clock;
  private readonly maxWaitMs: number;
  /** Set when the server asked for a wait beyond maxWaitMs: the run must stop. */
  gaveUp: RunError | undefined;

  constructor(
    private readonly rate: number,
    private readonly burst: number,
    opts: RateOptions = {},
  ) {
    this.clock = opts.clock ?? systemClock;
    this.maxWaitMs = Math.min(opts.maxWaitMs ?? Infinity, MAX_TIMER_MS);
    this.tokens = Math.max(1, burst);
    this.last = this.windowStart = this.clock.now();
  }

  get limited(): boolean {
    return Number.isFinite(this.effectiveRate());
  }

  /**
   * Resolves when a request may go (FIFO, so no worker starves), or at once when `signal`
   * aborts (the caller checks it). Rejects with `gaveUp` once the limiter has given up.
   */
  take(signal?: AbortSignal): Promise<void> {
    if (this.gaveUp) return Promise.reject(this.gaveUp);
    if (signal?.aborted) return Promise.resolve();
    if (!this.limited && this.clock.now() >= this.pausedUntil) {
      this.countGrant();
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => {
      const w: Waiter = { resolve, reject, signal };
      if (signal) {
        w.onAbort = () => {
          const i = this.waiters.indexOf(w);
          if (i >= 0) this.waiters.splice(i, 1);
          resolve();
        };
        signal.addEventListener('abort', w.onAbort, { once: true });
      }
      this.waiters.push(w);
      this.drain();
    });
  }

  /**
   * The server answered 429: learn a lower rate, and pause everyone until `untilEpochMs` (its
   * Retry-After or reset time) when it said. `said` quotes the header, for the message.
   */
  throttled(untilEpochMs?: number, said = 'a 429'): void {
    const now = this.clock.now();
    const current = Math.max(this.lastWindowRate, (this.windowGrants * 1000) / Math.max(1, now - this.windowStart));
    // Several 429s of one burst arrive together: only the first of a second halves the rate.
    if (this.learned === undefined || now - this.lastGrowth > 1000) {
      this.learned = Math.max(0.5, Math.min(this.learned ?? Infinity, current, this.rate) / 2);
      this.lastGrowth = now;
    }
    if (untilEpochMs !== undefined) this.pauseUntil(untilEpochMs, said);
    else this.drain();
  }

  /** Stop everyone until `epochMs` (a 429's Retry-After or reset time), or give up past maxWaitMs. */
  pauseUntil(epochMs: number, said = 'the server'): void {
    if (this.gaveUp) return;
    const waitMs = epochMs - this.clock.epoch();
    if (!(waitMs <= this.maxWaitMs)) {
      this.giveUp(new RunError('aborted', `${said} asks to wait ${formatWait(waitMs)}, longer than --max-wait ${formatWait(this.maxWaitMs)}: stopped instead of waiting; resume later (or raise --max-wait)`));
      return;
    }
    const at = this.clock.now() + waitMs;
    if (at > this.pausedUntil) this.pausedUntil = at;
    this.tokens = Math.min(this.tokens, 1);
    this.drain();
  }

  /** Seconds until sending resumes (0 when not paused); for the progress line. */
  pausedFor(): number {
    return Math.max(0, (this.pausedUntil - this.clock.now()) / 1000);
  }

  /**
   * Learns from X-RateLimit-Remaining / -Reset on any response: never hold more tokens than the
   * server says are left, and at 0 wait for its reset. (Spreading `remaining` over the time to
   * reset would assume a fixed window; on a token-bucket server, like Pandabase's dynamic
   * limit, that halves the rate for nothing. The configured rate already paces us.)
   */
  observe(headers: Record<string, string>): void {
    const remaining = num(headers['x-ratelimit-remaining']);
    if (remaining === undefined) return;
    if (remaining <= 0) {
      const reset = headers['x-ratelimit-reset'];
      const resetAt = parseReset(reset, this.clock.epoch());
      if (resetAt !== undefined) this.pauseUntil(resetAt, `X-RateLimit-Reset: ${clip(reset!)} (with X-RateLimit-Remaining: 0)`);
      else this.tokens = Math.min(this.tokens, 0);
      return;
    }
    this.tokens = Math.min(this.tokens, remaining);
  }

  /** Releases every waiter (the run is over) and stops the timer. */
  close(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    for (const w of this.waiters.splice(0)) this.release(w).resolve();
  }

  private giveUp(err: RunError): void {
    this.gaveUp = err;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    for (const w of this.waiters.splice(0)) this.release(w).reject(err);
  }

  private release(w: Waiter): Waiter {
    if (w.onAbort) w.signal?.removeEventListener('abort', w.onAbort);
    return w;
  }

  /** The configured rate, or the learned one while it is lower. */
  private effectiveRate(): number {
    if (this.learned === undefined) return this.rate;
    const now = this.clock.now();
    if (now >= this.pausedUntil && now - this.lastGrowth >= 1000) {
      this.learned *= 1.1 ** Math.floor((now - this.lastGrowth) / 1000);
      this.lastGrowth = now;
      if (this.learned >= this.rate) this.learned = undefined;
    }
    return Math.min(this.rate, this.learned ?? Infinity);
  }

  private countGrant(): void {
    const now = this.clock.now();
    if (now - this.windowStart >= 1000) {
      this.lastWindowRate = (this.windowGrants * 1000) / (now - this.windowStart);
      this.windowStart = now;
      this.windowGrants = 0;
    }
    this.windowGrants++;
  }

  private drain(): void {
    if (this.timer || this.gaveUp) return;
    const now = this.clock.now();
    const rate = this.effectiveRate();
    // While a learned rate is in force, send evenly: a burst is what got us the 429.
    const burst = this.learned === undefined ? this.burst : 1;
    if (Number.isFinite(rate)) {
      this.tokens = Math.min(burst, this.tokens + ((now - this.last) / 1000) * rate);
    }
    this.last = now;
    while (this.waiters.length && now >= this.pausedUntil && (!Number.isFinite(rate) || this.tokens >= 1)) {
      if (Number.isFinite(rate)) this.tokens -= 1;
      this.countGrant();
      this.release(this.waiters.shift()!).resolve();
    }
    if (!this.waiters.length) return;
    const wait = now < this.pausedUntil ? this.pausedUntil - now : ((1 - this.tokens) / rate) * 1000;
    this.timer = setTimeout(
      () => {
        this.timer = undefined;
        this.drain();
      },
      Math.min(MAX_TIMER_MS, Math.max(1, Math.ceil(wait))),
    );
  }
}

function num(v: string | undefined): number | undefined {
  if (v === undefined || v.trim() === '') return undefined;
  const n = Number(v);
  return Number.isNaN(n) ? undefined : n;
}

/**
 * X-RateLimit-Reset as epoch ms: epoch seconds (Fanfare, Pandabase), epoch milliseconds (some
 * servers), or seconds from now (others). Infinity for a number too large to be a time.
 */
export function parseReset(v: string | undefined, now = Date.now()): number | undefined {
  const n = num(v);
  if (n === undefined) return undefined;
  if (!Number.isFinite(n)) return n > 0 ? Infinity : now;
  if (n > 1e11) return n;
  return n > 1e9 ? n * 1000 : now + Math.max(0, n) * 1000;
}

/** Retry-After: seconds or an HTTP date, as epoch ms (Infinity for a number beyond any date). */
export function parseRetryAfter(v: string | undefined, now = Date.now()): number | undefined {
  if (!v) return undefined;
  const n = num(v);
  if (n !== undefined) return n === Infinity ? Infinity : now + Math.max(0, n) * 1000;
  const t = Date.parse(v);
  return Number.isNaN(t) ? undefined : Math.max(now, t);
}

/** "2h 5m", "45s", "350ms": a wait as people read it. */
export function formatWait(ms: number): string {
  if (!Number.isFinite(ms)) return 'forever';
  if (ms < 1000) return `${Math.max(0, Math.round(ms))}ms`;
  const s = Math.round(ms / 1000);
  const parts: [number, string][] = [[Math.floor(s / 86400), 'd'], [Math.floor((s % 86400) / 3600), 'h'], [Math.floor((s % 3600) / 60), 'm'], [s % 60, 's']];
  const shown = parts.filter(([n]) => n > 0).slice(0, 2);
  return shown.map(([n, u]) => `${n}${u}`).join(' ') || '0s';
}

function clip(s: string): string {
  return s.length > 40 ? s.slice(0, 37) + '...' : s;
}

/** When a 429 says sending may resume: Retry-After, else X-RateLimit-Reset; with the header quoted. */
export function serverWait(res: { headers: Record<string, string> }): { until: number; said: string } | undefined {
  const ra = res.headers['retry-after'];
  const after = parseRetryAfter(ra);
  if (after !== undefined) return { until: after, said: `a 429 with Retry-After: ${clip(ra!)}` };
  const reset = res.headers['x-ratelimit-reset'];
  const at = parseReset(reset);
  return at === undefined ? undefined : { until: at, said: `a 429 with X-RateLimit-Reset: ${clip(reset!)}` };
}
