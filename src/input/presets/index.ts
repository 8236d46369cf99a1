// Which layout a CSV header is in, and what each of its columns means: the unified columns, a
// Shopify or WooCommerce export (recognised from the header, or named with --from), renamed and
// completed by a column map (--map). The result is one compiled Layout for the row builder.
import path from 'node:path';
import { RunError } from '../../errors.js';
import { type ColumnMap, entryFor, type LayoutName } from '../colmap.js';
import { type Column, KNOWN_COLUMNS, resolveColumn } from '../columns.js';
import { type ColumnSpec, compileLayout, type Layout, type RowRules } from '../layout.js';
import { NameIndex } from '../names.js';
import { readUnit, scaleBy, unitColumnOf } from '../unit-names.js';
import { valueMap } from './common.js';
import { detectShopify, SHOPIFY_NAMES, shopifySpecs } from './shopify.js';
import { detectWoo, WOO_NAMES, type WooColumns, wooSpecs } from './woocommerce.js';

export interface Chosen {
  layout: LayoutName;
  compiled: Layout;
  /** WooCommerce: where its columns are (its rows are gathered by woo-reader.ts). */
  woo?: WooColumns;
  /** The one line that says how the file is read; undefined for plain unified files. */
  notice?: string;
  /** Names to suggest for an unknown column of this layout. */
  suggest: (name: string) => string | undefined;
}

export interface ChooseOptions {
  from?: LayoutName;
  map?: ColumnMap;
  decimalComma?: boolean;
}

const TITLES: Record<LayoutName, string> = { unified: 'unified columns', shopify: 'a Shopify product export', woocommerce: 'a WooCommerce product export' };

let platformIndex: Record<'shopify' | 'woocommerce', NameIndex<string>> | undefined;

/** Unknown columns of a platform's file are compared with that platform's own names. */
function platformSuggest(layout: 'shopify' | 'woocommerce'): (name: string) => string | undefined {
  platformIndex ??= {
    shopify: SHOPIFY_NAMES.reduce((i, n) => i.add(n, n), new NameIndex<string>()),
    woocommerce: WOO_NAMES.reduce((i, n) => i.add(n, n), new NameIndex<string>()),
  };
  const index = platformIndex[layout];
  return (name) => index.closest(name);
}

export function chooseLayout(header: readonly string[], file: string, opts: ChooseOptions): Chosen {
  const names = header.map((h) => h.trim());
  const map = opts.map;
  const entries = names.map((n) => (map && n !== '' ? entryFor(map, n) : undefined));
  const renamed = names.map((n, j) => (entries[j]?.ignore ? '' : entries[j]?.field ?? n));
  const detected = detect(renamed);
  const layout: LayoutName = opts.from ?? map?.from ?? detected?.layout ?? 'unified';
  if (!opts.from && !map?.from && detected) ambiguous(renamed, file, detected.layout);
  let specs: (ColumnSpec | undefined)[] = [];
  let rules: RowRules = {};
  let woo: WooColumns | undefined;
  if (layout === 'shopify') ({ specs, rules } = shopifySpecs(renamed, resolveColumn));
  else if (layout === 'woocommerce') ({ specs, cols: woo } = wooSpecs(renamed, resolveColumn));
  const constants: [Column, string][] = [];
  const final = renamed.map((name, j): ColumnSpec => {
    const e = entries[j];
    if (e?.ignore) return { col: { kind: 'unknown' }, ignored: true };
    // A platform's file knows only the platform's columns (and the errors column of --rejects).
    const own = layout === 'unified' || resolveColumn(name).kind === 'errors';
    const spec: ColumnSpec = specs[j] ?? { col: name === '' || !own ? { kind: 'unknown' } : resolveColumn(name) };
    if (!e) return spec;
    if (e.values) spec.transform = chain(valueMap(e.values), spec.transform);
    if (e.unit) {
      const unit = readUnit(e.field!, e.unit)!;
      spec.unit = { col: resolveColumn(unitColumnOf(e.field!)!), value: unit.unit };
      if (unit.factor) spec.transform = chain(spec.transform, scaleBy(unit.factor));
    }
    if (e.currency) constants.push([resolveColumn('currency'), e.currency.toUpperCase()]);
    return spec;
  });
  for (const [column, value] of map?.constants ?? []) constants.push([resolveColumn(column), value]);
  const compiled = compileLayout(names, file, { specs: final, constants, decimalComma: opts.decimalComma, rules });
  if (layout === 'unified') noKnownColumn(compiled, file);
  const how = layout === 'shopify' && detected?.layout === 'shopify' ? ` (${detected.detail} header)` : '';
  const chosenBy = opts.from ? ', as --from says' : map ? `, with the column map ${map.file}` : ', recognised from its header (--from chooses another layout)';
  const notice = layout !== 'unified' || map ? `${file}: read as ${TITLES[layout]}${how}${chosenBy}` : undefined;
  return { layout, compiled, woo, notice, suggest: layout === 'unified' ? () => undefined : platformSuggest(layout) };
}

function chain(a: ((c: string) => string | undefined) | undefined, b: ((c: string) => string | undefined) | undefined) {
  if (!a || !b) return a ?? b;
  return (c: string) => {
    const x = a(c);
    return x === undefined ? x : b(x);
  };
}

function detect(names: readonly string[]): { layout: 'shopify' | 'woocommerce'; detail: string } | undefined {
  const shopify = detectShopify(names);
  if (shopify) return { layout: 'shopify', detail: shopify };
  if (detectWoo(names)) return { layout: 'woocommerce', detail: '' };
  return undefined;
}

/** A platform's header that also has unified column names as such (`price` next to `Variant Price`). */
function ambiguous(names: readonly string[], file: string, layout: 'shopify' | 'woocommerce'): void {
  const own = new Set<string>(layout === 'shopify' ? SHOPIFY_NAMES : WOO_NAMES);
  const unifiedNames = names.filter((n) => KNOWN_COLUMNS.includes(n) && n !== 'errors' && !own.has(n));
  if (unifiedNames.length === 0) return;
  throw new RunError('input', `${file}:1: the header looks like ${TITLES[layout]} but also has unified columns (${unifiedNames.join(', ')}): say how to read it with --from ${layout} or --from unified`);
}

/** A header with none of the required columns is not a catalog in unified columns: say what to do. */
function noKnownColumn(layout: Layout, file: string): void {
  if (['title', 'sku', 'price'].some((c) => layout.byName.has(c))) return;
  const base = path.basename(file).replace(/\.[^.]+$/, '');
  throw new RunError(
    'input',
    `${file}:1: none of the columns is one the tool knows (title, sku, price…), and the header is not a Shopify or WooCommerce export it recognises. ` +
      `If the file comes from another system, write a column map and check it: catalog-upload map ${file} > ${base}.map.json, then add --map ${base}.map.json ` +
      '(exports with headers in another language need a map too; `catalog-upload schema` lists the unified columns)',
  );
}
