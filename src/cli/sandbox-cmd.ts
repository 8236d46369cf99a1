// `catalog-upload sandbox`: run a target's fake API on this machine until Ctrl-C, e.g. to try
// the tool without credentials or to point a benchmark at it. stdout gets only the base URL
// (so scripts can read it); everything for the human goes to stderr.
import type { Command } from 'commander';
import { RunError } from '../errors.js';
import { type Faults, faultsProblem } from '../sandbox/faults.js';
import type { SandboxStats } from '../sandbox/server.js';
import type { SandboxBehaviour } from '../targets/types.js';
import { required, withExamples } from './help.js';
import { shellQuote } from './shell.js';

/** A target's display name and its vendor fake, by target name (a usage error when unknown). */
export type FakeLoader = (name: string) => Promise<{ title: string; sandbox: SandboxBehaviour }>;

export interface SandboxCliOptions {
  target?: string;
  port?: string;
  host?: string;
  latency?: string;
  latencyJitter?: string;
  failRate?: string;
  resetRate?: string;
  ambiguousRate?: string;
  rateLimit?: string;
  burst?: string;
  seed?: string;
  faultMethods?: string;
}

export function registerSandboxCommand(program: Command, load: FakeLoader): void {
  const cmd = program
    .command('sandbox')
    .description('run a local fake of a target API (no credentials needed) until Ctrl-C')
    .option('--target <name>', required('target whose API to fake'))
    .option('--port <n>', 'port to listen on (0 = any free port)', '0')
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--latency <ms>', 'delay every request by this many milliseconds')
    .option('--latency-jitter <ms>', 'add a random delay up to this many milliseconds')
    .option('--fail-rate <r>', 'share of requests (lookups, creates, updates, stock) answered 503 without acting (0..1)')
    .option('--reset-rate <r>', 'share of requests whose connection is dropped without acting (0..1)')
    .option('--ambiguous-rate <r>', 'share of requests acted on, then answered 500 or dropped (0..1)')
    .option('--rate-limit <n>', 'requests per second before answering 429 (default: no limit)')
    .option('--burst <n>', 'requests allowed at once after idle time (default: the rate limit)')
    .option('--seed <n>', 'seed of the fault sequence, so runs repeat', '1')
    .option('--fault-methods <list>', 'the HTTP methods latency and faults apply to, like POST,PUT,PATCH (default: all)');
  withExamples(cmd, [
    'catalog-upload sandbox --target veeqo --port 0',
    'catalog-upload sandbox --target fanfare --port 8080 --fail-rate 0.1 --reset-rate 0.03',
  ]).action(async (raw: SandboxCliOptions) => {
      const { target: name, port, host, faults } = parseSandboxOptions(raw);
      const target = await load(name);
      const { startSandbox } = await import('../sandbox/server.js');
      const sandbox = await startSandbox(target.sandbox, { port, host, faults }).catch((err: NodeJS.ErrnoException) => {
        // A port already taken (another sandbox left running) is the user's to choose again.
        if (err.code === 'EADDRINUSE') throw new RunError('usage', `--port ${port}: ${host}:${port} is already in use (another sandbox still running?): stop it, or choose another port (0 picks a free one)`);
        if (err.code === 'EADDRNOTAVAIL' || err.code === 'EACCES') throw new RunError('usage', `--host ${host} --port ${port}: cannot listen there (${err.code})`);
        throw err;
      });

      process.stdout.write(`${sandbox.url}\n`);
      const env = Object.entries(target.sandbox.dummyEnv(sandbox.url))
        .map(([k, v]) => `${k}=${shellQuote(v)}`)
        .join(' ');
      process.stderr.write(`${target.title} sandbox on ${sandbox.url}${describeFaults(faults)}\n`);
      process.stderr.write(`export ${env}\n`);
      process.stderr.write(`Ctrl-C to stop.\n`);

      await new Promise<void>((resolve) => {
        const stop = () => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          resolve();
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      });
      await sandbox.close();
      process.stderr.write(`${summarize(sandbox.stats, sandbox.store.updates)}\n`);
    });
}

/** Checks and converts the command's options; throws RunError('usage') naming the bad one. */
export function parseSandboxOptions(raw: SandboxCliOptions): {
  target: string;
  port: number;
  host: string;
  faults: Faults;
} {
  if (!raw.target) throw new RunError('usage', 'sandbox needs --target <name>');
  const port = integer('--port', raw.port ?? '0');
  if (port < 0 || port > 65535) throw new RunError('usage', `--port must be between 0 and 65535, got ${port}`);
  const faults: Faults = {
    latencyMs: optional(raw.latency, (v) => atLeast('--latency', v, 0)),
    latencyJitterMs: optional(raw.latencyJitter, (v) => atLeast('--latency-jitter', v, 0)),
    failRate: optional(raw.failRate, (v) => rate('--fail-rate', v)),
    resetRate: optional(raw.resetRate, (v) => rate('--reset-rate', v)),
    ambiguousRate: optional(raw.ambiguousRate, (v) => rate('--ambiguous-rate', v)),
    rateLimit: optional(raw.rateLimit, (v) => positive('--rate-limit', v)),
    burst: optional(raw.burst, (v) => atLeast('--burst', v, 1)),
    seed: integer('--seed', raw.seed ?? '1'),
    methods: raw.faultMethods === undefined ? undefined : raw.faultMethods.split(',').map((m) => m.trim().toUpperCase()).filter(Boolean),
  };
  if (faults.burst !== undefined && faults.rateLimit === undefined) {
    throw new RunError('usage', '--burst needs --rate-limit');
  }
  // The remaining rules (rates adding up to at most 1) live with the faults themselves.
  const problem = faultsProblem(faults);
  if (problem) throw new RunError('usage', `sandbox: ${problem.replace(/\b(fail|reset|ambiguous)Rate\b/g, '--$1-rate').replace(/^methods\b/, '--fault-methods')}`);
  return { target: raw.target, port, host: raw.host || '127.0.0.1', faults };
}

function optional<T>(v: string | undefined, parse: (v: string) => T): T | undefined {
  return v === undefined ? undefined : parse(v);
}

function number(flag: string, v: string): number {
  const n = v.trim() === '' ? NaN : Number(v);
  if (!Number.isFinite(n)) throw new RunError('usage', `${flag} must be a number, got "${v}"`);
  return n;
}

function integer(flag: string, v: string): number {
  const n = number(flag, v);
  if (!Number.isInteger(n)) throw new RunError('usage', `${flag} must be a whole number, got "${v}"`);
  return n;
}

function rate(flag: string, v: string): number {
  const n = number(flag, v);
  if (n < 0 || n > 1) throw new RunError('usage', `${flag} must be between 0 and 1, got ${v}`);
  return n;
}

function atLeast(flag: string, v: string, min: number): number {
  const n = number(flag, v);
  if (n < min) throw new RunError('usage', `${flag} must be at least ${min}, got ${v}`);
  return n;
}

function positive(flag: string, v: string): number {
  const n = number(flag, v);
  if (n <= 0) throw new RunError('usage', `${flag} must be greater than 0, got ${v}`);
  return n;
}

function describeFaults(f: Faults): string {
  const parts: string[] = [];
  if (f.latencyMs || f.latencyJitterMs) parts.push(`latency ${f.latencyMs ?? 0}+${f.latencyJitterMs ?? 0}ms`);
  if (f.failRate) parts.push(`503 ${f.failRate}`);
  if (f.resetRate) parts.push(`reset ${f.resetRate}`);
  if (f.ambiguousRate) parts.push(`ambiguous ${f.ambiguousRate}`);
  if (f.rateLimit !== undefined) parts.push(`rate limit ${f.rateLimit}/s burst ${f.burst ?? Math.max(1, f.rateLimit)}`);
  if (parts.length && f.methods) parts.push(`on ${f.methods.join(', ')} only`);
  return parts.length ? ` (${parts.join(', ')}; seed ${f.seed ?? 1})` : '';
}

/** One line: `sandbox: 12 requests (201: 10, 429: 2), 10 created, 0 updated, ...`. */
export function summarize(s: SandboxStats, updates: number): string {
  const statuses = Object.entries(s.byStatus)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, n]) => `${k}: ${n}`)
    .join(', ');
  return (
    `sandbox: ${s.requests} requests${statuses ? ` (${statuses})` : ''}, ${s.creates} created, ${updates} updated, ` +
    `${s.rateLimited} rate-limited, ${s.resets} reset, ${s.ambiguous} ambiguous`
  );
}
