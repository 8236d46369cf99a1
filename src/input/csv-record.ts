// A product read from CSV rows, and how a unified field path (`variants[1].barcode`) finds its
// way back to the row (line) and the column as the file spells it.
import type { LocatedIssue } from '../issues.js';
import type { Product } from '../product/fields.js';
import { type PathSegment, parseFieldPath } from '../paths.js';
import { type Layout, optionColumn, spelled } from './layout.js';
import { buildRaw } from './rows.js';
import type { CsvStyle, InputFormat, ProductRecord, SourceRow } from './types.js';

export class CsvRecord implements ProductRecord {
  readonly format: InputFormat;
  product?: Product;
  readonly issues: LocatedIssue[] = [];
  readonly warnings: LocatedIssue[] = [];
  /** How its file is written (delimiter, byte order mark), for --rejects. */
  style?: CsvStyle;
  readonly #layout: Layout;

  constructor(
    readonly key: string,
    readonly source: string,
    readonly file: string,
    format: InputFormat,
    readonly header: string[],
    readonly rows: SourceRow[],
    layout: Layout,
    /** Rows 0..variants-1 are the variants; later ones carry only images (Shopify). */
    readonly variants = rows.length,
    /** The row product columns are read from. */
    readonly productRow = 0,
  ) {
    this.format = format;
    this.#layout = layout;
  }

  /** The raw unified product these rows make (before validation): for --rejects in JSON. */
  toRaw(): Record<string, unknown> {
    return buildRaw(this.#layout, this.rows.map((r) => r.raw as string[]), this.variants, this.productRow);
  }

  locate(field: string): { place: string; field: string } {
    return this.locatePath(parseFieldPath(field));
  }

  /** A unified path → the row (line) and the column (as the file spells it). */
  locatePath(path: readonly PathSegment[]): { place: string; field: string } {
    const layout = this.#layout;
    const rows = this.rows;
    const name = (canonical: string) => spelled(layout, canonical);
    const product = rows[this.productRow] ?? rows[0]!;
    let row = product;
    let column: string;
    const [head, a, b, c, d] = path;
    if (head === 'variants' && typeof a === 'number') {
      row = rows[a] ?? row;
      if (b === undefined) column = name('sku');
      else if (b === 'title') column = name('variant_title');
      else if (b === 'options') {
        const index = typeof c === 'number' ? optionColumn(layout, row.raw as string[], c) : optionColumn(layout, row.raw as string[], 0);
        if (d === 'name') {
          column = name(`option${index + 1}_name`);
          row = product;
        } else column = name(`option${index + 1}_value`);
      } else column = name(String(b));
    } else {
      switch (head) {
        case undefined:
          column = '*';
          break;
        case 'variants':
          column = name('sku');
          break;
        case 'images':
          column = name(b === 'alt' ? 'image_alts' : 'image_urls');
          break;
        case 'case':
          column = a === undefined ? firstColumnOf(layout, 'case_') : name(`case_${a}`);
          break;
        case 'subscription':
          column = a === undefined ? firstColumnOf(layout, 'subscription_') : name(`subscription_${a}`);
          break;
        case 'metadata':
          column = a === undefined ? 'metadata.*' : name(`metadata.${a}`);
          break;
        case 'targets':
          column = targetColumn(layout, path);
          break;
        default:
          column = name(String(head));
      }
    }
    return { place: `${this.file}:${row.line}`, field: column };
  }
}

/** The first column of a group (case_*, subscription_*) present in the header. */
function firstColumnOf(layout: Layout, prefix: string): string {
  for (const [canonical, j] of layout.byName) if (canonical.startsWith(prefix)) return layout.names[j]!;
  return `${prefix}*`;
}

/** `targets.s2.package.weight` → the longest `s2.package.weight` / `s2.package` column present. */
function targetColumn(layout: Layout, path: readonly PathSegment[]): string {
  const target = path[1];
  if (target === undefined) return '<target>.<field>';
  const fields = path.slice(2).map(String);
  for (let n = fields.length; n > 0; n--) {
    const canonical = `${String(target)}.${fields.slice(0, n).join('.')}`;
    if (layout.byName.has(canonical)) return spelled(layout, canonical);
  }
  return fields.length ? `${String(target)}.${fields[0]}` : `${String(target)}.*`;
}
