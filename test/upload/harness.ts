// Harness for end-to-end upload tests: a real sandbox on a free port in this process, and the
// real binary in a child process talking to it over HTTP.
import { readFileSync, existsSync } from 'node:fs';
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { startSandbox, type Faults, type Sandbox } from '../../src/sandbox/server.js';
import { loadFake } from '../../src/targets/index.js';
import type { JournalHeader, ReportLine } from '../../src/output/report.js';
import { BIN, ROOT } from '../helpers.js';
import { type Gate, type Policy, startGate } from './gate.js';

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

/** The sandbox behind a gate (gate.ts): the client talks to the gate, which holds creates when told. */
export async function gatedSandbox(target: string, policy: Policy, faults?: Faults): Promise<Harness & { gate: Gate }> {
  const fake = await loadFake(target);
  const sandbox = await startSandbox(fake, { port: 0, faults });
  const gate = await startGate(sandbox.origin, policy);
  const url = gate.origin + sandbox.url.slice(sandbox.origin.length);
  return {
    sandbox,
    gate,
    env: fake.dummyEnv(url),
    close: async () => {
      await gate.close();
      await sandbox.close();
    },
  };
}

/**
 * A JSONL journal: its unit lines, last line per key (as --resume reads it), its header lines, and
 * how many lines were torn (a run killed mid-write, or one still writing).
 */
export function readReportFile(file: string): { all: ReportLine[]; last: Map<string, ReportLine>; headers: JournalHeader[]; torn: number } {
  let torn = 0;
  const lines = (existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean) : []).flatMap((l) => {
    try {
      return [JSON.parse(l)];
    } catch {
      torn++;
      return [];
    }
  });
  const headers = lines.filter((l) => l.journal === 'catalog-upload') as JournalHeader[];
  const all = lines.filter((l) => l.journal === undefined && l.key !== undefined) as ReportLine[]; // not the run-level lines
  const last = new Map<string, ReportLine>();
  for (const l of all) last.set(l.key, l);
  return { all, last, headers, torn };
}

/** How many units have each status as their last line. */
export function statusCounts(file: string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const l of readReportFile(file).last.values()) counts[l.status] = (counts[l.status] ?? 0) + 1;
  return counts;
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

/** The real `catalog-upload sandbox` command, as a user starts it: its URL, the env it printed, its stats. */
export async function sandboxCli(args: string[]) {
  const child = spawnCli(['sandbox', '--port', '0', ...args], {});
  const exit = exited(child);
  await waitFor(() => /^export /m.test(child.output().stderr) || child.exitCode !== null);
  if (child.exitCode !== null) throw new Error(`the sandbox exited: ${child.output().stderr}`);
  const url = child.output().stdout.trim();
  const exportLine = /^export (.*)$/m.exec(child.output().stderr)![1]!;
  const env = Object.fromEntries(exportLine.split(' ').map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]));
  return {
    url,
    env,
    child,
    /** What it received, from its own introspection endpoint. */
    async stats(): Promise<{ stats: { requests: number; creates: number }; creates: Record<string, number> }> {
      const res = await fetch(new URL('/__sandbox/stats', url));
      return res.json() as never;
    },
    async stop(signal: NodeJS.Signals = 'SIGTERM') {
      child.kill(signal);
      const { code } = await exit;
      return { code, ...child.output() };
    },
  };
}
