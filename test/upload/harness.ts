// Harness for end-to-end upload tests: a real sandbox on a free port in this process, and the
// real binary in a child process talking to it over HTTP.
import { readFileSync, existsSync } from 'node:fs';
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { startSandbox, type Faults, type Sandbox } from '../../src/sandbox/server.js';
import { loadFake } from '../../src/targets/index.js';
import type { ReportLine } from '../../src/output/report.js';
import { BIN, ROOT } from '../helpers.js';

export interface Harness {
  sandbox: Sandbox;
  env: Record<string, string>;
  close(): Promise<void>;
}

export async function sandboxFor(target: string, faults?: Faults): Promise<Harness> {
  const fake = await loadFake(target);
  const sandbox = await startSandbox(fake, { port: 0, faults });
  return { sandbox, env: fake.dummyEnv(sandbox.url), close: () => sandbox.close() };
}

/** Report lines, last line per key (as --resume reads it), and all lines. */
export function readReportFile(file: string): { all: ReportLine[]; last: Map<string, ReportLine> } {
  const all = existsSync(file)
    ? readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as ReportLine).filter((l) => l.key !== undefined) // not the run-level line
    : [];
  const last = new Map<string, ReportLine>();
  for (const l of all) last.set(l.key, l);
  return { all, last };
}

/** How many times each key was created on the sandbox (upsert updates do not count). */
export function createCounts(sandbox: Sandbox): Map<string, number> {
  const m = new Map<string, number>();
  for (const c of sandbox.store.created) m.set(c.key, (m.get(c.key) ?? 0) + 1);
  return m;
}

export function duplicates(sandbox: Sandbox): string[] {
  return [...createCounts(sandbox)].filter(([, n]) => n > 1).map(([k]) => k);
}

/** Starts the binary without waiting, for kill and Ctrl-C tests. */
export function spawnCli(args: string[], env: Record<string, string>): ChildProcess & { output: () => { stdout: string; stderr: string } } {
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: ROOT,
    env: { ...process.env, NO_COLOR: '1', CI: 'true', GITHUB_ACTIONS: undefined, GITHUB_STEP_SUMMARY: undefined, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (d) => (stdout += d));
  child.stderr!.setEncoding('utf8').on('data', (d) => (stderr += d));
  return Object.assign(child, { output: () => ({ stdout, stderr }) });
}

export function waitFor(cond: () => boolean, timeoutMs = 30_000): Promise<void> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const t = setInterval(() => {
      if (cond()) {
        clearInterval(t);
        resolve();
      } else if (Date.now() - started > timeoutMs) {
        clearInterval(t);
        reject(new Error('timed out waiting for condition'));
      }
    }, 20);
  });
}

export function exited(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve({ code: child.exitCode, signal: child.signalCode });
    child.on('exit', (code, signal) => resolve({ code, signal }));
  });
}

/** Bodies of a golden file (test/targets/golden/<name>.ndjson), by unit key; refused units left out. */
export function goldenBodies(name: string): Map<string, unknown> {
  const file = path.join(ROOT, 'test', 'targets', 'golden', `${name}.ndjson`);
  const m = new Map<string, unknown>();
  for (const l of readFileSync(file, 'utf8').split('\n').filter(Boolean)) {
    const g = JSON.parse(l) as { key: string; body?: unknown };
    if (g.body !== undefined) m.set(g.key, g.body);
  }
  return m;
}
