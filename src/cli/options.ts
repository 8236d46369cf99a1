// Parsing of option values shared by commands: each bad value is a usage error (exit 2).
import { readFileSync } from 'node:fs';
import { parseEnv } from 'node:util';
import { RunError } from '../errors.js';
import type { InputFormat } from '../input/types.js';
import { isCurrency } from '../product/money.js';

export function positiveInt(name: string, min = 1) {
  return (value: string): number => {
    const n = Number(value);
    if (!/^\d+$/.test(value.trim()) || n < min) throw new RunError('usage', `${name} expects a whole number of at least ${min}; got "${value}"`);
    return n;
  };
}

/** "30s", "500ms", "2m" or a bare number of seconds. */
export function duration(name: string) {
  return (value: string): number => {
    const m = /^(\d+(?:\.\d+)?)(ms|s|m)?$/.exec(value.trim());
    if (!m) throw new RunError('usage', `${name} expects a duration like 30s, 500ms or 2m; got "${value}"`);
    const n = Number(m[1]);
    const ms = m[2] === 'ms' ? n : m[2] === 'm' ? n * 60_000 : n * 1000;
    if (ms <= 0) throw new RunError('usage', `${name} must be more than 0`);
    return ms;
  };
}

/** Requests per second, or "unlimited". */
export function rate(value: string): number {
  if (/^(unlimited|none|off)$/i.test(value)) return Infinity;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new RunError('usage', `--rate expects requests per second (a number above 0) or "unlimited"; got "${value}"`);
  return n;
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
