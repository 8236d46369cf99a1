// The sandbox's injected trouble: seeded randomness, the fault draw and the token bucket.
// Everything random comes from a seeded PRNG so that a run with the same options and the same
// order of requests meets the same faults (seeded, so runs repeat).

export interface Faults {
  /** Delay added to every vendor request before it is answered. */
  latencyMs?: number;
  /** Extra delay, uniform in [0, latencyJitterMs], drawn from its own seeded stream. */
  latencyJitterMs?: number;
  /** Share of requests answered with the vendor's 503 without acting. */
  failRate?: number;
  /** Share of requests whose connection is destroyed without acting. */
  resetRate?: number;
  /** Share of requests that ARE acted on, then answered 500 or dropped (half each). */
  ambiguousRate?: number;
  /** Requests per second; no rate limiting when undefined. */
  rateLimit?: number;
  /** Bucket size; defaults to rateLimit (at least 1). */
  burst?: number;
  /** PRNG seed; default 1. */
  seed?: number;
  /** The HTTP methods latency and faults apply to (e.g. only writes: POST, PUT, PATCH); default every one. */
  methods?: string[];
}

export const FAULT_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

export type Fault = 'none' | 'fail' | 'reset' | 'ambiguous-500' | 'ambiguous-reset';

/** Small, fast, good-enough PRNG (mulberry32); returns floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** What is wrong with a Faults value, in words, or undefined when it is usable. */
export function faultsProblem(f: Faults): string | undefined {
  const rates: [string, number | undefined][] = [
    ['failRate', f.failRate],
    ['resetRate', f.resetRate],
    ['ambiguousRate', f.ambiguousRate],
  ];
  for (const [name, v] of rates) {
    if (v !== undefined && !(v >= 0 && v <= 1)) return `${name} must be between 0 and 1, got ${v}`;
  }
  // One draw per request splits [0,1) into bands, so the shares must fit in it together.
  const sum = (f.failRate ?? 0) + (f.resetRate ?? 0) + (f.ambiguousRate ?? 0);
  if (sum > 1 + 1e-9) return `failRate + resetRate + ambiguousRate must be at most 1, got ${sum}`;
  for (const [name, v] of [['latencyMs', f.latencyMs], ['latencyJitterMs', f.latencyJitterMs]] as const) {
    if (v !== undefined && !(v >= 0 && Number.isFinite(v))) return `${name} must be a number of milliseconds >= 0, got ${v}`;
  }
  if (f.rateLimit !== undefined && !(f.rateLimit > 0 && Number.isFinite(f.rateLimit))) {
    return `rateLimit must be a number of requests per second > 0, got ${f.rateLimit}`;
  }
  if (f.burst !== undefined) {
    if (f.rateLimit === undefined) return 'burst needs rateLimit';
    if (!(f.burst >= 1 && Number.isFinite(f.burst))) return `burst must be a number >= 1, got ${f.burst}`;
  }
  if (f.seed !== undefined && !Number.isInteger(f.seed)) return `seed must be an integer, got ${f.seed}`;
  const odd = f.methods?.find((m) => !(FAULT_METHODS as readonly string[]).includes(m));
  if (f.methods && (!f.methods.length || odd !== undefined)) return `methods must be some of ${FAULT_METHODS.join(', ')}, got ${JSON.stringify(f.methods)}`;
  return undefined;
}

/**
 * Returns a function drawing the fault for the next request. One number per request picks a band
 * (fail, reset, ambiguous, none); an ambiguous fault draws a second number for 500 vs drop.
 */
export function faultPicker(f: Faults, rng: () => number): () => Fault {
  const fail = f.failRate ?? 0;
  const reset = fail + (f.resetRate ?? 0);
  const ambiguous = reset + (f.ambiguousRate ?? 0);
  return () => {
    const r = rng();
    if (r < fail) return 'fail';
    if (r < reset) return 'reset';
    if (r < ambiguous) return rng() < 0.5 ? 'ambiguous-500' : 'ambiguous-reset';
    return 'none';
  };
}

export interface BucketState {
  /** Whether a token was (take) or would be (peek) available. */
  ok: boolean;
  /** Whole tokens left. */
  remaining: number;
  /** Milliseconds until `remaining` next goes up (0 when the bucket is full). */
  resetMs: number;
}

/**
 * Token bucket: `rate` tokens per second, holding at most `burst`. Its "reset" is when the next
 * token arrives, so a client that waits for X-RateLimit-Reset after a 429 waits just enough.
 */
export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    readonly rate: number,
    readonly burst: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.tokens = burst;
    this.last = now();
  }

  take(): BucketState {
    this.refill();
    const ok = this.tokens >= 1;
    if (ok) this.tokens -= 1;
    return { ok, ...this.state() };
  }

  peek(): BucketState {
    this.refill();
    return { ok: this.tokens >= 1, ...this.state() };
  }

  private refill(): void {
    const t = this.now();
    this.tokens = Math.min(this.burst, this.tokens + ((t - this.last) / 1000) * this.rate);
    this.last = t;
  }

  private state(): Omit<BucketState, 'ok'> {
    const remaining = Math.floor(this.tokens);
    const next = Math.min(this.burst, remaining + 1);
    return { remaining, resetMs: Math.max(0, ((next - this.tokens) / this.rate) * 1000) };
  }
}
