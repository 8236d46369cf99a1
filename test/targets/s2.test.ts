// S2 adapter: one unit per variant, exact mm/kg, every missing requirement located, the fake's
// behaviour, and the golden payloads replayed over real HTTP against the sandbox server.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { z } from 'zod';
import { RunError } from '../../src/errors.js';
import { createStore, startSandbox } from '../../src/sandbox/server.js';
import { target as s2 } from '../../src/targets/s2/index.js';
import { lookup } from '../../src/targets/s2/lookup.js';
import type { RequestSpec, Unit } from '../../src/targets/types.js';
import { assertGolden, call, fakeOf, issuesOf, parse, rawCatalog, readGolden, requestOf } from './support.js';

type Raw = Record<string, unknown>;

const config = s2.readConfig(fakeOf(s2).dummyEnv('http://127.0.0.1:9'));
const [TEE, MUG, EBOOK] = rawCatalog() as [Raw, Raw, Raw];

const unitsOf = (raw: Raw): Unit[] => s2.units(parse(raw), 'test');
const body = (unit: Unit) => requestOf(s2, unit, config).body as Record<string, any>;
const fields = (unit: Unit) => issuesOf(s2, unit).map((i) => i.field);

/** A single-variant physical product with everything S2 needs, and overrides. */
function item(extra: Raw = {}): Raw {
  return {
    title: 'Desk Lamp', brand: 'Lumo', sku: 'LAMP-1', price: '30.00', barcode: '4006381333931',
    images: ['https://cdn.example.com/lamp.jpg'],
    length: 10, width: 10, height: 40, dimension_unit: 'cm', weight: 1.2, weight_unit: 'kg',
    case: { unit: 'each', pack: 4, length: 45, width: 25, height: 45, dimension_unit: 'cm', weight: 5, weight_unit: 'kg' },
    ...extra,
  };
}

describe('s2: golden payloads', () => {
  it('match test/targets/golden/s2.ndjson (UPDATE_GOLDEN=1 rewrites)', () => {
    const lines = rawCatalog().flatMap((raw, i) =>
      s2.units(parse(raw), `catalog.json#/products/${i}`).map((unit) => {
        const issues = issuesOf(s2, unit);
        if (issues.length) return { key: unit.key, issues: issues.map(({ code: _code, ...rest }) => rest) };
        const r = requestOf(s2, unit, config);
        return { key: unit.key, method: r.method, path: r.path, body: r.body };
      }),
    );
    assert.deepEqual(lines.map((l) => l.key), ['TEE-CLS-S', 'TEE-CLS-M', 'TEE-CLS-L', 'MUG-STN-350', 'EBOOK-BIRDS']);
    assert.ok('issues' in lines[4]!, 'the ebook is refused');
    assertGolden('s2.ndjson', lines);
  });
});

describe('s2: units and mapping', () => {
  it('one unit per variant, keyed by sku, carrying its variant', () => {
    const units = unitsOf(TEE);
    assert.deepEqual(units.map((u) => u.key), ['TEE-CLS-S', 'TEE-CLS-M', 'TEE-CLS-L']);
    assert.deepEqual(units.map((u) => u.variant?.sku), ['TEE-CLS-S', 'TEE-CLS-M', 'TEE-CLS-L']);
  });

  it('inches, pounds and ounces become exact millimetres and kilograms (JSON numbers)', () => {
    const b = body(unitsOf(MUG)[0]!);
    assert.deepEqual(
      [b.packageLengthMm, b.packageWidthMm, b.packageHeightMm, b.shippingWeightKg],
      [114.3, 88.9, 101.6, 0.4394176084375], // 4.5, 3.5, 4 in; 15.5 oz × 28.349523125 g
    );
    assert.deepEqual([b.caseLengthMm, b.caseWidthMm, b.caseHeightMm, b.caseWeightKg], [304.8, 203.2, 139.7, 2.812272694]); // 6.2 lb × 453.59237 g
    const large = body(unitsOf(TEE)[2]!); // cm and kg
    assert.deepEqual([large.packageLengthMm, large.packageWidthMm, large.packageHeightMm, large.shippingWeightKg], [320, 270, 20, 0.21]);
    const g = body(unitsOf(item({ weight: 180, weight_unit: 'g', length: 1.5, dimension_unit: 'm' }))[0]!);
    assert.equal(g.shippingWeightKg, 0.18);
    assert.equal(g.packageLengthMm, 1500);
    for (const k of ['packageLengthMm', 'shippingWeightKg', 'caseWeightKg', 'casePack']) assert.equal(typeof b[k], 'number', k);
  });

  it('name: the title, plus the variant title or option values when there are several variants', () => {
    assert.deepEqual(unitsOf(TEE).map((u) => body(u).name), ['Classic Cotton Tee - Small', 'Classic Cotton Tee - Medium', 'Classic Cotton Tee - Large']);
    assert.equal(body(unitsOf(MUG)[0]!).name, 'Stoneware Mug 350 ml');
    const opts = item({ sku: undefined, price: undefined, barcode: undefined, variants: [
      { sku: 'L-W', price: '1', barcode: '4006381333931', options: { Colour: 'White' }, length: 1, width: 1, height: 1, dimension_unit: 'cm', weight: 1, weight_unit: 'kg' },
      { sku: 'L-B', price: '1', barcode: '5901234123457', options: { Colour: 'Black' }, length: 1, width: 1, height: 1, dimension_unit: 'cm', weight: 1, weight_unit: 'kg' },
    ] });
    assert.deepEqual(unitsOf(opts).map((u) => body(u).name), ['Desk Lamp - White', 'Desk Lamp - Black']);
  });

  it('remarks: the notes, else "" (never null)', () => {
    assert.equal(body(unitsOf(TEE)[0]!).remarks, 'Reorder from Porto mill');
    assert.equal(body(unitsOf(MUG)[0]!).remarks, '');
  });

  it('imageMain: the variant image, else the first product image', () => {
    const [s, m] = unitsOf(TEE);
    assert.equal(body(s!).imageMain, 'https://cdn.example.com/tee-front.jpg');
    assert.equal(body(m!).imageMain, 'https://cdn.example.com/tee-front.jpg');
    assert.equal(body(unitsOf(item({ image: 'https://cdn.example.com/v.jpg' }))[0]!).imageMain, 'https://cdn.example.com/v.jpg');
  });

  it('condition defaults to NEW, case unit is upper-cased, the booleans default to false', () => {
    const b = body(unitsOf(item())[0]!);
    assert.equal(b.condition, 'NEW');
    assert.equal(b.caseUnit, 'EACH');
    assert.equal(b.serialNumberRequired, false);
    assert.equal(b.expiryDateRequired, false);
    const used = body(unitsOf(item({ condition: 'refurbished', serial_number_required: true, expiry_date_required: 'yes' }))[0]!);
    assert.deepEqual([used.condition, used.serialNumberRequired, used.expiryDateRequired], ['REFURBISHED', true, true]);
  });

  it('all 19 fields are sent, and a pass-through value overrides the mapped one', () => {
    const b = body(unitsOf(item({ targets: { s2: { condition: 'OPEN_BOX', remarks: 'fragile' } } }))[0]!);
    assert.equal(Object.keys(b).length, 19);
    assert.equal(b.condition, 'OPEN_BOX');
    assert.equal(b.remarks, 'fragile');
  });

  it('dropped(): product fields, then this variant’s', () => {
    const d = s2.dropped(unitsOf(TEE)[2]!);
    assert.deepEqual(d.slice(0, 3), ['subtitle', 'description', 'status']);
    assert.ok(d.includes('variants.price') && !d.includes('variants.compare_at_price'), 'the large tee has no compare-at price');
    assert.ok(s2.dropped(unitsOf(TEE)[0]!).includes('variants.compare_at_price'));
    assert.deepEqual(s2.dropped(unitsOf(item({ options: { Colour: 'Red' } }))[0]!), ['variants.price', 'variants.options']);
  });
});

describe('s2: checks', () => {
  it('a catalog that has it all passes', () => {
    for (const unit of [...unitsOf(TEE), ...unitsOf(MUG)]) assert.deepEqual(issuesOf(s2, unit), [], unit.key);
  });

  it('a missing GTIN is an issue at that variant’s barcode', () => {
    const raw = structuredClone(TEE) as Raw & { variants: Raw[] };
    delete raw.variants[1]!.barcode;
    const units = unitsOf(raw);
    assert.deepEqual(fields(units[0]!), []);
    const issues = issuesOf(s2, units[1]!);
    assert.deepEqual(issues.map((i) => i.field), ['variants[1].barcode']);
    assert.match(issues[0]!.expected, /GTIN/);
    assert.equal(issues[0]!.found, '(missing)');
    assert.equal(issues[0]!.code, 's2.barcode.required');
  });

  it('every missing requirement is located: brand, image, package, weight and case', () => {
    const bare = { title: 'Bare', sku: 'B-1', price: '1.00', barcode: '4006381333931' };
    assert.deepEqual(fields(unitsOf(bare)[0]!), [
      'brand', 'images', 'variants[0].length', 'variants[0].width', 'variants[0].height', 'variants[0].weight',
      'case.unit', 'case.pack', 'case.length', 'case.width', 'case.height', 'case.weight',
    ]);
  });

  it('a pass-through value fills a requirement; an unknown one is an error at targets.s2.<field>', () => {
    assert.deepEqual(fields(unitsOf(item({ brand: undefined, targets: { s2: { brand: 'Lumo' } } }))[0]!), []);
    assert.deepEqual(fields(unitsOf(item({ targets: { s2: { colour: 'red', casePack: 2.5 } } }))[0]!).sort(), ['targets.s2.casePack', 'targets.s2.colour']);
  });

  it('a digital product is refused at kind, and only there', () => {
    const issues = issuesOf(s2, unitsOf(EBOOK)[0]!);
    assert.equal(issues.length, 1);
    assert.equal(issues[0]!.field, 'kind');
    assert.equal(issues[0]!.code, 's2.kind.unsupported');
    assert.match(issues[0]!.expected, /physical/);
  });
});

describe('s2: config', () => {
  const env = fakeOf(s2).dummyEnv('https://s2.example.test');

  it('the organization must be a UUID; the base URL is required', () => {
    assert.throws(() => s2.readConfig({ ...env, S2_ORGANIZATION_ID: 'acme' }), (e: unknown) => e instanceof RunError && e.code === 'config' && e.message.includes('S2_ORGANIZATION_ID'));
    assert.throws(() => s2.readConfig({ ...env, S2_BASE_URL: undefined }), (e: unknown) => e instanceof RunError && e.code === 'config' && e.message.includes('S2_BASE_URL'));
  });

  it('sends both auth headers', () => {
    const r = requestOf(s2, unitsOf(MUG)[0]!, s2.readConfig(env));
    assert.equal(r.headers.authorization, 'Bearer sandbox_s2_access_token');
    assert.equal(r.headers['x-s2-organization'], '95d73baf-76ba-4bea-86ac-1534c5e5d4aa');
    assert.deepEqual([r.method, r.path], ['POST', '/product']);
  });
});

describe('s2: responses', () => {
  it('parseCreated reads the uuid id', () => {
    assert.equal(s2.parseCreated({ id: '3775cc37-30e7-4579-a58e-c9adda6fac86', sku: 'test21' }), '3775cc37-30e7-4579-a58e-c9adda6fac86');
    assert.throws(() => s2.parseCreated({ sku: 'x' }));
  });

  it('parseError copes with any JSON or text', () => {
    assert.equal(s2.parseError(400, { message: 'Validation failed', errors: [{ field: 'gtin', message: 'required' }] }), 'Validation failed: gtin: required');
    assert.equal(s2.parseError(400, { error: 'bad sku' }), 'bad sku');
    assert.equal(s2.parseError(400, { error: { message: 'nested' } }), 'nested');
    assert.equal(s2.parseError(422, { title: 'Unprocessable', detail: 'sku taken' }), 'sku taken');
    assert.equal(s2.parseError(400, { errors: { gtin: ['is invalid'] } }), 'gtin: is invalid');
    assert.equal(s2.parseError(502, 'Bad Gateway\n'), 'Bad Gateway');
    assert.equal(s2.parseError(500, { unexpected: true }), 'HTTP 500: {"unexpected":true}');
    assert.equal(s2.parseError(500, ''), 'HTTP 500');
  });
});

const stamp = z.string();

/** The page's response example: the body echoed, plus ids, the organization and a brand object. */
const documentedResponse = z.looseObject({
  id: z.uuid(),
  organization: z.looseObject({ id: z.string(), name: z.string(), createdAt: stamp, updatedAt: stamp }),
  sku: z.string(),
  brand: z.looseObject({ id: z.string(), name: z.string(), nameNormalized: z.string(), createdAt: stamp }),
  gtin: z.string(),
  name: z.string(),
  remarks: z.string(),
  imageMain: z.string(),
  packageLengthMm: z.number(),
  packageWidthMm: z.number(),
  packageHeightMm: z.number(),
  shippingWeightKg: z.number(),
  caseUnit: z.string(),
  casePack: z.int(),
  caseLengthMm: z.number(),
  caseWidthMm: z.number(),
  caseHeightMm: z.number(),
  caseWeightKg: z.number(),
  condition: z.string(),
  serialNumberRequired: z.boolean(),
  expiryDateRequired: z.boolean(),
  unknown: z.boolean(),
  createdAt: stamp,
  updatedAt: stamp,
  otherIds: z.array(z.unknown()),
});

describe('s2: sandbox behaviour', () => {
  const spec = (): RequestSpec => requestOf(s2, unitsOf(MUG)[0]!, config);

  it('creates and answers the documented body: uuid id, organization, brand object', () => {
    const store = createStore();
    const res = call(s2, store, spec());
    assert.equal(res.status, 201);
    const r = documentedResponse.safeParse(res.body);
    assert.ok(r.success, JSON.stringify(r.error?.issues));
    const b = res.body as any;
    assert.equal(b.brand.name, 'Kiln & Co');
    assert.equal(b.brand.nameNormalized, 'kiln & co');
    assert.equal(b.organization.id, config.organizationId);
    assert.equal(b.remarks, '');
    assert.deepEqual(store.created.map((c) => c.key), ['MUG-STN-350']);
  });

  it('auth: no bearer token is 401, no or a foreign organization is 403, as {message, errors}', () => {
    const s = spec();
    const noToken = call(s2, createStore(), { ...s, headers: { ...s.headers, authorization: '' } });
    assert.equal(noToken.status, 401);
    assert.deepEqual(Object.keys(noToken.body as object), ['message', 'errors']);
    assert.match(s2.parseError(401, noToken.body), /Unauthorized/);
    const { 'x-s2-organization': _, ...noOrg } = s.headers;
    assert.equal(call(s2, createStore(), { ...s, headers: noOrg }).status, 403);
    const foreign = call(s2, createStore(), { ...s, headers: { ...s.headers, 'x-s2-organization': '00000000-0000-0000-0000-000000000000' } });
    assert.equal(foreign.status, 403);
  });

  it('strict validation: 400 listing every bad field; null remarks is refused', () => {
    const s = spec();
    const store = createStore();
    const res = call(s2, store, { ...s, body: { ...(s.body as object), remarks: null, casePack: 1.5, extra: 1 } });
    assert.equal(res.status, 400);
    const fieldsOf = (res.body as any).errors.map((e: any) => e.field).sort();
    assert.deepEqual(fieldsOf, ['casePack', 'extra', 'remarks']);
    assert.match(s2.parseError(400, res.body), /^Validation failed: /);
    assert.equal(store.created.length, 0);
  });

  it('no dedupe: the same body twice is two products (so a blind retry would show)', () => {
    const store = createStore();
    call(s2, store, spec());
    call(s2, store, spec());
    assert.equal(store.created.length, 2);
  });

  it('dedupe is none: an ambiguous failure is never retried blindly', () => {
    assert.equal(s2.dedupe.kind, 'none');
  });

  it('lookup (ready, not wired): GET /product?term=<sku> finds the exact sku only', () => {
    const store = createStore();
    const [s, m] = unitsOf(TEE);
    const id = s2.parseCreated(call(s2, store, requestOf(s2, s!, config)).body);
    const req = lookup.request(s!, config);
    assert.equal(req.path, '/product?term=TEE-CLS-S&limit=100');
    assert.deepEqual(lookup.match(s!, call(s2, store, req).body), { found: id });
    assert.deepEqual(lookup.match(m!, call(s2, store, lookup.request(m!, config)).body), {});
    // A longer sku containing ours is found by the search, but is not ours.
    assert.deepEqual(lookup.match(s!, { items: [{ id: 'x', sku: 'TEE-CLS-S-2' }], total: 1 }), {});
  });

  it('429 carries Retry-After; no rate headers are documented', () => {
    const r = fakeOf(s2).rateLimited(4, 0, 5);
    assert.equal(r.status, 429);
    assert.equal(r.headers?.['Retry-After'], '4');
    assert.deepEqual(fakeOf(s2).rateHeaders(5, 4, 0), {});
  });
});

describe('s2: golden payloads over HTTP', () => {
  it('each is accepted once by the sandbox server', async () => {
    const lines = readGolden('s2.ndjson').filter((l) => l.body !== undefined);
    assert.equal(lines.length, 4);
    const sb = await startSandbox(fakeOf(s2), { port: 0 });
    try {
      const c = s2.readConfig(fakeOf(s2).dummyEnv(sb.url));
      const headers = requestOf(s2, unitsOf(MUG)[0]!, c).headers;
      const ids: string[] = [];
      for (const line of lines) {
        const res = await fetch(s2.baseUrl(c) + line.path, { method: line.method, headers, body: JSON.stringify(line.body) });
        const json = await res.json();
        assert.equal(res.status, 201, `${line.key}: ${s2.parseError(res.status, json)}`);
        ids.push(s2.parseCreated(json));
      }
      assert.deepEqual(sb.store.created.map((x) => x.key), lines.map((l) => l.key));
      assert.equal(new Set(ids).size, 4);
      // The lookup over HTTP sees what was created.
      const unit = unitsOf(TEE)[1]!;
      const req = lookup.request(unit, c);
      const found = await fetch(s2.baseUrl(c) + req.path, { headers: req.headers });
      assert.deepEqual(lookup.match(unit, await found.json()), { found: ids[1] });
    } finally {
      await sb.close();
    }
  });
});
