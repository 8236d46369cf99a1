// Row 8: platform exports on the same streaming path. A million-row Shopify export validated
// against csv-parse alone on the same file (runs alternated, best of 3 each: on a shared machine
// one pair of runs can land in different load), its peak memory from 100k to 1M rows; and a
// WooCommerce export whose variations all come after every parent (two passes and a spill).
import { existsSync } from 'node:fs';
import path from 'node:path';
import { generateShopify, generateWoo } from './generate-exports.js';
// Types only: importing them does not run the benchmark.
import type { Row, Timed } from './run.js';

export interface ExportsBench {
  data: string;
  rows: number;
  smallRows: number;
  cli: (args: string[]) => Promise<Timed>;
  csvParseAlone: (file: string) => Promise<number>;
  fmt: (n: number) => string;
  log: (s: string) => void;
}

async function validate(b: ExportsBench, file: string): Promise<Timed> {
  const run = await b.cli(['validate', file, '--no-progress']);
  if (run.code !== 0) throw new Error(`validate ${path.basename(file)} failed: ${run.stderr.slice(0, 500)}`);
  return run;
}

export async function benchExports(b: ExportsBench): Promise<Row[]> {
  const out: Row[] = [];
  const mb = (x?: number) => (x ? Math.round(x / 1024 / 1024) : NaN);
  const rate = (ms: number) => `${b.fmt(Math.round(b.rows / (ms / 1000)))} rows/s`;
  const shop = path.join(b.data, `shopify-${b.rows}.csv`);
  const shopSmall = path.join(b.data, `shopify-${b.smallRows}.csv`);
  if (!existsSync(shop)) await generateShopify(shop, b.rows);
  if (!existsSync(shopSmall)) await generateShopify(shopSmall, b.smallRows);
  b.log(`exports: Shopify ${b.rows} rows, csv-parse alone and ours in turn, 3 times …`);
  let base = Infinity;
  let best: Timed | undefined;
  let rss = 0;
  for (let k = 0; k < 3; k++) {
    base = Math.min(base, await b.csvParseAlone(shop));
    const run = await validate(b, shop);
    rss = Math.max(rss, run.rss ?? 0);
    if (!best || run.ms < best.ms) best = run;
  }
  const small = await validate(b, shopSmall);
  const ratio = base / best!.ms;
  out.push({ measure: `8. validate ${b.fmt(b.rows)}-row Shopify export`, ours: rate(best!.ms), baseline: `csv-parse alone ${rate(base)}`, ratio, goal: '>= 0.7x', met: ratio >= 0.7, note: 'best of 3 alternated runs each' });
  const flat = rss / (small.rss ?? 1);
  out.push({ measure: `8b. peak RSS, Shopify ${b.fmt(b.smallRows)} → ${b.fmt(b.rows)} rows`, ours: `${mb(small.rss)} MB → ${mb(rss)} MB`, baseline: 'flat: <= 1.3x, <= 200 MB', ratio: flat, goal: '<= 1.3x and <= 200 MB', met: flat <= 1.3 && mb(rss) <= 200 });

  const woo = path.join(b.data, `woocommerce-${b.rows}.csv`);
  if (!existsSync(woo)) await generateWoo(woo, b.rows);
  b.log(`exports: WooCommerce ${b.rows} rows, every variation after all parents …`);
  const wooBase = await b.csvParseAlone(woo);
  const wooRun = await validate(b, woo);
  out.push({
    measure: `8c. validate ${b.fmt(b.rows)}-row WooCommerce export, every variation after all parents (two passes, spill)`,
    ours: `${rate(wooRun.ms)}, peak RSS ${mb(wooRun.rss)} MB`, baseline: `csv-parse alone ${rate(wooBase)}`, ratio: wooBase / wooRun.ms, goal: 'report', met: null,
  });
  return out;
}
