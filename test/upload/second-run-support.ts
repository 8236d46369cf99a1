// Shared by the second-run tests: generated catalogs, a changed copy, and a fake per target.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { generateCsv } from '../../bench/generate.js';
import { run, tempDir } from '../helpers.js';
import { sandboxFor, type Harness } from './harness.js';

export type Row = Record<string, string>;

export function readCsv(file: string): Row[] {
  return parse(readFileSync(file, 'utf8'), { columns: true }) as Row[];
}

export function writeCsv(file: string, rows: Row[]): void {
  const cols = Object.keys(rows[0]!);
  const cell = (v: string) => (/[",\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);
  writeFileSync(file, [cols.join(','), ...rows.map((r) => cols.map((c) => cell(r[c] ?? '')).join(','))].join('\n') + '\n');
}

/** The sku of variant v of product p in a generated catalog. */
export const skuOf = (s: Setup, p: number, v: number) => `${s.prefix}-${s.kind ? 'D' : ''}${p}-${v}`;

/** The same catalog, changed: a price (product 3), a title (7), a new variant (9); a description left empty (11) changes nothing. */
function changed(rows: Row[], s: Setup): Row[] {
  const out = rows.map((r) => ({ ...r }));
  const first = (p: number) => out.find((r) => r.sku === skuOf(s, p, 0))!;
  // Product columns repeat on every row of a product in these files: change them on each.
  const each = (p: number, set: Row) => out.filter((r) => r.handle === first(p).handle).forEach((r) => Object.assign(r, set));
  const v30 = first(3);
  v30.price = (Number(v30.price) + 1).toFixed(2);
  each(7, { title: 'Renamed Product 7' });
  each(11, { description: '' });
  const extra = { ...first(9), sku: skuOf(s, 9, 2), option1_value: s.kind ? 'Edition 3' : 'XL' };
  if ('barcode' in extra) extra.barcode = '';
  out.splice(out.indexOf(out.find((r) => r.sku === skuOf(s, 9, 1))!) + 1, 0, extra);
  return out;
}

export interface Setup {
  target: 'veeqo' | 'fanfare' | 'pandabase';
  prefix: string;
  kind?: 'digital_download';
  /** The unified field each change is reported under, in the target's names. */
  title: string;
  price: string;
}

export const TARGETS: Setup[] = [
  { target: 'veeqo', prefix: 'V', title: 'title', price: 'price' },
  { target: 'fanfare', prefix: 'F', title: 'name', price: 'price' },
  { target: 'pandabase', prefix: 'P', kind: 'digital_download', title: 'title', price: 'price' },
];

export const PRODUCTS = 14;

export async function catalogs(s: Setup): Promise<{ dir: string; first: string; second: string }> {
  const dir = tempDir();
  const first = path.join(dir, 'first.csv');
  await generateCsv(first, { rows: PRODUCTS * 2, variantsPerProduct: 2, prefix: s.prefix, kind: s.kind });
  const second = path.join(dir, 'second.csv');
  writeCsv(second, changed(readCsv(first), s));
  return { dir, first, second };
}

export interface Fake extends Harness {
  target: string;
}

export function upload(h: Fake, input: string, report: string, extra: string[] = []) {
  return run(['upload', input, '--target', h.target, '--report', report, '--rate', 'unlimited', '--json', ...extra], { env: h.env, timeoutMs: 60_000 });
}

export async function sandbox(target: string, faults?: Parameters<typeof sandboxFor>[1]): Promise<Fake> {
  return { ...(await sandboxFor(target, faults)), target };
}

export const writes = (h: Fake) => Object.entries(h.sandbox.stats.byMethod).filter(([m]) => m !== 'GET').reduce((n, [, c]) => n + c, 0);
