// `validate`, `schema`, `targets` and `upload --dry-run`, run as a user runs them.
import { strict as assert } from 'node:assert';
import { describe, test } from 'node:test';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { fixture, run, tempDir } from '../helpers.js';

const NO_STACK = /\n\s+at .+:\d+:\d+/;

describe('validate: good catalogs', () => {
  for (const file of ['catalog.csv', 'catalog.json', 'catalog.ndjson', 'digital.csv']) {
    test(`${file} is valid (exit 0)`, async () => {
      const r = await run(['validate', fixture(file), '--json']);
      assert.equal(r.code, 0, r.stderr);
      const s = JSON.parse(r.stdout);
      assert.equal(s.units.invalid, 0);
      assert.equal(s.units.valid, 3);
      assert.equal(s.rows.read, s.rows.valid + s.rows.invalid);
    });
  }

  test('the human summary checks its arithmetic', async () => {
    const r = await run(['validate', fixture('catalog.csv')]);
    assert.equal(r.code, 0);
    assert.match(r.stderr, /rows 5 read = 5 valid \+ 0 invalid ✓/);
  });

  test('stdin with --input-format', async () => {
    const r = await run(['validate', '-', '--input-format', 'csv', '--json'], { stdin: readFileSync(fixture('catalog.csv')) });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(JSON.parse(r.stdout).units.valid, 3);
  });

  test('several inputs form one run: the same skus in two files are duplicates', async () => {
    const r = await run(['validate', fixture('catalog.csv'), fixture('catalog.json'), '--json']);
    assert.equal(r.code, 1);
    assert.equal(JSON.parse(r.stdout).units.invalid, 3);
  });

  test('--target adds the target\'s requirements (S2 refuses the eBook)', async () => {
    const r = await run(['validate', fixture('catalog.csv'), '--target', 's2']);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /catalog\.csv:\d+: kind: expected/);
  });
});

// Each bad fixture: exit code, and the place + field the message must name.
const BAD: [string, number, RegExp][] = [
  ['bad-price.csv', 1, /bad-price\.csv:2: price: expected an amount like 12\.99.*found "12\.999"/],
  ['bad-gtin.csv', 1, /bad-gtin\.csv:2: barcode: expected a GTIN with a valid check digit/],
  ['gtin-lost-zero.csv', 1, /gtin-lost-zero\.csv:2: barcode: .*012345678905/],
  ['sku-scientific.csv', 1, /sku-scientific\.csv:2: sku: .*scientific notation/],
  ['conflicting-product-columns.csv', 1, /conflicting-product-columns\.csv:3: title: expected the same value as line 2/],
  ['handle-not-consecutive.csv', 1, /handle-not-consecutive\.csv:4: handle: .*consecutive/],
  ['duplicate-sku.csv', 1, /duplicate-sku\.csv:4: sku: .*already used at .*duplicate-sku\.csv:2/],
  ['missing-required.csv', 1, /missing-required\.csv:2: title: expected/],
  ['bad-enum-bool.csv', 1, /bad-enum-bool\.csv:2: kind: expected one of physical/],
  ['weight-without-unit.csv', 1, /weight-without-unit\.csv:2: weight_unit: expected the unit of weight/],
  ['bad-values.json', 1, /bad-values\.json#\/products\/1\/variants\/\d+\/\w+/],
  ['bad-line.ndjson', 1, /bad-line\.ndjson:2/],
  ['unterminated-quote.csv', 2, /unterminated-quote\.csv:2.*quote/i],
  ['empty.csv', 2, /empty\.csv.*empty/i],
  ['header-only.csv', 2, /header-only\.csv.*header but no rows/i],
  ['windows-1252.csv', 2, /windows-1252\.csv:2.*--encoding windows-1252/],
  ['syntax-error.json', 2, /syntax-error\.json:3:\d+/],
];

describe('validate: each bad fixture names its place and field', () => {
  for (const [file, code, message] of BAD) {
    test(file, async () => {
      const r = await run(['validate', fixture('bad', file)]);
      assert.equal(r.code, code, r.stderr);
      assert.match(r.stderr, message);
      assert.doesNotMatch(r.stderr, NO_STACK, 'no stack trace');
    });
  }

  test('a UTF-16 file is decoded (with a warning) and validates', async () => {
    const r = await run(['validate', fixture('bad', 'utf16.csv'), '--json']);
    assert.equal(r.code, 0, r.stderr);
  });

  test('windows-1252 decodes with --encoding', async () => {
    const r = await run(['validate', fixture('bad', 'windows-1252.csv'), '--encoding', 'windows-1252', '--json']);
    assert.equal(r.code, 0, r.stderr);
  });

  for (const [what, args, message] of [
    ['a missing file', ['validate', 'nope.csv'], /nope\.csv.*no such file/],
    ['a directory', ['validate', 'fixtures'], /fixtures.*directory/],
    ['an unknown extension', ['validate', 'README.md'], /README\.md.*--input-format/],
    ['stdin without a format', ['validate', '-'], /--input-format/],
    ['an unknown target', ['validate', 'fixtures/catalog.csv', '--target', 'shopify'], /unknown target "shopify"/],
    ['an unknown option', ['validate', 'fixtures/catalog.csv', '--frobnicate'], /unknown option/],
  ] as const) {
    test(`${what}: exit 2, one clear message`, async () => {
      const r = await run([...args]);
      assert.equal(r.code, 2, r.stderr);
      assert.match(r.stderr, message);
      assert.doesNotMatch(r.stderr, NO_STACK);
    });
  }
});

describe('validate: reports and rejects read back', () => {
  test('--report JSONL: one line per product with located errors', async () => {
    const dir = tempDir();
    const report = path.join(dir, 'r.jsonl');
    const r = await run(['validate', fixture('bad', 'bad-price.csv'), '--report', report]);
    assert.equal(r.code, 1);
    const [header, ...lines] = readFileSync(report, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    assert.equal(header.mode, 'validate', 'the first line says what run wrote the report');
    assert.deepEqual(lines.map((l) => [l.key, l.status]), [['MUG-1', 'invalid'], ['MUG-2', 'invalid'], ['MUG-3', 'valid']]);
    const e = lines[1].errors[0];
    assert.equal(e.place, `${fixture('bad', 'bad-price.csv')}:3`);
    assert.equal(e.field, 'price');
    assert.equal(e.found, '"$12.50"');
    assert.match(e.expected, /no currency symbol/);
  });

  test('--report .csv is formula-injection safe', async () => {
    const dir = tempDir();
    const input = path.join(dir, 'in.csv');
    writeFileSync(input, 'sku,title,price\n=HYPERLINK("x"),Evil,abc\n');
    const report = path.join(dir, 'r.csv');
    await run(['validate', input, '--report', report]);
    const [header, ...rows] = parse(readFileSync(report, 'utf8'), { columns: true }) as Record<string, string>[];
    assert.equal(header!.status, 'journal', 'the first row says what run wrote the report');
    assert.equal(rows.length, 1);
    assert.equal(rows[0]!.key, `'=HYPERLINK("x")`);
    assert.equal(rows[0]!.status, 'invalid');
  });

  test('--report .csv: the code column holds every issue\'s code, in the order of the error column', async () => {
    const dir = tempDir();
    const input = path.join(dir, 'in.csv');
    writeFileSync(input, 'handle,title,sku,price,barcode\nh1,T,S1,x,123\n');
    const report = path.join(dir, 'r.csv');
    const r = await run(['validate', input, '--report', report]);
    assert.equal(r.code, 1);
    const [, row] = parse(readFileSync(report, 'utf8'), { columns: true }) as Record<string, string>[];
    assert.equal(row!.code, 'price.invalid | barcode.length');
    assert.equal(row!.error!.split(' | ').length, 2);
  });

  test('--rejects: the invalid rows in the input\'s own columns plus errors; fixed, they validate', async () => {
    const dir = tempDir();
    const rejects = path.join(dir, 'rejects.csv');
    const r = await run(['validate', fixture('bad', 'bad-price.csv'), '--rejects', rejects]);
    assert.equal(r.code, 1);
    const rows = parse(readFileSync(rejects, 'utf8'), { columns: true }) as Record<string, string>[];
    assert.deepEqual(Object.keys(rows[0]!), ['sku', 'title', 'price', 'errors']);
    assert.deepEqual(rows.map((x) => x.sku), ['MUG-1', 'MUG-2']);
    const fixed = ['sku,title,price', 'MUG-1,Mug,12.99', 'MUG-2,Mug two,12.50'].join('\n');
    writeFileSync(path.join(dir, 'fixed.csv'), fixed);
    const again = await run(['validate', path.join(dir, 'fixed.csv')]);
    assert.equal(again.code, 0, again.stderr);
  });
});

describe('schema, targets, dry-run', () => {
  test('schema lists every column with a description', async () => {
    const r = await run(['schema']);
    assert.equal(r.code, 0);
    for (const col of ['handle', 'sku', 'price', 'option1_name', 'case_length', 'image_urls', 'metadata.<key>']) assert.match(r.stdout, new RegExp(`\\b${col.replace(/[.<>]/g, '\\$&')}\\s+\\S`));
  });

  test('schema --json-schema describes a JSON catalog', async () => {
    const r = await run(['schema', '--json-schema']);
    assert.equal(r.code, 0);
    const s = JSON.parse(r.stdout);
    const product = s.$defs?.product ?? s;
    const text = JSON.stringify(product);
    assert.match(text, /"title"/);
    assert.match(text, /"variants"/);
    assert.match(text, /"sku"/);
  });

  test('S2 (a unit per variant): a product-level problem is shown once, not once per variant', async () => {
    const dir = tempDir();
    const input = path.join(dir, 's2.csv');
    writeFileSync(input, 'handle,title,sku,price,option1_name,option1_value\np1,Shirt,S-1,1.00,Size,S\np1,,S-2,1.00,,M\np1,,S-3,1.00,,L\n');
    const r = await run(['validate', input, '--target', 's2']);
    assert.equal(r.code, 1);
    assert.equal(r.stderr.match(/s2\.csv:2: brand: expected a brand/g)?.length, 1, r.stderr);
    assert.equal(r.stderr.match(/: barcode: expected a GTIN barcode/g)?.length, 3, 'a variant\'s own problem, once per variant');
  });

  test('targets --json: env, required fields, rate limit, dedupe for all five', async () => {
    const r = await run(['targets', '--json']);
    assert.equal(r.code, 0);
    const list = JSON.parse(r.stdout);
    assert.deepEqual(list.map((t: { name: string }) => t.name), ['panora', 'fanfare', 'pandabase', 's2', 'veeqo']);
    const dedupe = Object.fromEntries(list.map((t: { name: string; dedupe: { kind: string } }) => [t.name, t.dedupe.kind]));
    assert.deepEqual(dedupe, { panora: 'lookup', fanfare: 'upsert', pandabase: 'idempotency-key', s2: 'none', veeqo: 'lookup' });
    assert.ok(list.find((t: { name: string }) => t.name === 's2').env.some((e: { name: string }) => e.name === 'S2_BASE_URL'));
    // What a target's own rules require beyond its body: Panora's product type.
    const also = Object.fromEntries(list.map((t: { name: string; also_required: { field: string }[] }) => [t.name, t.also_required.map((a) => a.field)]));
    assert.deepEqual(also, { panora: ['product_type'], fanfare: [], pandabase: [], s2: [], veeqo: [] });
    const v = await run(['validate', fixture('digital.csv'), '--target', 'panora']);
    assert.match(v.stderr, /product_type: expected a product type: Panora's connectors require one/, 'the rule the list names is the one enforced');
  });

  test('upload --dry-run --payloads: the exact bodies, no network, no credentials', async () => {
    const dir = tempDir();
    mkdirSync(dir, { recursive: true });
    const payloads = path.join(dir, 'p.ndjson');
    const r = await run(['upload', fixture('catalog.json'), '--target', 'veeqo', '--dry-run', '--payloads', payloads, '--report', path.join(dir, 'r.jsonl')], { env: { VEEQO_API_KEY: undefined } });
    assert.equal(r.code, 0, r.stderr);
    const got = readFileSync(payloads, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    const golden = readFileSync(path.join('test', 'targets', 'golden', 'veeqo.ndjson'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    assert.deepEqual(got.map((g) => [g.key, g.method, g.path, g.body]), golden.map((g) => [g.key, g.method, g.path, g.body]));
    assert.ok(got.every((g) => g.headers['x-api-key'] === '***'), 'credentials redacted in payloads');
  });
});
