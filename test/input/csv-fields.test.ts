// The scanner of a few columns (WooCommerce's first pass) reads quoting exactly as csv-parse
// does (the second pass): on random files, cut into chunks anywhere, even inside a character.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parse } from 'csv-parse/sync';
import { FieldScanner } from '../../src/input/csv-fields.js';

let seed = 7;
const rnd = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
const PIECES = ['a', 'b', ' ', ',', '"', '""', '\n', '\r\n', 'é', '€', 'x y', ';', 'a"b'];
const pick = () => PIECES[Math.floor(rnd() * PIECES.length)]!;

/** A cell as a CSV writer writes it: quoted (quotes doubled) or plain (a quote inside is kept). */
function cell(): string {
  if (rnd() < 0.3) return '';
  let s = '';
  for (let i = Math.floor(rnd() * 5); i > 0; i--) s += pick();
  if (rnd() < 0.5) return `"${s.replaceAll('"', '""')}"`;
  const plain = s.replace(/[,\n\r]/g, '');
  return plain.startsWith('"') ? `x${plain}` : plain;
}

test('the columns asked for, as csv-parse reads them, whatever the chunks', () => {
  const columns = [0, 2, 5];
  let files = 0;
  for (let t = 0; t < 300; t++) {
    const rows = Array.from({ length: 1 + Math.floor(rnd() * 8) }, () => Array.from({ length: 6 }, cell).join(','));
    if (rnd() < 0.2) rows.splice(1, 0, '');
    const eol = rnd() < 0.5 ? '\n' : '\r\n';
    const text = rows.join(eol) + (rnd() < 0.5 ? eol : '');
    let want: string[][];
    try {
      want = parse(text, { relax_column_count: true, relax_quotes: true, skip_empty_lines: true });
    } catch {
      continue; // csv-parse refuses it: so does the second pass, which stops the run
    }
    files++;
    const expected = want.map((r) => columns.map((c) => r[c] ?? ''));
    for (const size of [1, 3, 1000]) {
      const got: string[][] = [];
      const scanner = new FieldScanner(0x2c, columns, (r) => got.push(r.map((c) => c ?? '')));
      const bytes = Buffer.from(text);
      for (let i = 0; i < bytes.length; i += size) scanner.feed(bytes.subarray(i, i + size));
      scanner.end();
      assert.deepEqual(got, expected, `${JSON.stringify(text)} in chunks of ${size}`);
    }
  }
  assert.ok(files > 200, `${files} files compared`);
});

test('a quoted cell followed by more text is plain text with its quotes, as csv-parse keeps it', () => {
  for (const text of ['a,"b"c,d\ne,"f""g"h,i\n', '"x"y,"",z\r\n"q",r,s\r\n', 'a,b,c\rd,"e\r",f\r']) {
    const want = (parse(text, { relax_column_count: true, relax_quotes: true }) as string[][]).map((r) => [r[0] ?? '', r[1] ?? '', r[2] ?? '']);
    const got: string[][] = [];
    const scanner = new FieldScanner(0x2c, [0, 1, 2], (r) => got.push(r.map((c) => c ?? '')));
    scanner.feed(Buffer.from(text));
    scanner.end();
    assert.deepEqual(got, want, JSON.stringify(text));
  }
});
