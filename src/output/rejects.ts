// --rejects: the products that were invalid or failed, written back in the input's own format
// and columns plus their errors, ready to fix and run again (docs/architecture.md). Written as it goes:
// records arrive one at a time and leave at once (buffered to 64 KB writes).
import { closeSync, openSync, writeSync } from 'node:fs';
import { csvCell } from '../csv-text.js';
import { RunError } from '../errors.js';
import { LIFTED_KEYS } from '../product/fields.js';
import { isLifted } from '../product/parse.js';
import { COLUMNS } from '../input/columns.js';
import type { CsvStyle, ProductRecord } from '../input/types.js';

type OutFormat = 'csv' | 'tsv' | 'json' | 'ndjson';

const FORMAT_BY_EXTENSION: Record<string, OutFormat> = { '.csv': 'csv', '.tsv': 'tsv', '.json': 'json', '.ndjson': 'ndjson', '.jsonl': 'ndjson' };
const FLUSH_AT = 64 * 1024;

export class RejectsWriter {
  private readonly fd: number;
  private readonly forced: OutFormat | undefined;
  private format: OutFormat | undefined;
  private buffer = '';
  private count = 0;
  private closed = false;
  // CSV output: its header, and for each input header the position of its columns in it.
  private header: string[] | undefined;
  /** The input's delimiter (`;` from a European Excel), kept for the whole file. */
  private delimiter: string | undefined;
  private readonly positions = new WeakMap<readonly string[], number[]>();

  /** Opens (and truncates) the file now, so a bad path fails before the run starts. */
  constructor(readonly path: string) {
    this.forced = FORMAT_BY_EXTENSION[path.toLowerCase().slice(path.lastIndexOf('.'))];
    try {
      this.fd = openSync(path, 'w');
    } catch (err) {
      throw new RunError('usage', `--rejects ${path}: cannot write: ${(err as Error).message}`, { cause: err });
    }
  }

  /** Writes a rejected product's rows (or object) with the reasons it was rejected. */
  add(record: Pick<ProductRecord, 'file' | 'format' | 'header' | 'rows' | 'toRaw' | 'style'>, reasons: string[]): void {
    if (this.closed) throw new Error('RejectsWriter: add after close');
    const format = (this.format ??= this.forced ?? record.format);
    this.count++;
    if (format === 'csv' || format === 'tsv') this.addCsv(record, reasons, (this.delimiter ??= delimiterFor(format, record.style)));
    else this.addJson(record, reasons, format);
    if (this.buffer.length >= FLUSH_AT) this.flush();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.format === 'json') this.buffer += this.count ? '\n]}\n' : '';
    else if (this.count === 0 && this.forced === 'json') this.buffer += '{"products": []}\n';
    this.flush();
    closeSync(this.fd);
  }

  private flush(): void {
    if (!this.buffer) return;
    const data = Buffer.from(this.buffer);
    this.buffer = '';
    let off = 0;
    while (off < data.length) off += writeSync(this.fd, data, off);
  }

  private addCsv(record: Pick<ProductRecord, 'file' | 'format' | 'header' | 'rows' | 'style'>, reasons: string[], delimiter: string): void {
    const fromCsv = record.format === 'csv' || record.format === 'tsv';
    let rows: string[][];
    let header: readonly string[];
    let notes: string[] = [];
    if (fromCsv && record.header) {
      header = record.header;
      rows = record.rows.map((r) => r.raw as string[]);
    } else {
      const flat = flattenProduct(record.rows[0]?.raw);
      header = flat.columns;
      rows = flat.rows;
    }
    if (!this.header) {
      this.header = fromCsv ? [...header] : standardHeader(header);
      // A byte order mark where the input had one or was not UTF-8 (Excel's Windows-1252): the
      // file is UTF-8, and the mark tells a spreadsheet, and this tool, whatever --encoding says.
      const bom = record.style?.bom ? '\uFEFF' : '';
      this.buffer += bom + [...this.header, 'errors'].map((h) => csvCell(h, delimiter)).join(delimiter) + '\n';
    }
    let pos = this.positions.get(header);
    if (!pos) {
      const index = new Map(this.header.map((h, i) => [h.trim().toLowerCase(), i]));
      pos = header.map((h) => index.get(h.trim().toLowerCase()) ?? -1);
      this.positions.set(header, pos);
      const lost = header.filter((_, i) => pos![i] === -1 && header[i] !== 'errors');
      if (lost.length) notes = [`(columns not in this rejects file: ${lost.join(', ')})`];
    } else if (pos.includes(-1)) {
      const lost = header.filter((h, i) => pos![i] === -1 && h !== 'errors');
      if (lost.length) notes = [`(columns not in this rejects file: ${lost.join(', ')})`];
    }
    const perRow = reasonsByRow(record, reasons);
    const width = this.header.length;
    rows.forEach((cells, r) => {
      const out = new Array<string>(width).fill('');
      for (let j = 0; j < cells.length && j < pos!.length; j++) {
        const p = pos![j]!;
        if (p >= 0 && cells[j] !== undefined) out[p] = cells[j]!;
      }
      const errs = [...(perRow[r] ?? []), ...(r === 0 ? notes : [])];
      this.buffer += [...out, errs.join('; ')].map((c) => csvCell(c, delimiter)).join(delimiter) + '\n';
    });
  }

  private addJson(record: Pick<ProductRecord, 'file' | 'format' | 'header' | 'rows' | 'toRaw'>, reasons: string[], format: 'json' | 'ndjson'): void {
    let value: unknown;
    if (record.toRaw) value = record.toRaw();
    else value = record.rows[0]?.raw;
    let text: string;
    if (typeof value === 'string' && record.format === 'ndjson' && format === 'ndjson') {
      // An NDJSON line that is not JSON goes back as it was: fixing it in place is the point.
      text = value;
    } else if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      text = JSON.stringify({ ...value, errors: reasons });
    } else {
      text = JSON.stringify({ invalid_input: value, errors: reasons });
    }
    if (format === 'ndjson') this.buffer += text + '\n';
    else this.buffer += (this.count === 1 ? '{"products": [\n' : ',\n') + text;
  }
}

/** Reasons that start with a row's place go on that row; the rest on the first. */
function reasonsByRow(record: Pick<ProductRecord, 'file' | 'rows'>, reasons: string[]): string[][] {
  const out: string[][] = record.rows.map(() => []);
  for (const reason of reasons) {
    let r = record.rows.findIndex((row) => row.line !== undefined && reason.startsWith(`${record.file}:${row.line}:`));
    if (r < 0) r = 0;
    out[r]!.push(reason);
  }
  return out;
}

const STANDARD = COLUMNS.map((c) => c.name).filter((n) => !n.includes('<') && n !== 'errors');

/** Every unified column, then the first product's own metadata/target columns. */
function standardHeader(first: readonly string[]): string[] {
  const extra = first.filter((c) => !STANDARD.includes(c));
  return [...STANDARD, ...extra];
}

const LIFT = new Set<string>(LIFTED_KEYS);

function text(v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return JSON.stringify(v) ?? '';
}

/**
 * A JSON product as CSV rows (one per variant) over its own columns: the inverse of the CSV
 * reader. A product without a handle but with several variants gets its first sku as handle,
 * since rows without a handle would be products of their own.
 */
export function flattenProduct(value: unknown): { columns: string[]; rows: string[][] } {
  const columns: string[] = [];
  const at = new Map<string, number>();
  const rows: string[][] = [];
  const put = (row: number, column: string, v: string) => {
    let j = at.get(column);
    if (j === undefined) {
      at.set(column, (j = columns.length));
      columns.push(column);
    }
    (rows[row] ??= [])[j] = v;
  };
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    put(0, 'title', text(value));
    return finishRows(columns, rows);
  }
  const p = value as Record<string, unknown>;
  const lifted = isLifted(p);
  const variants: Record<string, unknown>[] = lifted
    ? [Object.fromEntries(Object.entries(p).filter(([k]) => LIFT.has(k)))]
    : Array.isArray(p.variants) ? p.variants.map((v) => (v !== null && typeof v === 'object' ? (v as Record<string, unknown>) : {})) : [];
  if (p.handle == null && variants.length > 1 && variants[0]!.sku != null) put(0, 'handle', text(variants[0]!.sku));
  for (const [k, v] of Object.entries(p)) {
    if (v == null || k === 'errors' || k === 'variants' || (lifted && LIFT.has(k))) continue;
    switch (k) {
      case 'images': {
        const list = Array.isArray(v) ? v : [v];
        const urls = list.map((i) => (typeof i === 'string' ? i : text((i as { url?: unknown })?.url ?? '')));
        const alts = list.map((i) => (i && typeof i === 'object' ? text((i as { alt?: unknown }).alt ?? '') : ''));
        put(0, 'image_urls', urls.join('|'));
        if (alts.some((a) => a !== '')) put(0, 'image_alts', alts.join('|'));
        break;
      }
      case 'tags':
      case 'category_ids':
        put(0, k, Array.isArray(v) ? v.map(text).join(',') : text(v));
        break;
      case 'metadata':
      case 'case':
      case 'subscription':
        if (typeof v === 'object' && !Array.isArray(v)) {
          for (const [mk, mv] of Object.entries(v as Record<string, unknown>)) {
            if (mv != null) put(0, k === 'metadata' ? `metadata.${mk}` : `${k}_${mk}`, text(mv));
          }
        } else put(0, k, text(v));
        break;
      case 'targets':
        if (typeof v === 'object' && !Array.isArray(v)) {
          for (const [t, fields] of Object.entries(v as Record<string, unknown>)) {
            if (fields && typeof fields === 'object') for (const [f, fv] of Object.entries(fields)) put(0, `${t}.${f}`, text(fv));
          }
        }
        break;
      default:
        put(0, k, text(v));
    }
  }
  variants.forEach((v, i) => {
    if (i > 0 && at.has('handle')) put(i, 'handle', rows[0]![at.get('handle')!]!);
    for (const [k, val] of Object.entries(v)) {
      if (val == null) continue;
      if (k === 'title') put(i, 'variant_title', text(val));
      else if (k === 'options') {
        const entries = Array.isArray(val)
          ? val.map((o) => [text((o as { name?: unknown })?.name ?? ''), text((o as { value?: unknown })?.value ?? '')] as const)
          : Object.entries(val as Record<string, unknown>).map(([n, x]) => [n, text(x)] as const);
        entries.slice(0, 3).forEach(([name, optionValue], n) => {
          if (i === 0) put(0, `option${n + 1}_name`, name);
          put(i, `option${n + 1}_value`, optionValue);
        });
      } else put(i, k, text(val));
    }
    rows[i] ??= [];
  });
  return finishRows(columns, rows);
}

function finishRows(columns: string[], rows: string[][]): { columns: string[]; rows: string[][] } {
  return { columns, rows: rows.map((r) => Array.from({ length: columns.length }, (_, j) => r?.[j] ?? '')) };
}

/** A .tsv is tab-separated; a .csv keeps the input's delimiter (`;`), never a tab. */
function delimiterFor(format: 'csv' | 'tsv', style: CsvStyle | undefined): string {
  if (format === 'tsv') return '\t';
  return style?.delimiter && style.delimiter !== '\t' ? style.delimiter : ',';
}
