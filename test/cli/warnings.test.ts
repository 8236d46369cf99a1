// Warnings a user can see: printed (each distinct one, with a count) even without --report, and
// a warning that is the same for every unit (a field the target drops) told once per run.
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { parse } from 'csv-parse/sync';
import { generateCsv } from '../../bench/generate.js';
import { sandboxFor, type Harness } from '../upload/harness.js';
import { fixture, run, tempDir } from '../helpers.js';

describe('validate prints its warnings', () => {
  const cases: [string, () => string, RegExp][] = [
    ['mojibake', () => fixture('bad', 'mojibake.csv'), /1 × .*mojibake\.csv:2: \*: expected text without mojibake.*found "CAFE-1,CafÃ© au lait/],
    ['a UTF-16 file', () => fixture('bad', 'utf16.csv'), /1 × .*utf16\.csv:1: \*: expected UTF-8 text; found UTF-16 LE/],
    ['unknown columns', () => {
      const file = path.join(tempDir(), 'unknown.csv');
      writeFileSync(file, 'title,sku,price,Colour\nA,a1,1.00,red\n');
      return file;
    }, /1 × .*unknown\.csv:1: Colour: expected known columns.*ignored: "Colour"/],
  ];
  for (const [name, file, shown] of cases) {
    test(`${name}: shown without --report, and no report is pointed at`, async () => {
      const dir = tempDir();
      const r = await run(['validate', file()], { cwd: dir });
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stderr, /^warnings: 1$/m);
      assert.match(r.stderr, shown);
      assert.doesNotMatch(r.stderr, /report/);
      assert.deepEqual(readdirSync(dir), []);
    });
  }

  test('the same warning in several products is one line with its count', async () => {
    const dir = tempDir();
    const files = ['a', 'b', 'c'].map((n) => {
      const file = path.join(dir, `${n}.csv`);
      writeFileSync(file, `sku,title,price\n${n}-1,CafÃ© ${n},1.00\n`);
      return file;
    });
    const r = await run(['validate', ...files]);
    assert.match(r.stderr, /^warnings: 3$/m);
    assert.match(r.stderr, /^ +3 × .*a\.csv:2: \*: expected text without mojibake.*e\.g\. a-1, b-1, c-1$/m);
    assert.equal(r.stderr.match(/mojibake/g)?.length, 1);
  });
});

describe('a field the target has no place for: once per run', () => {
  let h: Harness;
  let dir: string;
  let input: string;
  const N = 100;
  before(async () => {
    h = await sandboxFor('veeqo');
    dir = tempDir();
    input = path.join(dir, 'catalog.csv');
    await generateCsv(input, { rows: N, prefix: 'W' }); // brand, tags, url…: Veeqo has no place for them
  });
  after(() => h.close());

  test('the summary counts it once, the report says it once, unit lines do not repeat it', async () => {
    const report = path.join(dir, 'run.jsonl');
    const r = await run(['upload', input, '--target', 'veeqo', '--rate', 'unlimited', '--report', report, '--json'], { cwd: dir, env: h.env });
    assert.equal(r.code, 0, r.stderr);
    const s = JSON.parse(r.stdout);
    assert.equal(s.units.created, N);
    assert.equal(s.warnings, 1);
    assert.equal(s.warning_groups.length, 1);
    assert.equal(s.warning_groups[0].code, 'veeqo.dropped');
    assert.equal(s.warning_groups[0].count, N);
    assert.match(s.warning_groups[0].message, /^Veeqo has no place for these fields, not sent \(units that had each\): .*brand \(100\)/);
    const lines = readFileSync(report, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
    const runLines = lines.filter((l) => l.run_warnings);
    assert.equal(runLines.length, 1);
    assert.equal(runLines[0].run_warnings[0].count, N);
    assert.ok(lines.every((l) => l.run_warnings || !JSON.stringify(l.warnings ?? []).includes('no place')));
    assert.ok(statSync(report).size < N * 400, `report of ${statSync(report).size} bytes`);
  });

  for (const ext of ['jsonl', 'csv']) {
    test(`--resume reads past the run-level line of a .${ext} report (not a torn line, not a unit)`, async () => {
      const report = path.join(dir, `again.${ext}`);
      const args = ['upload', input, '--target', 'veeqo', '--rate', 'unlimited', '--report', report, '--max-errors', '1'];
      const first = await run([...args, '--json'], { cwd: dir, env: h.env });
      assert.equal(first.code, 0, first.stderr);
      if (ext === 'csv') assert.equal((parse(readFileSync(report, 'utf8'), { columns: true }) as { status: string }[]).filter((row) => row.status === 'run').length, 1);
      const again = await run([...args, '--resume'], { cwd: dir, env: h.env });
      assert.equal(again.code, 0, again.stderr);
      assert.match(again.stderr, new RegExp(`resuming .*: ${N} done \\(skipped\\), 0 to retry, 0 uncertain \\(checked before sending again\\)\\n`));
    });
  }
});
