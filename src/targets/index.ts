// The registry: the one list of targets. Adding one means a folder (index.ts exporting `target`,
// sandbox.ts exporting `sandbox`) and a line here. Loaders are lazy, so a command that needs no
// target (`--version`, `schema`, `validate` without --target) loads no adapter and no vendor schema.
import { RunError } from '../errors.js';
import type { SandboxBehaviour, Target } from './types.js';

interface Entry {
  target: () => Promise<{ target: Target }>;
  fake: () => Promise<{ sandbox: SandboxBehaviour }>;
}

const REGISTRY = {
  panora: { target: () => import('./panora/index.js'), fake: () => import('./panora/sandbox.js') },
  fanfare: { target: () => import('./fanfare/index.js'), fake: () => import('./fanfare/sandbox.js') },
  pandabase: { target: () => import('./pandabase/index.js'), fake: () => import('./pandabase/sandbox.js') },
  s2: { target: () => import('./s2/index.js'), fake: () => import('./s2/sandbox.js') },
  veeqo: { target: () => import('./veeqo/index.js'), fake: () => import('./veeqo/sandbox.js') },
} satisfies Record<string, Entry>;

export type TargetName = keyof typeof REGISTRY;
export const TARGET_NAMES = Object.keys(REGISTRY) as TargetName[];

function entry(name: string): Entry {
  const key = name.toLowerCase();
  if (!Object.hasOwn(REGISTRY, key)) {
    throw new RunError('usage', `unknown target "${name}": expected one of ${TARGET_NAMES.join(', ')}`);
  }
  return REGISTRY[key as TargetName];
}

/** The adapter named `name` (any case); an unknown name is a usage error listing the targets. */
export async function loadTarget(name: string): Promise<Target> {
  return (await entry(name).target()).target;
}

/** The vendor fake of the target named `name`, for the sandbox (never loaded by an adapter). */
export async function loadFake(name: string): Promise<SandboxBehaviour> {
  return (await entry(name).fake()).sandbox;
}
