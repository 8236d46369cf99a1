// Pandabase adapter: mapping, checks, the idempotency key, the fake's documented behaviour, and
// the golden payloads replayed over real HTTP against the sandbox server.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { RunError } from '../../src/errors.js';
import { createStore, startSandbox } from '../../src/sandbox/server.js';
import { target as pandabase } from '../../src/targets/pandabase/index.js';
import { idempotencyKey } from '../../src/targets/pandabase/map.js';
import { idempotencyEntries } from '../../src/targets/pandabase/sandbox.js';
import type { RequestSpec, Unit } from '../../src/targets/types.js';
import { ROOT } from '../helpers.js';
import { assertGolden, call, fakeOf, issuesOf, parse, rawCatalog, readGolden, requestOf } from './support.js';

type Raw = Record<string, unknown>;

const DIGITAL = (JSON.parse(readFileSync(path.join(ROOT, 'test', 'targets', 'fixtures-digital.json'), 'utf8')) as { products: Raw[] }).products;
const config = pandabase.readConfig(fakeOf(pandabase).dummyEnv('http://127.0.0.1:9/v2/core'));
const KEY_RE = /^[A-Za-z0-9_-]{8,32}$/;

function unitOf(raw: Raw): Unit {
  return pandabase.units(parse(raw), 'test')[0]!;
}

/** A minimal valid digital product, with overrides. */
function digital(extra: Raw = {}): Raw {
  return { title: 'Preset Pack', kind: 'digital_download', sku: 'PP-1', price: '9.99', ...extra };
}

function body(raw: Raw): Record<string, any> {
  return requestOf(pandabase, unitOf(raw), config).body as Record<string, any>;
}

const fields = (raw: Raw) => issuesOf(pandabase, unitOf(raw)).map((i) => i.field);

interface Line {
  key: string;
  method: string;
  path: string;
  idempotencyKey: string;
  body: unknown;
}

function goldenLines(): Line[] {
  return DIGITAL.flatMap((raw, i) =>
    pandabase.units(parse(raw), `fixtures-digital.json#/products/${i}`).map((unit) => {
      assert.deepEqual(issuesOf(pandabase, unit), [], `${unit.key} should pass check()`);
      const r = requestOf(pandabase, unit, config);
      return { key: unit.key, method: r.method, path: r.path, idempotencyKey: r.headers['idempotency-key']!, body: r.body };
    }),
  );
}

describe('pandabase: golden payloads', () => {
  it('match test/targets/golden/pandabase.ndjson (UPDATE_GOLDEN=1 rewrites)', () => {
    assertGolden('pandabase.ndjson', goldenLines());
  });

  it('physical catalog products are refused with a clear issue at kind; the ebook passes', () => {
    for (const raw of rawCatalog()) {
      const unit = pandabase.units(parse(raw), 'catalog')[0]!;
      const issues = issuesOf(pandabase, unit);
      if (unit.product.kind === 'physical') {
        const kind = issues.find((i) => i.field === 'kind');
        assert.ok(kind, `${unit.key}: ${JSON.stringify(issues)}`);
        assert.match(kind.expected, /digital goods only/);
        assert.equal(kind.found, '"physical"');
        assert.equal(kind.code, 'pandabase.kind.unsupported');
      } else assert.deepEqual(issues, [], unit.key);
    }
  });
});

describe('pandabase: mapping', () => {
  it('money is exact integer minor units, in the currency of the product', () => {
    const cases: [string, string, number][] = [
      ['USD', '19.99', 1999], ['USD', '1.15', 115], ['USD', '4.35', 435], ['USD', '0.07', 7], ['USD', '1.1', 110],
      ['JPY', '1500', 1500], ['KWD', '1.234', 1234], ['EUR', '1234567.89', 123456789],
    ];
    for (const [currency, price, cents] of cases) {
      const b = body(digital({ currency, price, compare_at_price: price }));
      assert.equal(b.price, cents, `${price} ${currency}`);
      assert.equal(b.compareAtPrice, cents);
      assert.equal(b.variants[0].price, cents);
      assert.ok(Number.isInteger(b.price));
    }
  });

  it('the product price is the lowest variant price, with that variant’s compare-at price', () => {
    const b = body({
      title: 'Course', kind: 'digital_download',
      variants: [
        { sku: 'C-1', price: '30.00', compare_at_price: '40.00', options: { Tier: 'Full' } },
        { sku: 'C-2', price: '12.50', compare_at_price: '20.00', options: { Tier: 'Lite' } },
      ],
    });
    assert.equal(b.price, 1250);
    assert.equal(b.compareAtPrice, 2000);
    assert.deepEqual(b.variants.map((v: any) => v.price), [3000, 1250]);
  });

  it('kinds map to productType; subscriptions carry billingInterval and trialDays', () => {
    assert.equal(body(digital()).productType, 'DIGITAL_DOWNLOAD');
    assert.equal(body(digital({ kind: 'license_key' })).productType, 'LICENSE_KEY');
    const sub = body(digital({ kind: 'subscription', subscription: { billing_interval: 'yearly', trial_days: 7 } }));
    assert.equal(sub.productType, 'SUBSCRIPTION');
    assert.equal(sub.billingInterval, 'YEARLY');
    assert.equal(sub.trialDays, 7);
  });

  it('options: product options from the variants, variant options as {name: value}', () => {
    const b = body(DIGITAL[3]!);
    assert.deepEqual(b.options, [
      { name: 'Volume', values: ['1', '2'], position: 0 },
      { name: 'Format', values: ['Vital', 'Serum'], position: 1 },
    ]);
    assert.deepEqual(b.variants[2].options, { Volume: '1', Format: 'Serum' });
    assert.equal(b.variants[2].title, '1 / Serum');
    assert.deepEqual(b.variants.map((v: any) => v.position), [0, 1, 2, 3]);
  });

  it('variant title: its own, else its option values, else its sku', () => {
    assert.equal(body(digital({ title: 'X' })).variants[0].title, 'PP-1');
    const b = body({ title: 'X', kind: 'digital_download', variants: [{ sku: 'A', title: 'Alpha', price: '1' }, { sku: 'B', title: 'Beta', price: '1' }] });
    assert.deepEqual(b.variants.map((v: any) => v.title), ['Alpha', 'Beta']);
  });

  it('stock: quantity with trackStock unless the policy is continue', () => {
    assert.deepEqual(pick(body(digital({ inventory_quantity: 5 })).variants[0]), { quantity: 5, trackStock: true, inStock: true });
    assert.deepEqual(pick(body(digital({ inventory_quantity: 0, inventory_policy: 'deny' })).variants[0]), { quantity: 0, trackStock: true, inStock: false });
    assert.deepEqual(pick(body(digital({ inventory_quantity: 0, inventory_policy: 'continue' })).variants[0]), { quantity: 0, trackStock: false, inStock: true });
    assert.deepEqual(pick(body(digital()).variants[0]), {});
  });

  it('status: active/draft map; archived is an issue unless pandabase.status says what to send', () => {
    assert.equal(body(digital({ status: 'draft' })).status, 'DRAFT');
    assert.equal(body(digital({ status: 'active' })).status, 'ACTIVE');
    assert.deepEqual(fields(digital({ status: 'archived' })), ['status']);
    assert.deepEqual(fields(digital({ status: 'archived', targets: { pandabase: { status: 'DRAFT' } } })), []);
  });

  it('pass-through fields are merged and checked by the strict schema', () => {
    const b = body(DIGITAL[2]!);
    assert.equal(b.downloadUrl, 'https://files.example.com/kanji-sheets.pdf');
    assert.equal(b.fulfillmentMode, 'INSTANT_DOWNLOAD');
    const bad = issuesOf(pandabase, unitOf(digital({ targets: { pandabase: { keyFormat: 'HEX', noSuchField: 1 } } })));
    assert.deepEqual(bad.map((i) => i.field).sort(), ['targets.pandabase.keyFormat', 'targets.pandabase.noSuchField']);
  });

  it('toRequest: POST to the store path with its trailing slash, bearer auth', () => {
    const r = requestOf(pandabase, unitOf(digital()), config);
    assert.equal(r.method, 'POST');
    assert.equal(r.path, '/stores/str_sandbox_store01/products/');
    assert.equal(r.headers.authorization, 'Bearer sk_sandbox_pandabase_key');
  });

  it('dropped(): given fields with no Pandabase field, product ones first', () => {
    const tee = pandabase.units(parse(rawCatalog()[0]!), 'c')[0]!;
    assert.deepEqual(pandabase.dropped(tee).slice(0, 4), ['handle', 'brand', 'product_type', 'url']);
    assert.deepEqual(pandabase.dropped(unitOf(DIGITAL[0]!)), ['handle', 'brand', 'tags', 'images.alt']);
    assert.deepEqual(pandabase.dropped(unitOf(DIGITAL[2]!)), ['variants.inventory_policy']);
  });
});

function pick(v: Record<string, unknown>) {
  return Object.fromEntries(Object.entries(v).filter(([k]) => ['quantity', 'trackStock', 'inStock'].includes(k)));
}

describe('pandabase: idempotency key', () => {
  it('8–32 chars of [A-Za-z0-9_-], deterministic, and the one toRequest sends', () => {
    for (const unit of goldenLines()) assert.match(unit.idempotencyKey, KEY_RE);
    const unit = unitOf(digital());
    const a = requestOf(pandabase, unit, config).headers['idempotency-key'];
    const b = requestOf(pandabase, unitOf(digital()), config).headers['idempotency-key'];
    assert.equal(a, b);
    assert.equal(a, idempotencyKey(config.storeId, unit.key));
    assert.equal(a!.length, 32);
  });

  it('differs by store and by unit key, not by anything in the body', () => {
    const k = idempotencyKey('str_store_one_01', 'PP-1');
    assert.notEqual(idempotencyKey('str_store_two_02', 'PP-1'), k);
    assert.notEqual(idempotencyKey('str_store_one_01', 'PP-2'), k);
    const renamed = requestOf(pandabase, unitOf(digital({ title: 'Other title', price: '1.00' })), config);
    assert.equal(renamed.headers['idempotency-key'], idempotencyKey(config.storeId, 'PP-1'));
  });

  it('the unit key is the first variant’s sku (the only identity Pandabase keeps)', () => {
    assert.deepEqual(pandabase.units(parse(DIGITAL[0]!), 's').map((u) => u.key), ['PHOTON-PERSONAL']);
  });
});

describe('pandabase: checks', () => {
  const variants = (n: number) => Array.from({ length: n }, (_, i) => ({ sku: `V-${i}`, price: '1.00', options: { Edition: `E${i}` } }));

  it('more than 4 variants: an issue at variants', () => {
    assert.deepEqual(fields({ title: 'X', kind: 'license_key', variants: variants(4) }), []);
    const issues = issuesOf(pandabase, unitOf({ title: 'X', kind: 'license_key', variants: variants(5) }));
    assert.deepEqual(issues.map((i) => i.field), ['variants']);
    assert.match(issues[0]!.expected, /at most 4 variants/);
    assert.equal(issues[0]!.found, '"5 variants"');
  });

  it('limits on images, categories, text lengths and skus are located', () => {
    const images = Array.from({ length: 11 }, (_, i) => `https://cdn.example.com/${i}.png`);
    assert.deepEqual(fields(digital({ images })), ['images']);
    assert.deepEqual(fields(digital({ category_ids: ['short', 'cat_long_enough_id'] })), ['category_ids[0]']);
    assert.deepEqual(fields(digital({ category_ids: Array.from({ length: 21 }, (_, i) => `category_${String(i).padStart(6, '0')}`) })), ['category_ids']);
    assert.deepEqual(fields(digital({ title: 'T'.repeat(257) })), ['title']);
    assert.deepEqual(fields(digital({ subtitle: 'S'.repeat(513) })), ['subtitle']);
    assert.deepEqual(fields(digital({ sku: 'K'.repeat(129) })), ['variants[0].sku']);
    assert.deepEqual(fields(digital({ inventory_quantity: -1 })), ['variants[0].inventory_quantity']);
  });

  it('a physical product: one issue, at kind', () => {
    const issues = issuesOf(pandabase, unitOf({ title: 'Mug', sku: 'M-1', price: '5.00' }));
    assert.equal(issues.length, 1);
    assert.equal(issues[0]!.field, 'kind');
  });
});

describe('pandabase: config', () => {
  const env = fakeOf(pandabase).dummyEnv('https://api.pandabase.io/v2/core');

  it('a store id outside 12–48 characters is a config error naming the variable', () => {
    for (const id of ['short', 'x'.repeat(49), 'has space in it']) {
      assert.throws(() => pandabase.readConfig({ ...env, PANDABASE_STORE_ID: id }), (e: unknown) => e instanceof RunError && e.code === 'config' && e.message.includes('PANDABASE_STORE_ID'));
    }
  });

  it('an HMAC token (stk_) is refused: it would need request signing', () => {
    assert.throws(() => pandabase.readConfig({ ...env, PANDABASE_API_KEY: 'stk_abc' }), (e: unknown) => e instanceof RunError && e.code === 'config');
  });

  it('defaults to the documented base URL', () => {
    assert.equal(pandabase.baseUrl(pandabase.readConfig({ ...env, PANDABASE_BASE_URL: undefined })), 'https://api.pandabase.io/v2/core');
  });
});

describe('pandabase: responses', () => {
  it('parseCreated reads data.id', () => {
    assert.equal(pandabase.parseCreated({ ok: true, data: { id: 'prd_8h4t6sqzy3x9w5n2k1m0vqbf', title: 'Pro Plan' } }), 'prd_8h4t6sqzy3x9w5n2k1m0vqbf');
    assert.throws(() => pandabase.parseCreated({ ok: true, data: {} }));
  });

  it('parseError: the documented {ok:false, error}, an {code, message} error, text, or the status', () => {
    assert.equal(pandabase.parseError(422, { ok: false, error: 'Idempotency key reused' }), 'Idempotency key reused');
    assert.equal(pandabase.parseError(400, { ok: false, error: { code: 'VALIDATION', message: 'bad title' } }), 'VALIDATION: bad title');
    assert.equal(pandabase.parseError(502, '<html>\n<body>Bad gateway</body>\n</html>'), '<html> <body>Bad gateway</body> </html>');
    assert.equal(pandabase.parseError(500, undefined), 'HTTP 500');
  });
});

describe('pandabase: sandbox behaviour', () => {
  const spec = (raw: Raw = digital()): RequestSpec => requestOf(pandabase, unitOf(raw), config);

  it('same key and same body replays the first answer: same id, no second create', () => {
    const store = createStore();
    const first = call(pandabase, store, spec());
    const again = call(pandabase, store, spec());
    assert.equal(first.status, 201);
    assert.deepEqual(again, first);
    assert.equal(store.created.length, 1);
    assert.equal(store.created[0]!.key, 'PP-1');
  });

  it('same key with another body: 422 {ok:false, error}', () => {
    const store = createStore();
    call(pandabase, store, spec());
    const other = call(pandabase, store, spec(digital({ price: '10.99' })));
    assert.equal(other.status, 422);
    assert.equal((other.body as any).ok, false);
    assert.match(pandabase.parseError(422, other.body), /different request body/);
    assert.equal(store.created.length, 1);
  });

  it('same key with the same fields in another key order: another body, 422 (the bytes are compared)', () => {
    const store = createStore();
    const s = spec();
    call(pandabase, store, s);
    const body = s.body as Record<string, unknown>;
    const reordered = Object.fromEntries(Object.entries(body).reverse());
    const other = call(pandabase, store, { ...s, body: reordered });
    assert.equal(other.status, 422);
    assert.equal(store.created.length, 1);
  });

  it('an update checks the store id as a create does', () => {
    const s = spec();
    const res = call(pandabase, createStore(), { ...s, method: 'PATCH', path: '/stores/x/products/prd_1' });
    assert.equal(res.status, 400);
    assert.match(pandabase.parseError(400, res.body), /storeId must be/);
  });

  it('same key while the first is in flight: 409', () => {
    const store = createStore();
    const s = spec();
    idempotencyEntries(store).set(`${config.storeId}:${s.headers['idempotency-key']}`, { status: 'in-flight' });
    const res = call(pandabase, store, s);
    assert.equal(res.status, 409);
    assert.equal(store.created.length, 0);
  });

  it('auth: no bearer sk_ token is 401, a token without PRODUCTS_WRITE is 403, both {ok:false, error}', () => {
    const s = spec();
    const none = call(pandabase, createStore(), { ...s, headers: { ...s.headers, authorization: '' } });
    assert.equal(none.status, 401);
    assert.deepEqual(none.body, { ok: false, error: 'Invalid or missing API token' });
    const notSk = call(pandabase, createStore(), { ...s, headers: { ...s.headers, authorization: 'Bearer abc' } });
    assert.equal(notSk.status, 401);
    const readOnly = call(pandabase, createStore(), { ...s, headers: { ...s.headers, authorization: 'Bearer sk_readonly_1' } });
    assert.equal(readOnly.status, 403);
    assert.match(pandabase.parseError(403, readOnly.body), /PRODUCTS_WRITE/);
  });

  it('strict body validation: an unknown or mistyped field is a 400 {ok:false, error} naming it', () => {
    const s = spec();
    const store = createStore();
    const res = call(pandabase, store, { ...s, body: { ...(s.body as object), noSuchField: 1, price: 9.5 } });
    assert.equal(res.status, 400);
    assert.equal((res.body as any).ok, false);
    assert.match((res.body as any).error, /body\/price/);
    assert.match((res.body as any).error, /body\/noSuchField unknown field/);
    assert.equal(store.created.length, 0);
    // A refused body does not use up the key: the corrected one goes through.
    assert.equal(call(pandabase, store, s).status, 201);
  });

  it('a subscription without billingInterval is refused, as documented', () => {
    const s = spec(digital({ kind: 'subscription', subscription: { billing_interval: 'monthly' } }));
    const { billingInterval: _, ...rest } = s.body as Record<string, unknown>;
    const res = call(pandabase, createStore(), { ...s, body: rest });
    assert.equal(res.status, 400);
    assert.match((res.body as any).error, /billing interval/);
  });

  it('a bad idempotency key and a path without the trailing slash are refused', () => {
    const s = spec();
    assert.equal(call(pandabase, createStore(), { ...s, headers: { ...s.headers, 'idempotency-key': 'short' } }).status, 400);
    assert.equal(call(pandabase, createStore(), { ...s, headers: { ...s.headers, 'idempotency-key': 'has spaces in it' } }).status, 400);
    assert.equal(call(pandabase, createStore(), { ...s, path: s.path.slice(0, -1) }).status, 404);
  });

  it('429: X-RateLimit-* with an epoch reset, no Retry-After', () => {
    const reset = Math.floor(Date.now() / 1000) + 7;
    const r = fakeOf(pandabase).rateLimited(7, reset, 60);
    assert.equal(r.status, 429);
    assert.equal(r.headers?.['X-RateLimit-Reset'], String(reset));
    assert.equal(r.headers?.['X-RateLimit-Remaining'], '0');
    assert.equal(r.headers?.['X-RateLimit-Type'], 'StoreResource');
    assert.ok(!Object.keys(r.headers ?? {}).some((h) => h.toLowerCase() === 'retry-after'));
    assert.deepEqual(r.body, { ok: false, error: 'Rate limit exceeded. Please retry after the reset time.' });
  });

  it('lookup: search finds the product by sku; pages follow pagination.totalPages', () => {
    const store = createStore();
    const unit = unitOf(digital());
    const id = pandabase.parseCreated(call(pandabase, store, requestOf(pandabase, unit, config)).body);
    const lookup = pandabase.dedupe.kind === 'idempotency-key' ? pandabase.dedupe.lookup! : assert.fail('expected a lookup');
    const req = lookup.request(unit, config);
    assert.equal(req.method, 'GET');
    assert.match(req.path, /^\/stores\/str_sandbox_store01\/products\/\?search=Preset\+Pack&page=1&limit=100$/);
    assert.deepEqual(lookup.match(unit, call(pandabase, store, req).body), { found: id });
    // Same title, other sku: not ours; after the title's pages, the search by sku (a title may have changed since).
    const stranger = unitOf(digital({ sku: 'PP-2' }));
    const byTitle = call(pandabase, store, lookup.request(stranger, config)).body;
    assert.deepEqual(lookup.match(stranger, byTitle), { next: 'sku:1' });
    const bySku = lookup.request(stranger, config, 'sku:1');
    assert.match(bySku.path, /\?search=PP-2&page=1&limit=100$/);
    assert.deepEqual(lookup.match(stranger, call(pandabase, store, bySku).body, 'sku:1'), {});
    const page1 = { ok: true, data: { items: [], pagination: { page: 1, limit: 100, total: 150, totalPages: 2 } } };
    assert.deepEqual(lookup.match(unit, page1), { next: '2' });
    assert.equal(lookup.request(unit, config, '2').path.includes('page=2'), true);
    assert.deepEqual(lookup.match(unit, page1, 'sku:1'), { next: 'sku:2' });
  });

  it('lookup: a product whose title changed in the catalog is found by its sku', () => {
    const store = createStore();
    const id = pandabase.parseCreated(call(pandabase, store, requestOf(pandabase, unitOf(digital()), config)).body);
    const renamed = unitOf(digital({ title: 'Preset Pack, second edition' }));
    const lookup = pandabase.dedupe.kind === 'idempotency-key' ? pandabase.dedupe.lookup! : assert.fail('expected a lookup');
    const first = lookup.match(renamed, call(pandabase, store, lookup.request(renamed, config)).body);
    assert.deepEqual(first, { next: 'sku:1' });
    assert.deepEqual(lookup.match(renamed, call(pandabase, store, lookup.request(renamed, config, first.next)).body, first.next), { found: id });
  });
});

describe('pandabase: golden payloads over HTTP', () => {
  it('each is accepted once by the sandbox server; a resend replays the same id', async () => {
    const lines = readGolden('pandabase.ndjson') as unknown as Line[];
    const sb = await startSandbox(fakeOf(pandabase), { port: 0 });
    try {
      const c = pandabase.readConfig(fakeOf(pandabase).dummyEnv(sb.url));
      const auth = requestOf(pandabase, unitOf(digital()), c).headers;
      const send = (line: Line) =>
        fetch(pandabase.baseUrl(c) + line.path, {
          method: line.method,
          headers: { ...auth, 'idempotency-key': line.idempotencyKey },
          body: JSON.stringify(line.body),
        });
      const ids: string[] = [];
      for (const line of lines) {
        const res = await send(line);
        const json = await res.json();
        assert.equal(res.status, 201, `${line.key}: ${pandabase.parseError(res.status, json)}`);
        ids.push(pandabase.parseCreated(json));
      }
      assert.deepEqual(sb.store.created.map((c) => c.key), lines.map((l) => l.key));
      assert.equal(new Set(ids).size, lines.length);
      const again = await send(lines[0]!);
      assert.equal(pandabase.parseCreated(await again.json()), ids[0]);
      assert.equal(sb.store.created.length, lines.length);
    } finally {
      await sb.close();
    }
  });
});

describe('pandabase: amounts too large for cents', () => {
  it('are an issue at the variant price, not a crash', () => {
    const issues = issuesOf(pandabase, unitOf(digital({ price: '99999999999999999.00' })));
    assert.deepEqual(issues.map((i) => [i.code, i.field]), [['pandabase.price.too_large', 'variants[0].price']]);
  });

  it('with pass-through variants, the lead price (sent as the product price) is still checked', () => {
    const raw = digital({ variants: [{ sku: 'A', price: '99999999999999999.00', title: 'A' }, { sku: 'B', price: '99999999999999999999.00', title: 'B' }] });
    const passed = { ...raw, targets: { pandabase: { variants: [{ title: 'A', options: {}, price: 1 }] } } };
    assert.deepEqual(issuesOf(pandabase, unitOf(passed)).map((i) => i.field), ['variants[0].price']);
  });
});
