// The rate limiter, driven by fake timers (node:test mock.timers): Retry-After and reset headers,
// the token bucket, AIMD after 429s, pauses bounded by --max-wait, and waits a signal ends.
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, mock, test } from 'node:test';
import { RunError } from '../../src/errors.js';
import { type Clock, formatWait, MAX_TIMER_MS, parseReset, parseRetryAfter, RateLimiter } from '../../src/transport/rate.js';

const NOW = Date.UTC(2025, 0, 1);
const clock: Clock = { now: () => Date.now(), epoch: () => Date.now() };

describe('parseRetryAfter: seconds or an HTTP date, as epoch ms', () => {
  const rows: [string | undefined, number | undefined][] = [
    [undefined, undefined],
    ['', undefined],
    ['5', NOW + 5000],
    ['1.5', NOW + 1500],
    ['0', NOW],
    ['-3', NOW],
    ['999999', NOW + 999_999_000],
    ['1e400', Infinity],
    ['Wed, 01 Jan 2025 00:01:00 GMT', NOW + 60_000],
    ['Tue, 31 Dec 2024 00:00:00 GMT', NOW], // in the past: now
    ['soon', undefined],
  ];
  for (const [header, expected] of rows) test(`${JSON.stringify(header)} → ${expected === undefined ? 'none' : expected - NOW}`, () => assert.equal(parseRetryAfter(header, NOW), expected));
});

describe('parseReset: epoch seconds, epoch milliseconds or seconds from now', () => {
  const rows: [string | undefined, number | undefined][] = [
    [undefined, undefined],
    [' ', undefined],
    ['abc', undefined],
    ['30', NOW + 30_000],
    ['-5', NOW],
    ['1735689660', 1_735_689_660_000], // epoch seconds (Fanfare, Pandabase)
    ['1735689660000', 1_735_689_660_000], // epoch milliseconds
    ['1e400', Infinity],
  ];
  for (const [header, expected] of rows) test(`${JSON.stringify(header)} → ${expected}`, () => assert.equal(parseReset(header, NOW), expected));
});

test('formatWait: waits as people read them', () => {
  const rows: [number, string][] = [[350, '350ms'], [45_000, '45s'], [300_000, '5m'], [3_725_000, '1h 2m'], [999_999_000, '11d 13h'], [Infinity, 'forever'], [-5, '0ms']];
  for (const [ms, text] of rows) assert.equal(formatWait(ms), text, String(ms));
});

describe('RateLimiter (fake timers)', () => {
  beforeEach(() => mock.timers.enable({ apis: ['setTimeout', 'Date'], now: NOW }));
  afterEach(() => mock.timers.reset());

  /** Starts `n` takes and records when (fake ms after NOW) each resolves or rejects. */
  function takes(r: RateLimiter, n: number, signal?: AbortSignal) {
    const at: (number | string)[] = new Array(n).fill('waiting');
    const all = Array.from({ length: n }, (_, i) =>
      r.take(signal).then(
        () => void (at[i] = Date.now() - NOW),
        (e: RunError) => void (at[i] = `${e.code}: ${e.message}`),
      ),
    );
    return { at, all };
  }
  const flush = () => new Promise<void>((resolve) => setImmediate(resolve));
  async function tick(ms: number) {
    mock.timers.tick(ms);
    await flush();
  }

  test('the bucket: a burst at once, then one per 1/rate', async () => {
    const r = new RateLimiter(4, 2, { clock });
    const { at } = takes(r, 5);
    await flush();
    assert.deepEqual(at, [0, 0, 'waiting', 'waiting', 'waiting']);
    for (let i = 0; i < 3; i++) await tick(250);
    assert.deepEqual(at, [0, 0, 250, 500, 750]);
  });

  test('no limit (Infinity): every take at once', async () => {
    const r = new RateLimiter(Infinity, 1, { clock });
    const { at } = takes(r, 50);
    await flush();
    assert.ok(at.every((x) => x === 0));
    assert.equal(r.limited, false);
  });

  test('a pause within --max-wait holds everyone until it ends', async () => {
    const r = new RateLimiter(Infinity, 1, { clock, maxWaitMs: 60_000 });
    r.throttled(NOW + 30_000, 'a 429 with Retry-After: 30');
    assert.equal(r.pausedFor(), 30);
    const { at } = takes(r, 2);
    await tick(29_999);
    assert.deepEqual(at, ['waiting', 'waiting']);
    await tick(1);
    // The learned rate (0.5/s after the 429) spaces them: no storm when the pause ends.
    assert.equal(at[0], 30_000);
    await tick(2000);
    assert.equal(at[1], 32_000);
  });

  for (const [what, until, said] of [
    ['Retry-After: 999999', NOW + 999_999_000, 'a 429 with Retry-After: 999999'],
    ['a date in 2030', Date.UTC(2030, 0, 1), 'a 429 with Retry-After: Tue, 01 Jan 2030 00:00:00 GMT'],
    ['a number past any date', Infinity, 'a 429 with Retry-After: 1e400'],
  ] as const) {
    test(`a pause past --max-wait (${what}) gives up: every waiter and every later take get the RunError`, async () => {
      const r = new RateLimiter(1, 1, { clock, maxWaitMs: 300_000 });
      const { at, all } = takes(r, 3);
      await flush();
      r.throttled(until, said);
      await Promise.all(all);
      assert.equal(at[0], 0);
      assert.match(String(at[1]), new RegExp(`^aborted: ${said.replace(/[()]/g, '\\$&')} asks to wait .*, longer than --max-wait 5m: stopped instead of waiting`));
      assert.equal(at[2], at[1]);
      await assert.rejects(r.take(), (e: RunError) => e.code === 'aborted');
      assert.ok(r.gaveUp instanceof RunError);
    });
  }

  test('X-RateLimit-Remaining: 0 with a reset waits for the reset; a far one gives up; no header, no change', async () => {
    const r = new RateLimiter(Infinity, 1, { clock, maxWaitMs: 60_000 });
    r.observe({});
    r.observe({ 'x-ratelimit-remaining': '5' });
    assert.equal(r.pausedFor(), 0);
    r.observe({ 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(NOW / 1000 + 10) });
    assert.equal(r.pausedFor(), 10);
    const { at } = takes(r, 1);
    await tick(10_000);
    assert.deepEqual(at, [10_000]);
    r.observe({ 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '1893456000' });
    assert.match(r.gaveUp?.message ?? '', /^X-RateLimit-Reset: 1893456000 \(with X-RateLimit-Remaining: 0\) asks to wait .* longer than --max-wait 1m/);
  });

  test('X-RateLimit-Remaining caps the tokens held; at 0 without a reset, the configured rate paces', async () => {
    const r = new RateLimiter(2, 10, { clock });
    r.observe({ 'x-ratelimit-remaining': '1' });
    const { at } = takes(r, 2);
    await flush();
    assert.deepEqual(at, [0, 'waiting']);
    await tick(500);
    assert.deepEqual(at, [0, 500]);
    r.observe({ 'x-ratelimit-remaining': '0' });
    const next = takes(r, 1);
    await tick(499);
    assert.deepEqual(next.at, ['waiting']);
    await tick(1);
    assert.deepEqual(next.at, [1000]);
  });

  test('AIMD: a 429 halves the rate achieved; several in the same second halve it once; it grows back 10%/s', async () => {
    const r = new RateLimiter(10, 1, { clock });
    // One second at the configured 10/s.
    for (let i = 0; i < 10; i++) {
      const t = takes(r, 1);
      await flush();
      await tick(100);
      assert.notEqual(t.at[0], 'waiting');
    }
    r.throttled();
    r.throttled();
    r.throttled();
    const start = Date.now();
    const { at } = takes(r, 3);
    for (let i = 0; i < 6; i++) await tick(100);
    // Halved once: 5/s, so 200 ms apart.
    assert.deepEqual(at.map((x) => (x as number) - (start - NOW)), [at[0] as number - (start - NOW), 200 + (at[0] as number) - (start - NOW), 400 + (at[0] as number) - (start - NOW)]);
    // Ten quiet seconds: 5 × 1.1^10 ≈ 13 ≥ 10, back to the configured rate.
    await tick(10_000);
    const later = takes(r, 2);
    await flush();
    await tick(100);
    assert.equal((later.at[1] as number) - (later.at[0] as number), 100);
  });

  test('a waiter whose signal aborts leaves at once, and takes no token from the next', async () => {
    const r = new RateLimiter(1, 1, { clock });
    await r.take();
    const ctl = new AbortController();
    const aborted = takes(r, 1, ctl.signal);
    const other = takes(r, 1);
    await flush();
    ctl.abort();
    await flush();
    assert.deepEqual(aborted.at, [0]);
    await tick(1000);
    assert.deepEqual(other.at, [1000]);
    // Aborted before asking: at once.
    assert.equal(await Promise.race([r.take(ctl.signal).then(() => 'resolved'), flush().then(() => 'waiting')]), 'resolved');
  });

  test('close() releases every waiter', async () => {
    const r = new RateLimiter(1, 1, { clock });
    r.throttled(NOW + 50_000);
    const { at } = takes(r, 2);
    await flush();
    r.close();
    await flush();
    assert.deepEqual(at, [0, 0]);
  });

  test('no timer is ever set past what setTimeout can hold', async () => {
    const set = mock.method(globalThis, 'setTimeout');
    const r = new RateLimiter(Infinity, 1, { clock, maxWaitMs: 30 * 86_400_000 });
    r.throttled(NOW + 24 * 86_400_000);
    const waiting = r.take().catch((e: RunError) => e.code);
    assert.ok(set.mock.calls.length > 0);
    for (const c of set.mock.calls) assert.ok((c.arguments[1] as number) <= MAX_TIMER_MS);
    // 30 days is past what a timer holds: --max-wait is capped there, so it gives up.
    r.throttled(NOW + 30 * 86_400_000);
    assert.ok(r.gaveUp);
    assert.equal(await waiting, 'aborted');
    set.mock.restore();
  });
});
