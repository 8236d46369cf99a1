// Streaming: a 200,000-row CSV goes through in flat memory. Only the seen skus and handles may
// grow with the file. A bound, not a timing.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { ROOT, tempDir } from '../helpers.js';

const ROWS = 200_000;

/**
 * Writes products of three variants (handle grouping) with the usual columns. In a child process:
 * making 20 MB of text here would grow this process's heap before the reading starts.
 */
function generate(file: string, rows: number): void {
  const script = `
    const fs = require('node:fs');
    const gtin = (body) => { let s = 0; for (let i = body.length - 1, w = 3; i >= 0; i--, w = 4 - w) s += (body.charCodeAt(i) - 48) * w; return body + ((10 - (s % 10)) % 10); };
    const fd = fs.openSync(process.argv[1], 'w');
    const sizes = ['S', 'M', 'L'];
    let out = 'handle,title,description,kind,status,brand,tags,image_urls,currency,sku,price,compare_at_price,barcode,inventory_quantity,weight,weight_unit,option1_name,option1_value,metadata.material\\n';
    for (let i = 0; i < ${rows}; i++) {
      const p = Math.floor(i / 3);
      out += i % 3 === 0
        ? 'h-' + p + ',"Product ' + p + ', cotton","A fine product, number ' + p + '",physical,active,Brand' + (p % 50) + ',"a,b",https://cdn.example.com/' + p + '.jpg,USD,SKU-' + i + ',' + ((p % 100) + 10) + '.99,' + ((p % 100) + 20) + '.00,' + gtin(String(400000000000 + i)) + ',' + (i % 500) + ',' + (100 + (i % 3)) + ',g,Size,' + sizes[i % 3] + ',cotton\\n'
        : 'h-' + p + ',,,,,,,,,SKU-' + i + ',' + ((p % 100) + 10) + '.99,,' + gtin(String(400000000000 + i)) + ',' + (i % 500) + ',' + (100 + (i % 3)) + ',g,Size,' + sizes[i % 3] + ',\\n';
      if (out.length > 65536) { fs.writeSync(fd, out); out = ''; }
    }
    fs.writeSync(fd, out);
    fs.closeSync(fd);`;
  execFileSync(process.execPath, ['-e', script, file]);
}

/**
 * Reads the file through readCatalog in a child process and returns its peak RSS. A child of its
 * own: the test runner's async hooks track every promise of this process, which is not what a
 * run of the tool looks like.
 */
function readInChild(file: string): { products: number; valid: number; rows: number; peak: number } {
  const read = pathToFileURL(path.join(ROOT, 'src', 'input', 'read.ts')).href;
  const script = `
    import { newStats, readCatalog } from ${JSON.stringify(read)};
    const stats = newStats();
    let peak = 0, products = 0, valid = 0;
    for await (const r of readCatalog([process.argv[1]], { defaultCurrency: 'USD' }, stats)) {
      if (r.product) valid++;
      if (++products % 1000 === 0) peak = Math.max(peak, process.memoryUsage().rss);
    }
    peak = Math.max(peak, process.memoryUsage().rss);
    console.log(JSON.stringify({ products, valid, rows: stats.rowsRead, peak }));`;
  const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script, file], { cwd: ROOT, encoding: 'utf8' });
  return JSON.parse(out);
}

test(`a ${ROWS.toLocaleString('en')}-row CSV is read in flat memory`, { timeout: 120_000 }, () => {
  const dir = tempDir('cu-memory-');
  try {
    const file = path.join(dir, 'big.csv');
    generate(file, ROWS);
    const r = readInChild(file);
    assert.equal(r.rows, ROWS);
    assert.equal(r.valid, Math.ceil(ROWS / 3));
    const mb = Math.round(r.peak / 1024 / 1024);
    // tsx alone takes ~95 MB here; the compiled tool reads 1,000,000 rows in ~130 MB.
    assert.ok(mb < 200, `peak RSS ${mb} MB`);
    console.log(`peak RSS ${mb} MB`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
