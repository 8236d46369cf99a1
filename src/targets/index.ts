// The literal registry of targets: adding one means a folder and a line here.
import { RunError } from '../errors.js';
import { TARGET_NAMES, type TargetName } from '../product/schema.js';
import { fanfare } from './fanfare/index.js';
import { pandabase } from './pandabase/index.js';
import { panora } from './panora/index.js';
import { s2 } from './s2/index.js';
import type { Target } from './types.js';
import { veeqo } from './veeqo/index.js';

export const TARGETS: Record<TargetName, Target> = { panora, fanfare, pandabase, s2, veeqo };

export function getTarget(name: string): Target {
  const t = (TARGETS as Record<string, Target>)[name.toLowerCase()];
  if (!t) throw new RunError('usage', `unknown target "${name}": expected one of ${TARGET_NAMES.join(', ')}`);
  return t;
}
