// What differs between what a target holds and what the catalog gives: the pure decision behind
// `--existing update` and `upload --plan`. Only values the catalog gives are compared (an empty
// cell never becomes a change that wipes a stored value); numbers compare by value, whether the
// target answers 19.9, 19.90 or "19.90".
import { formatDecimal, parseDecimal } from '../product/decimal.js';
import type { Change, Desired, Remote, Unit } from './types.js';
import { isPlainObject } from '../values.js';

/** The field name a variant to add is reported under (its `to` is the sku). */
export const NEW_VARIANT = 'variant';
/** The field name a stock level is reported under. */
export const STOCK = 'stock';

/** The skus a unit stands for: its own variant's (per-variant targets, S2), else every variant's. */
export function unitSkus(unit: Unit): string[] {
  return unit.variant ? [unit.variant.sku] : unit.product.variants.map((v) => v.sku);
}

/** Equal as stored values: numbers by value (number or numeric text), lists in order, objects by key. */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  const na = numeric(a);
  const nb = numeric(b);
  if (na !== undefined && nb !== undefined) return na === nb;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => sameValue(x, b[i]));
  if (isPlainObject(a) && isPlainObject(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)].filter((k) => a[k] !== undefined || b[k] !== undefined));
    return [...keys].every((k) => sameValue(a[k], b[k]));
  }
  return false;
}

/**
 * A number, or text that reads as a plain decimal amount, as one canonical decimal text; else
 * undefined. Text with a leading zero ("0012", a barcode) is text: its zeros matter.
 */
function numeric(v: unknown): string | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? canonical(String(v)) : undefined;
  if (typeof v === 'string' && /^-?(0|[1-9]\d*)(\.\d+)?$/.test(v)) return canonical(v);
  return undefined;
}

function canonical(text: string): string {
  // Exponent forms (1e21) are no plain decimal: compared as they are.
  const d = parseDecimal(text);
  return d ? formatDecimal(d) : text;
}

/**
 * The changes an update would send: given product values, given variant values, variants to add.
 * A field the target's answer does not show at all (not even as null) cannot be compared and is
 * left out here: the target's update says what becomes of it (docs/targets.md, "Updating").
 */
export function changesOf(desired: Desired, remote: Remote): Change[] {
  const out: Change[] = [];
  for (const [field, to] of Object.entries(desired.fields)) {
    if (to !== undefined && field in remote.fields && !sameValue(to, remote.fields[field])) out.push({ field, from: remote.fields[field] ?? null, to });
  }
  for (const [sku, fields] of desired.variants) {
    const stored = remote.variants.get(sku);
    if (!stored) {
      out.push({ field: NEW_VARIANT, sku, from: null, to: sku });
      continue;
    }
    for (const [field, to] of Object.entries(fields)) {
      if (to !== undefined && field in stored.fields && !sameValue(to, stored.fields[field])) out.push({ field, sku, from: stored.fields[field] ?? null, to });
    }
  }
  return out;
}

/** Stock levels to set at `location`: each variant with a given quantity whose stored level differs. */
export function stockChanges(unit: Unit, remote: Remote | undefined, location: string): Change[] {
  const skus = new Set(unitSkus(unit));
  const out: Change[] = [];
  for (const v of unit.product.variants) {
    if (!skus.has(v.sku) || v.inventory_quantity === undefined) continue;
    const from = remote?.variants.get(v.sku)?.stock?.[location];
    if (from !== v.inventory_quantity) out.push({ field: STOCK, sku: v.sku, from: from ?? null, to: v.inventory_quantity });
  }
  return out;
}

/** A change as one short line: `price (TEE-S): 19.9 → 21`, `variant TEE-XL: added`. */
export function formatChange(c: Change): string {
  if (c.field === NEW_VARIANT) return `variant ${c.sku}: added`;
  const show = (v: unknown) => {
    const text = typeof v === 'string' ? JSON.stringify(v) : JSON.stringify(v) ?? 'none';
    return text.length > 60 ? text.slice(0, 57) + '...' : text;
  };
  return `${c.field}${c.sku ? ` (${c.sku})` : ''}: ${c.from === null ? 'none' : show(c.from)} → ${show(c.to)}`;
}
