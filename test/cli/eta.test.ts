// The progress ETA as a function: no number while nothing is known, remaining units over the
// achieved rate (never faster than the rate limit) once something is.
import { strict as assert } from 'node:assert';
import { describe, test } from 'node:test';
import { achievedRate, estimateUnits, etaSeconds, EtaTracker, formatEta, type Frame } from '../../src/cli/eta.js';

const frame = (f: Partial<Frame>): Frame => ({ atMs: 0, done: 0, seen: 0, planned: 0, bytesRead: 0, bytesTotal: undefined, readAll: false, pausedFor: 0, ...f });

describe('estimateUnits', () => {
  const cases: [string, Frame | undefined, Frame, number | undefined, number?][] = [
    ['input read: the units planned, exactly', undefined, frame({ readAll: true, planned: 1234, seen: 1234 }), 1234],
    ['stdin (size unknown): unknown', frame({ seen: 10, bytesRead: 1000 }), frame({ seen: 20, bytesRead: 2000 }), undefined],
    ['no products yet: unknown', undefined, frame({ bytesRead: 65536, bytesTotal: 1e6 }), undefined],
    ['nothing read since the first products: unknown', frame({ seen: 214, bytesRead: 262144 }), frame({ seen: 214, bytesRead: 262144, bytesTotal: 12644855 }), undefined],
    // Measured on a 12.6 MB CSV of 40,000 products read on the worker thread, four chunks ahead:
    // "seen ÷ share read" said 10,323 then 16,516; products per byte between frames says ~41,000.
    ['the reader\'s read-ahead does not shrink the total', frame({ seen: 214, bytesRead: 262144 }), frame({ seen: 428, planned: 264, bytesRead: 327680, bytesTotal: 12644855 }), 40000, 0.05],
    ['S2: units per product scale it', frame({ seen: 100, bytesRead: 10_000 }), frame({ seen: 200, planned: 600, bytesRead: 20_000, bytesTotal: 100_000 }), 3000, 0.01],
    ['a small file read whole at once: the products seen', frame({ seen: 60, bytesRead: 18_000 }), frame({ seen: 60, planned: 19, bytesRead: 18_000, bytesTotal: 18_000 }), 60],
    ['never below what is already planned', frame({ seen: 100, bytesRead: 10_000 }), frame({ seen: 101, planned: 5000, bytesRead: 90_000, bytesTotal: 100_000 }), 5000],
  ];
  for (const [name, base, now, expected, tolerance] of cases) {
    test(name, () => {
      const got = estimateUnits(base, now);
      if (expected === undefined || !tolerance) assert.equal(got, expected);
      else assert.ok(Math.abs(got! - expected) <= expected * tolerance, `${got} vs ${expected}`);
    });
  }
});

describe('achievedRate', () => {
  const cases: [string, Frame, Frame, number | undefined][] = [
    ['frames too close (the first frames): unknown', frame({ atMs: 0 }), frame({ atMs: 900, done: 10 }), undefined],
    ['nothing finished: unknown, not zero', frame({ atMs: 0 }), frame({ atMs: 10_000 }), undefined],
    ['150 units in 30 s: 5/s', frame({ atMs: 1000, done: 10 }), frame({ atMs: 31_000, done: 160 }), 5],
  ];
  for (const [name, from, now, expected] of cases) test(name, () => assert.equal(achievedRate(from, now), expected));
});

describe('etaSeconds', () => {
  const cases: [string, Parameters<typeof etaSeconds>, number | undefined][] = [
    ['remaining unknown', [undefined, 5], undefined],
    ['rate unknown', [100, undefined], undefined],
    ['rate zero: unknown, not infinite', [100, 0], undefined],
    ['nothing left', [0, 5], 0],
    ['remaining over the achieved rate', [87_000, 5], 17_400],
    ['a burst made the rate look above the limit: the limit bounds it', [87_000, 7.5, 5], 17_400],
    ['under the limit: the achieved rate', [1000, 2, 5], 500],
    ['no limit (--rate unlimited)', [27_000, 1000, Infinity], 27],
    ['a 429 pause still to wait is added', [100, 10, Infinity, 30], 40],
  ];
  for (const [name, args, expected] of cases) test(name, () => assert.equal(etaSeconds(...args), expected));
});

describe('formatEta', () => {
  const cases: [number | undefined, string][] = [
    [undefined, ''], [Infinity, ''], [NaN, ''], [0, '0s'], [37, '37s'], [37.2, '38s'], [525, '8m45s'], [5100, '1h25m'], [18_000, '5h00m'],
  ];
  for (const [seconds, expected] of cases) test(`${seconds} → "${expected}"`, () => assert.equal(formatEta(seconds), expected));
});

/**
 * A run as the progress bar sees it, one frame a second: `products` of `bytesPerProduct` bytes,
 * finished at `rate`/s after a `burst`, with the reader `lead` 64 KB chunks ahead of the
 * products it has handed out (the CSV worker thread reads four ahead).
 */
function simulate(o: { products: number; bytesPerProduct: number; rate: number; burst?: number; lead?: number; stdin?: boolean }) {
  const CHUNK = 65_536;
  const total = o.products * o.bytesPerProduct;
  return (t: number): Frame => {
    const done = Math.min(o.products, Math.floor((o.burst ?? 0) + o.rate * t));
    const planned = Math.min(o.products, done + 8);
    const parsed = Math.min(total, Math.ceil((planned * o.bytesPerProduct) / CHUNK) * CHUNK);
    const seen = Math.floor(parsed / o.bytesPerProduct);
    return frame({
      atMs: t * 1000, done, seen, planned: Math.max(planned, 0), bytesRead: Math.min(total, parsed + (o.lead ?? 4) * CHUNK),
      bytesTotal: o.stdin ? undefined : total, readAll: parsed >= total,
    });
  };
}

/** The tracker fed one frame a second up to `until`; its last answer. */
function track(at: (t: number) => Frame, until: number, limit = Infinity, counts: 'units' | 'bytes' = 'units') {
  const tracker = new EtaTracker(counts, limit);
  let last;
  for (let tenth = 0; tenth <= Math.round(until * 10); tenth++) last = tracker.update(at(tenth / 10));
  return last!;
}

describe('EtaTracker over a run', () => {
  test('the first frames show no number (not "0s", not "NF")', () => {
    const at = simulate({ products: 90_000, bytesPerProduct: 480, rate: 5, burst: 10 });
    for (const until of [0, 0.5, 1, 1.9]) assert.equal(track(at, until, 5).seconds, undefined, `at ${until}s`);
  });

  test('Veeqo at 5/s, a 5-hour job: after 10 minutes the ETA is the remaining units over 5/s', () => {
    const at = simulate({ products: 90_000, bytesPerProduct: 480, rate: 5, burst: 10 });
    const { seconds, total } = track(at, 600, 5);
    const truth = (90_000 - at(600).done) / 5;
    assert.ok(Math.abs(seconds! - truth) < truth * 0.03, `ETA ${formatEta(seconds)} (total ${total}), truth ${formatEta(truth)}`);
  });

  test('--rate unlimited, a 37 s run: the ETA at 10 s is about 27 s', () => {
    const at = simulate({ products: 37_000, bytesPerProduct: 300, rate: 1000 });
    const { seconds } = track(at, 10);
    assert.ok(Math.abs(seconds! - 27) < 2, formatEta(seconds));
  });

  test('stdin: no total, so no number', () => {
    const at = simulate({ products: 10_000, bytesPerProduct: 300, rate: 100, stdin: true });
    assert.equal(track(at, 30).seconds, undefined);
  });

  test('finished: no number', () => {
    const at = simulate({ products: 100, bytesPerProduct: 300, rate: 50 });
    assert.equal(track(at, 10).seconds, undefined);
  });

  test('checking by bytes: remaining bytes over bytes per second', () => {
    const at = (t: number) => frame({ atMs: t * 1000, done: t * 10e6, bytesRead: t * 10e6, bytesTotal: 100e6, seen: t * 1000 });
    const { seconds } = track(at, 3, Infinity, 'bytes');
    assert.ok(Math.abs(seconds! - 7) < 0.01, String(seconds));
  });
});
