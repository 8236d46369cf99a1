// Shared test helpers: run the built binary as a user would, in a temp directory.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const BIN = path.join(ROOT, 'bin', 'catalog-upload.js');
export const FIXTURES = path.join(ROOT, 'fixtures');

export interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  cwd?: string;
  /** Extra environment; the parent's is inherited without colour forcing. */
  env?: Record<string, string | undefined>;
  stdin?: string | Buffer;
  timeoutMs?: number;
}

/** Runs `catalog-upload ...args` and collects its output. */
export function run(args: string[], opts: RunOptions = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: opts.cwd ?? ROOT,
      // Hermetic: a test run inside GitHub Actions must not annotate or write the real job summary.
      env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined, CI: 'true', GITHUB_ACTIONS: undefined, GITHUB_STEP_SUMMARY: undefined, GITHUB_WORKSPACE: undefined, ...opts.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 60_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
    // A command that exits without reading its stdin (Node refusing a flag) closes the pipe:
    // that is its answer, not an error of the test.
    child.stdin.on('error', () => undefined);
    child.stdin.end(opts.stdin ?? '');
  });
}

export function tempDir(prefix = 'cu-test-'): string {
  return mkdtempSync(path.join(tmpdir(), prefix));
}

export function fixture(...parts: string[]): string {
  return path.join(FIXTURES, ...parts);
}

/**
 * A project directory in which `npx catalog-upload` runs this clone's build, as in a clone: its
 * package.json without scripts, and bin/, dist/, fixtures/ and node_modules/ linked from here.
 * In the repository itself, npx would install the project into its cache the first time and run
 * its `prepare` (a rebuild that empties dist/ while other tests run the binary).
 */
export function npxProject(): string {
  const dir = tempDir('cu-npx-');
  const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as Record<string, unknown>;
  delete pkg.scripts;
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify(pkg, null, 2));
  for (const d of ['bin', 'dist', 'fixtures', 'node_modules']) symlinkSync(path.join(ROOT, d), path.join(dir, d));
  return dir;
}

/** Runs `npx --no catalog-upload …` in `cwd` (an npxProject()); resolves with its exit code and stderr. */
export function npx(args: string[], cwd: string): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('npx', ['--no', 'catalog-upload', ...args], { cwd, env: { ...process.env, NO_COLOR: '1', CI: 'true' }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr }));
  });
}
