// The progress ETA: how long the rest of the run will take, or nothing while that is not known.
// Pure functions over frames of the engine's snapshot, plus a small tracker that keeps the frames
// they need. What goes wrong otherwise (seen in real runs):
// - the first frames divide by almost nothing ("ETA 0s", "ETA NFs"): no number before a rate has
//   been measured over a few seconds;
// - the reader runs a few chunks ahead of the products it has handed out, so "products seen ÷
//   share of bytes read" under-counts the run (4x at the start of a 12 MB file, 3.5x on a
//   rate-limited 5-hour job): the products per byte are measured between two frames instead,
//   where the constant lead cancels out;
// - a burst at the start makes the achieved rate look higher than the limit: a run bound by its
//   rate limit can go no faster than the limit.

/** One look at the run (the engine's snapshot, reduced). */
export interface Frame {
  atMs: number;
  /** What the bar counts as finished: units (upload) or bytes read (checking). */
  done: number;
  /** Products the reader has handed out so far. */
  seen: number;
  /** Units planned so far (one per product, or per variant on S2). */
  planned: number;
  bytesRead: number;
  /** Size of the inputs; undefined for stdin. */
  bytesTotal?: number;
  /** The reader reached the end of every input: `planned` is the total. */
  readAll: boolean;
  /** Seconds of a pause the target asked for (429) still to wait. */
  pausedFor: number;
}

/** Least time a rate is measured over before it is believed. */
export const MIN_SPAN_MS = 2_000;
/** The achieved rate is measured over about this much recent time. */
export const WINDOW_MS = 30_000;

/**
 * Units in the whole run: exact once the input is read; before that, the input's size times the
 * products per byte measured since `base` (the first frame with products). Undefined while unknown.
 */
export function estimateUnits(base: Frame | undefined, now: Frame): number | undefined {
  if (now.readAll) return now.planned;
  if (!now.bytesTotal || now.seen === 0) return undefined;
  const unitsPerProduct = Math.max(1, now.planned / now.seen);
  const bytes = base ? now.bytesRead - base.bytesRead : 0;
  const products = base ? now.seen - base.seen : 0;
  let all: number;
  if (bytes > 0 && products > 0) all = now.bytesTotal * (products / bytes);
  // A small file is read whole at once: what is seen is (nearly) all of it.
  else if (now.bytesRead >= now.bytesTotal) all = now.seen;
  else return undefined;
  return Math.max(now.planned, Math.round(all * unitsPerProduct));
}

/** Finished per second between two frames, or undefined when they are too close to tell. */
export function achievedRate(from: Frame, now: Frame): number | undefined {
  const span = now.atMs - from.atMs;
  if (span < MIN_SPAN_MS || now.done <= from.done) return undefined;
  return ((now.done - from.done) / span) * 1000;
}

/**
 * Seconds left: what remains over the achieved rate, never faster than the rate limit (a run
 * bound by its limit goes at the limit, whatever a burst at the start suggested), plus any pause
 * the target asked for. Undefined while either is unknown.
 */
export function etaSeconds(remaining: number | undefined, rate: number | undefined, limit = Infinity, pausedFor = 0): number | undefined {
  if (remaining === undefined || rate === undefined || !(rate > 0)) return undefined;
  if (remaining <= 0) return 0;
  return remaining / Math.min(rate, limit) + Math.max(pausedFor, 0);
}

/** "37s", "8m45s", "5h02m"; '' for unknown (no number rather than a wrong one). */
export function formatEta(seconds: number | undefined): string {
  if (seconds === undefined || !Number.isFinite(seconds)) return '';
  const s = Math.ceil(seconds);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

/**
 * Keeps the frames the estimate needs (the first with products, and the last WINDOW_MS) and
 * gives, after each new frame, the seconds left and the total that `done` counts against: the
 * run's units (estimated until the input is read) or the input's bytes.
 */
export class EtaTracker {
  private base: Frame | undefined;
  private readonly recent: Frame[] = [];

  constructor(
    private readonly counts: 'units' | 'bytes',
    /** Units per second the run may reach at most (its rate limit); Infinity for none. */
    private readonly limit = Infinity,
  ) {}

  update(now: Frame): { seconds: number | undefined; total: number | undefined } {
    if (!this.base && now.seen > 0) this.base = now;
    this.recent.push(now);
    while (this.recent.length > 2 && now.atMs - this.recent[1]!.atMs >= WINDOW_MS) this.recent.shift();
    const total = this.counts === 'bytes' ? now.bytesTotal : estimateUnits(this.base, now);
    // Finished, or an estimate already passed: no number rather than "0s".
    if (total === undefined || now.done >= total) return { seconds: undefined, total };
    const rate = achievedRate(this.recent[0]!, now);
    return { seconds: etaSeconds(total - now.done, rate, this.counts === 'units' ? this.limit : Infinity, now.pausedFor), total };
  }
}
