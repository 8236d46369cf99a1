// The second-run contract every target keeps (src/targets/types.ts `Existing`), run over the
// registry against each target's fake: what a create made is found and read back with its id;
// a product just created is unchanged against the same catalog; a changed one yields an update
// body the vendor schema accepts, which the fake applies so that nothing differs afterwards.
// Plus the fakes' strictness on updates and stock entries, as on creates.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createStore } from '../../src/sandbox/server.js';
import { changesOf } from '../../src/targets/diff.js';
import { loadTarget, TARGET_NAMES } from '../../src/targets/index.js';
import type { Existing, Remote, SandboxStore, Target, Unit } from '../../src/targets/types.js';
import { stockLog, WAREHOUSES } from '../../src/targets/veeqo/sandbox.js';
import { call, dummyConfig, issuesOf, parse, requestOf, unitsOf, wholePriced } from './support.js';

const targets = await Promise.all(TARGET_NAMES.map(loadTarget));

/** The reference catalog's units the target accepts (whole-priced where it refuses fractions), skus unique. */
function sendable(target: Target): Unit[] {
  const ok = (units: Unit[]) => units.filter((u) => issuesOf(target, u).length === 0);
  const plain = ok(unitsOf(target));
  return plain.length >= 2 ? plain : ok(unitsOf(target, wholePriced()));
}

/** The unit's own lookup, all pages, read into a Remote (as src/run/existing.ts does). */
function find(target: Target, ex: Existing<unknown>, store: SandboxStore, unit: Unit, config: unknown): Remote | undefined {
  let cursor: string | undefined;
  for (let page = 0; page < 20; page++) {
    const res = call(target, store, ex.lookup.request(unit, config, cursor));
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const items = ex.items(res.body);
    assert.ok(items, `${target.name}: the lookup answer is readable`);
    const m = ex.lookup.match(unit, res.body, cursor);
    if (m.found) return items.map((i) => ex.read(i)).find((r) => r?.id === m.found);
    if (!m.next) return undefined;
    cursor = m.next;
  }
  assert.fail('too many pages');
}

/** The same product, changed: another title and a price one unit higher on the first variant. */
function changed(unit: Unit): Unit {
  const [v0, ...rest] = unit.product.variants;
  const price = (Number(v0!.price) + 1).toFixed(2);
  const product = { ...unit.product, title: `${unit.product.title} (2nd edition)`, variants: [{ ...v0!, price }, ...rest] };
  return { ...unit, product, variant: unit.variant === v0 ? product.variants[0] : unit.variant };
}

for (const target of targets) {
  const ex = target.existing as Existing<unknown> | undefined;
  describe(`${target.name}: second runs`, () => {
    it('has a lookup (every target does), and says whether it can update', () => {
      assert.ok(ex, 'existing capability');
      assert.equal(Boolean(ex.update), ['fanfare', 'pandabase', 'veeqo'].includes(target.name));
      assert.equal(Boolean(ex.stock), target.name === 'veeqo');
    });
    if (!ex) return;
    const config = dummyConfig(target);

    it('finds what a create made, by its lookup and in its listing, read with its id and skus', () => {
      const store = createStore();
      for (const unit of sendable(target)) {
        const id = target.parseCreated(call(target, store, requestOf(target, unit, config)).body);
        const remote = find(target, ex, store, unit, config);
        assert.equal(remote?.id, id, `${unit.key} found`);
        const skus = unit.variant ? [unit.variant.sku] : unit.product.variants.map((v) => v.sku);
        assert.ok(skus.every((s) => remote!.skus.includes(s)), `${unit.key}: ${remote!.skus}`);
      }
      if (!ex.listing) return;
      const listed = new Set<string>();
      let cursor: string | undefined;
      for (let page = 0; page < 20; page++) {
        const res = call(target, store, ex.listing.request(config, cursor));
        assert.equal(res.status, 200, JSON.stringify(res.body));
        for (const item of ex.items(res.body)!) listed.add(ex.read(item)!.id);
        cursor = ex.listing.next(res.body, cursor);
        if (!cursor) break;
      }
      assert.deepEqual([...listed].sort(), store.created.map((c) => c.id).sort(), 'the listing holds every product');
    });

    if (!ex.update) return;
    const up = ex.update;

    it('a product just created is unchanged against the same catalog', () => {
      for (const unit of sendable(target)) {
        const store = createStore();
        const create = requestOf(target, unit, config);
        call(target, store, create);
        const remote: Remote | undefined = find(target, ex, store, unit, config)!;
        assert.deepEqual(changesOf(up.desired(unit, create.body), remote), [], unit.key);
      }
    });

    it('a changed product: the update passes the vendor schema, the fake applies it, nothing differs after', () => {
      for (const unit of sendable(target)) {
        const store = createStore();
        call(target, store, requestOf(target, unit, config));
        const next = changed(unit);
        const create = requestOf(target, next, config);
        const remote = find(target, ex, store, next, config)!;
        const changes = changesOf(up.desired(next, create.body), remote);
        assert.ok(changes.some((c) => c.sku === undefined) && changes.some((c) => c.sku === next.product.variants[0]!.sku), `${unit.key}: ${JSON.stringify(changes)}`);
        const req = up.request(next, remote, changes, create.body, config);
        const judged = up.requestSchema.safeParse(req.body);
        assert.ok(judged.success, JSON.stringify(judged.error?.issues));
        const res = call(target, store, req);
        assert.ok(res.status >= 200 && res.status < 300, `${unit.key}: ${res.status} ${JSON.stringify(res.body)}`);
        assert.equal(store.created.length, 1, 'an update creates nothing');
        assert.equal(store.updated.length, 1);
        assert.deepEqual(changesOf(up.desired(next, create.body), find(target, ex, store, next, config)!), [], `${unit.key} holds the new values`);
      }
    });

    it('the fake judges an update body like a create body: a bad one is refused and changes nothing', () => {
      const unit = sendable(target)[0]!;
      const store = createStore();
      call(target, store, requestOf(target, unit, config));
      const next = changed(unit);
      const create = requestOf(target, next, config);
      const remote = find(target, ex, store, next, config)!;
      const req = up.request(next, remote, changesOf(up.desired(next, create.body), remote), create.body, config);
      const bad = target.name === 'veeqo' ? { product: { ...(req.body as { product: object }).product, noSuchField: 1 } } : { ...(req.body as object), noSuchField: 1 };
      const res = call(target, store, { ...req, body: bad });
      assert.ok(res.status >= 400, `status ${res.status}`);
      assert.ok(target.parseError(res.status, res.body).length > 3);
      assert.equal(store.updated.length, 0);
      assert.deepEqual(changesOf(up.desired(unit, requestOf(target, unit, config).body), find(target, ex, store, unit, config)!), [], 'nothing changed');
    });
  });
}

describe('veeqo: the fake of updates, stock entries and warehouses', () => {
  const veeqo = targets.find((t) => t.name === 'veeqo')!;
  const ex = veeqo.existing!;
  const config = veeqo.readConfig({ VEEQO_API_KEY: 'k-1', VEEQO_WAREHOUSE_ID: '22668' });
  const unit = sendable(veeqo)[0]!;

  function created() {
    const store = createStore();
    call(veeqo, store, requestOf(veeqo, unit, config));
    return { store, remote: find(veeqo, ex as Existing<unknown>, store, unit, config)! };
  }

  it('GET /warehouses lists the warehouses', () => {
    const res = call(veeqo, createStore(), { method: 'GET', path: '/warehouses', headers: { 'x-api-key': 'k-1' } });
    assert.equal(res.status, 200);
    assert.deepEqual((res.body as { id: number }[]).map((w) => w.id), WAREHOUSES.map((w) => w.id));
  });

  it('a stock entry is set per sellable and warehouse, read back by the lookup, and its body is judged', () => {
    const { store, remote } = created();
    const [sku, variant] = [...remote.variants][0]!;
    const put = ex.stock!.request(variant.id!, '22668', 42, config);
    assert.equal(put.method, 'PUT');
    assert.equal(put.path, `/sellables/${variant.id}/warehouses/22668/stock_entry`);
    assert.deepEqual(put.body, { stock_entry: { physical_stock_level: 42, infinite: false } });
    assert.equal(call(veeqo, store, put).status, 200);
    assert.equal(find(veeqo, ex as Existing<unknown>, store, unit, config)!.variants.get(sku)!.stock!['22668'], 42);
    assert.equal(call(veeqo, store, { ...put, method: 'GET', body: undefined }).status, 200);
    const refused: [string, unknown, number][] = [
      ['infinite missing', { stock_entry: { physical_stock_level: 1 } }, 422],
      ['a level as text', { stock_entry: { physical_stock_level: '1', infinite: false } }, 422],
      ['an unknown attribute', { stock_entry: { physical_stock_level: 1, infinite: false, bin: 'A' } }, 500],
    ];
    for (const [why, body, status] of refused) assert.equal(call(veeqo, store, { ...put, body }).status, status, why);
    assert.equal(call(veeqo, store, { ...put, path: `/sellables/${variant.id}/warehouses/1/stock_entry` }).status, 404, 'unknown warehouse');
    assert.equal(call(veeqo, store, { ...put, path: '/sellables/999999/warehouses/22668/stock_entry' }).status, 404, 'unknown sellable');
    assert.deepEqual(stockLog(store).map((e) => e.level), [42]);
  });

  it('PUT /products/{id}: a variant with an unknown sellable id is refused; one without an id is added, none removed', () => {
    const { store, remote } = created();
    const path = `/products/${remote.id}`;
    const headers = { 'x-api-key': 'k-1' };
    assert.equal(call(veeqo, store, { method: 'PUT', path, headers, body: { product: { product_variants_attributes: [{ id: 1, price: 2 }] } } }).status, 422);
    assert.equal(call(veeqo, store, { method: 'PUT', path: '/products/424242', headers, body: { product: { title: 'x' } } }).status, 404);
    const add = call(veeqo, store, { method: 'PUT', path, headers, body: { product: { product_variants_attributes: [{ title: 'New', price: 1, sku_code: 'NEW-1' }] } } });
    assert.equal(add.status, 200);
    assert.deepEqual(ex.read(add.body)!.skus, [...remote.skus, 'NEW-1']);
  });
});

describe('pandabase and fanfare: the fakes of PATCH and search', () => {
  it('pandabase PATCH: an unknown variant id and too many variants are refused; the route needs a product id', () => {
    const pandabase = targets.find((t) => t.name === 'pandabase')!;
    const config = dummyConfig(pandabase);
    const unit = sendable(pandabase)[0]!;
    const store = createStore();
    const id = pandabase.parseCreated(call(pandabase, store, requestOf(pandabase, unit, config)).body);
    const { 'idempotency-key': _key, ...headers } = requestOf(pandabase, unit, config).headers;
    const spec = { method: 'PATCH' as const, path: '', headers };
    const path = `/stores/${(config as { storeId: string }).storeId}/products/${id}`;
    const variant = (sku: string) => ({ title: sku, sku, options: {}, price: 100 });
    assert.equal(call(pandabase, store, { ...spec, method: 'PATCH', path, body: { variants: [{ id: 'var_nope', price: 1 }] } }).status, 400);
    assert.equal(call(pandabase, store, { ...spec, method: 'PATCH', path, body: { variants: ['A', 'B', 'C', 'D'].map(variant) } }).status, 400);
    assert.equal(call(pandabase, store, { ...spec, method: 'PATCH', path: `${path}x`, body: { title: 'x' } }).status, 404);
    assert.equal(store.updated.length, 0);
  });

  it('fanfare search: exactly syncSource and syncSourceId; anything else is a validation error', () => {
    const fanfare = targets.find((t) => t.name === 'fanfare')!;
    const config = dummyConfig(fanfare);
    const unit = sendable(fanfare)[0]!;
    const store = createStore();
    call(fanfare, store, requestOf(fanfare, unit, config));
    const req = fanfare.existing!.lookup.request(unit, config);
    assert.match(req.path, /^\/products\/search\?syncSource=catalog-uploader&syncSourceId=/);
    assert.equal(call(fanfare, store, { ...req, path: `${req.path}&sku=x` }).status, 400);
    assert.equal(call(fanfare, store, { ...req, path: '/products/search?q=x' }).status, 400);
    const custom = fanfare.readConfig({ ...process.env, FANFARE_SECRET_KEY: 'sk_test_x', FANFARE_SEARCH_QUERY: 'source={syncSource}&externalId={syncSourceId}' });
    assert.match(fanfare.existing!.lookup.request(unit, custom).path, /^\/products\/search\?source=catalog-uploader&externalId=/);
    assert.throws(() => fanfare.readConfig({ FANFARE_SECRET_KEY: 'sk_test_x', FANFARE_SEARCH_QUERY: 'q={syncSource}' }), /must name \{syncSourceId\}/);
  });

  it('fanfare: a variant held but not in the catalog, whose policy the answer hides, refuses the update (no guess)', () => {
    const fanfare = targets.find((t) => t.name === 'fanfare')!;
    const config = dummyConfig(fanfare);
    const unit = sendable(fanfare).find((u) => u.product.variants.length > 1)!;
    const store = createStore();
    call(fanfare, store, requestOf(fanfare, unit, config));
    const fewer: Unit = { ...unit, product: { ...unit.product, variants: unit.product.variants.slice(0, 1) } };
    const create = requestOf(fanfare, fewer, config);
    const remote = find(fanfare, fanfare.existing as Existing<unknown>, store, fewer, config)!;
    assert.throws(() => fanfare.existing!.update!.request(fewer, remote, [], create.body, config), /does not show its inventoryPolicy/);
  });
});

it('the reference catalog parses', () => assert.ok(parse({ title: 'x', sku: 'a', price: '1' })));
