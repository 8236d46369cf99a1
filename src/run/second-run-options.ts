// The options of second runs, checked before anything is read or sent: what the target can do
// decides what may be asked of it (an update of a create-only target stops here, exit 2).
import { RunError } from '../errors.js';
import type { Target } from '../targets/types.js';
import type { Mode } from './options.js';

/** What an upload does with a product the target already holds (declared here, light to load: the CLI's help shows them). */
export const EXISTING_MODES = ['skip', 'update', 'fail'] as const;
export type ExistingMode = (typeof EXISTING_MODES)[number];

export interface SecondRunFlags {
  existing?: ExistingMode;
  plan?: boolean;
  warehouse?: string;
  dryRun?: boolean;
  resume?: boolean;
}

/** Refuses what the target cannot do; `--warehouse` becomes the target's environment variable. */
export function checkSecondRun(target: Target, mode: Mode, o: SecondRunFlags, env: NodeJS.ProcessEnv): void {
  if (o.existing !== undefined && !EXISTING_MODES.includes(o.existing)) {
    throw new RunError('usage', `--existing expects one of ${EXISTING_MODES.join(', ')}; got "${String(o.existing)}"`);
  }
  if (o.plan && (o.dryRun || mode !== 'upload')) throw new RunError('usage', '--plan looks products up on the target (it needs credentials): it goes with upload, not --dry-run');
  if (o.plan && o.resume) throw new RunError('usage', '--plan writes nothing to resume: run it without --resume');
  if (o.existing === 'update' && mode === 'upload' && !target.existing?.update) {
    throw new RunError('usage', `--existing update: ${target.title} documents no way to update a product (it is create-only), so nothing was sent; use --existing skip (the default) or --existing fail`);
  }
  if (o.warehouse !== undefined) {
    const stock = target.existing?.stock;
    if (!stock) throw new RunError('usage', `--warehouse: ${target.title} has no stock levels to set`);
    env[stock.env] = o.warehouse;
  }
}

/** What a target can do, for `targets --json`. */
export function capabilities(target: Target): { create: true; lookup: boolean; update: boolean; stock: boolean } {
  return { create: true, lookup: Boolean(target.existing), update: Boolean(target.existing?.update), stock: Boolean(target.existing?.stock) };
}
