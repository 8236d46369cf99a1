// GitHub Actions annotations, from the real binary: each located problem becomes a workflow
// command on the file's line, escaped as the runner reads them (actions/toolkit's command.ts:
// data escapes %, CR, LF; properties also : and ,), capped at what GitHub shows per step.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { escapeData, escapeProperty, workflowCommand } from '../../src/cli/ci/annotations.js';
import { csvCellOffset, pointerOffset } from '../../src/input/locate.js';
import { Positions } from '../../src/cli/ci/positions.js';
import { sandboxFor } from '../upload/harness.js';
import { fixture, run, tempDir } from '../helpers.js';

interface Annotation {
  level: string;
  props: Record<string, string>;
  message: string;
}

/** The runner's side, written from the rules rather than from our code: unescape and split. */
function readAnnotations(stderr: string): Annotation[] {
  const unescape = (s: string) => s.replaceAll('%0D', '\r').replaceAll('%0A', '\n').replaceAll('%3A', ':').replaceAll('%2C', ',').replaceAll('%25', '%');
  const out: Annotation[] = [];
  for (const line of stderr.split('\n')) {
    const m = /^::(error|warning|notice)(?: ([^:]*))?::(.*)$/.exec(line);
    if (!m) continue;
    const props: Record<string, string> = {};
    for (const kv of (m[2] ?? '').split(',').filter(Boolean)) {
      const eq = kv.indexOf('=');
      props[kv.slice(0, eq)] = unescape(kv.slice(eq + 1));
    }
    out.push({ level: m[1]!, props, message: unescape(m[3]!) });
  }
  return out;
}

/** 1-based line and column of the first occurrence of `needle` in a file. */
function whereIs(file: string, needle: string): { line: string; col: string } {
  const text = readFileSync(file, 'utf8');
  const at = text.indexOf(needle);
  assert.ok(at >= 0, `${needle} in ${file}`);
  const before = text.slice(0, at).split('\n');
  return { line: String(before.length), col: String(before.at(-1)!.length + 1) };
}

const GITHUB = { GITHUB_ACTIONS: 'true' };

describe('escaping, by the workflow-command rules', () => {
  const cases: [string, string, string][] = [
    ['plain', 'plain', 'plain'],
    ['100%', '100%25', '100%25'],
    ['a\r\nb', 'a%0D%0Ab', 'a%0D%0Ab'],
    ['a:b,c', 'a:b,c', 'a%3Ab%2Cc'],
    ['%0A literal', '%250A literal', '%250A literal'],
    ['::error::x', '::error::x', '%3A%3Aerror%3A%3Ax'],
  ];
  for (const [raw, data, property] of cases) {
    test(JSON.stringify(raw), () => {
      assert.equal(escapeData(raw), data);
      assert.equal(escapeProperty(raw), property);
    });
  }

  test('a command: properties in order, message after the second ::', () => {
    assert.equal(workflowCommand('warning', { file: 'a,b.csv', line: 3, col: 1, title: 'x.y' }, 'f: expected 1; found 2'), '::warning file=a%2Cb.csv,line=3,col=1,title=x.y::f: expected 1; found 2');
  });
});

describe('finding the line and column again', () => {
  const json = '{\n  "products": [\n    {"sku": "A", "price": "1"},\n    {"sku": "B", "variants": [{"sku": "B1", "price": "ten"}]}\n  ]\n}';
  const table: [string, string | undefined][] = [
    ['/products/1/variants/0/price', '"ten"'],
    ['/products/0/price', '"1"'],
    ['/products/1/variants/0', '{"sku": "B1"'],
    ['/products/1/title', '{"sku": "B"'], // missing: where it belongs, the product
    ['/products/7', '[\n'], // past the end: the array
  ];
  for (const [pointer, at] of table) {
    test(`pointer ${pointer}`, () => assert.equal(pointerOffset(json, pointer), json.indexOf(at!)));
  }
  test('a file too big to read again: the line the reader knew (a JSON element\'s first line)', () => {
    const file = fixture('bad', 'bad-values.json');
    const ws = path.resolve(fixture('..'));
    const hint = { file, format: 'json', line: 4 };
    assert.deepEqual(new Positions(ws, ws, 0).of(`${file}#/products/1/variants/1/price`, 'variants[1].price', hint), { file: 'fixtures/bad/bad-values.json', line: 4 });
    const ten = whereIs(file, '"ten"');
    assert.deepEqual(new Positions(ws, ws).of(`${file}#/products/1/variants/1/price`, 'variants[1].price', hint), { file: 'fixtures/bad/bad-values.json', line: Number(ten.line), col: Number(ten.col) });
    assert.deepEqual(new Positions(ws, ws, 0).of(`${fixture('bad', 'bad-price.csv')}:3`, 'price', undefined), { file: 'fixtures/bad/bad-price.csv', line: 3 });
  });

  test('a CSV cell, after a quoted cell with a comma, a quote and a newline', () => {
    const csv = 'sku,notes,price\nA,"x, ""y""\nz",1.234\n';
    assert.equal(csvCellOffset(csv, 2, 'price'), csv.indexOf('1.234'));
    assert.equal(csvCellOffset(csv, 2, 'nope'), undefined);
  });
});

describe('annotations from the binary', () => {
  test('hostile file names and values: %, CR, LF, : and , survive the round trip', async () => {
    const ws = tempDir('cu-ws-');
    const hostile = 'we%ird,na:me\r\n.csv';
    writeFileSync(path.join(ws, hostile), 'sku,title,price\nSKU-1,Mug,12.345\n');
    writeFileSync(path.join(ws, 'second.csv'), 'sku,title,price\nSKU-1,Mug again,3.00\n');
    const r = await run(['validate', hostile, 'second.csv', '--no-progress'], { cwd: ws, env: { ...GITHUB, GITHUB_WORKSPACE: ws } });
    assert.equal(r.code, 1, r.stderr);
    const errors = readAnnotations(r.stderr).filter((a) => a.level === 'error');
    const precision = errors.find((a) => a.props.title === 'price.precision');
    assert.deepEqual(precision?.props, { file: hostile, line: '2', col: '11', title: 'price.precision' });
    assert.match(precision!.message, /^price: expected .+; found "12\.345"$/);
    // The duplicate's message names the hostile file: CR and LF in the data, `:` and `,` left alone.
    const dup = errors.find((a) => a.props.title === 'sku.duplicate');
    assert.equal(dup?.props.file, 'second.csv');
    assert.ok(dup!.message.includes(`already used at ${hostile}:2`), JSON.stringify(dup!.message));
    for (const line of r.stderr.split('\n').filter((l) => l.startsWith('::'))) assert.ok(!/\r/.test(line), 'one line per command');
  });

  test('a JSON pointer points at the exact line and column of the value; paths are relative to the workspace', async () => {
    const ws = path.resolve(fixture('..'));
    const r = await run(['validate', fixture('bad', 'bad-values.json'), '--no-progress'], { env: { ...GITHUB, GITHUB_WORKSPACE: ws } });
    assert.equal(r.code, 1, r.stderr);
    const a = readAnnotations(r.stderr);
    const ten = a.find((x) => x.props.title === 'price.invalid');
    assert.deepEqual(ten?.props, { file: 'fixtures/bad/bad-values.json', ...whereIs(fixture('bad', 'bad-values.json'), '"ten"'), title: 'price.invalid' });
    const precision = a.find((x) => x.props.title === 'price.precision');
    assert.deepEqual(precision?.props, { file: 'fixtures/bad/bad-values.json', ...whereIs(fixture('bad', 'bad-values.json'), '"8.005"'), title: 'price.precision' });
  });

  test('an NDJSON line, and a JSON syntax error that stops the run, are annotated where they are', async () => {
    const ws = path.resolve(fixture('..'));
    const nd = await run(['validate', fixture('bad', 'bad-line.ndjson'), '--no-progress'], { env: { ...GITHUB, GITHUB_WORKSPACE: ws } });
    assert.deepEqual(readAnnotations(nd.stderr).map((x) => [x.props.file, x.props.line, x.props.title]), [['fixtures/bad/bad-line.ndjson', '2', 'ndjson.syntax']]);
    const syntax = await run(['validate', fixture('bad', 'syntax-error.json'), '--no-progress'], { env: { ...GITHUB, GITHUB_WORKSPACE: ws } });
    assert.equal(syntax.code, 2);
    const [a] = readAnnotations(syntax.stderr);
    assert.equal(a?.props.file, 'fixtures/bad/syntax-error.json');
    assert.match(syntax.stderr, new RegExp(`syntax-error\\.json:${a!.props.line}:${a!.props.col}: invalid JSON`));
  });

  test('capped at 10 errors per step: 9, then one that counts the rest; warnings too', async () => {
    const ws = tempDir('cu-ws-');
    const rows = Array.from({ length: 25 }, (_, i) => `S-${i},Item ${i},1.999,x`);
    writeFileSync(path.join(ws, 'many.csv'), ['sku,title,price,colour', ...rows].join('\n') + '\n');
    const r = await run(['validate', 'many.csv', '--no-progress', '--report', 'r.jsonl'], { cwd: ws, env: { ...GITHUB, GITHUB_WORKSPACE: ws } });
    const errors = readAnnotations(r.stderr).filter((a) => a.level === 'error');
    assert.equal(errors.length, 10);
    assert.deepEqual(errors.slice(0, 9).map((a) => a.props.line), ['2', '3', '4', '5', '6', '7', '8', '9', '10']);
    assert.deepEqual(errors[9]!.props, { title: 'catalog-upload' });
    assert.match(errors[9]!.message, /^16 more problems not annotated \(GitHub shows 10 per step\): all of them are in the report, r\.jsonl$/);
    const warnings = readAnnotations(r.stderr).filter((a) => a.level === 'warning');
    assert.equal(warnings.length, 1, 'the unknown column, once');
    assert.equal(warnings[0]!.props.file, 'many.csv');
  });

  test('only on GitHub Actions or when asked: --annotations github / none', async () => {
    const bad = fixture('bad', 'bad-price.csv');
    assert.equal(readAnnotations((await run(['validate', bad, '--no-progress'], { env: { GITHUB_ACTIONS: undefined } })).stderr).length, 0);
    assert.ok(readAnnotations((await run(['validate', bad, '--no-progress', '--annotations', 'github'], { env: { GITHUB_ACTIONS: undefined } })).stderr).length > 0);
    assert.equal(readAnnotations((await run(['validate', bad, '--no-progress', '--annotations', 'none'], { env: GITHUB })).stderr).length, 0);
    const json = await run(['validate', bad, '--json', '--annotations', 'github']);
    assert.ok(readAnnotations(json.stderr).length > 0, 'on stderr');
    assert.equal(JSON.parse(json.stdout).units.invalid, 2, 'stdout keeps only the JSON summary');
  });

  test('an upload: a unit whose outcome is unknown is annotated at its row', async () => {
    const h = await sandboxFor('s2', { ambiguousRate: 1, methods: ['POST'] });
    try {
      const dir = tempDir('cu-ws-');
      const r = await run(['upload', fixture('catalog.csv'), '--target', 's2', '--no-progress', '--report', path.join(dir, 'r.jsonl'), '--retries', '0'], { env: { ...h.env, ...GITHUB, GITHUB_WORKSPACE: path.resolve(fixture('..')) } });
      assert.equal(r.code, 1, r.stderr);
      const unknown = readAnnotations(r.stderr).filter((a) => a.props.title === 'outcome.unknown');
      assert.ok(unknown.length > 0, r.stderr);
      assert.ok(unknown.every((a) => a.props.file === 'fixtures/catalog.csv' && Number(a.props.line) >= 2), JSON.stringify(unknown));
    } finally {
      await h.close();
    }
  });
});
