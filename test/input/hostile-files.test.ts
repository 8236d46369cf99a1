// Hostile files (issue 9, D6, D9, D17, D18): each fixture under fixtures/bad/ with the message it
// must give, at its place. Nothing here may be accepted silently, crash, or mislead.
import assert from 'node:assert/strict';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { fixture, run, tempDir } from '../helpers.js';
import { type ExpectedIssue, expectIssues, expectRunError, readAll, readFails, temp } from './util.js';

const ISSUES: Record<string, ExpectedIssue[]> = {
  // D6: numbers JSON.parse changes are refused, with the number as written.
  'tiny-price.json': [{ at: '#/0/price', field: 'price', code: 'number.inexact', expected: /becomes 0\); write it as a string: "1e-400"/, found: '1e-400' }],
  // D18: as written, not "found null" or "found 9007199254740992".
  'inexact-numbers.json': [
    { at: '#/0/inventory_quantity', field: 'inventory_quantity', code: 'number.inexact', expected: /becomes 9007199254740992\)/, found: '9007199254740993' },
    { at: '#/1/price', field: 'price', code: 'number.inexact', expected: /becomes Infinity\)/, found: '1e309' },
  ],
  // D6: a measure is sent as a number after conversion: past a billion it could not be sent as written.
  'huge-measure.csv': [{ at: ':2', field: 'weight', code: 'weight.range', expected: /^a weight between 0 and 1000000000$/, found: '"99999999999999999999999999"' }],
  'huge-target-number.csv': [{ at: ':2', field: 'pandabase.maxPerCustomer', code: 'number.inexact', expected: /becomes 1e\+26\)/, found: '99999999999999999999999999' }],
  // D9: nesting is bounded before anything walks it.
  'deep.json': [
    { at: '#/0', field: '*', code: 'product.not_object', found: `[${'['.repeat(76)}...` },
    { at: `#/0${'/0'.repeat(64)}`, field: `[0]${'[0]'.repeat(63)}`, code: 'json.too_deep', expected: /^at most 64 levels of nested objects and arrays$/ },
  ],
  'deep-metadata.json': [{ at: `#/0/metadata${'/a'.repeat(63)}`, field: `metadata${'.a'.repeat(63)}`, code: 'json.too_deep' }],
  // D17: "__proto__" keys are refused where they are, not dropped; NUL characters too; `"ab"c` too.
  'proto-keys.json': [
    { at: '#/0/metadata/__proto__', field: 'metadata.__proto__', code: 'key.proto', found: '"__proto__"' },
    { at: '#/1/targets/veeqo/__proto__', field: 'targets.veeqo.__proto__', code: 'key.proto' },
    { at: '#/2/case/__proto__', field: 'case.__proto__', code: 'key.proto' },
  ],
  'nul-escape.json': [{ at: '#/0/title', field: 'title', code: 'text.nul', found: '"Mug\\u0000"' }],
  'bad-quotes.csv': [{ at: ':2', field: 'title', code: 'cell.bad_quotes', expected: /quoted whole or not at all.*"ab""c"/, found: '"\\"Mug \\"Deluxe\\""' }],
};

describe('hostile files: each problem refused at its place', () => {
  for (const [name, expects] of Object.entries(ISSUES)) {
    test(name, () => expectIssues(fixture('bad', name), expects));
  }

  test('bad-quotes.csv: a well-quoted cell that starts with a quote is read as written', async () => {
    const { records } = await readAll([fixture('bad', 'bad-quotes.csv')]);
    assert.equal(records[1]!.product?.title, '"Quoted" mug');
  });

  test("formula-guard.csv: a leading ' taken off is said, once per column, where first seen", async () => {
    const file = fixture('bad', 'formula-guard.csv');
    const { records, warnings } = await readAll([file]);
    assert.ok(records.every((r) => r.product));
    assert.equal(records[0]!.product?.description, '=HYPERLINK("x")');
    assert.deepEqual(warnings.map((w) => [w.place, w.field, w.code, w.found]), [[`${file}:2`, 'description', 'cell.formula_guard', `"'=HYPERLINK(\\"x\\")"`]]);
    assert.match(warnings[0]!.expected, /leading ' .* was removed, so it is read as "=HYPERLINK\(\\"x\\"\)"/);
  });
});

const RUN_ERRORS: Record<string, RegExp> = {
  // D18: a binary file is named for what it is, not given advice about text encodings.
  'gzip.csv': /gzip\.csv: this is a gzip file, not CSV text: decompress it first/,
  'workbook.csv': /workbook\.csv: this is a zip archive \(an Excel \.xlsx or OpenDocument \.ods workbook is one\), not CSV text: open it in the spreadsheet and save it as "CSV UTF-8"/,
  // D17: a NUL byte stops the run at its line and column.
  'nul-byte.csv': /nul-byte\.csv:2:12: a NUL character \(byte 0x00\) in the text: the file is damaged or not text/,
  // D17: a __proto__ column would vanish silently.
  'proto-column.csv': /proto-column\.csv:1: column 5 "metadata\.__proto__": "__proto__" cannot be a key/,
};

describe('hostile files that stop the run', () => {
  for (const [name, message] of Object.entries(RUN_ERRORS)) {
    test(name, () => expectRunError(fixture('bad', name), message));
  }

  test('an .xlsx named as such gets the same message', async () => {
    const file = temp('catalog.xlsx.json', readFileSync(fixture('bad', 'workbook.csv')));
    assert.match((await readFails([file])).message, /this is a zip archive .*, not JSON text/);
  });
});

describe('hostile files through the binary: located messages, no stack trace, no internal error', () => {
  test('D9 deep.json: exit 1 with the product refused, not "Maximum call stack size exceeded" (exit 70)', async () => {
    const r = await run(['validate', fixture('bad', 'deep.json')]);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, /deep\.json#\/0\/0\/0.*: expected at most 64 levels of nested objects and arrays/);
    assert.doesNotMatch(r.stderr, /internal error|call stack/);
  });

  test('D18 gzip.csv: exit 2, named as gzip', async () => {
    const r = await run(['validate', fixture('bad', 'gzip.csv')]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /this is a gzip file/);
    assert.doesNotMatch(r.stderr, /--encoding|header but no rows/);
  });

  test('D18 a 10 MB unknown key: warned once, cut, and the report stays small', async () => {
    const dir = tempDir();
    const input = path.join(dir, 'big-key.json');
    const key = 'k'.repeat(10 * 1024 * 1024);
    const json = JSON.stringify([{ handle: 'h', title: 'T', sku: 'S-1', price: '1.00', [key]: 1 }]);
    const report = path.join(dir, 'report.jsonl');
    writeFileSync(input, json);
    const r = await run(['validate', input, '--report', report], { timeoutMs: 60_000 });
    assert.equal(r.code, 0, r.stderr);
    assert.ok(statSync(report).size < 2000, `report of ${statSync(report).size} bytes`);
    // The unit's line (the journal's header comes first).
    const line = readFileSync(report, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as { key?: string; warnings: string[] }).find((l) => l.key !== undefined)!;
    assert.equal(line.warnings.length, 1);
    assert.match(line.warnings[0]!, /^.*big-key\.json#\/0\/k{61}\.\.\.: k{61}\.\.\.: expected a known field; it is ignored .*; found "k{76}\.\.\.$/);
  });
});
