// The rules that protect users, applied before anything is read or sent, for the CLI and for
// programs that call the library alike: credentials registered for redaction the moment they are
// read, no credentials over plain http to another machine, no output that is an input or another
// output, and no journal written to, resumed or set aside by a run it does not belong to.
import { accessSync, constants as fsConstants, fstatSync, readlinkSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { RunError } from '../errors.js';
import type { JournalHeader, JournalMode } from '../output/report.js';
import { inspectReport, type ReportKind } from '../output/report-read.js';
import { describeRun, differences, nextRotation } from './journal.js';
import { hideUserinfo, registerSecret } from '../secrets.js';
import { loadFake } from '../targets/index.js';
import type { Target } from '../targets/types.js';
import type { Mode } from './options.js';

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

/** What a run does with the file at its --report path. */
export interface JournalChoice {
  /** write: create or truncate; append: --resume; rotate: set the old one aside as `<name>.N`, then write. */
  action: 'write' | 'append' | 'rotate';
}

export interface JournalRun {
  mode: JournalMode;
  resume?: boolean;
  force?: boolean;
}

const UPLOADS: ReadonlySet<JournalMode> = new Set(['real', 'sandbox']);

/**
 * What a run may do with an existing report file (throws RunError 'usage', exit 2, when nothing).
 * An upload's journal is never written to by a dry run, a validation or a sandbox run, never
 * continued by a run of another kind, and never destroyed: --force sets it aside.
 */
export function chooseJournal(file: string, existing: ReportKind, run: JournalRun): JournalChoice {
  const { kind } = existing;
  if (kind === 'foreign') throw new RunError('usage', `${file} exists and is not a catalog-upload report: refusing to overwrite it; name another --report`);
  // What the file holds: an upload's journal (a header says which kind; one without is taken as real).
  const held: JournalMode | undefined = kind === 'journal' ? existing.header.mode : kind === 'legacy' ? (existing.upload ? 'real' : 'dry-run') : undefined;
  const what = kind === 'journal' ? describeRun(existing.header) : kind === 'legacy' ? (existing.upload ? 'an upload (written by an earlier version, without a header)' : 'a dry run or validation (written by an earlier version)') : '';
  if (run.resume && UPLOADS.has(run.mode)) {
    if (held === undefined) throw new RunError('usage', `--resume: no report at ${file} (run once without --resume first, or name it with --report)`);
    if (held === run.mode) return { action: 'append' };
    if (!UPLOADS.has(held)) throw new RunError('usage', `--resume: ${file} holds ${what}, not an upload: there is nothing to resume; run without --resume${run.mode === 'real' ? ` (that report will be kept as ${nextRotation(file)})` : ''}`);
    if (held === 'sandbox') throw new RunError('usage', `--resume: ${file} is the journal of ${what}: what it created went to a local fake that no longer exists; run without --resume to upload for real (that journal will be kept as ${nextRotation(file)})`);
    throw new RunError('usage', `--resume: ${file} is the journal of ${what}: a --sandbox run never writes to it; leave out --report (a sandbox run reports to its own file) or name another`);
  }
  if (held === undefined) return { action: 'write' };
  if (run.mode !== 'real') {
    if (!UPLOADS.has(held) || (run.mode === 'sandbox' && held === 'sandbox')) return { action: 'write' };
    const who = run.mode === 'sandbox' ? 'a --sandbox run' : run.mode === 'dry-run' ? 'a dry run' : run.mode === 'plan' ? 'a plan' : 'a validation';
    throw new RunError('usage', `${file} is the journal of ${what}: ${who} never writes to it; leave out --report (${run.mode === 'validate' ? 'validate writes no report unless asked' : 'it reports to its own file'}) or name another`);
  }
  // A real upload: a dry run's or a sandbox's report describes nothing on a real server; keep it anyway.
  if (held !== 'real' || run.force) return { action: 'rotate' };
  throw new RunError('usage', `${file} already holds the journal of ${what}: add --resume to continue that run, --report NEW.jsonl to start a separate one, or --force to start over (the old journal is kept as ${nextRotation(file)})`);
}

/**
 * --resume continues only the run its journal records: same mode, target, origin (real uploads)
 * and inputs. Returns notices; throws RunError 'usage' (exit 2) saying what differs and what to do.
 * An edited input is allowed with `inputsChanged`. A journal without a header (written before
 * headers existed) resumes with a notice, since users have them.
 */
export function checkResume(file: string, journal: JournalHeader | undefined, run: JournalHeader, opts: { inputsChanged?: boolean; baseUrlVariable?: string } = {}): string[] {
  if (!journal) {
    return [`${file} was written by an earlier version of catalog-upload, without a header: resuming it as ${describeRun(run)}; its units' target is checked, its base URL and inputs cannot be`];
  }
  const diffs = differences(journal, run, opts.baseUrlVariable);
  const blocking = diffs.filter((d) => d.what !== 'touched' && (d.what !== 'content' || !opts.inputsChanged));
  if (blocking.length) {
    const lines = blocking.map((d) => `  ${d.what}: ${d.detail}\n    → ${d.todo}`);
    throw new RunError('usage', `--resume: ${file} is the journal of another run (${describeRun(journal)}):\n${lines.join('\n')}`);
  }
  return diffs.map((d) => (d.what === 'touched' ? d.detail : `--inputs-changed: ${d.detail}; units already created are skipped by key`));
}

/** An output the run writes: its flag and path (`-`: stdout, where the flag allows it). */
export interface Output {
  flag: string;
  path: string | undefined;
  stdoutAllowed?: boolean;
}

/**
 * An output that is also an input, or the same file as another output, is refused (exit 2) before
 * anything is opened for writing: opening it would empty the catalog before it is read. Files are
 * compared as the system sees them (symlinks followed, hard links caught), and `-` by the file
 * behind stdin or stdout when it is one (`< c.csv`, `> out.ndjson`).
 */
export function guardOutputPaths(inputs: string[], outputs: Output[]): void {
  const seen = new Map<string, { name: string; input: boolean }>();
  for (const input of inputs) seen.set(identity(input, 0), { name: input === '-' ? 'stdin' : `the input ${input}`, input: true });
  for (const o of outputs) {
    if (o.path === undefined) continue;
    if (o.path === '-' && !o.stdoutAllowed) throw new RunError('usage', `${o.flag} -: ${o.flag} must name a file`);
    const id = identity(o.path, 1);
    const other = seen.get(id);
    if (other?.input) throw new RunError('usage', `${o.flag} ${o.path} is also ${other.name}: writing it would destroy it before it is read; name another file`);
    if (other) throw new RunError('usage', `${o.flag} ${o.path} is the same file as ${other.name}: name a file of its own for each`);
    seen.set(id, { name: `${o.flag} ${o.path}`, input: false });
  }
}

/**
 * Every output can be written: its directory exists and it is not a directory itself. Checked
 * before anything is sent, so that a report that cannot be written never costs an upload (a
 * --junit in a missing folder used to fail after every product was created).
 */
export function checkWritable(outputs: Output[]): void {
  for (const o of outputs) {
    if (o.path === undefined || o.path === '-') continue;
    const fail = (why: string): never => {
      throw new RunError('usage', `${o.flag} ${o.path}: cannot write: ${why}`);
    };
    let s;
    try {
      s = statSync(o.path);
    } catch {
      s = undefined;
    }
    if (s?.isDirectory()) fail('it is a directory: name a file');
    const dir = path.dirname(path.resolve(o.path));
    try {
      if (!statSync(dir).isDirectory()) fail(`${dir} is not a directory`);
      accessSync(s ? o.path : dir, fsConstants.W_OK);
    } catch (err) {
      if (err instanceof RunError) throw err;
      const code = (err as NodeJS.ErrnoException).code;
      fail(code === 'ENOENT' ? `no such directory: ${dir}` : code === 'EACCES' ? 'permission denied' : (err as Error).message);
    }
  }
}

/**
 * An output other than --report never lands on a run's journal (this run's or another's, like the
 * default catalog-upload-report.jsonl): overwritten, it could no longer tell a resume what was
 * created. Refused (exit 2) before anything is written.
 */
export async function guardJournals(outputs: Output[]): Promise<void> {
  for (const o of outputs) {
    if (o.path === undefined || o.path === '-') continue;
    const kind = await inspectReport(o.path).catch(() => ({ kind: 'none' as const }));
    if (kind.kind === 'journal' || (kind.kind === 'legacy' && kind.upload)) {
      throw new RunError('usage', `${o.flag} ${o.path} is the journal of a catalog-upload run: writing it would lose the record --resume needs; name another file`);
    }
  }
}

/** The file a path (or `-`: the process's stdin 0 or stdout 1) is, or would be once created. */
function identity(p: string, fd: 0 | 1): string {
  if (p === '-') {
    try {
      const s = fstatSync(fd);
      if (s.isFile()) return `${s.dev}:${s.ino}`;
    } catch {
      // closed: nothing to collide with
    }
    return fd === 0 ? 'stdin' : 'stdout';
  }
  try {
    const s = statSync(p);
    return `${s.dev}:${s.ino}`;
  } catch {
    return `new:${wouldBe(p, 0)}`;
  }
}

/** Where a file that does not exist yet would be created: a dangling symlink followed, the directory's real path. */
function wouldBe(p: string, depth: number): string {
  const abs = path.resolve(p);
  if (depth < 40) {
    try {
      return wouldBe(path.resolve(path.dirname(abs), readlinkSync(abs)), depth + 1);
    } catch {
      // not a symlink
    }
  }
  try {
    return path.join(realpathSync(path.dirname(abs)), path.basename(abs));
  } catch {
    return abs;
  }
}
