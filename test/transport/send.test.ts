// The retry and dedupe decisions of send.ts, table-driven: for each kind of dedupe a target may
// have, a script of answers (a create's, a lookup's), and what must come of it: the unit's
// status, the POSTs and GETs sent, and whether the run must stop. Timers are fake (backoff and
// Retry-After waits pass at once); the transport is a script, since what is tested is the
// decisions, not HTTP (that is http.test.ts, over real sockets).
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, mock, test } from 'node:test';
import type { RequestSpec, Target, Unit } from '../../src/targets/types.js';
import { AnswerWatch } from '../../src/transport/answers.js';
import { type HttpResponse, NetworkError } from '../../src/transport/http.js';
import { RateLimiter } from '../../src/transport/rate.js';
import { type SendContext, sendUnit } from '../../src/transport/send.js';

type Kind = 'none' | 'lookup' | 'idempotency-key' | 'idempotency-key, no lookup' | 'upsert';
/** One answer: a response, or a transport failure before any status (refused: never sent; dropped: sent). */
type Answer = Partial<HttpResponse> & { status: number } | 'refused' | 'dropped';

const UNIT = { key: 'u1', source: 'in.csv:2', product: { variants: [{ sku: 'S1' }] } } as unknown as Unit;
const REQUEST: RequestSpec = { method: 'POST', path: '/products', headers: {}, body: { sku: 'S1' } };

const ok = (id = 'p1'): Answer => ({ status: 201, body: { id } });
const status = (s: number, body: unknown = { error: `refused ${s}` }, headers: Record<string, string> = {}): Answer => ({ status: s, body, headers });
const listing = (...ids: string[]): Answer => ({ status: 200, body: { items: ids } });

function targetOf(kind: Kind): Target {
  const lookup = {
    request: (): RequestSpec => ({ method: 'GET', path: '/lookup', headers: {} }),
    match(_u: Unit, body: unknown) {
      const items = (body as { items?: unknown })?.items;
      if (!Array.isArray(items)) throw new Error('not a listing');
      return items.length ? { found: String(items[0]) } : {};
    },
  };
  const dedupe =
    kind === 'lookup' ? { kind, description: '', lookup }
    : kind === 'idempotency-key' ? { kind, description: '', lookup }
    : kind === 'idempotency-key, no lookup' ? { kind: 'idempotency-key' as const, description: '' }
    : { kind, description: '' };
  return {
    name: 'veeqo',
    title: 'Vendor',
    env: [{ name: 'VENDOR_KEY', required: true, secret: true, description: '' }],
    dedupe,
    parseCreated(body: unknown) {
      const id = (body as { id?: unknown } | undefined)?.id;
      if (typeof id !== 'string') throw new Error('no id');
      return id;
    },
    parseError: (s: number, body: unknown) => ((body as { error?: string } | undefined)?.error ?? `HTTP ${s}`),
  } as unknown as Target;
}

interface Row {
  name: string;
  kind: Kind;
  posts: Answer[];
  gets?: Answer[];
  uncertain?: boolean;
  resendUnknown?: boolean;
  retries?: number;
  /** What must come of it. */
  status: 'created' | 'existing' | 'failed' | 'unknown';
  sent: { posts: number; gets: number };
  error?: RegExp;
  /** The run-level stop, by its code. */
  stop?: 'auth' | 'aborted';
  id?: string;
}

const ROWS: Row[] = [
  // Plain answers.
  { name: '201 with an id', kind: 'none', posts: [ok()], status: 'created', sent: { posts: 1, gets: 0 }, id: 'p1' },
  { name: '400: refused, not retried', kind: 'lookup', posts: [status(400)], status: 'failed', sent: { posts: 1, gets: 0 }, error: /^HTTP 400: refused 400$/ },
  { name: '301: a redirect, said as one', kind: 'lookup', posts: [status(301, undefined, { location: 'https://elsewhere.example/x' })], status: 'failed', sent: { posts: 1, gets: 0 }, error: /^HTTP 301: redirected to https:\/\/elsewhere\.example\/x; redirects are not followed/ },
  { name: 'never sent (refused) is retried on any target', kind: 'none', posts: ['refused', 'refused', ok()], status: 'created', sent: { posts: 3, gets: 0 } },
  { name: '408 then 201: the server did not act, retried', kind: 'none', posts: [status(408), ok()], status: 'created', sent: { posts: 2, gets: 0 } },
  { name: '408 every time: gave up, failed (nothing was created)', kind: 'none', retries: 2, posts: [status(408), status(408), status(408)], status: 'failed', sent: { posts: 3, gets: 0 }, error: /^gave up after 3 attempt\(s\): HTTP 408/ },
  // 429 and its waits.
  { name: '429 with Retry-After 1, then 201', kind: 'none', posts: [status(429, {}, { 'retry-after': '1' }), ok()], status: 'created', sent: { posts: 2, gets: 0 } },
  { name: '429 without a time (Veeqo), then 201', kind: 'lookup', posts: [status(429), ok()], status: 'created', sent: { posts: 2, gets: 0 } },
  { name: '429 with Retry-After past --max-wait: stop, failed, not retried', kind: 'none', posts: [status(429, {}, { 'retry-after': '999999' })], status: 'failed', sent: { posts: 1, gets: 0 }, stop: 'aborted', error: /Retry-After: 999999 asks to wait 11d 13h, longer than --max-wait 5m/ },
  { name: '429 with a reset far away on a lookup: stop, unknown', kind: 'lookup', posts: [status(500)], gets: [status(429, {}, { 'x-ratelimit-reset': '1893456000' })], status: 'unknown', sent: { posts: 1, gets: 1 }, stop: 'aborted' },
  // Credentials.
  { name: '401 on the create: stop, failed', kind: 'lookup', posts: [status(401, { error: 'bad key' })], status: 'failed', sent: { posts: 1, gets: 0 }, stop: 'auth', error: /rejected the credentials \(HTTP 401: bad key\); check VENDOR_KEY/ },
  { name: 'D3: 401 on the lookup after a 500: stop, unknown (a resume looks it up)', kind: 'lookup', posts: [status(500)], gets: [status(401)], status: 'unknown', sent: { posts: 1, gets: 1 }, stop: 'auth' },
  // No dedupe: an ambiguous failure is never retried.
  { name: 'none: 500 → unknown', kind: 'none', posts: [status(500)], status: 'unknown', sent: { posts: 1, gets: 0 }, error: /no way to deduplicate/ },
  { name: 'none: dropped after sending → unknown', kind: 'none', posts: ['dropped'], status: 'unknown', sent: { posts: 1, gets: 0 } },
  { name: 'none: 2xx without an id → unknown', kind: 'none', posts: [status(200, '<html>hi</html>', { 'content-type': 'text/html' })], status: 'unknown', sent: { posts: 1, gets: 0 }, error: /^HTTP 200 text\/html: "<html>hi<\/html>" \(no Vendor product id in it\)/ },
  // Lookup dedupe.
  { name: 'lookup: 500, found → existing', kind: 'lookup', posts: [status(500)], gets: [listing('p9')], status: 'existing', sent: { posts: 1, gets: 1 }, id: 'p9' },
  { name: 'lookup: 500, absent → sent again', kind: 'lookup', posts: [status(500), ok()], gets: [listing()], status: 'created', sent: { posts: 2, gets: 1 } },
  { name: 'D2 lookup: 500, the lookup answers HTML → unknown, not sent again', kind: 'lookup', posts: [status(500)], gets: [status(200, '<html>maintenance</html>', { 'content-type': 'text/html' })], status: 'unknown', sent: { posts: 1, gets: 1 }, error: /lookup: HTTP 200 text\/html/ },
  { name: 'D2 lookup: 500, the lookup body is cut short → unknown', kind: 'lookup', posts: [status(500)], gets: [{ status: 200, bodyProblem: 'the connection dropped after 3 bytes of its body' }], status: 'unknown', sent: { posts: 1, gets: 1 } },
  { name: 'lookup: 500, the lookup 404s → unknown', kind: 'lookup', posts: [status(500)], gets: [status(404)], status: 'unknown', sent: { posts: 1, gets: 1 } },
  { name: 'lookup: 500, the lookup 503s then answers absent → sent again', kind: 'lookup', posts: [status(500), ok()], gets: [status(503), listing()], status: 'created', sent: { posts: 2, gets: 2 } },
  { name: 'D5 lookup: 2xx unreadable, lookup absent → unknown (the server said it acted)', kind: 'lookup', posts: [status(201, { ok: true })], gets: [listing()], status: 'unknown', sent: { posts: 1, gets: 1 }, error: /lookup does not find it/ },
  { name: 'D5 lookup: 2xx unreadable, lookup finds it → existing', kind: 'lookup', posts: [status(201, null)], gets: [listing('p3')], status: 'existing', sent: { posts: 1, gets: 1 }, id: 'p3' },
  { name: 'lookup: 500 every time, absent every time: gave up, unknown', kind: 'lookup', retries: 1, posts: [status(500), status(500)], gets: [listing(), listing()], status: 'unknown', sent: { posts: 2, gets: 2 }, error: /^gave up after 2 attempt\(s\)/ },
  // Replay-safe dedupe: idempotency key and upsert.
  { name: 'idempotency: 500 then 201 (replayed)', kind: 'idempotency-key', posts: [status(500), ok()], status: 'created', sent: { posts: 2, gets: 0 } },
  { name: 'idempotency: dropped then 201', kind: 'idempotency-key', posts: ['dropped', ok()], status: 'created', sent: { posts: 2, gets: 0 } },
  { name: 'D16 idempotency: 2xx cut short, replay answers', kind: 'idempotency-key', posts: [{ status: 201, bodyProblem: 'the connection dropped after 9 bytes of its body' }, ok('p7')], status: 'created', sent: { posts: 2, gets: 0 }, id: 'p7' },
  { name: 'D16 idempotency: 2xx unreadable twice, the lookup finds it', kind: 'idempotency-key', posts: [status(201, {}), status(201, {})], gets: [listing('p8')], status: 'existing', sent: { posts: 2, gets: 1 } },
  { name: 'idempotency without lookup: 2xx unreadable twice → unknown', kind: 'idempotency-key, no lookup', posts: [status(201, {}), status(201, {})], status: 'unknown', sent: { posts: 2, gets: 0 }, error: /same idempotency key and still no answer/ },
  { name: 'idempotency: 422 (same key, other body), the lookup finds it', kind: 'idempotency-key', posts: [status(422)], gets: [listing('p4')], status: 'existing', sent: { posts: 1, gets: 1 } },
  { name: 'idempotency: 422, the lookup does not → failed', kind: 'idempotency-key', posts: [status(422)], gets: [listing()], status: 'failed', sent: { posts: 1, gets: 1 } },
  { name: 'idempotency: 503 every time → gave up, unknown', kind: 'idempotency-key', retries: 2, posts: [status(503), status(503), status(503)], status: 'unknown', sent: { posts: 3, gets: 0 } },
  { name: 'upsert: 500 then 201', kind: 'upsert', posts: [status(500), ok()], status: 'created', sent: { posts: 2, gets: 0 } },
  { name: 'D16 upsert: 2xx unreadable twice → unknown, two POSTs only', kind: 'upsert', posts: [status(201, 'x'), status(201, 'x')], status: 'unknown', sent: { posts: 2, gets: 0 }, error: /same sync id/ },
  // An earlier run may have created it (a `sending` or `unknown` line): decide before sending.
  { name: 'uncertain, lookup: found → existing, nothing sent', kind: 'lookup', uncertain: true, posts: [], gets: [listing('p5')], status: 'existing', sent: { posts: 0, gets: 1 } },
  { name: 'uncertain, lookup: absent → sent', kind: 'lookup', uncertain: true, posts: [ok()], gets: [listing()], status: 'created', sent: { posts: 1, gets: 1 } },
  { name: 'uncertain, lookup: the lookup fails → unknown, nothing sent', kind: 'lookup', uncertain: true, posts: [], gets: [status(404)], status: 'unknown', sent: { posts: 0, gets: 1 }, error: /an earlier run may have created it and the lookup failed/ },
  { name: 'D4 uncertain, idempotency: the lookup fails → resent with the same key', kind: 'idempotency-key', uncertain: true, posts: [ok('p6')], gets: [status(404)], status: 'created', sent: { posts: 1, gets: 1 }, id: 'p6' },
  { name: 'D4 uncertain, idempotency: the lookup is unreadable → resent with the same key', kind: 'idempotency-key', uncertain: true, posts: [ok()], gets: [status(200, 'nope')], status: 'created', sent: { posts: 1, gets: 1 } },
  { name: 'uncertain, idempotency without lookup → resent', kind: 'idempotency-key, no lookup', uncertain: true, posts: [ok()], status: 'created', sent: { posts: 1, gets: 0 } },
  { name: 'uncertain, upsert → resent, no lookup', kind: 'upsert', uncertain: true, posts: [ok()], status: 'created', sent: { posts: 1, gets: 0 } },
  { name: 'uncertain, none → unknown, nothing sent', kind: 'none', uncertain: true, posts: [], status: 'unknown', sent: { posts: 0, gets: 0 }, error: /--resume --resend-unknown/ },
  { name: 'uncertain, none, --resend-unknown → sent', kind: 'none', uncertain: true, resendUnknown: true, posts: [ok()], status: 'created', sent: { posts: 1, gets: 0 } },
];

describe('sendUnit: every decision (fake timers, scripted answers)', () => {
  beforeEach(() => mock.timers.enable({ apis: ['setTimeout', 'Date'], now: Date.UTC(2025, 0, 1) }));
  afterEach(() => mock.timers.reset());

  for (const r of ROWS) {
    test(r.name, async () => {
      const { ctx, sent, attempts } = context(r.kind, r.posts, r.gets ?? [], r.retries ?? 5);
      const out = await drive(sendUnit(ctx, UNIT, REQUEST, r.uncertain ?? false, r.resendUnknown ?? false));
      assert.equal(out.status, r.status, `${out.status}: ${out.error}`);
      assert.deepEqual(sent, r.sent);
      assert.equal(attempts.length, r.sent.posts, 'every create sent was announced to the journal just before it left');
      assert.equal(out.attempts, r.sent.posts);
      assert.equal(out.stop?.code, r.stop);
      if (r.error) assert.match(out.error ?? '', r.error);
      if (r.id) assert.equal(out.remoteId, r.id);
    });
  }

  test('waits end on the first Ctrl-C: a unit in a 429 pause is not sent again, and failed (nothing was created)', async () => {
    const waits = new AbortController();
    const { ctx, sent } = context('lookup', [status(429, {}, { 'retry-after': '120' })], [], 5);
    ctx.waits = waits.signal;
    const p = sendUnit(ctx, UNIT, REQUEST, false, false);
    await flush();
    waits.abort();
    const out = await p; // no timer has run: the abort alone ended the wait
    assert.equal(out.status, 'failed');
    assert.deepEqual(sent, { posts: 1, gets: 0 });
  });

  test('answers not understood: three in a row stop the run, one understood resets the count', () => {
    const watch = new AnswerWatch('https://wrong.example');
    const target = targetOf('none');
    watch.notUnderstood(target, 'a');
    watch.notUnderstood(target, 'b');
    watch.understood();
    watch.notUnderstood(target, 'c');
    watch.notUnderstood(target, 'd');
    assert.throws(() => watch.notUnderstood(target, 'HTTP 200 text/html: "<html>"'), /^RunError: 3 answers in a row from https:\/\/wrong\.example were not Vendor's \(the last: HTTP 200 text\/html: "<html>"\): is the base URL right\?/);
  });
});

const flush = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Runs a promise to its end, letting every fake timer fire as it is set. */
async function drive<T>(p: Promise<T>): Promise<T> {
  let done = false;
  void p.finally(() => (done = true)).catch(() => undefined);
  for (let i = 0; i < 10_000 && !done; i++) {
    await flush();
    mock.timers.runAll();
  }
  return p;
}

function context(kind: Kind, posts: Answer[], gets: Answer[], retries: number) {
  const sent = { posts: 0, gets: 0 };
  const attempts: string[] = [];
  const events: string[] = [];
  const answer = (a: Answer | undefined): HttpResponse => {
    if (a === undefined) throw new Error('the script has no answer left for this request');
    if (a === 'refused') throw new NetworkError('connection refused', 'ECONNREFUSED', false, false);
    if (a === 'dropped') throw new NetworkError('connection dropped before a response', 'ECONNRESET', true, false);
    return { headers: {}, body: undefined, ms: 1, ...a };
  };
  const ctx: SendContext = {
    target: targetOf(kind),
    config: {},
    http: {
      async send(req) {
        if (req.method === 'POST') {
          sent.posts++;
          // The journal heard of this create just before it left.
          assert.equal(events.at(-1), 'leaving', 'a create left without onWire(key, true) first');
          return answer(posts.shift());
        }
        sent.gets++;
        return answer(gets.shift());
      },
    },
    rate: new RateLimiter(Infinity, 1, { maxWaitMs: 300_000, clock: { now: () => Date.now(), epoch: () => Date.now() } }),
    retries,
    signal: new AbortController().signal,
    draining: () => false,
    answers: new AnswerWatch('https://vendor.example'),
    onRetry: () => undefined,
    onRequest: () => undefined,
    onWire: (key, mayHaveActed) => {
      events.push(mayHaveActed ? 'leaving' : 'not acted');
      if (mayHaveActed) attempts.push(key);
    },
  };
  return { ctx, sent, attempts };
}
