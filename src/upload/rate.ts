// One token bucket shared by every worker: the vendor's limit is per account, not per
// connection. It adapts to X-RateLimit-* headers and a 429 pauses everyone.

export class RateLimiter {
  private tokens: number;
  private last = performance.now();
  private pausedUntil = 0;
  private readonly waiters: (() => void)[] = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly rate: number,
    private readonly burst: number,
  ) {
    this.tokens = Math.min(burst, Math.max(1, burst));
  }

  get limited(): boolean {
    return Number.isFinite(this.rate);
  }

  /** Resolves when a request may go. FIFO, so no worker starves. */
  take(): Promise<void> {
    if (!this.limited && this.now() >= this.pausedUntil) return Promise.resolve();
    return new Promise((resolve) => {
      this.waiters.push(resolve);
      this.drain();
    });
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

  private drain(): void {
    if (this.timer) return;
    const now = this.now();
    const rate = this.rate;
    if (Number.isFinite(rate)) {
      this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * rate);
    }
    this.last = now;
    while (this.waiters.length && now >= this.pausedUntil && (!Number.isFinite(rate) || this.tokens >= 1)) {
      if (Number.isFinite(rate)) this.tokens -= 1;
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
