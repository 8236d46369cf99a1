// WooCommerce exports in two passes, so that variation rows may stand anywhere in the file
// (before their parent, after other products) without the file being held in memory.
// Pass 1 (WooIndex) reads only Type, ID, SKU and Parent: it numbers the variable products and
// counts the variations that name each one. Pass 2 (readWooRows) reads the rows again: a simple
// product is complete at once; a variable product when its row and all its counted variations
// have arrived. Rows waiting for the rest of their product stay in memory up to a budget, and
// beyond it go to a temporary file (spill.ts): memory stays bounded by the budget plus ~12 bytes
// a spilled row and the index (two map entries per variable product).
import { type LocatedIssue, showFound } from '../issues.js';
import type { PathSegment } from '../paths.js';
import { parseProduct } from '../product/parse.js';
import { cellValue, isBlankRow } from './cell.js';
import type { FileContext } from './csv.js';
import type { RowBatch } from './csv-rows.js';
import { CsvRecord } from './csv-record.js';
import { type Layout, spelled } from './layout.js';
import type { Chosen } from './presets/index.js';
import { buildWoo, roleOf, type WooColumns, wooRole } from './presets/woocommerce.js';
import { fillConstants } from './rows.js';
import { count, locateIssues, type RunState } from './record.js';
import { RowSpill } from './spill.js';
import { commaHint } from './decimal-comma.js';
import { PlaceIndex } from './place-index.js';
import type { ProductRecord, SourceRow } from './types.js';

/** Rows waiting for the rest of their product, in memory, before they go to a temporary file. */
let pendingBudget = 8 * 1024 * 1024;

/** Rows the last read set aside on disk (for tests and the benchmark). */
export const spillStats = { rows: 0 };

/** Sets the budget (tests spill every row with 0); returns the previous one. */
export function setPendingBudget(bytes: number): number {
  const before = pendingBudget;
  pendingBudget = bytes;
  return before;
}

const parentRef = (cells: readonly string[], cols: WooColumns) => cellValue(cells[cols.parent])?.trim() ?? '';

/** Pass 1: which rows are variable products, and how many variations name each. */
export class WooIndex {
  /** `id:<ID>` and SKU of each variable product → its number + 1 (in file order); compact. */
  private readonly parents_ = new PlaceIndex();
  private refs = new Map<string, number>();
  parents = 0;
  rows = 0;
  private header = false;

  constructor(readonly cols: WooColumns) {}

  /** One row's Type, ID, SKU and Parent cells (the header first, which is skipped). */
  add(cells: readonly (string | undefined)[]): void {
    const [type, id, sku, parent] = cells.map((c) => cellValue(c)?.trim());
    if (!this.header) {
      this.header = true;
      return;
    }
    this.rows++;
    const role = roleOf(type);
    if (role === 'variable') {
      const n = this.parents++;
      // The first product with an ID or SKU keeps it (a second one is a duplicate, reported in pass 2).
      if (id) this.parents_.add(`id:${id}`, n + 1, 0);
      if (sku) this.parents_.add(sku, n + 1, 0);
    } else if (role === 'variation') {
      const ref = parent ?? '';
      this.refs.set(ref, (this.refs.get(ref) ?? 0) + 1);
    }
  }

  /** The number of the variable product a Parent cell names, if any. */
  parentOf(ref: string): number | undefined {
    const v = this.parents_.get(ref);
    return v === undefined ? undefined : Math.floor(v / 65536) - 1;
  }

  /** After pass 1: how many variations each variable product has. */
  expected(): Uint32Array {
    const out = new Uint32Array(this.parents);
    for (const [ref, n] of this.refs) {
      const p = this.parentOf(ref);
      if (p !== undefined) out[p]! += n;
    }
    this.refs = new Map();
    return out;
  }
}

interface Row {
  cells: string[];
  line: number;
}
/** A variable product being gathered: rows in memory, or numbers of rows in the spill. */
interface Group {
  parent?: Row | number;
  variations: (Row | number)[];
  bytes: number;
}

const rowBytes = (cells: readonly string[]) => cells.reduce((n, c) => n + c.length * 2 + 16, 64);

/** Pass 2: the products, each as soon as all its rows have been read. */
export async function* readWooRows(index: WooIndex, chosen: Chosen, batches: AsyncIterable<RowBatch>, ctx: FileContext, run: RunState): AsyncGenerator<ProductRecord[]> {
  const cols = chosen.woo!;
  const expected = index.expected();
  run.reserve(index.rows, index.rows);
  const groups = new Map<number, Group>();
  const spill = new RowSpill();
  const skipped: number[] = [];
  let pending = 0;
  let parents = 0;
  let header = false;
  const make = (rows: Row[], variable: boolean) => wooRecord(rows, variable, chosen, ctx, run);
  const materialize = (r: Row | number): Row => (typeof r === 'number' ? spill.get(r) : r);
  const hold = (g: Group, row: Row): Row | number => {
    const bytes = rowBytes(row.cells);
    if (pending + bytes > pendingBudget) return spill.add(row.line, row.cells);
    pending += bytes;
    g.bytes += bytes;
    return row;
  };
  const done = new Uint8Array(expected.length);
  const complete = (p: number, g: Group, out: ProductRecord[]) => {
    if (g.parent === undefined || g.variations.length < expected[p]!) return;
    groups.delete(p);
    done[p] = 1;
    pending -= g.bytes;
    out.push(make([...g.variations.map(materialize), materialize(g.parent)], true));
  };
  try {
    for await (const batch of batches) {
      const out: ProductRecord[] = [];
      for (let i = 0; i < batch.cells.length; i++) {
        const cells = batch.cells[i]!;
        if (isBlankRow(cells)) continue;
        if (!header) {
          header = true;
          continue;
        }
        const row: Row = { cells, line: batch.lines[i]! };
        const role = wooRole(cells, cols);
        if (role === 'other') {
          skipped.push(row.line);
          continue;
        }
        run.stats.rowsRead++;
        if (role === 'simple') {
          out.push(make([row], false));
          continue;
        }
        const p = role === 'variable' ? parents++ : index.parentOf(parentRef(cells, cols));
        if (p === undefined || done[p]) {
          out.push(orphan(row, chosen, ctx, run, p !== undefined));
          continue;
        }
        let g = groups.get(p);
        if (!g) groups.set(p, (g = { variations: [], bytes: 0 }));
        if (role === 'variable') g.parent = hold(g, row);
        else g.variations.push(hold(g, row));
        complete(p, g, out);
      }
      if (batch.error) break;
      if (out.length) yield out;
    }
    // Only if the file changed between the passes: what is left, as it is.
    const out: ProductRecord[] = [];
    for (const g of groups.values()) {
      const rows = g.variations.map(materialize);
      if (g.parent !== undefined) out.push(make([...rows, materialize(g.parent)], true));
      else for (const r of rows) out.push(orphan(r, chosen, ctx, run));
    }
    if (out.length) yield out;
  } finally {
    spillStats.rows = spill.count;
    spill.close();
  }
  if (skipped.length) {
    ctx.warn({
      place: `${ctx.info.name}:${skipped[0]}`, field: 'Type', code: 'woocommerce.skipped',
      expected: 'simple, variable or variation products: grouped products have no price or stock of their own and external ones are sold elsewhere, so they are not uploaded',
      found: `${skipped.length} grouped or external product${skipped.length === 1 ? '' : 's'} (lines ${skipped.slice(0, 10).join(', ')}${skipped.length > 10 ? ', …' : ''})`,
      severity: 'warning',
    });
  }
}

/** A WooCommerce product's record: its variation rows first (by Position), its own row last. */
class WooRecord extends CsvRecord {
  constructor(
    key: string, source: string, file: string, rows: SourceRow[], private readonly wooLayout: Layout, variants: number, productRow: number,
    private readonly cols: WooColumns, private readonly comma: boolean, private readonly variable: boolean,
  ) {
    super(key, source, file, 'csv', wooLayout.names, rows, wooLayout, variants, productRow);
  }

  override toRaw(): Record<string, unknown> {
    const cells = this.rows.map((r) => r.raw as string[]);
    const raw = buildWoo(this.cols, cells[this.productRow]!, this.variable ? cells.slice(0, this.variants) : undefined, this.comma).raw;
    fillConstants(this.wooLayout, raw);
    return raw;
  }

  /** The price comes from Sale price when there is one, else from Regular price. */
  override locatePath(path: readonly PathSegment[]): { place: string; field: string } {
    const at = super.locatePath(path);
    if (path[0] === 'variants' && path[2] === 'price' && typeof path[1] === 'number') {
      const row = this.rows[path[1]]?.raw as string[] | undefined;
      if (row && cellValue(row[this.cols.sale]) === undefined && this.cols.regular >= 0) return { ...at, field: 'Regular price' };
    }
    return at;
  }
}

function wooRecord(input: Row[], variable: boolean, chosen: Chosen, ctx: FileContext, run: RunState): ProductRecord {
  const cols = chosen.woo!;
  const layout = chosen.compiled;
  const file = ctx.info;
  const name = file.name;
  // A variation unticked "Enabled" is exported Published 0 (or -1, a draft): not for sale.
  const off = (r: Row) => ['0', '-1'].includes(cellValue(r.cells[cols.published])?.trim() ?? '');
  const disabled = variable ? input.slice(0, -1).filter(off) : [];
  if (disabled.length && disabled.length < input.length - 1) {
    input = [...input.slice(0, -1).filter((r) => !off(r)), input[input.length - 1]!];
    run.stats.rowsRead -= disabled.length; // left out, like a grouped product's row: not counted
  } else disabled.length = 0; // all of them disabled: the product is checked as it is
  const productRow = input.length - 1;
  const variations = variable ? input.slice(0, -1) : input;
  const position = (r: Row) => Number(cellValue(r.cells[cols.position]) ?? NaN);
  // Variants in the order of their Position, then of the file.
  variations.sort((a, b) => (position(a) || Infinity) - (position(b) || Infinity) || a.line - b.line);
  const rows = variable ? [...variations, input[productRow]!] : input;
  const product = rows[productRow]!;
  const sku = (r: Row) => cellValue(r.cells[cols.sku])?.trim() || undefined;
  const handle = variable ? sku(product) ?? `id:${cellValue(product.cells[cols.id])?.trim() ?? ''}` : undefined;
  const source = `${name}:${product.line}`;
  const comma = Boolean(run.opts.decimalComma);
  const record = new WooRecord(handle ?? sku(product) ?? source, source, name, rows.map((r) => ({ line: r.line, raw: r.cells })), layout, variable ? variations.length : 1, productRow, cols, comma, variable);
  record.style = ctx.info.style;
  for (const r of disabled) {
    record.warnings.push({ place: `${name}:${r.line}`, field: 'Published', code: 'woocommerce.variation_disabled', expected: 'an enabled variation (Published 1): a disabled one is not for sale, so it is left out', found: showFound(cellValue(r.cells[cols.published])), severity: 'warning' });
  }
  const issues = record.issues;
  const skuColumn = spelled(layout, 'sku');
  if (handle) {
    const problem = run.claimHandle(handle, file, product.line, false);
    if (problem) issues.push({ place: source, field: skuColumn, code: problem.code, expected: problem.expected, found: showFound(handle), severity: 'error' });
  }
  variations.forEach((r, i) => {
    const s = sku(r);
    const problem = s === undefined ? undefined : run.claimSku(s, file, r.line, r.line, r.line, !handle && i === 0);
    if (problem) issues.push({ place: `${name}:${r.line}`, field: skuColumn, code: problem.code, expected: problem.expected, found: showFound(s), severity: 'error' });
  });
  const built = buildWoo(cols, product.cells, variable ? variations.map((r) => r.cells) : undefined, comma);
  fillConstants(layout, built.raw);
  const result = parseProduct(built.raw, run.parseOptions);
  const locate = (path: readonly PathSegment[]) => record.locatePath(path);
  // What the file says that no product can be (an "Any" variation) first: it explains what follows.
  locateIssues(built.warnings.filter((w) => w.severity === 'error'), locate, issues);
  if (!result.ok) locateIssues(result.issues, locate, issues, commaHint);
  locateIssues([...built.warnings.filter((w) => w.severity !== 'error'), ...result.warnings], locate, record.warnings);
  if (result.ok && issues.length === 0) record.product = result.product;
  return done(record, ctx, run);
}

/** A variation whose Parent names no variable product of the file. */
function orphan(row: Row, chosen: Chosen, ctx: FileContext, run: RunState, late = false): ProductRecord {
  const layout = chosen.compiled;
  const name = ctx.info.name;
  const source = `${name}:${row.line}`;
  const record = new CsvRecord(cellValue(row.cells[layout.skuCol])?.trim() || source, source, name, 'csv', layout.names, [{ line: row.line, raw: row.cells }], layout);
  record.style = ctx.info.style;
  const ref = parentRef(row.cells, chosen.woo!);
  const issue: LocatedIssue = {
    place: source, field: 'Parent', code: 'parent.not_found',
    expected: late
      ? 'a variation counted in the first read of the file: its product was complete without it (did the file change while it was read?)'
      : 'the SKU, or id:<ID>, of a variable product in this file (a variation is uploaded as a variant of its parent)',
    found: showFound(ref), severity: 'error',
  };
  record.issues.push(issue);
  return done(record, ctx, run);
}

function done(record: CsvRecord, ctx: FileContext, run: RunState): ProductRecord {
  if (ctx.pending.length) {
    record.warnings.unshift(...ctx.pending);
    ctx.pending.length = 0;
  }
  count(run.stats, record.rows.length, record.product !== undefined);
  return record;
}
