// The sandbox server over real HTTP on loopback, with a small fake vendor (fake-vendor.ts).
// No assertion depends on how fast the machine is: rate limits refill far slower than the test
// runs, and latency is only checked from below.
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { Agent, request } from 'undici';
import { TokenBucket, faultPicker, mulberry32 } from '../../src/sandbox/faults.js';
import { type Faults, MAX_BODY_BYTES, type Sandbox, createStore, startSandbox } from '../../src/sandbox/server.js';
import { FAKE_KEY, fakeVendor } from './fake-vendor.js';

const agent = new Agent();
after(() => agent.close());

type Outcome = { status: number; headers: Record<string, string | string[] | undefined>; body: any } | { error: string };

/** One request; a dropped connection is an outcome, not an exception. */
async function call(
  url: string,
  opts: { method?: 'GET' | 'POST'; body?: unknown; raw?: string | Buffer; key?: string | null } = {},
): Promise<Outcome> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (opts.key !== null) headers['x-api-key'] = opts.key ?? FAKE_KEY;
  try {
    const res = await request(url, {
      dispatcher: agent,
      method: opts.method ?? (opts.body !== undefined || opts.raw !== undefined ? 'POST' : 'GET'),
      headers,
      body: opts.raw ?? (opts.body === undefined ? undefined : JSON.stringify(opts.body)),
    });
    const text = await res.body.text();
    return { status: res.statusCode, headers: res.headers, body: text ? JSON.parse(text) : undefined };
  } catch (err) {
    return { error: (err as { code?: string }).code ?? String(err) };
  }
}

function status(o: Outcome): number | 'dropped' {
  return 'error' in o ? 'dropped' : o.status;
}

async function withSandbox(faults: Faults | undefined, fn: (sb: Sandbox) => Promise<void>): Promise<void> {
  const sb = await startSandbox(fakeVendor, { port: 0, faults });
  try {
    await fn(sb);
  } finally {
    await sb.close();
  }
}

const post = (sb: Sandbox, sku: string) => call(`${sb.url}/products`, { body: { sku } });

describe('routing and bodies', () => {
  test('creates and looks up under basePath, with JSON responses', () =>
    withSandbox(undefined, async (sb) => {
      assert.match(sb.url, /^http:\/\/127\.0\.0\.1:\d+\/api$/);
      assert.equal(sb.url, `${sb.origin}/api`);
      const created = await post(sb, 'A-1');
      assert.ok(!('error' in created));
      assert.equal(created.status, 201);
      assert.equal(created.headers['content-type'], 'application/json');
      assert.deepEqual(created.body, { id: 'p_1' });

      const found = await call(`${sb.url}/products?sku=A-1`);
      assert.ok(!('error' in found));
      assert.deepEqual(found.body, { items: [{ id: 'p_1', sku: 'A-1' }] });

      const outside = await call(`${sb.origin}/products`);
      assert.equal(status(outside), 404);
      assert.equal(sb.store.created.length, 1);
      assert.equal(sb.stats.creates, 1);
      assert.equal(sb.stats.requests, 3);
      assert.deepEqual(sb.stats.byStatus, { '200': 1, '201': 1, '404': 1 });
    }));

  test('wrong credentials get the behaviour\'s own 401 body and create nothing', () =>
    withSandbox(undefined, async (sb) => {
      const res = await call(`${sb.url}/products`, { body: { sku: 'A-1' }, key: 'wrong' });
      assert.ok(!('error' in res));
      assert.equal(res.status, 401);
      assert.deepEqual(res.body, { error: 'invalid api key' });
      assert.equal(status(await call(`${sb.url}/products`, { key: null })), 401);
      assert.equal(sb.store.created.length, 0);
    }));

  test('malformed JSON reaches the behaviour as body undefined + rawBody', () =>
    withSandbox(undefined, async (sb) => {
      const res = await call(`${sb.url}/products`, { raw: '{"sku": "A-1",' });
      assert.ok(!('error' in res));
      assert.equal(res.status, 400);
      assert.deepEqual(res.body, { error: 'invalid_json', raw: '{"sku": "A-1",' });
    }));

  test('a body over 5 MB gets 413 and the connection stays usable', () =>
    withSandbox(undefined, async (sb) => {
      const huge = Buffer.alloc(MAX_BODY_BYTES + 1, 0x20);
      const res = await call(`${sb.url}/products`, { raw: huge });
      assert.equal(status(res), 413);
      assert.equal(status(await post(sb, 'after')), 201);
      assert.equal(sb.store.created.length, 1);
    }));

  test('a body of exactly 5 MB is accepted', () =>
    withSandbox(undefined, async (sb) => {
      const json = JSON.stringify({ sku: 'big', pad: '' });
      const raw = json.replace('"pad":""', `"pad":"${'x'.repeat(MAX_BODY_BYTES - json.length)}"`);
      assert.equal(Buffer.byteLength(raw), MAX_BODY_BYTES);
      assert.equal(status(await call(`${sb.url}/products`, { raw })), 201);
    }));
});

describe('rate limiting', () => {
  test('429 past the burst, with the behaviour\'s headers and body; auth failures cost nothing', () =>
    // 0.001 req/s: no token comes back while the test runs, so the count is exact.
    withSandbox({ rateLimit: 0.001, burst: 3 }, async (sb) => {
      const denied = await call(`${sb.url}/products?sku=x`, { key: 'wrong' });
      assert.equal(status(denied), 401);
      assert.ok(!('error' in denied));
      assert.equal(denied.headers['x-ratelimit-remaining'], '3');

      const remaining: unknown[] = [];
      for (let i = 0; i < 3; i++) {
        const res = await call(`${sb.url}/products?sku=x`);
        assert.equal(status(res), 200);
        assert.ok(!('error' in res));
        assert.equal(res.headers['x-ratelimit-limit'], '3');
        remaining.push(res.headers['x-ratelimit-remaining']);
      }
      assert.deepEqual(remaining, ['2', '1', '0']);

      const limited = await post(sb, 'A-1');
      assert.ok(!('error' in limited));
      assert.equal(limited.status, 429);
      assert.equal(limited.body.error, 'rate_limited');
      assert.equal(limited.headers['x-ratelimit-remaining'], '0');
      const retryAfter = Number(limited.headers['retry-after']);
      assert.ok(retryAfter >= 1, `Retry-After ${retryAfter}`);
      assert.ok(Number(limited.headers['x-ratelimit-reset']) > Date.now() / 1000);
      assert.equal(sb.stats.rateLimited, 1);
      assert.equal(sb.store.created.length, 0);
    }));

  test('no rate headers when rate limiting is off', () =>
    withSandbox(undefined, async (sb) => {
      const res = await call(`${sb.url}/products?sku=x`);
      assert.ok(!('error' in res));
      assert.equal(res.headers['x-ratelimit-limit'], undefined);
    }));

  test('the token bucket refills at its rate and reports when the next token comes', () => {
    let now = 0;
    const bucket = new TokenBucket(2, 2, () => now);
    assert.deepEqual(bucket.take(), { ok: true, remaining: 1, resetMs: 500 });
    assert.deepEqual(bucket.take(), { ok: true, remaining: 0, resetMs: 500 });
    assert.equal(bucket.take().ok, false);
    now = 250;
    assert.deepEqual(bucket.take(), { ok: false, remaining: 0, resetMs: 250 });
    now = 500;
    assert.deepEqual(bucket.take(), { ok: true, remaining: 0, resetMs: 500 });
    now = 10_000;
    assert.deepEqual(bucket.peek(), { ok: true, remaining: 2, resetMs: 0 });
  });
});

describe('faults', () => {
  test('failRate 1: every request, lookups included, is the behaviour\'s 503 and nothing is created', () =>
    withSandbox({ failRate: 1 }, async (sb) => {
      for (let i = 0; i < 5; i++) {
        const res = await post(sb, `A-${i}`);
        assert.ok(!('error' in res));
        assert.equal(res.status, 503);
        assert.deepEqual(res.body, { error: 'fake upstream error 503' });
      }
      assert.equal(status(await call(`${sb.url}/products?sku=A-1`)), 503);
      assert.equal(sb.store.created.length, 0);
      assert.equal(sb.stats.byStatus['503'], 6);
      assert.deepEqual(sb.stats.byMethod, { POST: 5, GET: 1 });
    }));

  test('resetRate 1: every request loses its connection and nothing is created', () =>
    withSandbox({ resetRate: 1 }, async (sb) => {
      for (let i = 0; i < 5; i++) assert.equal(status(await post(sb, `A-${i}`)), 'dropped');
      assert.equal(status(await call(`${sb.url}/products?sku=A-1`)), 'dropped');
      assert.equal(sb.store.created.length, 0);
      assert.equal(sb.stats.resets, 6);
    }));

  test('ambiguousRate 1: every POST is created, yet the client sees a 500 or a dropped connection', () =>
    withSandbox({ ambiguousRate: 1 }, async (sb) => {
      const seen = new Set<number | string>();
      for (let i = 0; i < 12; i++) {
        const s = status(await post(sb, `A-${i}`));
        assert.ok(s === 500 || s === 'dropped', `got ${s}`);
        seen.add(s);
      }
      assert.deepEqual([...seen].sort(), [500, 'dropped'].sort());
      assert.equal(sb.store.created.length, 12);
      assert.equal(sb.stats.creates, 12);
      assert.equal(sb.stats.ambiguous, 12);
    }));

  test('the same seed gives the same sequence of faults; another seed another', async () => {
    const faults = { failRate: 0.25, resetRate: 0.25, ambiguousRate: 0.25 };
    const sequence = async (seed: number) => {
      const out: (number | string)[] = [];
      await withSandbox({ ...faults, seed }, async (sb) => {
        for (let i = 0; i < 24; i++) out.push(status(await post(sb, `A-${i}`)));
      });
      return out;
    };
    const a = await sequence(7);
    assert.deepEqual(await sequence(7), a);
    assert.notDeepEqual(await sequence(8), a);
    assert.deepEqual(new Set(a), new Set([201, 503, 500, 'dropped']));
  });

  test('fault bands follow the rates (checked on the PRNG, no server needed)', () => {
    const pick = faultPicker({ failRate: 0.1, resetRate: 0.2, ambiguousRate: 0.3 }, mulberry32(1));
    const counts: Record<string, number> = {};
    for (let i = 0; i < 10_000; i++) {
      const f = pick();
      counts[f] = (counts[f] ?? 0) + 1;
    }
    const near = (n: number | undefined, p: number) => Math.abs((n ?? 0) / 10_000 - p) < 0.02;
    assert.ok(near(counts.fail, 0.1) && near(counts.reset, 0.2) && near(counts.none, 0.4), JSON.stringify(counts));
    assert.ok(near((counts['ambiguous-500'] ?? 0) + (counts['ambiguous-reset'] ?? 0), 0.3), JSON.stringify(counts));
  });

  test('latency is applied to every request', () =>
    withSandbox({ latencyMs: 120, latencyJitterMs: 30 }, async (sb) => {
      const t0 = performance.now();
      assert.equal(status(await call(`${sb.url}/products?sku=x`)), 200);
      assert.ok(performance.now() - t0 >= 119, `took ${performance.now() - t0} ms`);
    }));

  test('bad fault options are refused', async () => {
    await assert.rejects(startSandbox(fakeVendor, { faults: { failRate: 1.5 } }), RangeError);
    await assert.rejects(startSandbox(fakeVendor, { faults: { failRate: 0.6, resetRate: 0.6 } }), /at most 1/);
    await assert.rejects(startSandbox(fakeVendor, { faults: { burst: 3 } }), /burst needs rateLimit/);
    await assert.rejects(startSandbox(fakeVendor, { faults: { rateLimit: 0 } }), RangeError);
  });

  test('close() ends a request still waiting out its latency', async () => {
    const sb = await startSandbox(fakeVendor, { faults: { latencyMs: 60_000 } });
    const pending = call(`${sb.url}/products?sku=x`);
    await new Promise((r) => setTimeout(r, 50));
    await sb.close();
    assert.equal(status(await pending), 'dropped');
    await sb.close(); // twice is fine
  });
});

describe('store and introspection', () => {
  test('/__sandbox/stats and /__sandbox/created need no auth and count per key', () =>
    withSandbox({ ambiguousRate: 0 }, async (sb) => {
      await post(sb, 'A-1');
      await post(sb, 'A-2');
      await post(sb, 'A-1'); // the fake creates again: the kind of duplicate tests look for
      const stats = await call(`${sb.origin}/__sandbox/stats`, { key: null });
      assert.ok(!('error' in stats));
      assert.deepEqual(stats.body.creates, { 'A-1': 2, 'A-2': 1 });
      assert.equal(stats.body.stats.creates, 3);
      assert.equal(stats.body.stats.requests, 3);
      assert.equal(stats.body.updates, 0);

      const created = await call(`${sb.origin}/__sandbox/created`, { key: null });
      assert.ok(!('error' in created));
      assert.deepEqual(
        created.body.map((c: { key: string; id: string }) => [c.key, c.id]),
        [['A-1', 'p_1'], ['A-2', 'p_2'], ['A-1', 'p_3']],
      );
      assert.equal(status(await call(`${sb.origin}/__sandbox/nope`, { key: null })), 404);
      assert.equal(sb.stats.requests, 3, 'looking does not count');
    }));

  test('createStore ids: uuid by default, prefix + counter when a prefix is given', () => {
    const store = createStore();
    assert.match(store.nextId(), /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.notEqual(store.nextId(), store.nextId());
    assert.equal(store.nextId('prd_'), 'prd_1');
    assert.equal(store.nextId(''), '2');
    assert.deepEqual([store.created, store.updates, store.byKey.size, store.state.size], [[], 0, 0, 0]);
  });

  test('a behaviour that throws gives a 500 naming the sandbox', async () => {
    const sb = await startSandbox({
      ...fakeVendor,
      handle: () => {
        throw new Error('boom');
      },
    });
    try {
      const res = await post(sb, 'A-1');
      assert.ok(!('error' in res));
      assert.equal(res.status, 500);
      assert.deepEqual(res.body, { error: 'sandbox: boom' });
    } finally {
      await sb.close();
    }
  });
});
