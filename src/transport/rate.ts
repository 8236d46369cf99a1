// One token bucket shared by every worker: the vendor's limit is per account, not per
// connection. It adapts to X-RateLimit-* headers and a 429 pauses everyone.

export class RateLimiter {
  private tokens: number;
  private last = performance.now();
  private pausedUntil = 0;
  /**
   * A rate learned from 429s (AIMD): halved from what we were achieving at each 429, grown 10%
   * per second without one. Without it, an unlimited or too-high --rate sends every waiting
   * worker at once when a pause ends, and the storm repeats.
   */
  private learned: number | undefined;
  private lastGrowth = 0;
  private windowStart = performance.now();
  private windowGrants = 0;
  private lastWindowRate = 0;
  private readonly waiters: (() => void)[] = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly rate: number,
    private readonly burst: number,
  ) {
    this.tokens = Math.min(burst, Math.max(1, burst));
  }

  get limited(): boolean {
    return Number.isFinite(this.effectiveRate());
  }

  /** Resolves when a request may go. FIFO, so no worker starves. */
  take(): Promise<void> {
    if (!this.limited && this.now() >= this.pausedUntil) {
      this.countGrant();
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      this.waiters.push(resolve);
      this.drain();
    });
  }

  /**
   * The server answered 429: learn a lower rate, and pause everyone until `untilEpochMs` (its
   * Retry-After or reset time) when it said.
   */
  throttled(untilEpochMs?: number): void {
    const now = this.now();
    const current = Math.max(this.lastWindowRate, (this.windowGrants * 1000) / Math.max(1, now - this.windowStart));
    // Several 429s of one burst arrive together: only the first of a second halves the rate.
    if (this.learned === undefined || now - this.lastGrowth > 1000) {
      this.learned = Math.max(0.5, Math.min(this.learned ?? Infinity, current, this.rate) / 2);
      this.lastGrowth = now;
    }
    if (untilEpochMs !== undefined) this.pauseUntil(untilEpochMs);
    else this.drain();
  }

  /** Stop everyone until `epochMs` (a 429's Retry-After or reset time). */
  pauseUntil(epochMs: number): void {
    const at = performance.now() + (epochMs - Date.now());
    if (at > this.pausedUntil) this.pausedUntil = at;
    this.tokens = Math.min(this.tokens, 1);
    this.drain();
  }

  /** Seconds until sending resumes (0 when not paused); for the progress line. */
  pausedFor(): number {
    return Math.max(0, (this.pausedUntil - this.now()) / 1000);
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
      const resetAt = parseReset(headers['x-ratelimit-reset']);
      if (resetAt !== undefined) this.pauseUntil(resetAt);
      else this.tokens = Math.min(this.tokens, 0);
      return;
    }
    this.tokens = Math.min(this.tokens, remaining);
  }

  close(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    for (const w of this.waiters.splice(0)) w();
  }

  private now(): number {
    return performance.now();
  }

  /** The configured rate, or the learned one while it is lower. */
  private effectiveRate(): number {
    if (this.learned === undefined) return this.rate;
    const now = this.now();
    if (now >= this.pausedUntil && now - this.lastGrowth >= 1000) {
      this.learned *= 1.1 ** Math.floor((now - this.lastGrowth) / 1000);
      this.lastGrowth = now;
      if (this.learned >= this.rate) this.learned = undefined;
    }
    return Math.min(this.rate, this.learned ?? Infinity);
  }

  private countGrant(): void {
    const now = this.now();
    if (now - this.windowStart >= 1000) {
      this.lastWindowRate = (this.windowGrants * 1000) / (now - this.windowStart);
      this.windowStart = now;
      this.windowGrants = 0;
    }
    this.windowGrants++;
  }

  private drain(): void {
    if (this.timer) return;
    const now = this.now();
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
      this.waiters.shift()!();
    }
    if (!this.waiters.length) return;
    const wait = now < this.pausedUntil ? this.pausedUntil - now : ((1 - this.tokens) / rate) * 1000;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.drain();
    }, Math.max(1, Math.ceil(wait)));
  }
}

function num(v: string | undefined): number | undefined {
  if (v === undefined || v.trim() === '') return undefined;
  const n = Number(v);
  return Number.isFinite(n) ? n : undefined;
}

/** X-RateLimit-Reset: epoch seconds (Fanfare, Pandabase) or seconds from now (others). */
export function parseReset(v: string | undefined, now = Date.now()): number | undefined {
  const n = num(v);
  if (n === undefined) return undefined;
  return n > 1e9 ? n * 1000 : now + n * 1000;
}

/** Retry-After: seconds or an HTTP date. Returns epoch ms. */
export function parseRetryAfter(v: string | undefined, now = Date.now()): number | undefined {
  if (!v) return undefined;
  const n = num(v);
  if (n !== undefined) return now + Math.max(0, n) * 1000;
  const t = Date.parse(v);
  return Number.isNaN(t) ? undefined : t;
}
