// Shared by the target tests: the reference catalog as units, what the engine makes of a unit
// (request and issues), golden payload files, and a way to drive a target's fake in-process with
// exactly what its adapter would send.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Product } from '../../src/product/fields.js';
import { parseProduct } from '../../src/product/parse.js';
import { prepare } from '../../src/targets/check.js';
import { loadFake, TARGET_NAMES } from '../../src/targets/index.js';
import type { RequestSpec, SandboxBehaviour, SandboxRequest, SandboxResponse, SandboxStore, Target, Unit, UnitIssue } from '../../src/targets/types.js';
import { FIXTURES, ROOT } from '../helpers.js';

// Every registered fake, loaded once. One that cannot load is left out here and fails the
// contract test by name (test/targets/contract.test.ts), rather than every target test at import.
const FAKES = new Map<string, SandboxBehaviour>();
for (const name of TARGET_NAMES) {
  try {
    FAKES.set(name, await loadFake(name));
  } catch {
    // reported by the contract test
  }
}

/** The target's vendor fake. */
export function fakeOf(target: Target): SandboxBehaviour {
  const fake = FAKES.get(target.name);
  if (!fake) throw new Error(`src/targets/${target.name}/sandbox.ts did not load`);
  return fake;
}

/** The unit's issues as the engine sees them: the target's own, then the vendor schema's. */
export function issuesOf<C>(target: Target<C>, unit: Unit, config: C = dummyConfig(target)): UnitIssue[] {
  return prepare(target, unit, config).issues;
}

/** The unit's request as the engine would send it (the unit must be buildable). */
export function requestOf<C>(target: Target<C>, unit: Unit, config: C = dummyConfig(target)): RequestSpec {
  const { request } = target.build(unit, config);
  assert.ok(request, `${target.name} builds no request for ${unit.key}`);
  return request;
}

export const GOLDEN_DIR = path.join(ROOT, 'test', 'targets', 'golden');

type Raw = Record<string, unknown>;

export function rawCatalog(): Raw[] {
  return (JSON.parse(readFileSync(path.join(FIXTURES, 'catalog.json'), 'utf8')) as { products: Raw[] }).products;
}

/**
 * The catalog with every price rounded up to a whole amount, so targets that refuse fractions
 * (Panora) still have units to send. Compare-at prices are dropped so no warning appears.
 */
export function wholePriced(raws: Raw[] = rawCatalog()): Raw[] {
  const whole = (v: Raw): Raw => {
    const out: Raw = { ...v };
    if (typeof out.price === 'string') out.price = String(Math.ceil(Number(out.price)));
    delete out.compare_at_price;
    return out;
  };
  return raws.map((r) => {
    const p = whole(r);
    if (Array.isArray(p.variants)) p.variants = (p.variants as Raw[]).map(whole);
    return p;
  });
}

export function parse(raw: Raw): Product {
  const r = parseProduct(raw, { defaultCurrency: 'USD' });
  if (!r.ok) throw new Error(`fixture product does not parse: ${JSON.stringify(r.issues)}`);
  return r.product;
}

export function unitsOf(target: Target, raws: Raw[] = rawCatalog()): Unit[] {
  return raws.flatMap((raw, i) => target.units(parse(raw), `catalog.json#/products/${i}`));
}

/** A config that passes readConfig, pointing at `baseUrl`. */
export function dummyConfig<C>(target: Target<C>, baseUrl = 'http://127.0.0.1:9'): C {
  return target.readConfig(fakeOf(target).dummyEnv(baseUrl));
}

// ---- golden payloads ----

export interface GoldenLine {
  key: string;
  method?: string;
  path?: string;
  body?: unknown;
  /** For units refused before sending: the issues instead of a payload. */
  issues?: unknown;
}

export function goldenLines(target: Target, raws: Raw[] = rawCatalog(), env: Record<string, string> = {}): GoldenLine[] {
  const config = target.readConfig({ ...fakeOf(target).dummyEnv('http://127.0.0.1:9'), ...env });
  return unitsOf(target, raws).map((unit) => {
    const { request: r, issues } = prepare(target, unit, config);
    // Codes are asserted by the target tests; the files keep what a reviewer reads.
    if (issues.length || !r) return { key: unit.key, issues: issues.map(({ code: _code, ...rest }) => rest) };
    return { key: unit.key, method: r.method, path: r.path, body: r.body };
  });
}

/** Compares with test/targets/golden/<file>; UPDATE_GOLDEN=1 rewrites it instead. */
export function assertGolden(file: string, lines: GoldenLine[]): void {
  const text = lines.map((l) => JSON.stringify(l)).join('\n') + '\n';
  const at = path.join(GOLDEN_DIR, file);
  if (process.env.UPDATE_GOLDEN === '1') {
    writeFileSync(at, text);
    return;
  }
  let expected: string;
  try {
    expected = readFileSync(at, 'utf8');
  } catch {
    assert.fail(`${at} is missing: run the tests with UPDATE_GOLDEN=1 and review the file`);
  }
  assert.deepEqual(text.split('\n'), expected.split('\n'), `${file} differs from the adapter's output (UPDATE_GOLDEN=1 rewrites it; review the diff)`);
}

export function readGolden(file: string): GoldenLine[] {
  return readFileSync(path.join(GOLDEN_DIR, file), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as GoldenLine);
}

// ---- driving a sandbox behaviour without a server ----

/** What the sandbox server would hand the behaviour for this request. */
export function sandboxRequest(spec: RequestSpec, overrides: Partial<SandboxRequest> = {}): SandboxRequest {
  const url = new URL(spec.path, 'http://sandbox');
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(spec.headers)) headers[k.toLowerCase()] = v;
  const rawBody = spec.body === undefined ? '' : JSON.stringify(spec.body);
  return {
    method: spec.method,
    path: url.pathname,
    query: url.searchParams,
    headers,
    body: spec.body === undefined ? undefined : JSON.parse(rawBody),
    rawBody,
    ...overrides,
  };
}

/** Auth check, then the handler: as the server does when no fault or rate limit applies. */
export function call(target: Target, store: SandboxStore, spec: RequestSpec, overrides?: Partial<SandboxRequest>): SandboxResponse {
  const req = sandboxRequest(spec, overrides);
  const fake = fakeOf(target);
  const denied = fake.checkAuth(req);
  if (denied) return denied;
  // Through JSON, as over the wire: a body that only works as a live object is a bug.
  const res = fake.handle(req, store);
  return { ...res, body: res.body === undefined ? undefined : JSON.parse(JSON.stringify(res.body)) };
}

/** Secret values of the dummy env: whatever carries them in a request is the auth. */
export function secretValues(target: Target): string[] {
  const env = fakeOf(target).dummyEnv('http://127.0.0.1:9');
  return target.env.filter((e) => e.secret && env[e.name]).map((e) => env[e.name]!);
}

/** True when `name` (`variants.weight`, `images.alt`, `case`) holds a value in the product. */
export function isGiven(product: Product, name: string): boolean {
  const has = (v: unknown, rest: string[]): boolean => {
    if (Array.isArray(v)) return v.some((x) => has(x, rest));
    if (!rest.length) return v !== undefined && v !== null;
    return typeof v === 'object' && v !== null && has((v as Raw)[rest[0]!], rest.slice(1));
  };
  return has(product, name.split('.'));
}

// ---- over real HTTP ----

export interface Replayed {
  statuses: number[];
  ids: string[];
  store: SandboxStore;
}

/**
 * Starts the target's sandbox on a free port and POSTs each golden payload to it with the dummy
 * credentials, as the engine would. Returns what came back and what the fake recorded.
 */
export async function replayOverHttp(target: Target, lines: GoldenLine[]): Promise<Replayed> {
  const { startSandbox } = await import('../../src/sandbox/server.js');
  const sb = await startSandbox(fakeOf(target), { port: 0 });
  try {
    const config = target.readConfig(fakeOf(target).dummyEnv(sb.url));
    const base = target.baseUrl(config);
    // Auth and content headers as the adapter sends them; the payloads come from the file.
    const headers = requestOf(target, unitsOf(target, wholePriced())[0]!, config).headers;
    const statuses: number[] = [];
    const ids: string[] = [];
    for (const line of lines.filter((l) => l.body !== undefined)) {
      const res = await fetch(base + line.path, { method: line.method, headers, body: JSON.stringify(line.body) });
      const text = await res.text();
      statuses.push(res.status);
      const body = text ? JSON.parse(text) : undefined;
      if (res.ok) ids.push(target.parseCreated(body));
      else assert.fail(`${line.key}: HTTP ${res.status}: ${target.parseError(res.status, body)}`);
    }
    return { statuses, ids, store: sb.store };
  } finally {
    await sb.close();
  }
}
