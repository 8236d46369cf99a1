// What a second run does with a unit the target already holds: the pure decision behind
// src/run/existing.ts (which does the lookups and writes around it). Table-tested.
import type { FinalStatus } from '../output/report.js';
import type { PriorState } from '../output/report-read.js';
import { UNCERTAIN } from './journal.js';
import type { ExistingMode } from './second-run-options.js';

export { UNCERTAIN };

/** Why a held unit is looked at more closely than --existing alone says. */
export interface Intent {
  /** This run (an earlier, interrupted attempt of it) may have written the unit: finish it. */
  ours: boolean;
  /** Compare (and send) product fields. */
  update: boolean;
  /** Compare (and set) stock levels. */
  stock: boolean;
  /** The status the unit had reached in this run before it stopped, if any. */
  base?: FinalStatus;
}

/** From --existing and what the journal says of the unit (its last line, when resuming). */
export function intentFor(mode: ExistingMode, prior?: Pick<PriorState, 'status' | 'step' | 'done'>): Intent {
  // A step after the create (an update, stock levels) was under way: the unit is this run's.
  const resuming = prior?.step && prior.step !== 'create' ? prior : undefined;
  const ours = (prior !== undefined && UNCERTAIN.has(prior.status)) || resuming !== undefined;
  const update = mode === 'update' || resuming?.step === 'update';
  const base = resuming?.done ?? (resuming?.step === 'update' ? 'updated' : ours ? 'existing' : undefined);
  return { ours, update, stock: update || ours, base };
}

export interface Verdict {
  status: FinalStatus;
  /** Send the changes (an update, stock levels). */
  send: boolean;
  code?: string;
}

/** The unit's fate, given how many product fields and stock levels differ. */
export function verdictFor(intent: Intent, mode: ExistingMode, plan: boolean, changes: number, stock: number): Verdict {
  if (!intent.ours && mode === 'skip') return { status: 'existing', send: false };
  if (!intent.ours && mode === 'fail') return { status: 'invalid', send: false, code: 'existing.found' };
  const differs = changes + stock > 0;
  if (plan) return { status: differs ? 'to_update' : 'unchanged', send: false };
  if (!differs) return { status: intent.base ?? 'unchanged', send: false };
  // Product fields sent make a held product `updated`; a create of this run stays `created`.
  const status = changes && (intent.base === undefined || intent.base === 'existing') ? 'updated' : (intent.base ?? 'updated');
  return { status, send: true };
}
