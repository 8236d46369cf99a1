// Generates realistic catalogs of any size for tests and benchmarks, streamed to disk.
// Physical rows carry everything S2 needs (GTIN, brand, package and case data), so one file
// serves Panora, Fanfare, S2 and Veeqo; digital rows serve Pandabase.
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { gtinCheckDigit } from '../src/product/gtin.js';

export interface GenerateOptions {
  /** Number of CSV rows (variants). */
  rows: number;
  kind?: 'physical' | 'digital_download';
  /** Variants per product (rows sharing a handle). */
  variantsPerProduct?: number;
  /** Distinguishes skus between files that go to the same target. */
  prefix?: string;
}

const PHYSICAL_HEADER = [
  'handle', 'title', 'description', 'kind', 'status', 'brand', 'product_type', 'url', 'tags', 'image_urls',
  'sku', 'price', 'compare_at_price', 'barcode', 'inventory_quantity', 'weight', 'weight_unit',
  'length', 'width', 'height', 'dimension_unit', 'option1_name', 'option1_value',
  'case_unit', 'case_pack', 'case_length', 'case_width', 'case_height', 'case_dimension_unit', 'case_weight', 'case_weight_unit',
];
const DIGITAL_HEADER = ['handle', 'title', 'description', 'kind', 'status', 'url', 'tags', 'image_urls', 'sku', 'price', 'option1_name', 'option1_value'];
const SIZES = ['S', 'M', 'L', 'XL'];

function gtin13(n: number): string {
  const body = '20' + String(n).padStart(10, '0');
  return body + gtinCheckDigit(body);
}

export function csvRow(i: number, opts: GenerateOptions): string {
  const per = opts.variantsPerProduct ?? 1;
  const p = Math.floor(i / per);
  const v = i % per;
  const prefix = opts.prefix ?? 'G';
  const handle = `${prefix.toLowerCase()}-product-${p}`;
  const price = `${10 + (p % 90)}.${String(p % 100).padStart(2, '0')}`;
  if (opts.kind === 'digital_download') {
    return [handle, `Digital Item ${p}`, `Download number ${p}`, 'digital_download', 'active', `https://shop.example.com/d/${p}`, '"digital,generated"', `https://cdn.example.com/d${p}.png`, `${prefix}-D${p}-${v}`, price, per > 1 ? 'Edition' : '', per > 1 ? `Edition ${v + 1}` : ''].join(',') + '\n';
  }
  return [
    handle, `Generated Product ${p}`, `"A generated product, number ${p}, with a quoted, comma-separated description"`, 'physical', 'active', 'Acme', 'Widget',
    `https://shop.example.com/p/${p}`, '"generated,bench"', `https://cdn.example.com/p${p}.jpg`,
    `${prefix}-${p}-${v}`, price, '', gtin13(i), String(i % 500), String(100 + (i % 400)), 'g',
    '200', '150', '30', 'mm', per > 1 ? 'Size' : '', per > 1 ? SIZES[v % SIZES.length]! + (v >= SIZES.length ? String(v) : '') : '',
    'EACH', '12', '40', '30', '20', 'cm', '2.5', 'kg',
  ].join(',') + '\n';
}

export async function generateCsv(path: string, opts: GenerateOptions): Promise<void> {
  const out = createWriteStream(path);
  out.write((opts.kind === 'digital_download' ? DIGITAL_HEADER : PHYSICAL_HEADER).join(',') + '\n');
  let chunk = '';
  for (let i = 0; i < opts.rows; i++) {
    chunk += csvRow(i, opts);
    if (chunk.length > 1 << 16) {
      if (!out.write(chunk)) await once(out, 'drain');
      chunk = '';
    }
  }
  out.end(chunk);
  await once(out, 'finish');
}

// `tsx bench/generate.ts OUT.csv ROWS [digital]` for hand use.
if (process.argv[1]?.endsWith('generate.ts')) {
  const [path, rows, kind] = process.argv.slice(2);
  if (!path || !rows) {
    console.error('usage: tsx bench/generate.ts OUT.csv ROWS [digital]');
    process.exit(2);
  }
  await generateCsv(path, { rows: Number(rows), kind: kind === 'digital' ? 'digital_download' : 'physical' });
}
