// What the readers produce: one record per product, valid or not, with its rows kept for
// --rejects and its issues located in the file.
import type { LocatedIssue } from '../issues.js';
import type { Product } from '../product/fields.js';
import type { ColumnMap, LayoutName } from './colmap.js';

export type InputFormat = 'csv' | 'tsv' | 'json' | 'ndjson';

export interface SourceRow {
  /** 1-based line where the row starts (CSV, NDJSON, and JSON where known). */
  line?: number;
  /** CSV: the cells in header order. JSON/NDJSON: the original value of the product. */
  raw: string[] | unknown;
}

export interface ProductRecord {
  /** The product handle, else its (first) sku, else the place of its first row. */
  key: string;
  /** Place of the product's first row: `file:line` or `file#/3`. */
  source: string;
  file: string;
  format: InputFormat;
  /** CSV header (for rejects in the input's own columns). */
  header?: string[];
  rows: SourceRow[];
  /** Present when the product is valid (no error issues). */
  product?: Product;
  issues: LocatedIssue[];
  warnings: LocatedIssue[];
  /**
   * Maps a unified field path (e.g. `variants[1].barcode`, `case.length`, `title`) to its place
   * and column/pointer, so target checks are reported where the user can fix them.
   */
  locate(field: string): { place: string; field: string };
  /** CSV: the raw unified product the rows make (before validation), for --rejects in JSON. */
  toRaw?(): Record<string, unknown>;
  /** CSV: how its file is written, for --rejects to write the rows back alike. */
  style?: CsvStyle;
}

/** How a CSV file is written: its delimiter, and whether its rejects need a UTF-8 byte order mark. */
export interface CsvStyle {
  delimiter?: string;
  /** The file began with a byte order mark, or was not UTF-8 (Windows-1252, UTF-16). */
  bom?: boolean;
}

export interface ReadOptions {
  /** Format of stdin, and of files whose extension does not say (.csv .tsv .json .ndjson .jsonl). */
  inputFormat?: InputFormat;
  /** Currency for rows that name none. */
  defaultCurrency: string;
  /**
   * Text encoding (utf-8, utf-16le, utf-16be, windows-1252, latin1); detected when not given. A
   * byte order mark always wins: a file that says it is UTF-8 or UTF-16 is read as such.
   */
  encoding?: string;
  /** CSV delimiter; detected from the header line unless given. */
  delimiter?: string;
  /**
   * Called at once with warnings about a file as a whole (UTF-16 decoded, unknown columns,
   * mojibake). They are also added to the warnings of the next record read from that file.
   */
  onWarning?: (warning: LocatedIssue) => void;
  /**
   * Parse CSV on a worker thread, beside the validation: true, false, or (undefined) for files
   * of 4 MB and more on a machine with more than one CPU.
   */
  parallel?: boolean;
  /** The layout of CSV inputs; recognised from the header when not given. */
  from?: LayoutName;
  /** A column map (--map): renames, ignored columns, units, currencies, values, constants. */
  map?: ColumnMap;
  /** Amounts and measures in CSV are written with a decimal comma (12,99; 1.299,00). */
  decimalComma?: boolean;
  /** JSON: the top-level key that holds the products (default: "products", or the only array of objects). */
  jsonPath?: string;
  /** Called once per file with a line about how it is read (its layout, the columns left out). */
  onNotice?: (message: string) => void;
  /** Warnings about a file found after its last product: no product is left to carry them. */
  onFileWarnings?: (warnings: LocatedIssue[]) => void;
}

/** Per-run input counters; the summary checks rowsRead = rowsValid + rowsInvalid. */
export interface ReadStats {
  files: number;
  bytesRead: number;
  /** Total input size when known (files), for a progress bar by bytes. */
  bytesTotal?: number;
  rowsRead: number;
  rowsValid: number;
  rowsInvalid: number;
  products: number;
  productsValid: number;
  productsInvalid: number;
}
