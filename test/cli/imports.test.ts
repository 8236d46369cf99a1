// The built binary on files from other systems: what it says on stderr, `map` and --map, the
// errors that name the flag to use, --rejects in the file's own columns, stdin.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { parse } from 'csv-parse/sync';
import { BIN, FIXTURES, fixture, ROOT, run, tempDir } from '../helpers.js';

const X = (f: string) => fixture('exports', f);
const lines = (s: string, re: RegExp) => s.split('\n').filter((l) => re.test(l));

describe('validate files from other systems', () => {
  test('WooCommerce grouped and external products at the end of the file: the warning reaches the summary and the report', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'woo.csv');
    writeFileSync(file, 'ID,Type,SKU,Name,Published,Regular price,Parent,Tax status\n1,simple,A1,Simple,1,5.00,,taxable\n2,external,EXT,External thing,1,5.00,,taxable\n3,grouped,GRP,Grouped thing,1,,,taxable\n');
    const report = path.join(dir, 'r.jsonl');
    const r = await run(['validate', file, '--json', '--report', report]);
    assert.equal(r.code, 0, r.stderr);
    const groups = JSON.parse(r.stdout).warning_groups as { code: string; message: string }[];
    assert.deepEqual(groups.map((g) => g.code), ['woocommerce.skipped']);
    assert.match(groups[0]!.message, /woo\.csv:3: Type: .*found 2 grouped or external products \(lines 3, 4\)/);
    assert.match(readFileSync(report, 'utf8'), /"run_warnings":\[\{"code":"woocommerce\.skipped"/);
    const text = await run(['validate', file]);
    assert.match(text.stderr, /^warnings: 1\n {2}\S*woo\.csv:3: Type: /m);
  });

  test('--json-path with no JSON input is a usage error, not silently ignored', async () => {
    const r = await run(['validate', fixture('catalog.csv'), '--json-path', 'data']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--json-path names the array of products in a JSON file; no input is JSON \(csv\)/);
    const ok = await run(['validate', fixture('digital.csv'), fixture('catalog.json'), '--json-path', 'products']);
    assert.equal(ok.code, 0, ok.stderr);
  });

  test('a Shopify export: valid, and one line says how it was read', async () => {
    const r = await run(['validate', X('shopify-products.csv'), '--no-progress']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(lines(r.stderr, /read as a Shopify product export \(classic header\), recognised from its header/).length, 1);
    assert.equal(lines(r.stderr, /not uploaded \(no unified field takes them\): Option1 Linked To, /).length, 1);
  });

  test('a WooCommerce export from stdin reads as the file does', async () => {
    const r = await run(['validate', '-', '--input-format', 'csv', '--json'], { stdin: readFileSync(X('woocommerce-products.csv')) });
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout).units.valid, 5);
  });

  test('unknown columns are listed once on screen, with a did-you-mean', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'typos.csv');
    writeFileSync(file, 'sku,title,prcie,Images\nA-1,A,1.00,x\n');
    const r = await run(['validate', file, '--no-progress']);
    assert.equal(lines(r.stderr, /"prcie" \(did you mean "price"\?\), "Images" \(did you mean "image_urls"\?\)/).length, 1, r.stderr);
  });

  test('Excel: decimal commas stop the run once, naming --decimal-comma; with it, valid', async () => {
    const without = await run(['validate', X('excel-semicolon.csv'), '--no-progress']);
    assert.equal(without.code, 2);
    assert.match(without.stderr, /excel-semicolon\.csv:2: price is "12,99": .* Run again with --decimal-comma/);
    assert.equal(lines(without.stderr, /12,99/).length, 1);
    const withFlag = await run(['validate', X('excel-semicolon.csv'), '--decimal-comma', '--no-progress']);
    assert.equal(withFlag.code, 0, withFlag.stderr);
  });

  test('Excel saved as Windows-1252: the error names --encoding; with it, valid', async () => {
    const without = await run(['validate', X('excel-semicolon-1252.csv'), '--decimal-comma', '--no-progress']);
    assert.equal(without.code, 2);
    assert.match(without.stderr, /Re-run with --encoding windows-1252/);
    const withFlag = await run(['validate', X('excel-semicolon-1252.csv'), '--decimal-comma', '--encoding', 'windows-1252', '--no-progress']);
    assert.equal(withFlag.code, 0, withFlag.stderr);
  });

  test('the rejects of a Windows-1252 ";" file keep its ";", and a byte order mark makes the same command read them back right', async () => {
    const dir = tempDir();
    const input = path.join(dir, 'x.csv');
    writeFileSync(input, Buffer.from('Handle;Title;SKU;Price\r\nmug;Caf\xe9 Mug;M1;12,99\r\nbad;No\xebl;B1;\x80 9,99\r\n', 'latin1'));
    const rejects = path.join(dir, 'rejects.csv');
    const args = ['--decimal-comma', '--encoding', 'windows-1252', '--no-progress'];
    const r = await run(['validate', input, ...args, '--rejects', rejects]);
    assert.equal(r.code, 1, r.stderr);
    const bytes = readFileSync(rejects);
    assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8, said by its byte order mark');
    assert.match(bytes.toString('utf8'), /^\uFEFFHandle;Title;SKU;Price;errors\nbad;Noël;B1;€ 9,99;"/);
    const again = await run(['validate', rejects, ...args]);
    assert.match(again.stderr, /rejects\.csv:2: Price: .*found "€ 9,99"/);
    assert.doesNotMatch(again.stderr, /â‚¬|mojibake/);
  });

  test('a bad --from or --map is a usage error before anything is read', async () => {
    const from = await run(['validate', X('shopify-products.csv'), '--from', 'magento']);
    assert.equal(from.code, 2);
    assert.match(from.stderr, /--from.*magento.*Allowed choices are unified, shopify, woocommerce/s);
    const map = await run(['validate', X('synonyms.csv'), '--map', path.join(tempDir(), 'none.json')]);
    assert.equal(map.code, 2);
    assert.match(map.stderr, /--map .*none\.json: no such file/);
  });
});

describe('catalog-upload map', () => {
  test('synonyms.csv: without a map, one error saying to write one; the starter map makes it valid; map round-trips', async () => {
    const dir = tempDir();
    const without = await run(['validate', X('synonyms.csv'), '--no-progress']);
    assert.equal(without.code, 2);
    assert.match(without.stderr, /catalog-upload map .*synonyms\.csv > synonyms\.map\.json/);
    const m = await run(['map', X('synonyms.csv')]);
    assert.equal(m.code, 0, m.stderr);
    assert.match(m.stderr, /13 columns, 13 placed, 0 left out/);
    const file = path.join(dir, 'synonyms.map.json');
    writeFileSync(file, m.stdout);
    const v = await run(['validate', X('synonyms.csv'), '--map', file, '--json']);
    assert.equal(v.code, 0, v.stderr);
    assert.equal(JSON.parse(v.stdout).units.valid, 4);
    // The map of a file read with its own map is that map.
    const again = await run(['map', X('synonyms.csv'), '--map', file]);
    assert.deepEqual(JSON.parse(again.stdout), JSON.parse(m.stdout));
  });

  test('wrapped.json: --output, unknown keys listed as left out, then valid with --map', async () => {
    const file = path.join(tempDir(), 'wrapped.map.json');
    const m = await run(['map', X('wrapped.json'), '--output', file]);
    assert.equal(m.code, 0, m.stderr);
    assert.match(m.stderr, /left out \(edit the map to place them\): "id", "brand\.id", "created_at"/);
    const map = JSON.parse(readFileSync(file, 'utf8'));
    assert.equal(map.columns['shipping.weight.value'], 'weight');
    const v = await run(['validate', X('wrapped.json'), '--map', file, '--no-progress']);
    assert.equal(v.code, 0, v.stderr);
    assert.match(v.stderr, /the products are the array "data"/);
  });

  test('a Shopify export needs no map, and map says so', async () => {
    const m = await run(['map', X('shopify-products.csv')]);
    assert.equal(m.code, 0);
    assert.equal(JSON.parse(m.stdout).from, 'shopify');
    assert.match(m.stderr, /is a Shopify product export: validate and upload read it without a map/);
  });
});

/** A fixture with one value broken, validated with --rejects. */
async function rejected(file: string, from: string, to: string, flags: string[]) {
  const dir = tempDir();
  const src = readFileSync(X(file), 'utf8').replace(from, to);
  const bad = path.join(dir, `bad-${file}`);
  writeFileSync(bad, src);
  const rejects = path.join(dir, 'rejects.csv');
  return { src, rejects, r: await run(['validate', bad, '--rejects', rejects, ...flags]) };
}

describe('--rejects writes a platform\'s rows back in its own columns', () => {
  test('WooCommerce: the parent and all its variations, header as exported plus errors; the rejects file reads the same', async () => {
    const { src, rejects, r } = await rejected('woocommerce-products.csv', 'MER-CREW-OAT-L,4012345000108', 'MER-CREW-OAT-L,4012345000109', ['--json']);
    assert.equal(r.code, 1);
    assert.deepEqual([JSON.parse(r.stdout).units.valid, JSON.parse(r.stdout).units.invalid], [4, 1]);
    const out = parse(readFileSync(rejects), { bom: true, relax_column_count: true }) as string[][];
    const header = (parse(src, { bom: true, relax_column_count: true }) as string[][])[0]!;
    assert.deepEqual(out[0], [...header, 'errors']);
    assert.deepEqual(out.slice(1).map((l) => l[0]), ['111', '112', '113', '114', '110'], 'variations in variant order, then their parent');
    assert.match(out[4]!.at(-1)!, /:10: GTIN, UPC, EAN, or ISBN: expected .*check digit/);
    const again = await run(['validate', rejects, '--no-progress']);
    assert.equal(again.code, 1);
    assert.match(again.stderr, /read as a WooCommerce product export/);
    assert.match(again.stderr, /rows 5 read = 0 valid \+ 5 invalid ✓; units 1 planned = 0 valid \+ 1 invalid|units 1 planned = 1 invalid/);
  });

  test('Shopify: the product\'s rows, image-only rows included', async () => {
    const { rejects, r } = await rejected('shopify-products.csv', 'KC-POUR-CHR,640,shopify,4,deny,manual,48.00', 'KC-POUR-CHR,640,shopify,4,deny,manual,48.001', ['--no-progress']);
    assert.equal(r.code, 1);
    const out = readFileSync(rejects, 'utf8').split('\n').filter(Boolean);
    assert.equal(out.length, 1 + 4, 'header and the four rows of ceramic-pour-over-set');
    assert.ok(out.slice(1).every((l) => l.startsWith('ceramic-pour-over-set,')));
    assert.match(out[2]!, /Variant Price: expected an amount/);
  });
});

describe('README: Coming from Shopify / WooCommerce / Excel', () => {
  test('every command of the section runs as written, from a clone, and succeeds', async () => {
    const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    const start = readme.indexOf('## Coming from Shopify / WooCommerce / Excel');
    const section = readme.slice(start, readme.indexOf('\n## ', start + 1));
    const block = /```sh\n([^]*?)```/.exec(section)![1]!;
    const lines = block.split('\n').filter((l) => l.trim() !== '' && !l.startsWith('#'));
    assert.ok(lines.length >= 10, `${lines.length} commands`);
    const dir = tempDir('cu-readme-');
    symlinkSync(FIXTURES, path.join(dir, 'fixtures'));
    for (const line of lines) {
      const shell = line.replaceAll('npx catalog-upload', `"${process.execPath}" "${BIN}"`);
      const r = spawnSync('bash', ['-c', shell], { cwd: dir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', CI: 'true' } });
      assert.equal(r.status, 0, `${line}\n${r.stderr}`);
    }
  });
});
