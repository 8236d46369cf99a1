// The contract every target keeps (DESIGN §3), run over every target in the registry: config
// from the environment, stable units, a pure toRequest whose bodies pass the vendor schema, and
// a sandbox fake that accepts them, answers like the vendor and refuses bad auth and bad bodies.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, it, type TestContext } from 'node:test';
import { RunError } from '../../src/errors.js';
import { TARGET_NAMES } from '../../src/product/schema.js';
import { createStore } from '../../src/sandbox/server.js';
import { baseUrlVar } from '../../src/targets/shared.js';
import type { RequestSpec, Target, Unit } from '../../src/targets/types.js';
import { ROOT } from '../helpers.js';
import { call, dummyConfig, isGiven, rawCatalog, secretValues, unitsOf, wholePriced } from './support.js';

/**
 * The registry; while a sibling target's folder is still being written, the registry cannot load,
 * so the targets that exist are loaded one by one and the missing ones are skipped by name.
 */
async function loadTargets(): Promise<{ targets: Target[]; missing: string[] }> {
  try {
    const { TARGETS } = await import('../../src/targets/index.js');
    return { targets: Object.values(TARGETS), missing: [] };
  } catch (err) {
    const targets: Target[] = [];
    const missing: string[] = [];
    for (const name of TARGET_NAMES) {
      if (!existsSync(path.join(ROOT, 'src', 'targets', name, 'index.ts'))) {
        missing.push(name);
        continue;
      }
      const mod = (await import(`../../src/targets/${name}/index.js`)) as Record<string, Target>;
      targets.push(mod[name]!);
    }
    if (!missing.length) throw err; // every folder exists: the registry itself is broken
    return { targets, missing };
  }
}

const { targets, missing } = await loadTargets();

for (const name of missing) it(`${name}: contract`, { skip: `src/targets/${name}/ does not exist yet` }, () => {});

const header = (spec: RequestSpec, name: string) =>
  Object.entries(spec.headers).find(([k]) => k.toLowerCase() === name.toLowerCase())?.[1];

/** Units of the reference catalog and of its whole-priced copy that pass check(). */
function sendable(target: Target): Unit[] {
  return [...unitsOf(target), ...unitsOf(target, wholePriced())].filter((u) => target.check(u).length === 0);
}

for (const target of targets) {
  describe(`${target.name}: contract`, () => {
    const config = dummyConfig(target);

    describe('configuration', () => {
      it('reads the dummy env and honours <TARGET>_BASE_URL', () => {
        const env = target.sandbox.dummyEnv('http://127.0.0.1:9/base');
        assert.equal(target.baseUrl(target.readConfig(env)), 'http://127.0.0.1:9/base');
        const moved = target.readConfig({ ...env, [baseUrlVar(target.name)]: 'https://api.example.test/v9/' });
        assert.equal(target.baseUrl(moved), 'https://api.example.test/v9');
      });

      it('a missing variable is a config error that names it', () => {
        const env = target.sandbox.dummyEnv('http://127.0.0.1:9');
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
        const env = { ...target.sandbox.dummyEnv('http://127.0.0.1:9'), [baseUrlVar(target.name)]: undefined };
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

      it('toRequest is pure: same answer whatever the env, clock or randomness, and the unit untouched', (t: TestContext) => {
        for (const unit of unitsOf(target)) {
          const before = structuredClone(unit);
          const first = target.toRequest(unit, config);
          const varName = baseUrlVar(target.name);
          const saved = process.env[varName];
          process.env[varName] = 'https://elsewhere.example.test';
          t.mock.timers.enable({ apis: ['Date'], now: 1e12 });
          const random = t.mock.method(Math, 'random', () => 0.999);
          try {
            assert.deepEqual(target.toRequest(unit, config), first, unit.key);
          } finally {
            t.mock.timers.reset();
            random.mock.restore();
            if (saved === undefined) delete process.env[varName];
            else process.env[varName] = saved;
          }
          assert.deepEqual(unit, before, `toRequest changed unit ${unit.key}`);
        }
      });

      it('check() issues are located and worded', () => {
        for (const unit of [...unitsOf(target), ...unitsOf(target, wholePriced())]) {
          for (const i of target.check(unit)) {
            assert.ok(i.field && i.expected && typeof i.found === 'string', JSON.stringify(i));
          }
        }
      });

      it('every unit that passes check() yields a request whose body passes requestSchema', () => {
        const units = sendable(target);
        assert.ok(units.length > 0, 'no fixture unit passes check(): the contract would test nothing');
        for (const unit of units) {
          const spec = target.toRequest(unit, config);
          assert.ok(['GET', 'POST'].includes(spec.method) && spec.path.startsWith('/'), `${spec.method} ${spec.path}`);
          assert.match(header(spec, 'content-type') ?? '', /application\/json/);
          assert.match(header(spec, 'user-agent') ?? '', /^catalog-uploader\//);
          const r = target.requestSchema.safeParse(spec.body);
          assert.ok(r.success, `${unit.key}: ${r.success ? '' : JSON.stringify(r.error.issues)}`);
        }
      });

      it('an unknown pass-through field is an error naming targets.<name>.<field>', () => {
        const unit = sendable(target)[0]!;
        const product = { ...unit.product, targets: { [target.name]: { noSuchField: 1 } } };
        const issues = target.check({ ...unit, product });
        assert.ok(
          issues.some((i) => i.field === `targets.${target.name}.noSuchField`),
          JSON.stringify(issues),
        );
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
      it('accepts every sendable body and answers a documented body with an id', () => {
        for (const unit of sendable(target)) {
          const store = createStore();
          const spec = target.toRequest(unit, config);
          const res = call(target, store, spec);
          assert.ok(res.status >= 200 && res.status < 300, `${unit.key}: ${res.status} ${JSON.stringify(res.body)}`);
          const r = target.responseSchema.safeParse(res.body);
          assert.ok(r.success, `${unit.key}: ${r.success ? '' : JSON.stringify(r.error.issues)}`);
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
        const spec = target.toRequest(unit, config);
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
        }
      });

      it('refuses missing credentials with the vendor 401/403 and a readable message', () => {
        const secrets = secretValues(target);
        const spec = target.toRequest(sendable(target)[0]!, config);
        const headers = Object.fromEntries(Object.entries(spec.headers).filter(([, v]) => !secrets.some((s) => v.includes(s))));
        assert.ok(Object.keys(headers).length < Object.keys(spec.headers).length, 'the request carries no credential');
        const res = call(target, createStore(), { ...spec, headers });
        assert.ok(res.status === 401 || res.status === 403, `status ${res.status}`);
        assert.ok(res.body !== undefined);
        const msg = target.parseError(res.status, res.body);
        assert.ok(msg && !msg.includes('\n'), msg);
      });

      it('refuses a malformed body with the vendor 4xx body, which parseError reads', () => {
        const spec = target.toRequest(sendable(target)[0]!, config);
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

      it('answers rate limiting and server errors like the vendor', () => {
        const limited = target.sandbox.rateLimited(3, Math.floor(Date.now() / 1000) + 3, 10);
        assert.equal(limited.status, 429);
        assert.ok(target.parseError(429, limited.body));
        for (const status of [500, 503]) {
          const r = target.sandbox.serverError(status);
          assert.equal(r.status, status);
          assert.ok(target.parseError(status, r.body));
        }
        const headers = target.sandbox.rateHeaders(10, 9, Math.floor(Date.now() / 1000) + 60);
        assert.ok(Object.values(headers).every((v) => typeof v === 'string'));
      });
    });
  });
}

// Keep the catalog honest: the contract needs products to work with.
it('the reference catalog has products', () => assert.ok(rawCatalog().length >= 3));
