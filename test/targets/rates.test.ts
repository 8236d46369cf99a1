// Each target's default rate stays inside its documented limit from the first request: a token
// bucket lets `burst` go at once and then `perSecond`, so a window of w seconds holds at most
// burst + perSecond × w requests. Table-driven over the documented limits.
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { loadTarget } from '../../src/targets/index.js';

/** What each vendor documents: at most `max` requests in any `window` seconds (Veeqo: a leaky bucket of 100 draining 5/s). */
const DOCUMENTED: [string, { window: number; max: (w: number) => number }][] = [
  ['panora', { window: 60, max: () => 100 }],
  ['fanfare', { window: 60, max: () => 500 }],
  ['veeqo', { window: 60, max: (w) => 100 + 5 * w }],
];

for (const [name, limit] of DOCUMENTED) {
  test(`${name}: no ${limit.window} s window of the default rate holds more than the documented limit`, async () => {
    const { rateLimit } = await loadTarget(name);
    for (const w of [1, 10, limit.window]) {
      const most = rateLimit.burst + rateLimit.perSecond * w;
      assert.ok(most <= limit.max(w) + 1e-9, `${name}: ${most} requests may go in ${w} s; the documented limit is ${limit.max(w)}`);
    }
  });
}
