// Start-up time: how long the binary takes before it does any work, against bare `node -e 0`
// started the same way on the same machine. Runs are interleaved (base, then each command, in
// turn) so a change of machine load hits every series alike; medians of several runs.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';

export interface StartupRow {
  measure: string;
  ours: string;
  baseline: string;
  ratio: number;
  goal: string;
  met: boolean;
}

interface Case {
  name: string;
  args: string[];
  /** Goal: at most this many ms more than `node -e 0`. */
  withinMs: number;
}

function timeOnce(args: string[], cwd: string): number {
  const started = performance.now();
  const r = spawnSync(process.execPath, args, { cwd, env: { ...process.env, NO_COLOR: '1', CI: 'true' }, stdio: ['ignore', 'ignore', 'pipe'] });
  const ms = performance.now() - started;
  if (r.status !== 0) throw new Error(`${args.join(' ')} exited ${r.status}: ${String(r.stderr).slice(0, 300)}`);
  return ms;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** Rows for `--version`, `--help` and `validate` of a 3-row file, each against `node -e 0`. */
export function benchStartup(root: string, dataDir: string, runs: number): StartupRow[] {
  const bin = path.join(root, 'bin', 'catalog-upload.js');
  const small = path.join(dataDir, 'startup-3-rows.csv');
  writeFileSync(small, 'handle,title,sku,price,option1_name,option1_value\ntee,Tee,TEE-S,19.90,Size,S\ntee,,TEE-M,19.90,,M\n,Mug,MUG-1,8.00,,\n');
  const cases: Case[] = [
    { name: '--version', args: [bin, '--version'], withinMs: 100 },
    { name: '--help', args: [bin, '--help'], withinMs: 100 },
    { name: 'validate, 3 rows', args: [bin, 'validate', small, '--no-progress'], withinMs: 250 },
  ];
  const base: number[] = [];
  const times = cases.map(() => [] as number[]);
  // One warm-up round: the first start reads files the OS has not cached yet.
  timeOnce(['-e', '0'], root);
  for (const c of cases) timeOnce(c.args, root);
  for (let i = 0; i < runs; i++) {
    base.push(timeOnce(['-e', '0'], root));
    cases.forEach((c, j) => times[j]!.push(timeOnce(c.args, root)));
  }
  const b = median(base);
  return cases.map((c, j) => {
    const ours = median(times[j]!);
    return {
      measure: `7. start-up: ${c.name} (median of ${runs})`,
      ours: `${ours.toFixed(0)} ms (+${(ours - b).toFixed(0)} ms)`,
      baseline: `node -e 0: ${b.toFixed(0)} ms`,
      ratio: ours / b,
      goal: `<= node -e 0 + ${c.withinMs} ms`,
      met: ours - b <= c.withinMs,
    };
  });
}
