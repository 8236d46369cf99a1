// Judging a built request: the body against the target's strict vendor schema, with each failure
// located at the unified field the user can fix. The engine calls `prepare` once per unit and
// sends, records or refuses the very request it returns.
import type { z } from 'zod';
import { showFound } from '../issues.js';
import { formatFieldPath } from '../paths.js';
import { valueAt } from '../values.js';
import { passThrough } from './shared.js';
import type { RequestSpec, Target, Unit, UnitIssue } from './types.js';

export interface Prepared {
  /** The request to send; absent when the target could not build one. */
  request?: RequestSpec;
  /** The target's own issues, then the schema's about fields those did not already explain. */
  issues: UnitIssue[];
}

/** Builds the unit's request once and judges its body. */
export function prepare<C>(target: Target<C>, unit: Unit, config: C): Prepared {
  const { request, issues } = target.build(unit, config);
  if (!request) return { issues };
  return { request, issues: mergeIssues(issues, checkBody(target, unit, request.body)) };
}

/** Validates a built body against the strict vendor schema; issues point at unified fields. */
export function checkBody(target: Target, unit: Unit, body: unknown): UnitIssue[] {
  const r = target.requestSchema.safeParse(body);
  if (r.success) return [];
  const root = target.bodyRoot ?? [];
  const given = passThrough(unit.product, target.name);
  return r.error.issues.flatMap((i) => {
    const path = i.path.slice(root.length);
    const unknown = i.code === 'unrecognized_keys';
    // Unknown keys are reported one issue per key, so each names its own field.
    const paths = unknown ? i.keys.map((k) => [...path, k]) : [path];
    return paths.map((p) => ({
      code: `${target.name}.schema.${unknown ? 'unknown_field' : i.code}`,
      field: p.length && typeof p[0] === 'string' && p[0] in given ? formatFieldPath([`targets.${target.name}`, ...p]) : target.locate(unit, p),
      expected: unknown ? `no such field in the ${target.name} payload` : `${target.name}: ${i.message}`,
      found: showFound(valueAt(body, [...root, ...p])),
    }));
  });
}

/**
 * The target's own issues, then schema issues about fields it has not already explained: the
 * same field, or anything inside a list it reported whole (`variants` covers `variants[4].sku`).
 */
export function mergeIssues(own: UnitIssue[], fromSchema: UnitIssue[]): UnitIssue[] {
  if (!fromSchema.length) return own;
  const seen = new Set(own.map((i) => i.field));
  return [...own, ...fromSchema.filter((i) => !seen.has(i.field) && !seen.has(i.field.replace(/\[\d+\].*$/, '')))];
}

/**
 * The body fields (below bodyRoot, in the vendor's names) the vendor schema requires: derived
 * from the schema the engine enforces, so `catalog-upload targets` cannot drift from it.
 */
export function requiredBodyFields(target: Target): string[] {
  let schema: unknown = target.requestSchema;
  for (const k of target.bodyRoot ?? []) schema = shapeOf(schema)?.[String(k)];
  const shape = shapeOf(schema) ?? {};
  return Object.keys(shape).filter((k) => !shape[k]!.safeParse(undefined).success);
}

function shapeOf(schema: unknown): Record<string, z.ZodType> | undefined {
  return (schema as { shape?: Record<string, z.ZodType> } | undefined)?.shape;
}
