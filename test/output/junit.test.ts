// `--junit`: the report CI test tabs read, from the real binary, validated against the JUnit
// schema Jenkins uses (junit-10.xsd, vendored beside this file) with libxml2 compiled to
// WebAssembly (xmllint-wasm): a real XSD validation that needs no native tool on the CI machine.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { validateXML } from 'xmllint-wasm';
import { JunitWriter } from '../../src/output/junit.js';
import type { ReportLine } from '../../src/output/report.js';
import { sandboxFor } from '../upload/harness.js';
import { fixture, ROOT, run, tempDir } from '../helpers.js';

const XSD = readFileSync(path.join(ROOT, 'test', 'output', 'junit-10.xsd'), 'utf8');

async function assertValid(xml: string): Promise<void> {
  const r = await validateXML({ xml: [{ fileName: 'report.xml', contents: xml }], schema: [{ fileName: 'junit-10.xsd', contents: XSD }] });
  assert.ok(r.valid, `not valid JUnit XML: ${r.errors.map((e) => e.rawMessage).join('\n')}`);
}

/** Attribute values of every element named `tag`, decoded as an XML parser would. */
function elements(xml: string, tag: string): Record<string, string>[] {
  const decode = (v: string) => v.replace(/&(lt|gt|quot|apos|amp|#\d+);/g, (_, e: string) => (e === 'lt' ? '<' : e === 'gt' ? '>' : e === 'quot' ? '"' : e === 'apos' ? "'" : e === 'amp' ? '&' : String.fromCharCode(Number(e.slice(1)))));
  return [...xml.matchAll(new RegExp(`<${tag}\\b([^>]*)>`, 'g'))].map((m) => Object.fromEntries([...m[1]!.matchAll(/([\w-]+)="([^"]*)"/g)].map((a) => [a[1]!, decode(a[2]!)])));
}

describe('--junit', () => {
  test('the schema validation can fail: a test case without a name is refused', async () => {
    const r = await validateXML({ xml: [{ fileName: 'x.xml', contents: '<testsuites><testsuite name="s" tests="1" failures="0" errors="0"><testcase/></testsuite></testsuites>' }], schema: [{ fileName: 'junit-10.xsd', contents: XSD }] });
    assert.equal(r.valid, false);
  });

  test('validate: a suite per input file, a case per product, failures typed by issue code with every located problem', async () => {
    const dir = tempDir('cu-junit-');
    const out = path.join(dir, 'report.xml');
    const inputs = [fixture('bad', 'bad-values.json'), fixture('bad', 'bad-price.csv'), fixture('bad', 'bad-line.ndjson')];
    const r = await run(['validate', ...inputs, '--json', '--junit', out]);
    assert.equal(r.code, 1, r.stderr);
    const summary = JSON.parse(r.stdout);
    const xml = readFileSync(out, 'utf8');
    await assertValid(xml);
    const [root] = elements(xml, 'testsuites');
    assert.deepEqual([root!.tests, root!.failures, root!.errors], [String(summary.units.planned), String(summary.units.invalid), '0']);
    assert.deepEqual(elements(xml, 'testsuite').map((s) => [s.name, s.tests, s.failures]), [[inputs[0], '3', '2'], [inputs[1], '3', '2'], [inputs[2], '3', '1']]);
    const failures = elements(xml, 'failure').map((f) => f.type);
    assert.deepEqual(failures.sort(), summary.failures.flatMap((g: { code: string; count: number }) => Array(g.count).fill(g.code)).sort());
    assert.match(xml, /bad-values\.json#\/products\/1\/variants\/1\/barcode: variants\[1\]\.barcode: expected a GTIN/, 'every problem, not only the first');
  });

  test('hostile keys and messages stay well-formed XML: markup, quotes, CR/LF, control characters', async () => {
    const dir = tempDir('cu-junit-');
    const hostile = 'a<b>&"c\'\u0001]]>\r\nz';
    writeFileSync(path.join(dir, 'h.json'), JSON.stringify([{ handle: hostile, title: 'T', sku: 'S\u0002<1>', price: '1.999' }, { sku: 'OK', title: 'Fine', price: '2.00' }]));
    const r = await run(['validate', 'h.json', '--junit', 'out.xml', '--no-progress'], { cwd: dir });
    assert.equal(r.code, 1, r.stderr);
    const xml = readFileSync(path.join(dir, 'out.xml'), 'utf8');
    await assertValid(xml);
    const names = elements(xml, 'testcase').map((c) => c.name);
    assert.deepEqual(names, [hostile.replace('\u0001', '\uFFFD'), 'OK']);
    assert.match(elements(xml, 'failure')[0]!.message!, /found "1\.999"/);
  });

  test('upload: created cases pass, unknown outcomes are errors, a resume skips what was done', async () => {
    const dir = tempDir('cu-junit-');
    const veeqo = await sandboxFor('veeqo');
    try {
      const args = ['upload', fixture('catalog.csv'), '--target', 'veeqo', '--no-progress', '--report', path.join(dir, 'r.jsonl')];
      assert.equal((await run([...args, '--junit', path.join(dir, 'first.xml')], { env: veeqo.env })).code, 0);
      assert.equal((await run([...args, '--resume', '--junit', path.join(dir, 'again.xml')], { env: veeqo.env })).code, 0);
    } finally {
      await veeqo.close();
    }
    const first = readFileSync(path.join(dir, 'first.xml'), 'utf8');
    await assertValid(first);
    assert.deepEqual(elements(first, 'testsuite').map((s) => [s.tests, s.failures, s.errors, s.skipped]), [['3', '0', '0', '0']]);
    assert.ok(elements(first, 'testcase').every((c) => Number(c.time) > 0), 'each case has its time');
    const again = readFileSync(path.join(dir, 'again.xml'), 'utf8');
    await assertValid(again);
    assert.deepEqual(elements(again, 'testsuite').map((s) => [s.tests, s.skipped]), [['3', '3']]);

    const s2 = await sandboxFor('s2', { ambiguousRate: 1, methods: ['POST'] });
    let summary;
    try {
      const r = await run(['upload', fixture('catalog.csv'), '--target', 's2', '--json', '--retries', '0', '--report', path.join(dir, 's2.jsonl'), '--junit', path.join(dir, 's2.xml')], { env: s2.env });
      assert.equal(r.code, 1, r.stderr);
      summary = JSON.parse(r.stdout);
    } finally {
      await s2.close();
    }
    const unknown = readFileSync(path.join(dir, 's2.xml'), 'utf8');
    await assertValid(unknown);
    assert.ok(summary.units.unknown > 0);
    assert.equal(elements(unknown, 'error').length, summary.units.unknown, 'each unknown outcome is an error');
    assert.equal(elements(unknown, 'failure').length, summary.units.invalid + summary.units.failed);
  });

  test('a run stopped by unreadable input still writes a valid report with the error', async () => {
    const dir = tempDir('cu-junit-');
    const r = await run(['validate', fixture('bad', 'syntax-error.json'), '--junit', path.join(dir, 'out.xml'), '--no-progress']);
    assert.equal(r.code, 2);
    const xml = readFileSync(path.join(dir, 'out.xml'), 'utf8');
    await assertValid(xml);
    assert.match(elements(xml, 'error')[0]!.message!, /invalid JSON/);
  });

  test('a big run spills cases to temporary files and writes the same document', () => {
    const dir = tempDir('cu-junit-');
    const lines: ReportLine[] = Array.from({ length: 3000 }, (_, i) => ({ key: `K-${i}`, source: `f${i % 3}.csv:${i + 2}`, status: i % 7 ? 'valid' : 'invalid', errors: i % 7 ? undefined : [{ place: `f${i % 3}.csv:${i + 2}`, field: 'price', expected: 'an amount', found: '"x"', severity: 'error', code: 'price.invalid' }], code: i % 7 ? undefined : 'price.invalid' }));
    const write = (file: string, spillAt?: number) => {
      const w = new JunitWriter(path.join(dir, file), { name: 'catalog-upload validate', startedAt: new Date(0), properties: { mode: 'validate' } }, spillAt);
      for (const l of lines) w.add(l);
      w.close(1234);
      return readFileSync(path.join(dir, file), 'utf8');
    };
    assert.equal(write('spilled.xml', 10_000), write('in-memory.xml'));
  });
});
