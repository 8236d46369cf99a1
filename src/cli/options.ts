// Parsing of option values shared by commands: each bad value is a usage error (exit 2).
import { readFileSync } from 'node:fs';
import { parseEnv } from 'node:util';
import { RunError } from '../errors.js';
import type { InputFormat } from '../input/types.js';
import { isCurrency } from '../product/money.js';
import { TARGET_NAMES } from '../targets/index.js';

export function positiveInt(name: string, min = 1) {
  return (value: string): number => {
    const n = Number(value);
    if (!/^\d+$/.test(value.trim()) || n < min) throw new RunError('usage', `${name} expects a whole number of at least ${min}; got "${value}"`);
    return n;
  };
}

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** "30s", "500ms", "2m", "1h" or a bare number of seconds. */
export function duration(name: string) {
  return (value: string): number => {
    const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(value.trim());
    if (!m) throw new RunError('usage', `${name} expects a duration like 30s, 500ms, 2m or 1h; got "${value}"`);
    const ms = Number(m[1]) * UNIT_MS[m[2] ?? 's']!;
    if (ms <= 0) throw new RunError('usage', `${name} must be more than 0`);
    return ms;
  };
}

const PER: Record<string, number> = { s: 1, sec: 1, min: 60, m: 60, h: 3600, hour: 3600 };

/** Requests per second: "5", "5/s", "100/min", "3000/h", or "unlimited". */
export function rate(value: string): number {
  if (/^(unlimited|none|off)$/i.test(value.trim())) return Infinity;
  const m = /^\s*([\d.]+)\s*(?:\/\s*([a-z]+))?\s*$/i.exec(value);
  const n = m ? Number(m[1]) : NaN;
  const per = m?.[2] === undefined ? 1 : PER[m[2].toLowerCase()];
  if (!Number.isFinite(n) || n <= 0 || per === undefined) {
    throw new RunError('usage', `--rate expects requests per second (5, 5/s, 100/min) or "unlimited"; got "${value}"`);
  }
  return n / per;
}

/** A rate as people read it: 5/s, 100/min, 3000/h (rates are declared per second). */
export function formatRate(perSecond: number): string {
  if (perSecond === Infinity) return 'unlimited';
  const whole = (x: number) => Math.abs(x - Math.round(x)) < 1e-9;
  if (perSecond >= 1 && whole(perSecond)) return `${Math.round(perSecond)}/s`;
  if (whole(perSecond * 60)) return `${Math.round(perSecond * 60)}/min`;
  if (whole(perSecond * 3600)) return `${Math.round(perSecond * 3600)}/h`;
  return `${Number(perSecond.toPrecision(3))}/s`;
}

/**
 * The candidate a misspelt name most likely meant (about one typo per four letters), if any.
 * Loads the distance only when a name is wrong: start-up stays light.
 */
export async function closest(name: string, candidates: readonly string[]): Promise<string | undefined> {
  const { typoDistance } = await import('../input/names.js');
  let best: string | undefined;
  let distance = Infinity;
  for (const c of candidates) {
    const d = typoDistance(name.toLowerCase(), c);
    if (d < distance) [best, distance] = [c, d];
  }
  return best !== undefined && distance <= Math.max(1, Math.floor(best.length / 4)) ? best : undefined;
}

/** --target: a registered target name (any case), with a did-you-mean for a typo. */
export async function targetName(value: string): Promise<string> {
  const name = value.trim().toLowerCase();
  if ((TARGET_NAMES as string[]).includes(name)) return name;
  const near = await closest(name, TARGET_NAMES);
  throw new RunError('usage', `unknown target "${value}"${near ? ` (did you mean ${near}?)` : ''}: expected one of ${TARGET_NAMES.join(', ')}`);
}

const FORMATS: InputFormat[] = ['csv', 'tsv', 'json', 'ndjson'];

export function inputFormat(value: string): InputFormat {
  const v = value.toLowerCase() === 'jsonl' ? 'ndjson' : value.toLowerCase();
  if (!(FORMATS as string[]).includes(v)) throw new RunError('usage', `--input-format expects one of ${FORMATS.join(', ')}; got "${value}"`);
  return v as InputFormat;
}

export function currency(value: string): string {
  const v = value.toUpperCase();
  if (!isCurrency(v)) throw new RunError('usage', `--currency expects an ISO 4217 code like USD or EUR; got "${value}"`);
  return v;
}

/** --dotenv: KEY=value lines; variables already set in the environment win. */
export function loadEnvFile(flag: string, path: string, env: NodeJS.ProcessEnv): void {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new RunError('usage', `${flag} ${path}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message}`);
  }
  for (const [k, v] of Object.entries(parseEnv(text))) if (env[k] === undefined) env[k] = v;
}

/** Reads --dotenv (and its old spelling --env-file, which Node intercepts when the file is missing) into env. */
export function loadEnvFiles(flags: { dotenv?: string; envFile?: string }, env: NodeJS.ProcessEnv): void {
  if (flags.dotenv) loadEnvFile('--dotenv', flags.dotenv, env);
  if (flags.envFile) loadEnvFile('--env-file', flags.envFile, env);
}
