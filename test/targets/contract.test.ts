// The contract every target keeps (docs/architecture.md, "Targets"), run over every target in the registry: config
// from the environment, stable units, a pure build whose bodies pass the vendor schema, issues
// that are located, worded and coded, amounts that never crash a build, error bodies read for
// the vendor's own words, and a sandbox fake that accepts what the adapter sends, answers like the
// vendor and refuses bad auth and bad bodies.
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, it, type TestContext } from 'node:test';
import { RunError } from '../../src/errors.js';
import { createStore } from '../../src/sandbox/server.js';
import { loadFake, loadTarget, TARGET_NAMES, type TargetName } from '../../src/targets/index.js';
import { baseUrlVar, statusMessage } from '../../src/targets/shared.js';
import type { RequestSpec, Target, Unit } from '../../src/targets/types.js';
import { ROOT } from '../helpers.js';
import {
  call, dummyConfig, fakeOf, isGiven, issuesOf, parse, rawCatalog, requestOf, secretValues, unitsOf, wholePriced,
} from './support.js';

const TARGETS_DIR = path.join(ROOT, 'src', 'targets');

// A target whose folder is missing or broken fails here, by name: never a skip.
it('the registry and the target folders match', () => {
  const folders = readdirSync(TARGETS_DIR, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();
  assert.deepEqual(folders, [...TARGET_NAMES].sort(), 'every registered target has a folder under src/targets/ and every folder is registered');
  for (const name of TARGET_NAMES) {
    for (const file of ['index.ts', 'config.ts', 'map.ts', 'schema.ts', 'lookup.ts', 'existing.ts', 'sandbox.ts']) {
      assert.ok(existsSync(path.join(TARGETS_DIR, name, file)), `src/targets/${name}/${file} is missing`);
    }
  }
});

const targets: Target[] = [];
for (const name of TARGET_NAMES) {
  try {
    targets.push(await loadTarget(name));
    await loadFake(name);
  } catch (err) {
    it(`${name}: contract`, () => assert.fail(`src/targets/${name} does not load: ${(err as Error).message}`));
  }
}

const header = (spec: RequestSpec, name: string) =>
  Object.entries(spec.headers).find(([k]) => k.toLowerCase() === name.toLowerCase())?.[1];

/** Units of the reference catalog and of its whole-priced copy that the target accepts. */
function sendable(target: Target): Unit[] {
  return [...unitsOf(target), ...unitsOf(target, wholePriced())].filter((u) => issuesOf(target, u).length === 0);
}

/** A unit the target must refuse: an unknown `targets.<name>` field, plus whatever it already dislikes. */
function refused(target: Target, unit: Unit): Unit {
  return { ...unit, product: { ...unit.product, targets: { [target.name]: { noSuchField: 1 } } } };
}

/** The same product with an amount no vendor's number holds (more than 2^53 cents). */
function hugePrice(unit: Unit): Unit {
  const amount = '99999999999999999999.00';
  return { ...unit, product: { ...unit.product, variants: unit.product.variants.map((v) => ({ ...v, price: amount, compare_at_price: undefined })) } };
}

/** Unified field paths as record.locate() reads them: `title`, `variants[1].price`, `case.length`, `targets.x.y`. */
const FIELD_RE = /^[a-z_]+(\[\d+\])?(\.[A-Za-z0-9_]+(\[\d+\])?)*$/;

/**
 * The vendor's documented (or, where nothing is documented, assumed and said so in README.md)
 * error bodies, and the words parseError must bring back from each.
 */
const ERROR_BODIES: Record<TargetName, { status: number; body: unknown; says: string }[]> = {
  panora: [
    { status: 400, body: { statusCode: 400, timestamp: '2026-01-05T10:00:00.000Z', path: '/ecommerce/products', message: 'product_status must be one of ACTIVE, DRAFT, ARCHIVED' }, says: 'product_status must be one of ACTIVE, DRAFT, ARCHIVED' },
    { status: 500, body: { statusCode: 500, timestamp: '2026-01-05T10:00:00.000Z', path: '/ecommerce/products', message: 'Connection not found' }, says: 'Connection not found' },
  ],
  fanfare: [
    { status: 400, body: { error: 'validation_error', issues: [{ message: 'Required', path: [{ key: 'url' }] }] }, says: 'validation_error: url: Required' },
    { status: 400, body: { error: 'Bad request', details: [{ field: 'name', message: 'Too short' }] }, says: 'Bad request: name: Too short' },
    { status: 429, body: { error: 'Too many requests', retryAfter: 30 }, says: 'Too many requests' },
  ],
  pandabase: [
    { status: 422, body: { ok: false, error: 'Idempotency key has already been used with a different request body' }, says: 'Idempotency key has already been used with a different request body' },
    { status: 403, body: { ok: false, error: 'Token is missing the required scope: PRODUCTS_WRITE' }, says: 'Token is missing the required scope: PRODUCTS_WRITE' },
  ],
  s2: [{ status: 400, body: { message: 'Validation failed', errors: [{ field: 'gtin', message: 'required' }] }, says: 'Validation failed: gtin: required' }],
  veeqo: [
    { status: 429, body: 'Limits Reached', says: 'Limits Reached' },
    { status: 422, body: { error_messages: 'Title can\'t be blank' }, says: 'Title can\'t be blank' },
  ],
};

/** Every string in a body: the vendor's words are among them. */
function strings(body: unknown): string[] {
  if (typeof body === 'string') return [body];
  if (body && typeof body === 'object') return Object.values(body).flatMap(strings);
  return [];
}

for (const target of targets) {
  describe(`${target.name}: contract`, () => {
    const config = dummyConfig(target);
    const fake = fakeOf(target);

    describe('configuration', () => {
      it('reads the dummy env and honours <TARGET>_BASE_URL', () => {
        const env = fake.dummyEnv('http://127.0.0.1:9/base');
        assert.equal(target.baseUrl(target.readConfig(env)), 'http://127.0.0.1:9/base');
        const moved = target.readConfig({ ...env, [baseUrlVar(target.name)]: 'https://api.example.test/v9/' });
        assert.equal(target.baseUrl(moved), 'https://api.example.test/v9');
      });

      it('a missing variable is a config error that names it', () => {
        const env = fake.dummyEnv('http://127.0.0.1:9');
        const required = target.env.filter((e) => e.required);
        assert.ok(required.length > 0, 'a target needs at least one credential');
        for (const v of required) {
          const without = { ...env, [v.name]: undefined };
          assert.throws(
            () => target.readConfig(without),
            (e: unknown) => e instanceof RunError && e.code === 'config' && e.message.includes(v.name),
            `without ${v.name}`,
          );
        }
      });

      it('without a base URL variable: the vendor default (https) or an error naming the variable', () => {
        const env = { ...fake.dummyEnv('http://127.0.0.1:9'), [baseUrlVar(target.name)]: undefined };
        try {
          assert.match(target.baseUrl(target.readConfig(env)), /^https:\/\//);
        } catch (e) {
          assert.ok(e instanceof RunError && e.code === 'config' && e.message.includes(baseUrlVar(target.name)), String(e));
        }
      });

      it('declares its env vars, rate limit and dedupe', () => {
        assert.ok(target.env.every((e) => /^[A-Z0-9_]+$/.test(e.name) && e.description));
        assert.ok(target.rateLimit.perSecond > 0 && target.rateLimit.burst >= 1 && target.rateLimit.description);
        assert.ok(['idempotency-key', 'upsert', 'lookup', 'none'].includes(target.dedupe.kind) && target.dedupe.description);
        if (target.dedupe.kind === 'lookup') assert.ok(target.dedupe.lookup);
      });
    });

    describe('units and mapping', () => {
      it('units have stable, unique, non-empty keys', () => {
        const a = unitsOf(target).map((u) => u.key);
        const b = unitsOf(target).map((u) => u.key);
        assert.deepEqual(a, b);
        assert.ok(a.length > 0 && a.every((k) => typeof k === 'string' && k !== ''));
        assert.equal(new Set(a).size, a.length);
      });

      it('build is pure: same answer whatever the env, clock or randomness, and the unit untouched', (t: TestContext) => {
        for (const unit of unitsOf(target)) {
          const before = structuredClone(unit);
          const first = target.build(unit, config);
          const varName = baseUrlVar(target.name);
          const saved = process.env[varName];
          process.env[varName] = 'https://elsewhere.example.test';
          t.mock.timers.enable({ apis: ['Date'], now: 1e12 });
          const random = t.mock.method(Math, 'random', () => 0.999);
          try {
            assert.deepEqual(target.build(unit, config), first, unit.key);
          } finally {
            t.mock.timers.reset();
            random.mock.restore();
            if (saved === undefined) delete process.env[varName];
            else process.env[varName] = saved;
          }
          assert.deepEqual(unit, before, `build changed unit ${unit.key}`);
        }
      });

      it('issues are located at unified fields, worded, and carry a stable <target>.… code', () => {
        const catalog = [...unitsOf(target), ...unitsOf(target, wholePriced())];
        // Units that must be refused, so this can never pass by having nothing to look at.
        const bad = catalog.map((u) => refused(target, u));
        for (const unit of bad) assert.ok(issuesOf(target, unit, config).length > 0, `${unit.key}: no issue for a unit with an unknown pass-through field`);
        const issues = [...catalog, ...bad].flatMap((u) => issuesOf(target, u, config));
        assert.ok(issues.length >= bad.length);
        for (const i of issues) {
          assert.match(i.code, new RegExp(`^${target.name}\\.[a-z0-9_]+(\\.[a-z0-9_]+)*$`), JSON.stringify(i));
          assert.match(i.field, FIELD_RE, JSON.stringify(i));
          assert.ok(i.expected && typeof i.found === 'string' && i.found !== '', JSON.stringify(i));
        }
      });

      it('every accepted unit yields a request whose body passes requestSchema', () => {
        const units = sendable(target);
        assert.ok(units.length > 0, 'no fixture unit is accepted: the contract would test nothing');
        for (const unit of units) {
          const spec = requestOf(target, unit, config);
          assert.ok(['GET', 'POST'].includes(spec.method) && spec.path.startsWith('/'), `${spec.method} ${spec.path}`);
          assert.match(header(spec, 'content-type') ?? '', /application\/json/);
          assert.match(header(spec, 'user-agent') ?? '', /^catalog-uploader\//);
          const r = target.requestSchema.safeParse(spec.body);
          assert.ok(r.success, `${unit.key}: ${r.success ? '' : JSON.stringify(r.error.issues)}`);
        }
      });

      it('an unknown pass-through field is an error naming targets.<name>.<field>', () => {
        const issues = issuesOf(target, refused(target, sendable(target)[0]!));
        const i = issues.find((x) => x.field === `targets.${target.name}.noSuchField`);
        assert.ok(i, JSON.stringify(issues));
        assert.equal(i.code, `${target.name}.schema.unknown_field`);
      });

      it('an amount no vendor number holds is an issue at the price, never a throw', () => {
        for (const unit of sendable(target).map(hugePrice)) {
          const sendsPrice = !target.dropped(unit).includes('variants.price');
          const issues = issuesOf(target, unit, config);
          if (sendsPrice) assert.ok(issues.some((i) => /^variants\[\d+\]\.price$/.test(i.field)), `${unit.key}: ${JSON.stringify(issues)}`);
        }
      });

      it('dropped() names only fields the product gave, once each, in a stable order', () => {
        for (const unit of unitsOf(target)) {
          const names = target.dropped(unit);
          assert.deepEqual(target.dropped(unit), names);
          assert.equal(new Set(names).size, names.length);
          for (const n of names) assert.ok(isGiven(unit.product, n), `${unit.key}: ${n} was not given`);
        }
      });
    });

    describe('sandbox behaviour', () => {
      it('accepts every sendable body and answers with an id', () => {
        for (const unit of sendable(target)) {
          const store = createStore();
          const res = call(target, store, requestOf(target, unit, config));
          assert.ok(res.status >= 200 && res.status < 300, `${unit.key}: ${res.status} ${JSON.stringify(res.body)}`);
          const id = target.parseCreated(res.body);
          assert.ok(typeof id === 'string' && id !== '');
          assert.equal(store.created.length, 1);
          assert.equal(store.created[0]!.id, id);
          assert.equal(store.byKey.size, 1);
        }
      });

      it('dedupe holds against the fake: a second send does not create a second product', () => {
        const unit = sendable(target)[0]!;
        const store = createStore();
        const spec = requestOf(target, unit, config);
        const id = target.parseCreated(call(target, store, spec).body);
        const d = target.dedupe;
        if (d.kind === 'upsert' || d.kind === 'idempotency-key') {
          const again = call(target, store, spec);
          assert.ok(again.status >= 200 && again.status < 300, JSON.stringify(again.body));
          assert.equal(store.created.length, 1);
        }
        if (d.kind === 'lookup' || (d.kind === 'idempotency-key' && d.lookup)) {
          const lookup = d.lookup!;
          let cursor: string | undefined;
          let found: string | undefined;
          for (let page = 0; page < 10 && !found; page++) {
            const res = call(target, store, lookup.request(unit, config, cursor));
            assert.equal(res.status, 200, JSON.stringify(res.body));
            const m = lookup.match(unit, res.body);
            found = m.found;
            if (!m.next) break;
            cursor = m.next;
          }
          assert.equal(found, id);
          // And a unit never sent is not found.
          const other = sendable(target).find((u) => u.key !== unit.key && u.product.variants[0]!.sku !== unit.product.variants[0]!.sku);
          if (other) assert.equal(lookup.match(other, call(target, store, lookup.request(other, config)).body).found, undefined);
          // An answer that is not the vendor's listing is never evidence of absence (issue 9, D2).
          for (const body of ['<html>maintenance</html>', null, undefined, {}, { error: 'maintenance' }]) {
            assert.throws(() => lookup.match(unit, body), `${target.name}: ${JSON.stringify(body)} is not a listing`);
          }
        }
      });

      it('refuses missing credentials with the vendor 401/403 and a readable message', () => {
        const secrets = secretValues(target);
        const spec = requestOf(target, sendable(target)[0]!, config);
        const headers = Object.fromEntries(Object.entries(spec.headers).filter(([, v]) => !secrets.some((s) => v.includes(s))));
        assert.ok(Object.keys(headers).length < Object.keys(spec.headers).length, 'the request carries no credential');
        const res = call(target, createStore(), { ...spec, headers });
        assert.ok(res.status === 401 || res.status === 403, `status ${res.status}`);
        assert.ok(res.body !== undefined);
        const msg = target.parseError(res.status, res.body);
        assert.ok(msg && !msg.includes('\n'), msg);
      });

      it('refuses a malformed body with the vendor 4xx body, which parseError reads', () => {
        const spec = requestOf(target, sendable(target)[0]!, config);
        for (const [what, overrides] of [
          ['invalid JSON', { body: undefined, rawBody: '{"oops' }],
          ['a JSON array', { body: [], rawBody: '[]' }],
        ] as const) {
          const store = createStore();
          const res = call(target, store, spec, overrides);
          assert.ok(res.status >= 400 && res.status < 500 && ![401, 403, 429].includes(res.status), `${what}: status ${res.status}`);
          const msg = target.parseError(res.status, res.body);
          assert.ok(msg && !msg.includes('\n') && msg !== `HTTP ${res.status}`, `${what}: ${msg}`);
          assert.equal(store.created.length, 0);
        }
      });

      it("parseError brings back the vendor's words from its documented error bodies", () => {
        const documented = ERROR_BODIES[target.name];
        assert.ok(documented?.length, `no documented error body for ${target.name}: add it to ERROR_BODIES`);
        for (const { status, body, says } of documented) {
          const msg = target.parseError(status, body);
          assert.ok(msg.includes(says) && !msg.includes('\n'), `HTTP ${status} ${JSON.stringify(body)}: got ${JSON.stringify(msg)}, expected it to say ${JSON.stringify(says)}`);
        }
      });

      it('answers rate limiting and server errors like the vendor, in bodies parseError reads', () => {
        const headers = fake.rateHeaders(10, 9, Math.floor(Date.now() / 1000) + 60);
        assert.ok(Object.values(headers).every((v) => typeof v === 'string'));
        const limited = fake.rateLimited(3, Math.floor(Date.now() / 1000) + 3, 10);
        assert.equal(limited.status, 429);
        for (const r of [limited, fake.serverError(500), fake.serverError(503)]) {
          const msg = target.parseError(r.status, r.body);
          // Not the fallback that dumps the body, but one of the vendor's own strings.
          assert.notEqual(msg, statusMessage(r.status, r.body), `${r.status}: parseError fell back to the raw body`);
          assert.ok(strings(r.body).some((s) => s.length > 3 && msg.includes(s)), `${r.status}: ${JSON.stringify(msg)} says nothing of ${JSON.stringify(r.body)}`);
        }
        assert.equal(fake.serverError(500).status, 500);
        assert.equal(fake.serverError(503).status, 503);
      });
    });
  });
}

// Keep the catalog honest: the contract needs products to work with.
it('the reference catalog has products', () => assert.ok(rawCatalog().length >= 3 && parse(rawCatalog()[0]!)));
