// A column map (colmap.ts) applied to JSON products: keys and dotted paths (`brand.name`,
// `shipping.weight.value`; `variants.<path>` inside each variant) move to the unified keys the
// map names, with their units, value maps and the constants. The product as written is left
// untouched (--rejects writes it back); and a problem found at a moved key is reported at the
// path the file has (`qty`, not `inventory_quantity`).
import { isPlainObject } from '../values.js';
import type { PathSegment } from '../paths.js';
import type { ColumnMap } from './colmap.js';
import { type Column, resolveColumn } from './columns.js';
import { valueMap } from './presets/common.js';
import { withHandle } from './rows.js';
import { readUnit, scaleBy, unitColumnOf } from './unit-names.js';

type Obj = Record<string, unknown>;

interface Move {
  from: string[];
  /** Where the value goes, relative to the product (or, for variant fields, the variant). */
  to?: string[];
  variantLevel: boolean;
  transform?: (s: string) => string | undefined;
  unit?: { to: string[]; value: string };
}

/** The JSON path of a unified column: product-level ones from the product, variant ones from the variant. */
function jsonPath(col: Column): { path: string[]; variant: boolean } | undefined {
  switch (col.kind) {
    case 'product':
      return { path: [col.key], variant: false };
    case 'variant':
      return { path: [col.key], variant: true };
    case 'imageUrls':
      return { path: ['images'], variant: false };
    case 'metadata':
      return { path: ['metadata', col.key], variant: false };
    case 'group':
      return { path: [col.group, col.key], variant: false };
    case 'target':
      return { path: ['targets', col.target, col.key], variant: false };
    default:
      return undefined;
  }
}

export class JsonMap {
  private readonly top: Move[] = [];
  private readonly inVariants: Move[] = [];
  private readonly constants: { path: string[]; variant: boolean; value: string }[] = [];
  private readonly currency: string | undefined;

  constructor(map: ColumnMap) {
    let currency: string | undefined;
    for (const [source, e] of map.columns) {
      const segments = source.split('.');
      const inVariant = segments[0] === 'variants' && segments.length > 1;
      const move: Move = { from: inVariant ? segments.slice(1) : segments, variantLevel: false };
      if (!e.ignore && e.field) {
        const target = jsonPath(resolveColumn(e.field));
        if (!target) continue;
        move.to = target.path;
        move.variantLevel = target.variant;
        if (e.values) move.transform = valueMap(e.values);
        const unitColumn = e.unit ? unitColumnOf(e.field) : undefined;
        if (e.unit && unitColumn) {
          const unit = readUnit(e.field, e.unit)!;
          move.unit = { to: jsonPath(resolveColumn(unitColumn))!.path, value: unit.unit };
          if (unit.factor) move.transform = scaleBy(unit.factor);
        }
        if (e.currency) currency = e.currency.toUpperCase();
      }
      (inVariant ? this.inVariants : this.top).push(move);
    }
    this.currency = currency;
    for (const [column, value] of map.constants) {
      const target = jsonPath(resolveColumn(column));
      if (target) this.constants.push({ ...target, value });
    }
  }

  /** The product with the map applied: a copy where anything moved, the original otherwise. */
  apply(value: Obj): Obj {
    const p: Obj = { ...value };
    const variants = Array.isArray(p.variants) ? p.variants : undefined;
    if (variants) p.variants = variants.map((v) => (isPlainObject(v) ? { ...v } : v));
    for (const m of this.top) {
      // A variant field given on a product with variants is every variant's, unless it has its own.
      if (m.variantLevel && variants) moveToEach(p, p.variants as unknown[], m);
      else move(p, p, m);
    }
    if (variants) p.variants = (p.variants as unknown[]).map((v) => (isPlainObject(v) ? this.variant(v, p) : v));
    if (this.currency !== undefined) p.currency ??= this.currency;
    const handle = () => (typeof p.handle === 'string' ? p.handle : undefined) ?? firstSku(p);
    for (const c of this.constants) {
      if (!c.variant) putIfAbsent(p, c.path, withHandle(c.value, handle));
      else if (variants) for (const v of p.variants as unknown[]) isPlainObject(v) && putIfAbsent(v, c.path, c.value);
      else putIfAbsent(p, c.path, c.value);
    }
    return p;
  }

  private variant(v: Obj, product: Obj): Obj {
    for (const m of this.inVariants) move(v, m.variantLevel ? v : product, m);
    return v;
  }

  /** A unified path (as parseProduct reports it) → the path the file has. */
  source(path: readonly PathSegment[]): PathSegment[] {
    const inVariant = path[0] === 'variants' && typeof path[1] === 'number';
    const rest = inVariant ? path.slice(2) : path;
    const moves = inVariant ? this.inVariants.filter((m) => m.variantLevel) : [...this.top, ...this.inVariants.filter((m) => !m.variantLevel)];
    for (const m of moves) {
      if (!m.to || m.to.some((k, i) => rest[i] !== k)) continue;
      const from = this.inVariants.includes(m) && !inVariant ? ['variants', ...m.from] : m.from;
      return [...(inVariant ? path.slice(0, 2) : []), ...from, ...rest.slice(m.to.length)];
    }
    return [...path];
  }
}

function move(from: Obj, to: Obj, m: Move): void {
  let v = take(from, m.from);
  if (v === undefined || !m.to) return;
  if (m.transform && (typeof v === 'string' || typeof v === 'number')) v = m.transform(String(v));
  if (v === undefined) return;
  put(to, m.to, v);
  if (m.unit) putIfAbsent(to, m.unit.to, m.unit.value);
}

function firstSku(p: Obj): string | undefined {
  const v = Array.isArray(p.variants) && isPlainObject(p.variants[0]) ? p.variants[0] : p;
  return typeof v.sku === 'string' ? v.sku : typeof v.sku === 'number' ? String(v.sku) : undefined;
}

function moveToEach(p: Obj, variants: unknown[], m: Move): void {
  const holder: Obj = {};
  move(p, holder, m);
  for (const v of variants) {
    if (!isPlainObject(v)) continue;
    for (const [k, x] of Object.entries(holder)) v[k] ??= x;
  }
}

/** Removes the value at a path, copying the objects along it (the original stays as written). */
function take(o: Obj, path: readonly string[]): unknown {
  const [k, ...rest] = path;
  if (k === undefined || !(k in o)) return undefined;
  if (rest.length === 0) {
    const v = o[k];
    delete o[k];
    return v;
  }
  const child = o[k];
  if (!isPlainObject(child)) return undefined;
  const copy = { ...child };
  const v = take(copy, rest);
  if (Object.keys(copy).length === 0) delete o[k];
  else o[k] = copy;
  return v;
}

function put(o: Obj, path: readonly string[], v: unknown): void {
  let cur = o;
  for (let i = 0; i < path.length - 1; i++) {
    const k = path[i]!;
    cur = cur[k] = isPlainObject(cur[k]) ? { ...(cur[k] as Obj) } : {};
  }
  cur[path[path.length - 1]!] = v;
}

function putIfAbsent(o: Obj, path: readonly string[], v: unknown): void {
  let cur: unknown = o;
  for (const k of path) cur = isPlainObject(cur) ? cur[k] : undefined;
  if (cur === undefined || cur === null) put(o, path, v);
}
