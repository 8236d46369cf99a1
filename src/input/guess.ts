// `catalog-upload map <input>`: the best guess of a column map (colmap.ts) for a file, from its
// header (CSV) or a sample of its products (JSON): unified names as they are, synonyms ("Product
// Name" → title, "Qty" → inventory_quantity), Shopify's and WooCommerce's names, units in headers
// ("Weight (kg)"), option columns ("Size"); what no guess fits is ignored with a did-you-mean.
import { isPlainObject } from '../values.js';
import { LIFTED_KEYS, PRODUCT_FIELDS, VARIANT_FIELDS } from '../product/fields.js';
import { isCurrency } from '../product/money.js';
import type { LayoutName, MapEntry } from './colmap.js';
import { columnIndex, type Column, columnName, isMoneyColumn, jsonKeyOf, resolveColumn, suggestColumn } from './columns.js';
import { normalizeName, words } from './names.js';
import { detectShopify, shopifyColumnOf } from './presets/shopify.js';
import { detectWoo, wooColumnOf } from './presets/woocommerce.js';
import { OPTION_NAMES, VALUE_KEYS } from './synonyms.js';
import { readUnit, unitColumnOf } from './unit-names.js';

/** A map as written to the file: entries are a column name, or an object, or ignored. */
export type MapEntryJson = string | MapEntry;

export interface MapJson {
  from?: LayoutName;
  columns: Record<string, MapEntryJson>;
  constants: Record<string, string>;
}

/** The unified column a name most likely is (exactly, after normalising), with its unit. */
function guessName(name: string): { field: string; unit?: string } | undefined {
  const platform = shopifyColumnOf(name) ?? wooColumnOf(name.trim());
  if (platform) return { field: platform, unit: /grams/i.test(name) ? 'g' : normalizeName(name).unit };
  const n = normalizeName(name);
  const field = columnIndex().get(n.name);
  // A name that is itself a unit ("grams", "weight kg"): the values are in it.
  const named = n.name.split(' ').pop()!;
  if (field !== undefined) return { field, unit: n.unit ?? (unitColumnOf(field) && readUnit(field, named) ? named : undefined) };
  // "Body (HTML)": the words in brackets may be part of the name.
  const whole = n.unit === undefined ? undefined : columnIndex().get(words(name));
  return whole === undefined ? undefined : { field: whole };
}

/** An entry for a field, with the unit or currency its header names when they fit it. */
function entryFor(field: string, unit: string | undefined): MapEntryJson {
  if (unit !== undefined) {
    const u = unitColumnOf(field) ? readUnit(field, unit) : undefined;
    if (u) return { field, unit };
    const col = resolveColumn(field);
    if (col.kind !== 'unknown' && isMoneyColumn(col) && isCurrency(unit.toUpperCase())) return { field, currency: unit.toUpperCase() };
  }
  return field;
}

function ignored(name: string): MapEntry {
  const s = suggestColumn(name);
  return s ? { ignore: true, did_you_mean: s } : { ignore: true };
}

/** A starter map for a CSV header. */
export function guessCsv(header: readonly string[]): MapJson {
  const names = header.map((h) => h.trim()).filter((h) => h !== '');
  const platform = detectShopify(names) ? 'shopify' : detectWoo(names) ? 'woocommerce' : undefined;
  // A platform export is read without a map: its map only says so (and can rename columns).
  if (platform) return { from: platform, columns: {}, constants: {} };
  const out: MapJson = { from: 'unified', columns: {}, constants: {} };
  const taken = new Map<string, string>();
  const hasSale = names.some((n) => words(n) === 'sale price');
  let options = 0;
  for (const name of names) {
    const known = resolveColumn(name).kind;
    if (known === 'errors') {
      out.columns[name] = { ignore: true };
      continue;
    }
    if (known !== 'unknown') {
      out.columns[name] = columnName(resolveColumn(name));
      taken.set(canonicalOf(name), name);
      continue;
    }
    let guess = guessName(name);
    // Beside a sale price, the regular price is the "was" price; alone, it is the price.
    if (words(name) === 'regular price') guess = { field: hasSale ? 'compare_at_price' : 'price' };
    if (!guess && OPTION_NAMES.includes(words(name)) && options < 3) {
      options++;
      out.columns[name] = `option${options}_value`;
      out.constants[`option${options}_name`] = name;
      continue;
    }
    if (!guess) {
      out.columns[name] = ignored(name);
      continue;
    }
    if (taken.has(guess.field)) {
      out.columns[name] = { ignore: true, did_you_mean: guess.field };
      continue;
    }
    taken.set(guess.field, name);
    out.columns[name] = entryFor(guess.field, guess.unit);
  }
  return out;
}

const canonicalOf = (name: string) => {
  const c = resolveColumn(name);
  return c.kind === 'product' || c.kind === 'variant' ? c.key : words(name);
};

const PRODUCT_KEYS = new Set<string>([...Object.keys(PRODUCT_FIELDS), ...LIFTED_KEYS, 'errors']);
const VARIANT_KEYS = new Set<string>(Object.keys(VARIANT_FIELDS));

/** A starter map for JSON products (a sample of them): keys and dotted paths. */
export function guessJson(samples: readonly unknown[]): MapJson {
  const out: MapJson = { from: 'unified', columns: {}, constants: {} };
  for (const p of samples) {
    if (!isPlainObject(p)) continue;
    walk(p, [], false, out.columns);
    if (Array.isArray(p.variants)) for (const v of p.variants) if (isPlainObject(v)) walk(v, ['variants'], true, out.columns);
  }
  return out;
}

function walk(o: Record<string, unknown>, prefix: string[], inVariant: boolean, columns: Record<string, MapEntryJson>): void {
  const known = inVariant ? VARIANT_KEYS : PRODUCT_KEYS;
  // Fields this object already gives, under their own key or a key mapped before: one source
  // each (Shopify's variants carry `grams` beside `weight`; WooCommerce's `backorders` beside
  // `backorders_allowed`), else 200 g would be read as 200 kg.
  const taken = new Set(Object.keys(o).filter((k) => known.has(k) && o[k] !== undefined && o[k] !== null));
  for (const [k, v] of Object.entries(o)) {
    if (k === 'variants' && !inVariant) continue;
    const path = [...prefix, k];
    const key = path.join('.');
    if (key in columns) continue;
    if (known.has(k)) {
      // A known key holding an object where the field wants a value: {"brand": {"id", "name"}}.
      if (isPlainObject(v) && !['metadata', 'case', 'subscription', 'targets', 'options'].includes(k)) nested(v, path, k, inVariant, columns);
      continue;
    }
    if (isPlainObject(v)) {
      nested(v, path, undefined, inVariant, columns);
      continue;
    }
    const guess = guessName(k);
    const field = guess && fits(guess.field, inVariant) ? levelled(guess.field, inVariant) : undefined;
    const own = field === undefined ? undefined : (jsonKeyOf(field) ?? field);
    if (field === undefined || taken.has(own!)) {
      columns[key] = ignored(k);
      continue;
    }
    taken.add(own!);
    columns[key] = entryFor(field, guess!.unit);
  }
}

/** Inside {…}: `name`/`value` are the parent's value, `unit` its unit; others are guessed as keys. */
function nested(o: Record<string, unknown>, path: string[], parentField: string | undefined, inVariant: boolean, columns: Record<string, MapEntryJson>): void {
  const parent = parentField ?? guessName(path[path.length - 1]!)?.field;
  // An image's own numbers (width, height, position) are pixels and places, not the product's.
  const inImage = /image/i.test(path[path.length - 1]!) || /^image/.test(parent ?? '');
  for (const [k, v] of Object.entries(o)) {
    const sub = [...path, k];
    const key = sub.join('.');
    if (key in columns) continue;
    if (isPlainObject(v)) {
      nested(v, sub, undefined, inVariant, columns);
      continue;
    }
    let field: string | undefined;
    if (parent && VALUE_KEYS.includes(words(k))) field = parent;
    else if (parent && words(k) === 'unit') field = unitColumnOf(parent) ?? (isMoney(parent) ? 'currency' : undefined);
    else if (!inImage) field = guessName(k)?.field;
    columns[key] = field && fits(field, inVariant) ? levelled(field, inVariant) : ignored(k);
  }
}

const isMoney = (field: string) => {
  const c: Column = resolveColumn(field);
  return c.kind !== 'unknown' && isMoneyColumn(c);
};

/** Inside variants only variant fields (a variant's "name" is its title). */
function fits(field: string, inVariant: boolean): boolean {
  if (!inVariant) return true;
  const c = resolveColumn(levelled(field, true));
  return c.kind === 'variant' || c.kind === 'optionValue';
}

function levelled(field: string, inVariant: boolean): string {
  return inVariant && field === 'title' ? 'variant_title' : field;
}
