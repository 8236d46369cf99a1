// Rows of a CSV in the unified layout (and Shopify's, and a map's) → products: rows grouped by
// handle (consecutive), each group checked and turned into one record. csv.ts feeds the rows.
import { type LocatedIssue, showFound } from '../issues.js';
import { type ParseOptions, type ProductIssue, REQUIRED } from '../product/parse.js';
import { cellValue, isBlankRow } from './cell.js';
import { columnCode, isDecimalColumn } from './columns.js';
import { type CommaAmounts, commaHint } from './decimal-comma.js';
import type { PathSegment } from '../paths.js';
import { count, locateIssues, type RunState } from './record.js';
import { CsvRecord } from './csv-record.js';
import { type Layout, spelled } from './layout.js';
import { parseRows, targetCellHazards, variantRowsOf } from './rows.js';
import { formatFieldPath } from '../paths.js';
import { undoFormulaGuard } from '../csv-text.js';
import type { FileContext } from './csv.js';
import type { ProductRecord, SourceRow } from './types.js';

/** "1.299", "12.000.000": dots in thousands groups, no decimal comma. */
const DOT_GROUPED_RE = /^\s*\d{1,3}(?:\.\d{3})+\s*$/;

interface Group {
  handle: string | undefined;
  /** Rows of a handle seen before: only that is reported. */
  stray?: boolean;
  rows: SourceRow[];
  cells: string[][];
  issues: LocatedIssue[];
}

/** Takes a file's rows one by one (the header first) and collects finished products in `out`. */
export class Grouper {
  out: ProductRecord[] = [];
  /** Rows after the header that are not blank. */
  dataRows = 0;
  /** Products with a handle so far. */
  handled = 0;
  /** Set while the amounts of a ";" file may still all be decimal commas (decimal-comma.ts). */
  commas: CommaAmounts | undefined;
  private header = false;
  private group: Group | undefined;
  /** Columns where a guarded cell ('=A1) was already reported. */
  private readonly guarded = new Set<number>();
  /** --decimal-comma: the number columns, where "1.299" is read as 1299 (said once per column). */
  private dotted: number[];
  private readonly width: number;
  private readonly name: string;

  constructor(private readonly layout: Layout, private readonly ctx: FileContext, private readonly run: RunState) {
    this.width = layout.names.length;
    this.name = ctx.info.name;
    this.dotted = run.opts.decimalComma ? layout.columns.flatMap((c, j) => (isDecimalColumn(c) ? [j] : [])) : [];
  }

  row(cells: string[], line: number, badQuotes: number[] | undefined): void {
    if (isBlankRow(cells)) return;
    if (!this.header) {
      this.header = true;
      return;
    }
    const { layout, name } = this;
    this.commas?.see(cells, line, cellValue);
    this.run.stats.rowsRead++;
    this.dataRows++;
    for (let j = 0; j < cells.length; j++) if (cells[j]!.charCodeAt(0) === 39) this.guardedCell(cells, j, line);
    for (const j of this.dotted) if (DOT_GROUPED_RE.test(cells[j] ?? '')) this.dotGrouped(cells, j, line);
    const row: SourceRow = { line, raw: cells };
    const issue = badQuotes ? badQuoteIssue(cells, badQuotes[0]!, layout, `${name}:${line}`) : this.tooWide(cells, line);
    let handle = layout.handleCol >= 0 ? cellValue(cells[layout.handleCol]) : undefined;
    if (handle !== undefined) handle = handle.trim();
    const group = this.group;
    if (group && handle !== undefined && handle === group.handle) {
      group.rows.push(row);
      group.cells.push(cells);
      if (issue) group.issues.push(issue);
      return;
    }
    if (group) this.finish(group);
    this.group = this.start(handle, row, cells, issue);
  }

  /** The end of the file: the last product is complete. */
  end(): void {
    if (this.group) this.finish(this.group);
    this.group = undefined;
  }

  /** A new group; one without a handle is a product of its own, complete at once. */
  private start(handle: string | undefined, row: SourceRow, cells: string[], issue: LocatedIssue | undefined): Group | undefined {
    const g: Group = { handle, rows: [row], cells: [cells], issues: issue ? [issue] : [] };
    if (handle === undefined) {
      this.finish(g);
      return undefined;
    }
    this.handled++;
    const problem = this.run.claimHandle(handle, this.ctx.info, row.line!);
    if (problem) {
      g.issues.push({ place: `${this.name}:${row.line}`, field: spelled(this.layout, 'handle'), code: problem.code, expected: problem.expected, found: showFound(handle), severity: 'error' });
      // Its rows are not a product of their own (the product columns are on the first rows):
      // checking them as one would only add noise.
      g.stray = true;
    }
    return g;
  }

  private finish(g: Group): void {
    this.out.push(finishGroup(g, this.layout, this.ctx, this.run, this.run.parseOptions));
  }

  /** Cells past the header's width that hold something. */
  private tooWide(cells: readonly string[], line: number): LocatedIssue | undefined {
    const width = this.width;
    for (let j = width; j < cells.length; j++) {
      if (cellValue(cells[j]) === undefined) continue;
      return { place: `${this.name}:${line}`, field: '*', code: 'row.too_many_cells', expected: `at most ${width} cells, as many as the header has columns (is a cell missing its quotes?)`, found: `${cells.length} cells`, severity: 'error' };
    }
    return undefined;
  }

  /**
   * --decimal-comma reads "." as a thousands separator: "1.299" is 1299, as a European Excel
   * writes it; someone who typed a decimal point meant 1.299. Said once per column, where first seen.
   */
  private dotGrouped(cells: readonly string[], j: number, line: number): void {
    this.dotted = this.dotted.filter((k) => k !== j); // a new array: the row's loop goes on over the old one
    const c = cells[j]!.trim();
    this.ctx.warn({
      place: `${this.name}:${line}`,
      field: this.layout.names[j] || `column ${j + 1}`,
      code: 'cell.thousands_dot',
      expected: `with --decimal-comma, "." groups thousands: read as ${c.replaceAll('.', '')}; a decimal is written with a comma (${c.replace('.', ',')}) (said once per column)`,
      found: showFound(cells[j]),
      severity: 'warning',
    });
  }

  /** A cell like '=A1 is read as =A1: said once per column, where it is first seen. */
  private guardedCell(cells: readonly string[], j: number, line: number): void {
    const c = cells[j]!;
    if (this.guarded.has(j) || undoFormulaGuard(c) === c) return;
    this.guarded.add(j);
    this.ctx.warn({
      place: `${this.name}:${line}`,
      field: this.layout.names[j] || `column ${j + 1}`,
      code: 'cell.formula_guard',
      expected: `a value as written; its leading ' (the guard spreadsheets and this tool's own reports put before a formula-like value) was removed, so it is read as ${showFound(undoFormulaGuard(c))} (said once per column)`,
      found: showFound(c),
      severity: 'warning',
    });
  }
}

/** `"ab"c`: read as the text `"ab"c`, which is rarely what was meant. */
function badQuoteIssue(cells: readonly string[], col: number, layout: Layout, place: string): LocatedIssue {
  return {
    place,
    field: layout.names[col] || `column ${col + 1}`,
    code: 'cell.bad_quotes',
    expected: 'a cell quoted whole or not at all, with nothing after its closing quote (a quote inside a quoted cell is written twice: "ab""c")',
    found: showFound(cells[col]),
    severity: 'error',
  };
}

function finishGroup(g: Group, layout: Layout, ctx: FileContext, run: RunState, parseOptions: ParseOptions): ProductRecord {
  const file = ctx.info;
  const name = file.name;
  const { rows, cells, variants, productRow } = variantsFirst(g, layout);
  const firstLine = g.rows[0]!.line!;
  const lastLine = g.rows[g.rows.length - 1]!.line!;
  const skuCol = layout.skuCol;
  const firstSku = skuCol >= 0 ? cellValue(g.cells[0]![skuCol])?.trim() : undefined;
  const key = g.handle ?? firstSku ?? `${name}:${firstLine}`;
  const record = new CsvRecord(key, `${name}:${firstLine}`, name, file.format, layout.names, rows, layout, variants, productRow);
  record.style = file.style;
  const issues = record.issues;
  for (const i of g.issues) issues.push(i);
  if (rows.length > 1 && !layout.rules.firstRowWins) conflicts(g, layout, name, issues);
  if (skuCol >= 0) {
    for (let r = 0; r < g.rows.length; r++) {
      const sku = cellValue(g.cells[r]![skuCol])?.trim();
      if (!sku) continue;
      const line = g.rows[r]!.line!;
      const problem = run.claimSku(sku, file, line, firstLine, lastLine, g.handle === undefined);
      if (problem) issues.push({ place: `${name}:${line}`, field: spelled(layout, 'sku'), code: problem.code, expected: problem.expected, found: showFound(sku), severity: 'error' });
    }
  }
  for (const { col, hazard: h } of targetCellHazards(layout, g.cells[0]!)) {
    const inside = h.path.length ? ` at ${formatFieldPath(h.path)}` : '';
    issues.push({ place: `${name}:${firstLine}`, field: layout.names[col]! + inside, code: h.code, expected: h.expected, found: h.found, severity: 'error' });
  }
  const result = g.stray ? { ok: false as const, issues: [], warnings: [] } : parseRows(layout, cells, parseOptions, variants, productRow);
  if (!result.ok || result.warnings.length) {
    const locate = (path: readonly PathSegment[]) => record.locatePath(path);
    if (!result.ok) locateIssues(result.issues, locate, issues, (i, at) => explainCsv(i, at, layout));
    locateIssues(result.warnings, locate, record.warnings);
  }
  if (result.ok && issues.length === 0) record.product = result.product;
  if (ctx.pending.length) {
    record.warnings.unshift(...ctx.pending);
    ctx.pending.length = 0;
  }
  count(run.stats, rows.length, record.product !== undefined);
  return record;
}

/**
 * The rows of a product with its variants first, in order: rows that only carry an image
 * (Shopify) go after them. Variant i is then row i, for places and per-variant rejects.
 */
function variantsFirst(g: Group, layout: Layout): { rows: SourceRow[]; cells: string[][]; variants: number; productRow: number } {
  const vr = variantRowsOf(layout, g.cells);
  if (!vr || vr.length === g.rows.length) return { rows: g.rows, cells: g.cells, variants: g.rows.length, productRow: 0 };
  const order = [...vr, ...g.rows.map((_, r) => r).filter((r) => !vr.includes(r))];
  return { rows: order.map((r) => g.rows[r]!), cells: order.map((r) => g.cells[r]!), variants: vr.length, productRow: order.indexOf(0) };
}

/** CSV wording where the schema's is about JSON shapes. */
function explainCsv(i: ProductIssue, at: { field: string }, layout: Layout): string | undefined {
  const p = i.path;
  if (p[0] === 'variants' && p[2] === 'options' && p[4] === 'name' && i.found === undefined) {
    return `the option's name in ${at.field} on the product's first row (like Size), since this row gives its value`;
  }
  if (p[0] === 'images' && p.length === 1) return `image URLs separated by | in ${spelled(layout, 'image_urls')}`;
  const hint = commaHint(i);
  if (hint) return hint;
  if (i.expected === REQUIRED && !layout.byName.has(at.field) && !layout.names.includes(at.field)) {
    return `${REQUIRED}; the file has no "${at.field}" column`;
  }
  return undefined;
}

/** Later rows of a handle repeat product columns only as the same value or empty. */
function conflicts(g: Group, layout: Layout, name: string, issues: LocatedIssue[]): void {
  const first = g.cells[0]!;
  const firstLine = g.rows[0]!.line!;
  const cols = layout.productCols;
  for (let r = 1; r < g.cells.length; r++) {
    const row = g.cells[r]!;
    for (let i = 0; i < cols.length; i++) {
      const j = cols[i]!;
      const c = cellValue(row[j]);
      if (c === undefined) continue;
      const f = cellValue(first[j]);
      if (c === f || (f !== undefined && c.trim() === f.trim())) continue;
      issues.push({
        place: `${name}:${g.rows[r]!.line}`,
        field: layout.names[j]!,
        code: `${columnCode(layout.columns[j]!)}.conflict`,
        expected: `the same value as line ${firstLine} (${showFound(f ?? '')}) or empty: product columns are read from the first row of handle "${g.handle}"`,
        found: showFound(c),
        severity: 'error',
      });
    }
  }
}
