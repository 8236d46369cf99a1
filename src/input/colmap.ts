// --map <file>: a column map, as JSON. It renames source columns (CSV/TSV headers, or JSON keys
// with dotted paths for nested objects, `variants.<key>` inside variants) to unified columns,
// ignores some, maps values, names the unit or currency of a column, and sets constants:
//
//   { "from": "unified",
//     "columns": { "Product Name": "title", "Weight (kg)": {"field": "weight", "unit": "kg"},
//                  "Retail Price": {"field": "price", "currency": "EUR"}, "Internal ID": null },
//     "constants": { "product_type": "Mugs" } }
//
// `catalog-upload map <input>` writes a starter map (guess.ts). A map is checked when loaded:
// every name it uses must be one the tool knows, with a did-you-mean when it is not.
import { readJsonFile } from './json-file.js';
import { lineColumn, pointerOffset } from './locate.js';
import { jsonPointer } from '../paths.js';
import { RunError } from '../errors.js';
import { isCurrency } from '../product/money.js';
import { isPlainObject } from '../values.js';
import { type Column, isMoneyColumn, resolveColumn, suggestColumn } from './columns.js';
import { shopifySpecs } from './presets/shopify.js';
import { wooSpecs } from './presets/woocommerce.js';
import { readUnit, unitChoices, unitColumnOf } from './unit-names.js';

import { LAYOUTS, type LayoutName } from './layouts.js';

export { LAYOUTS, type LayoutName };

export interface MapEntry {
  /** The unified column (or, with `from` a platform, that platform's column) it becomes. */
  field?: string;
  ignore?: boolean;
  /** The unit of a measure column (kg, lbs, cm, yd…) or the currency of an amount column. */
  unit?: string;
  currency?: string;
  /** Cell values → field values ("yes" → "active"), compared case-insensitively. */
  values?: Record<string, string>;
  /** Written by `map` next to an ignored column: the column it may have meant. */
  did_you_mean?: string;
}

export interface ColumnMap {
  /** The map file, for messages. */
  file: string;
  from?: LayoutName;
  columns: Map<string, MapEntry>;
  /** Unified column → value, for every product or variant that has none. */
  constants: Map<string, string>;
}

const ENTRY_KEYS = new Set(['field', 'ignore', 'unit', 'currency', 'values', 'did_you_mean']);

/** Reads and checks a map file; every problem is a usage error naming the map and the key. */
export function loadMap(file: string): ColumnMap {
  const { text, data } = readJsonFile(file, '--map', 'usage');
  return checkMap(data, file, text);
}

/** A map from its JSON value (as loadMap reads it); with its text, errors name the key's line. */
export function checkMap(json: unknown, file: string, text?: string): ColumnMap {
  const fail = (where: string, message: string, path: string[] = []): never => {
    const offset = text === undefined || !path.length ? undefined : pointerOffset(text, jsonPointer(path));
    const line = offset === undefined ? '' : `:${lineColumn(text!, offset).line}`;
    throw new RunError('usage', `--map ${file}${line}: ${where}: ${message}`);
  };
  if (!isPlainObject(json)) return fail('the file', 'expected an object like {"columns": {"Product Name": "title"}}');
  for (const k of Object.keys(json)) {
    if (!['from', 'columns', 'constants'].includes(k) && !k.startsWith('_') && !k.startsWith('$')) fail(`"${k}"`, 'unknown key: expected "from", "columns" or "constants" (keys starting with _ are comments)', [k]);
  }
  const from = json.from;
  if (from !== undefined && !LAYOUTS.includes(from as LayoutName)) fail('"from"', `expected one of ${LAYOUTS.join(', ')}; found ${JSON.stringify(from)}`, ['from']);
  const map: ColumnMap = { file, from: from as LayoutName | undefined, columns: new Map(), constants: new Map() };
  const columns = json.columns ?? {};
  if (!isPlainObject(columns)) fail('"columns"', 'expected an object: source column → unified column', ['columns']);
  for (const [source, raw] of Object.entries(columns as Record<string, unknown>)) {
    const at = `columns["${source}"]`;
    const key = ['columns', source];
    let entry: MapEntry;
    if (raw === null) entry = { ignore: true };
    else if (typeof raw === 'string') entry = { field: raw };
    else if (isPlainObject(raw)) {
      for (const k of Object.keys(raw)) if (!ENTRY_KEYS.has(k)) fail(at, `unknown key "${k}": expected field, ignore, unit, currency or values`, key);
      entry = raw as MapEntry;
      if (entry.ignore !== undefined && typeof entry.ignore !== 'boolean') fail(at, '"ignore" is true or false', key);
      if (!entry.ignore && typeof entry.field !== 'string') fail(at, 'expected "field": the unified column it becomes (or "ignore": true)', key);
      if (entry.values !== undefined && (!isPlainObject(entry.values) || Object.values(entry.values).some((v) => typeof v !== 'string'))) fail(at, '"values" maps cell values to field values: {"yes": "active"}', key);
    } else return fail(at, 'expected a unified column name, null (ignore it) or {"field": …}', key);
    if (entry.field !== undefined && !entry.ignore) checkEntry(entry, map.from, (m) => fail(at, m, key));
    map.columns.set(source, entry);
  }
  const constants = json.constants ?? {};
  if (!isPlainObject(constants)) fail('"constants"', 'expected an object: unified column → value', ['constants']);
  for (const [column, value] of Object.entries(constants as Record<string, unknown>)) {
    const at = `constants["${column}"]`;
    if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') fail(at, 'expected a text, number or boolean value', ['constants', column]);
    if (unified(column) === undefined) fail(at, unknownField(column), ['constants', column]);
    map.constants.set(column, String(value));
  }
  return map;
}

/** The unified column a name stands for, or undefined. */
export function unified(name: string): Column | undefined {
  const c = resolveColumn(name);
  return c.kind === 'unknown' || c.kind === 'errors' ? undefined : c;
}

function unknownField(name: string): string {
  const s = suggestColumn(name);
  return `"${name}" is not a unified column${s ? ` (did you mean "${s}"?)` : ''}; \`catalog-upload schema\` lists them`;
}

/** A column name the platform layout knows (its own column names). */
function platformKnows(from: LayoutName, name: string): boolean {
  const resolve = () => ({ kind: 'unknown' }) as Column;
  const spec = from === 'shopify' ? shopifySpecs([name], resolve).specs[0] : wooSpecs([name], resolve).specs[0];
  return spec !== undefined;
}

function checkEntry(entry: MapEntry, from: LayoutName | undefined, fail: (m: string) => never): void {
  const field = entry.field!;
  const col = unified(field);
  if (!col && !(from && from !== 'unified' && platformKnows(from, field))) {
    fail(from && from !== 'unified' ? `"${field}" is neither a unified column nor a ${from} column` : unknownField(field));
  }
  if (entry.unit !== undefined) {
    if (typeof entry.unit !== 'string' || !unitColumnOf(field)) fail(`"unit" goes with a measure column (weight, length, width, height, case_…); "${field}" is not one`);
    if (!readUnit(field, entry.unit)) fail(`unit ${JSON.stringify(entry.unit)} is not a unit of ${field}: expected ${unitChoices(field)}`);
  }
  if (entry.currency !== undefined) {
    if (!col || !isMoneyColumn(col)) fail(`"currency" goes with an amount column (price, compare_at_price, cost_price); "${field}" is not one`);
    if (typeof entry.currency !== 'string' || !isCurrency(entry.currency.toUpperCase())) fail(`currency ${JSON.stringify(entry.currency)} is not an ISO 4217 code like EUR`);
  }
}

/** The entry for a header cell: exact name first, then ignoring case and surrounding spaces. */
export function entryFor(map: ColumnMap, name: string): MapEntry | undefined {
  const exact = map.columns.get(name);
  if (exact) return exact;
  const n = name.trim().toLowerCase();
  for (const [k, e] of map.columns) if (k.trim().toLowerCase() === n) return e;
  return undefined;
}
