// The rules that protect users, applied before anything is read or sent, for the CLI and for
// programs that call the library alike: credentials registered for redaction the moment they are
// read, no credentials over plain http to another machine, no earlier run's journal overwritten.
import { existsSync, statSync } from 'node:fs';
import { RunError } from '../errors.js';
import { hideUserinfo, registerSecret } from '../secrets.js';
import { loadFake } from '../targets/index.js';
import type { Target } from '../targets/types.js';
import type { Mode } from './engine.js';

export interface Connection {
  config: unknown;
  /** Where requests go (uploads only). */
  baseUrl?: string;
}

/**
 * The target's configuration from the environment, its secrets registered for redaction first.
 * Checking (validate, dry run) needs no credentials: real ones when present, placeholders else.
 */
export async function connect(target: Target, env: NodeJS.ProcessEnv, mode: Mode, opts: { baseUrl?: string; allowHttp?: boolean }): Promise<Connection> {
  for (const v of target.env) if (v.secret) registerSecret(env[v.name]);
  if (mode !== 'upload') {
    try {
      return { config: target.readConfig(env) };
    } catch {
      const dummy = (await loadFake(target.name)).dummyEnv('https://sandbox.invalid');
      for (const v of target.env) if (v.secret) registerSecret(dummy[v.name]);
      return { config: target.readConfig({ ...env, ...dummy }) };
    }
  }
  const config = target.readConfig(env);
  return { config, baseUrl: checkBaseUrl(opts.baseUrl ?? target.baseUrl(config), opts.allowHttp) };
}

/**
 * A base URL requests may go to: http(s), without credentials in it, and plain http only to this
 * machine unless allowed. Credentials in a URL (`https://user:key@host`) are refused rather than
 * sent some way we would have to guess: each target reads its own from the environment.
 */
export function checkBaseUrl(raw: string, allowHttp = false): string {
  const baseUrl = raw.replace(/\/+$/, '');
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new RunError('usage', `base URL "${hideUserinfo(baseUrl)}" is not a URL`);
  }
  if (url.username || url.password) {
    registerSecret(decodeURIComponent(url.password));
    registerSecret(url.password);
    throw new RunError('usage', `base URL ${hideUserinfo(baseUrl)} has credentials in it (user:password@): they are not sent from there; remove them and set the target's credential variables instead (see \`catalog-upload targets\`)`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new RunError('usage', `base URL must be http(s); got ${url.protocol}`);
  if (url.protocol === 'http:' && !isLoopback(url.hostname) && !allowHttp) {
    throw new RunError('usage', `refusing to send credentials over plain http:// to ${url.host}: use https://, or --allow-http if you really mean it`);
  }
  return baseUrl;
}

export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '[::1]' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/** An upload must not overwrite the journal of an earlier run by accident. */
export function guardReport(report: string | undefined, opts: { resume?: boolean; force?: boolean; sandbox?: boolean }): void {
  // A --sandbox run starts a fresh fake, so its journal describes nothing that still exists.
  if (!report || opts.resume || opts.force || opts.sandbox) return;
  if (existsSync(report) && statSync(report).size > 0) {
    throw new RunError('usage', `${report} already holds the report of an earlier run: add --resume to continue it, --report NEW.jsonl to start a separate run, or --force to start over`);
  }
}
