// Rules that span fields, run once every field has parsed: units that go with values,
// distinguishable variants, what a subscription needs. Each problem gets a reason for its code.
import { BILLING_INTERVALS, type Product } from './fields.js';
import { compareMoney } from './money.js';
import type { ProductIssue } from './parse.js';
import { DIMENSION_UNITS, WEIGHT_UNITS } from './units.js';

type Path = (string | number)[];

export function crossCheck(p: Product, issues: ProductIssue[], warnings: ProductIssue[]): void {
  const err = (path: Path, reason: string, expected: string, found: unknown) => issues.push({ path, reason, expected, found, severity: 'error' });
  const warn = (path: Path, reason: string, expected: string, found: unknown) => warnings.push({ path, reason, expected, found, severity: 'warning' });

  // Plain loops and lazily made sets: this runs for every product, and most have one variant.
  const variants = p.variants;
  const many = variants.length > 1;
  const skus = many ? new Set<string>() : undefined;
  const combos = many ? new Map<string, number>() : undefined;
  let titles: Set<string> | undefined;
  const optionNames = variants[0] ? optionKey(variants[0].options, 'name') : '';
  for (let i = 0; i < variants.length; i++) {
    const v = variants[i]!;
    if (skus) {
      if (skus.has(v.sku)) err(['variants', i, 'sku'], 'duplicate', 'a sku not used by another variant of this product', v.sku);
      skus.add(v.sku);
    }
    if (v.weight !== undefined && v.weight_unit === undefined) err(['variants', i, 'weight_unit'], 'required', `the unit of weight ${v.weight} (${WEIGHT_UNITS.join(', ')})`, undefined);
    if ((v.length ?? v.width ?? v.height) !== undefined && v.dimension_unit === undefined) {
      err(['variants', i, 'dimension_unit'], 'required', `the unit of the dimensions (${DIMENSION_UNITS.join(', ')})`, undefined);
    }
    if (v.compare_at_price !== undefined && compareMoney(v.compare_at_price, v.price) <= 0) {
      warn(['variants', i, 'compare_at_price'], 'not_above_price', `a compare-at price above the price ${v.price}`, v.compare_at_price);
    }
    const names = optionKey(v.options, 'name');
    if (names !== optionNames) err(['variants', i, 'options'], 'names_differ', `the same option names as the first variant (${optionNames.replaceAll('|', ', ') || 'none'})`, names.replaceAll('|', ', ') || 'none');
    if (combos) {
      const combo = optionKey(v.options, 'value');
      const same = combos.get(combo);
      if (combo && same !== undefined) err(['variants', i, 'options'], 'duplicate', `options that differ from variant ${same + 1} (${combo.replaceAll('|', ' / ')})`, combo.replaceAll('|', ' / '));
      combos.set(combo, i);
      if (!combo) {
        const t = v.title?.toLowerCase();
        titles ??= new Set<string>();
        if (!t || titles.has(t)) err(['variants', i, 'options'], 'required', 'options (or a distinct variant title) telling this variant apart from the others', undefined);
        if (t) titles.add(t);
      }
    }
  }

  const c = p.case;
  if (c) {
    if ((c.length ?? c.width ?? c.height) !== undefined && c.dimension_unit === undefined) err(['case', 'dimension_unit'], 'required', `the unit of the case dimensions (${DIMENSION_UNITS.join(', ')})`, undefined);
    if (c.weight !== undefined && c.weight_unit === undefined) err(['case', 'weight_unit'], 'required', `the unit of the case weight (${WEIGHT_UNITS.join(', ')})`, undefined);
  }
  if (p.kind === 'subscription' && !p.subscription?.billing_interval) {
    err(['subscription', 'billing_interval'], 'required', `a billing interval for a subscription (${BILLING_INTERVALS.join(', ')})`, undefined);
  }
  if (p.kind !== 'subscription' && p.subscription) warn(['subscription'], 'ignored', 'subscription fields only on a subscription product; they are ignored', p.kind);
}

/** Option names or values, lowercased and joined with "|" ("" for none). */
function optionKey(options: { name: string; value: string }[] | undefined, field: 'name' | 'value'): string {
  if (!options || options.length === 0) return '';
  let key = options[0]![field].toLowerCase();
  for (let i = 1; i < options.length; i++) key += '|' + options[i]![field].toLowerCase();
  return key;
}
