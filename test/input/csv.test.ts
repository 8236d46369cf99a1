// The CSV reader: line numbers, delimiters, grouping rows into products, columns, locate().
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { formatIssue } from '../../src/issues.js';
import { formatOf, newStats, readCatalog } from '../../src/input/read.js';
import { fixture } from '../helpers.js';
import { allIssues, readAll, readChunks, readFails, summary, temp } from './util.js';

describe('line numbers', () => {
  const text = [
    'handle,title,sku,price,variant_title',
    'tee,"Tee, ""heavy""",TEE-S,10.00,S',
    '',
    'tee,,TEE-M,10.00,M',
    'mug,"Mug',
    'with a line break",MUG-1,oops',
    '',
    '',
    ',"Bag',
    '',
    'two blank lines",BAG-1,bad',
    'cap,Cap,CAP-1,5.00',
  ];

  for (const eol of ['\n', '\r\n']) {
    test(`each record starts where it starts (${JSON.stringify(eol)} line ends)`, async () => {
      const file = temp(`lines${eol.length}.csv`, text.join(eol));
      const { records } = await readAll([file]);
      assert.deepEqual(records.map((r) => [r.key, r.rows.map((row) => row.line)]), [
        ['tee', [2, 4]],
        ['mug', [5]],
        ['BAG-1', [9]],
        ['cap', [12]],
      ]);
      assert.deepEqual(allIssues(records).map((i) => `${i.place.slice(file.length)} ${i.field}`), [':5 price', ':9 price']);
    });
  }

  test('the same records whatever the chunk boundaries (1, 7, 64 bytes)', async () => {
    const content = '\ufeff' + text.join('\r\n') + '\r\n';
    const whole = (await readChunks('x.csv', 'csv', content, 1 << 20)).map(summary);
    for (const size of [1, 7, 64]) assert.deepStrictEqual((await readChunks('x.csv', 'csv', content, size)).map(summary), whole, `chunks of ${size}`);
  });

  test('a byte order mark and leading blank lines', async () => {
    const file = temp('bom.csv', '\ufeff\n\nsku,title,price\nA-1,A,1.00\n');
    const { records } = await readAll([file]);
    assert.equal(records[0]!.source, `${file}:4`);
    assert.ok(records[0]!.product);
  });
});

describe('delimiters', () => {
  for (const [name, d] of [['semicolon', ';'], ['tab', '\t'], ['comma', ',']] as const) {
    test(`detects ${name} from the header`, async () => {
      const file = temp(`d-${name}.csv`, [`sku${d}title${d}price${d}tags`, `A-1${d}"A${d} with it"${d}1.50${d}"x,y"`].join('\n'));
      const { records } = await readAll([file]);
      assert.equal(records[0]!.product?.title, `A${d} with it`);
      assert.equal(records[0]!.product?.variants[0]!.price, '1.50');
    });
  }

  test('--delimiter wins; a .tsv file defaults to tabs', async () => {
    const file = temp('forced.csv', 'sku;title,price\nA-1;A,1.00\n');
    const { records } = await readAll([file], { delimiter: ';' });
    assert.deepEqual(records[0]!.rows[0]!.raw, ['A-1', 'A,1.00']);
    const tsv = temp('plain.tsv', 'sku\ttitle\tprice\nA-1\tA\t1.00\n');
    assert.ok((await readAll([tsv])).records[0]!.product);
    await assert.rejects(readAll([file], { delimiter: ';;' }), /--delimiter takes one character/);
  });
});

describe('grouping rows into products', () => {
  test('rows of a handle are one product; a row without a handle is a product keyed by its sku', async () => {
    const file = temp('group.csv', [
      'handle,title,sku,price,option1_name,option1_value',
      'tee,Tee,TEE-S,10.00,Size,S',
      'tee,,TEE-M,10.00,,M',
      ',Mug,MUG-1,8.00,,',
      ',Bag,BAG-1,8.00,,',
      'cap,Cap,CAP-1,5.00,,',
    ].join('\n'));
    const { records } = await readAll([file]);
    assert.deepEqual(records.map((r) => [r.key, r.product?.handle, r.product?.variants.length]), [
      ['tee', 'tee', 2],
      ['MUG-1', 'MUG-1', 1],
      ['BAG-1', 'BAG-1', 1],
      ['cap', 'cap', 1],
    ]);
    // Option names come from the first row of the handle.
    assert.deepEqual(records[0]!.product!.variants[1]!.options, [{ name: 'Size', value: 'M' }]);
  });

  test('a handle that comes back later is an error at that row, and only that', async () => {
    const file = fixture('bad', 'handle-not-consecutive.csv');
    const { records } = await readAll([file]);
    assert.deepEqual(records.map((r) => [r.key, r.source.slice(file.length), r.product ? 'valid' : r.issues.map((i) => i.field).join()]), [
      ['tee', ':2', 'valid'],
      ['mug', ':3', 'valid'],
      ['tee', ':4', 'handle'],
    ]);
  });

  test('a sku is used once per run, across products and files', async () => {
    const a = temp('dup-a.csv', 'handle,title,sku,price\ntee,Tee,S-1,1.00\n');
    const b = temp('dup-b.csv', 'title,sku,price\nMug,S-1,1.00\nBag,S-2,1.00\n');
    const { records } = await readAll([a, b]);
    const issue = records[1]!.issues[0]!;
    assert.equal(issue.place, `${b}:2`);
    assert.equal(issue.field, 'sku');
    assert.match(issue.expected, new RegExp(`already used at ${a.replaceAll('.', '\\.')}:2$`));
    assert.ok(records[2]!.product);
  });

  test('twice in one product: reported once, by the schema, at the second variant', async () => {
    const file = temp('dup-in.csv', 'handle,title,sku,price,variant_title\ntee,Tee,S-1,1.00,A\ntee,,S-1,1.00,B\n');
    const issues = allIssues((await readAll([file])).records);
    assert.deepEqual(issues.map((i) => [i.place.slice(file.length), i.field, i.expected]), [[':3', 'sku', 'a sku not used by another variant of this product']]);
  });

  test('product keys stay unique: a handle equal to the sku of a product without one', async () => {
    const file = temp('keys.csv', 'handle,title,sku,price\n,Mug,MUG-1,1.00\nMUG-1,Other,OTHER-1,1.00\n');
    const issues = allIssues((await readAll([file])).records);
    assert.equal(issues.length, 1);
    assert.equal(issues[0]!.place, `${file}:3`);
    assert.match(issues[0]!.expected, /known by its sku "MUG-1"/);
  });

  test('a later row may repeat a product value or leave it empty, nothing else', async () => {
    const file = temp('repeat.csv', 'handle,title,brand,sku,price,option1_name,option1_value\ntee,Tee,,S-1,1.00,Size,S\ntee, Tee ,,S-2,1.00,Size,M\ntee,,Acme,S-3,1.00,,L\n');
    const issues = allIssues((await readAll([file])).records);
    assert.deepEqual(issues.map((i) => [i.place.slice(file.length), i.field, i.expected.slice(0, 40)]), [[':4', 'brand', 'the same value as line 2 ((empty)) or em']]);
  });
});

describe('columns and cells', () => {
  test('unknown columns: one warning per file with a suggestion, then ignored', async () => {
    const file = temp('unknown.csv', 'sku,title,prise,Colour,errors\nA-1,A,1.00,red,old error\n');
    const { records, warnings } = await readAll([file]);
    assert.equal(warnings.length, 1);
    assert.equal(warnings[0]!.place, `${file}:1`);
    assert.match(warnings[0]!.expected, /"prise" \(did you mean "price"\?\), "Colour"$/);
    // prise is not price: the price is missing.
    assert.equal(records[0]!.issues[0]!.field, 'price');
    assert.match(records[0]!.issues[0]!.expected, /the file has no "price" column/);
  });

  test('duplicate header columns stop the run', async () => {
    const err = await readFails([temp('dupcol.csv', 'sku,title,Price,price\nA,A,1,1\n')]);
    assert.match(err.message, /dupcol\.csv:1: the header has column "Price" and "price" twice \(columns 3 and 4\)/);
  });

  test('header names are forgiving about case and spaces; locate() names columns as the file does', async () => {
    const file = temp('spelling.csv', 'SKU,Title,Compare At Price,Price\nA-1,A,0.50,1.00\n');
    const { records } = await readAll([file]);
    assert.equal(records[0]!.product?.variants[0]!.compare_at_price, '0.50');
    assert.deepEqual(records[0]!.warnings.map((w) => w.field), ['Compare At Price']);
    assert.deepEqual(records[0]!.locate('variants[0].price'), { place: `${file}:2`, field: 'Price' });
  });

  test('empty and blank cells are not given; blank rows are skipped', async () => {
    const file = temp('blank.csv', 'sku,title,price,brand,barcode\nA-1,A,1.00,  ,\n,,,,\n  ,, ,,\nB-1,B,2.00,,\n');
    const { records, stats } = await readAll([file]);
    assert.equal(records.length, 2);
    assert.equal(stats.rowsRead, 2);
    assert.equal(records[0]!.product?.brand, undefined);
  });

  test('a row with more cells than the header', async () => {
    const file = temp('wide.csv', 'sku,title,price\nA-1,Mug, 350 ml,1.00\nB-1,B,2.00,,\n');
    const { records } = await readAll([file]);
    assert.deepEqual(records[0]!.issues.map((i) => [i.place.slice(file.length), i.field, i.found]), [[':2', '*', '4 cells'], [':2', 'price', '"350 ml"']]);
    assert.ok(records[1]!.product, 'empty extra cells are fine');
  });

  test('metadata, target, list and image columns', async () => {
    const file = temp('composite.csv', [
      'sku,title,price,tags,image_urls,image_alts,metadata.pages,metadata.zip,metadata.drm,metadata.note,pandabase.maxActivations,pandabase.licenseKeys,s2.flag,veeqo.name',
      'A-1,A,1.00," x , y ,",https://e.example/1.jpg | https://e.example/2.jpg,|Back,212,007,false,1.50,2,"[""K1"",""K2""]",true,"{broken",',
    ].join('\n'));
    const p = (await readAll([file])).records[0]!.product!;
    assert.deepEqual(p.tags, ['x', 'y']);
    assert.deepEqual(p.images, [{ url: 'https://e.example/1.jpg' }, { url: 'https://e.example/2.jpg', alt: 'Back' }]);
    assert.deepEqual(p.metadata, { pages: 212, zip: '007', drm: false, note: '1.50' });
    assert.deepEqual(p.targets, { pandabase: { maxActivations: 2, licenseKeys: ['K1', 'K2'] }, s2: { flag: true }, veeqo: { name: '{broken' } });
  });

  test("spreadsheet guards come off: 'then = + - @, and =\"…\"", async () => {
    const file = temp('guards.csv', 'sku,title,price,barcode,inventory_quantity\n\'-A,\'=SUM(1),1.00,="012345678905",\'-3\n');
    const p = (await readAll([file])).records[0]!.product!;
    assert.equal(p.title, '=SUM(1)');
    assert.deepEqual([p.variants[0]!.sku, p.variants[0]!.barcode, p.variants[0]!.inventory_quantity], ['-A', '012345678905', -3]);
  });

  test('an option value without its name is reported at the name column of the first row', async () => {
    const file = temp('optname.csv', 'handle,title,sku,price,option1_name,option1_value\ntee,Tee,S-1,1.00,,S\ntee,,S-2,1.00,,M\n');
    const issues = allIssues((await readAll([file])).records);
    assert.deepEqual(issues.map((i) => [i.place.slice(file.length), i.field]), [[':2', 'option1_name'], [':2', 'option1_name']]);
    assert.match(issues[0]!.expected, /option's name in option1_name/);
  });
});

describe('locate()', () => {
  test('maps unified paths to the row and column', async () => {
    const file = fixture('catalog.csv');
    const [tee, mug] = (await readAll([file])).records;
    const at = (r: typeof tee, f: string) => {
      const l = r!.locate(f);
      return `${l.place.slice(file.length)} ${l.field}`;
    };
    assert.equal(at(tee, 'title'), ':2 title');
    assert.equal(at(tee, 'variants[1].barcode'), ':3 barcode');
    assert.equal(at(tee, 'variants[2].title'), ':4 variant_title');
    assert.equal(at(tee, 'variants[1].options'), ':3 option1_value');
    assert.equal(at(tee, 'variants[1].options[0].name'), ':2 option1_name');
    assert.equal(at(tee, 'variants[2]'), ':4 sku');
    assert.equal(at(tee, 'case.length'), ':2 case_length');
    assert.equal(at(tee, 'case'), ':2 case_unit');
    assert.equal(at(tee, 'images[1].alt'), ':2 image_alts');
    assert.equal(at(tee, 'images'), ':2 image_urls');
    assert.equal(at(tee, 'tags[0]'), ':2 tags');
    assert.equal(at(tee, 'metadata.season'), ':2 metadata.season');
    assert.equal(at(tee, 'subscription.billing_interval'), ':2 subscription_billing_interval');
    assert.equal(at(tee, 'targets.pandabase.fulfillmentMode'), ':2 pandabase.fulfillmentMode');
    assert.equal(at(mug, 'variants[0].weight'), ':5 weight');
  });
});

describe('inputs', () => {
  test('format from the extension, else --input-format', () => {
    assert.equal(formatOf('a.CSV', {}), 'csv');
    assert.equal(formatOf('a.jsonl', {}), 'ndjson');
    assert.equal(formatOf('a.txt', { inputFormat: 'tsv' }), 'tsv');
    assert.equal(formatOf('a.json', { inputFormat: 'csv' }), 'json');
    assert.throws(() => formatOf('a.txt', {}), /cannot tell the format .* --input-format/);
    assert.throws(() => formatOf('-', {}), (e: Error & { code?: string }) => e.code === 'usage');
  });

  test('a missing file and a bad encoding name are run errors before any row', async () => {
    assert.match((await readFails(['/nonexistent/x.csv'])).message, /no such file/);
    const err = await readFails([fixture('catalog.csv')], { encoding: 'klingon' });
    assert.equal(err.code, 'usage');
  });

  test('stats count rows and bytes of every file', async () => {
    const { stats } = await readAll([fixture('catalog.csv'), fixture('digital.csv')]);
    assert.equal(stats.files, 2);
    assert.equal(stats.bytesRead, stats.bytesTotal);
    assert.equal(stats.rowsRead, 9);
  });

  test('an issue list for every invalid product, in order', async () => {
    const { records } = await readAll([fixture('bad', 'bad-price.csv')]);
    assert.deepEqual(records.map((r) => r.issues.map(formatIssue).length), [1, 1, 0]);
  });
});

describe('parsing on a worker thread', () => {
  const tricky = (rows: number) => {
    const lines = ['handle,title,sku,price,description,variant_title'];
    for (let i = 0; i < rows; i++) {
      const h = `h${Math.floor(i / 2)}`;
      const desc = i % 7 === 0 ? '"two\r\nlines, and ""quotes"""' : i % 11 === 0 ? '"control \u0001 and \u001f inside"' : `plain ${i}`;
      lines.push(`${h},${i % 2 ? '' : `Title ${i}`},S-${i},${i % 13 === 0 ? 'bad' : '1.00'},${desc},v${i % 2}`);
      if (i % 17 === 0) lines.push('');
    }
    return lines.join(i2eol(rows)) + '\n';
  };
  const i2eol = (n: number) => (n % 2 ? '\r\n' : '\n');

  for (const [name, text] of [['tricky-1', tricky(3001)], ['tricky-2', tricky(2000)]] as const) {
    test(`${name}: the same records as on this thread`, async () => {
      const file = temp(`${name}.csv`, text);
      const local = (await readAll([file], { parallel: false })).records.map(summary);
      const threaded = (await readAll([file], { parallel: true })).records.map(summary);
      assert.ok(local.length >= 1000);
      assert.deepStrictEqual(threaded, local);
    });
  }

  test('the fixtures read alike', async () => {
    for (const f of [fixture('catalog.csv'), fixture('digital.csv'), fixture('bad', 'bad-price.csv'), fixture('bad', 'utf16.csv')]) {
      assert.deepStrictEqual((await readAll([f], { parallel: true })).records.map(summary), (await readAll([f], { parallel: false })).records.map(summary), f);
    }
  });

  test('errors are the same, at the same line', async () => {
    for (const name of ['unterminated-quote.csv', 'header-only.csv', 'empty.csv']) {
      const f = fixture('bad', name);
      assert.equal((await readFails([f], { parallel: true })).message, (await readFails([f], { parallel: false })).message, name);
    }
  });

  test('a consumer that stops early stops the worker', async () => {
    const file = temp('stop.csv', tricky(5000));
    const stats = newStats();
    let n = 0;
    for await (const _ of readCatalog([file], { defaultCurrency: 'USD', parallel: true }, stats)) if (++n === 10) break;
    assert.equal(n, 10);
  });
});

describe('the fast row parser', () => {
  test('gives what parseProduct gives on the raw product, for valid and invalid rows alike', async () => {
    const { parse } = await import('csv-parse/sync');
    const { buildRaw, parseRows } = await import('../../src/input/rows.js');
    const { compileLayout } = await import('../../src/input/layout.js');
    const { parseProduct } = await import('../../src/product/parse.js');
    const { readFileSync } = await import('node:fs');
    const files = [fixture('catalog.csv'), fixture('digital.csv'), ...['bad-price.csv', 'bad-gtin.csv', 'gtin-lost-zero.csv', 'sku-scientific.csv', 'missing-required.csv', 'bad-enum-bool.csv', 'weight-without-unit.csv', 'conflicting-product-columns.csv'].map((f) => fixture('bad', f))];
    const odd = temp('odd.csv', [
      'handle,title,sku,price,currency,kind,tags,image_urls,image_alts,metadata.n,case_pack,case_weight,subscription_trial_days,s2.x,option1_name,option1_value,option2_value,hazmat,barcode',
      'a,A,A-1,1,jpy,Subscription,"x,,y",https://e.example/1|,alt,12,2,1.5,3,"{""k"":1}",Size,S,,yes,012345678905',
      'a,,A-2,1,,,,,,,,,,,,M,Red,,',
      'b,B,B-1,1.5,XXX,,,,,,,,,,,,,,',
      'c,C,C-1,1.00,,physical,,,|only alt,,0,,,,Size,,L,maybe,12345678905',
      'd,D,D-1,1.00,eur,,,notaurl,,,,,,[1,,,,',
    ].join('\n'));
    let compared = 0;
    for (const file of [...files, odd]) {
      const rows: string[][] = parse(readFileSync(file), { relax_column_count: true, relax_quotes: true });
      const layout = compileLayout(rows[0]!, file);
      const groups: string[][][] = [];
      for (const row of rows.slice(1)) {
        const h = layout.handleCol >= 0 ? row[layout.handleCol] : '';
        const last = groups.at(-1);
        if (h && last && last[0]![layout.handleCol] === h) last.push(row);
        else groups.push([row]);
      }
      for (const g of groups) {
        for (const currency of ['USD', 'JPY']) {
          assert.deepStrictEqual(parseRows(layout, g, { defaultCurrency: currency }), parseProduct(buildRaw(layout, g), { defaultCurrency: currency }), `${file}: ${g[0]!.join()}`);
          compared++;
        }
      }
    }
    assert.ok(compared > 30);
  });
});

describe('stdin', () => {
  test('- reads stdin, in the format --input-format names; places say stdin', async () => {
    const { execFileSync } = await import('node:child_process');
    const { pathToFileURL } = await import('node:url');
    const read = pathToFileURL(`${process.cwd()}/src/input/read.ts`).href;
    const script = `
      import { newStats, readCatalog } from ${JSON.stringify(read)};
      const out = [];
      for await (const r of readCatalog(['-'], { defaultCurrency: 'USD', inputFormat: 'csv' }, newStats())) out.push([r.source, r.key, !!r.product]);
      console.log(JSON.stringify(out));`;
    const stdout = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { input: 'sku;title;price\nA-1;A;1.00\nB-1;B;x\n', encoding: 'utf8' });
    assert.deepEqual(JSON.parse(stdout), [['stdin:2', 'A-1', true], ['stdin:3', 'B-1', false]]);
  });
});

describe('encodings', () => {
  const text = 'sku,title,price\r\nMUG-1,Mug ☕ Café,8.00\r\n';
  test('UTF-16 BE with or without a byte order mark is decoded, with a warning', async () => {
    const be = Buffer.from(text, 'utf16le').swap16();
    for (const [name, bytes] of [['be-bom.csv', Buffer.concat([Buffer.from([0xfe, 0xff]), be])], ['be.csv', be]] as const) {
      const { records, warnings } = await readAll([temp(name, bytes)]);
      assert.equal(records[0]!.product?.title, 'Mug ☕ Café');
      assert.match(warnings[0]!.found, /UTF-16 BE/);
    }
  });

  test('a UTF-8 byte order mark wins over --encoding; --encoding latin1 reads Latin-1', async () => {
    const bom = temp('bom8.csv', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]));
    assert.equal((await readAll([bom], { encoding: 'windows-1252' })).records[0]!.product?.title, 'Mug ☕ Café');
    const latin1 = temp('latin1.csv', Buffer.from('sku,title,price\nA-1,Caf\xe9 \xbd,1.00\n', 'latin1'));
    assert.equal((await readAll([latin1], { encoding: 'latin1' })).records[0]!.product?.title, 'Café ½');
  });

  test('a multi-byte character split across chunks is still UTF-8; a broken one is reported at its line', async () => {
    const content = Buffer.from('sku,title,price\nA-1,☕☕☕ Ünïcödé,1.00\n');
    const whole = (await readChunks('u.csv', 'csv', content, 1 << 20)).map(summary);
    for (const size of [1, 2, 3, 5]) assert.deepStrictEqual((await readChunks('u.csv', 'csv', content, size)).map(summary), whole);
    const broken = temp('broken.csv', Buffer.concat([Buffer.from('sku,title,price\nA-1,A,1.00\nB-1,B'), Buffer.from([0xe2, 0x98]), Buffer.from(',1.00\n')]));
    assert.match((await readFails([broken])).message, /broken\.csv:3: not UTF-8 text \(byte 0xE2, column 6/);
  });
});
