// A journal's identity (docs/architecture.md): which run it belongs to, so that a dry run, a
// sandbox run or an upload of another file or to another place never writes to, resumes or
// destroys the journal of a real upload. Here: the inputs' fingerprints, the header, how two
// identities differ, the rotation that keeps an old journal, and loading one for --resume.
// The rules that decide what a run may do with a journal are in policy.ts.
import { createHash } from 'node:crypto';
import { existsSync, linkSync, readdirSync, renameSync, unlinkSync } from 'node:fs';
import { open, realpath } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { RunError } from '../errors.js';
import { checkInputs } from '../input/read.js';
import type { ReadOptions } from '../input/types.js';
import type { JournalHeader, JournalInput, JournalMode } from '../output/report.js';
import { type PriorState, readReport } from '../output/report-read.js';
import type { ResumePlan } from './tally.js';

export const TOOL_VERSION = (createRequire(import.meta.url)('../../package.json') as { version: string }).version;

/** How much of each input the header's hash covers. */
const HEAD_BYTES = 64 * 1024;

/**
 * The inputs as found: each checked (exists, is a file, has a format), opened and its first block
 * hashed. Runs before any output file is touched, so a missing input costs nothing.
 */
export async function fingerprintInputs(inputs: string[], opts: Pick<ReadOptions, 'inputFormat' | 'encoding' | 'delimiter' | 'jsonPath'>): Promise<JournalInput[]> {
  const stats = await checkInputs(inputs, opts);
  const prints: JournalInput[] = [];
  for (const [i, input] of inputs.entries()) {
    const s = stats[i];
    if (!s) {
      prints.push({ path: '-' });
      continue;
    }
    try {
      const fh = await open(input, 'r');
      try {
        const head = Buffer.alloc(Math.min(HEAD_BYTES, s.size));
        await fh.read(head, 0, head.length, 0);
        const hash = createHash('sha256').update(head).digest('hex');
        prints.push({ path: await realpath(input), size: s.size, mtime: s.mtime.toISOString(), head: `sha256:${hash}` });
      } finally {
        await fh.close();
      }
    } catch (err) {
      if (err instanceof RunError) throw err;
      throw new RunError('input', `${input}: cannot read: ${(err as Error).message}`, { cause: err });
    }
  }
  return prints;
}

export function journalHeader(mode: JournalMode, target: string | undefined, baseUrl: string | undefined, inputs: JournalInput[]): JournalHeader {
  // The origin only: a base URL may carry credentials (user:password@) or a long path.
  const origin = baseUrl ? new URL(baseUrl).origin : undefined;
  return { journal: 'catalog-upload', format: 1, tool: TOOL_VERSION, mode, target, origin, inputs, at: new Date().toISOString() };
}

/** "a real upload to veeqo at https://api.veeqo.com of catalog.csv, begun 2025-…" */
export function describeRun(h: JournalHeader): string {
  const what = { real: 'a real upload', sandbox: 'a --sandbox upload', 'dry-run': 'a dry run', validate: 'a validation', plan: 'a plan (--plan)' }[h.mode];
  const to = h.target ? `${h.mode === 'real' || h.mode === 'sandbox' ? ' to' : ' for'} ${h.target}` : '';
  const at = h.mode === 'real' && h.origin ? ` at ${h.origin}` : '';
  return `${what}${to}${at} of ${h.inputs.map((i) => shown(i.path)).join(', ') || '(no inputs)'}, ${h.resumed ? 'resumed' : 'begun'} ${h.at}`;
}

/** One way a run is not the one a journal records, with what to do about it. */
export interface Difference {
  /** `touched`: only the modification time differs (a fresh checkout): said, never blocking. */
  what: 'mode' | 'target' | 'origin' | 'inputs' | 'content' | 'touched';
  detail: string;
  todo: string;
}

/** How `run` differs from the run `journal` records (empty: the same run). */
export function differences(journal: JournalHeader, run: JournalHeader, baseUrlVariable?: string): Difference[] {
  const out: Difference[] = [];
  if (journal.mode !== run.mode) {
    out.push({ what: 'mode', detail: `the journal's run is ${journal.mode}, this one is ${run.mode}`, todo: 'run without --resume, or give this run its own --report' });
  }
  if (journal.target !== run.target) {
    out.push({ what: 'target', detail: `the journal's is ${journal.target}, this run's is ${run.target}`, todo: `add --target ${journal.target} to continue that run, or give this one its own --report` });
  }
  // A sandbox is a new fake on a new port every time: only a real upload's origin means something.
  if (run.mode === 'real' && journal.origin !== run.origin) {
    const where = baseUrlVariable ? `--base-url or ${baseUrlVariable}` : '--base-url';
    out.push({ what: 'origin', detail: `the journal's requests went to ${journal.origin}, this run's would go to ${run.origin}`, todo: `point ${where} at ${journal.origin} to continue that run (what it created is there), or give this run its own --report` });
  }
  const paths = (h: JournalHeader) => h.inputs.map((i) => i.path).join('\n');
  if (paths(journal) !== paths(run)) {
    out.push({ what: 'inputs', detail: `the journal's are ${list(journal)}, this run's are ${list(run)}`, todo: 'resume with the same inputs, or give this run its own --report' });
  } else {
    for (const [i, was] of journal.inputs.entries()) {
      const now = run.inputs[i]!;
      const changed: string[] = [];
      if (was.size !== now.size) changed.push(`size ${was.size} → ${now.size} bytes`);
      if (was.mtime !== now.mtime) changed.push(`modified ${was.mtime} → ${now.mtime}`);
      if (was.head !== now.head) changed.push('first 64 KiB differ');
      if (changed.length === 1 && was.mtime !== now.mtime) {
        // The same size and first bytes: the same file checked out or copied again (a CI re-run).
        out.push({ what: 'touched', detail: `${shown(was.path)} has a new modification time (${was.mtime} → ${now.mtime}) but the same size and first 64 KiB: taken as the same file`, todo: '' });
      } else if (changed.length) {
        out.push({ what: 'content', detail: `${shown(was.path)} changed since the journal began (${changed.join(', ')})`, todo: 'if you edited it (to fix rejected rows, say), add --inputs-changed: units are matched by key, so what was created is skipped; otherwise resume with the file as it was' });
      }
    }
  }
  return out;
}

function list(h: JournalHeader): string {
  return h.inputs.map((i) => shown(i.path)).join(', ') || '(none)';
}

/** A path as the user thinks of it: relative to the working directory when it is under it. */
export function shown(p: string): string {
  if (p === '-') return 'stdin';
  const rel = path.relative(process.cwd(), p);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : p;
}

/**
 * Sets a journal aside as `<name>.N`, N one more than any kept so far: an older one is never
 * overwritten (a hard link fails rather than replace; a rename only where links cannot be made).
 */
export function rotate(file: string): string {
  for (;;) {
    const to = nextRotation(file);
    try {
      linkSync(file, to);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EEXIST' || existsSync(to)) continue;
      renameSync(file, to);
      return to;
    }
    unlinkSync(file);
    return to;
  }
}

/** The name rotate() would give `file` now: `<name>.N`, N one more than the highest kept. */
export function nextRotation(file: string): string {
  const base = path.basename(file);
  let n = 0;
  for (const f of readdirSync(path.dirname(file))) {
    const m = f.startsWith(base + '.') ? /^\d+$/.exec(f.slice(base.length + 1)) : null;
    if (m) n = Math.max(n, Number(m[0]));
  }
  return `${file}.${n + 1}`;
}

export interface LoadedJournal {
  units: Map<string, PriorState>;
  plan: ResumePlan;
  /** The last header; undefined for a journal written before headers existed. */
  header?: JournalHeader;
}

const DONE: ReadonlySet<string> = new Set(['created', 'updated', 'unchanged', 'existing', 'skipped']);
const UNCERTAIN: ReadonlySet<string> = new Set(['sending', 'unknown']);

/** A journal read back for --resume, with its plan: done, to retry, uncertain. */
export async function loadJournal(file: string, target: string | undefined): Promise<LoadedJournal> {
  let loaded;
  try {
    loaded = await readReport(file);
  } catch (err) {
    throw new RunError('input', `--resume: cannot read report ${file}: ${(err as Error).message}`, { cause: err });
  }
  const plan: ResumePlan = { done: 0, to_retry: 0, uncertain: 0, torn_lines: loaded.torn };
  for (const [key, p] of loaded.units) {
    // A journal without a header still names each unit's target: one line of another is enough.
    if (!loaded.header && p.target && target && p.target !== target) {
      throw new RunError('usage', `--resume: ${file} is the report of an upload to ${p.target} (unit ${key}), not ${target}; use another --report`);
    }
    if (DONE.has(p.status)) plan.done++;
    else if (UNCERTAIN.has(p.status)) plan.uncertain++;
    else plan.to_retry++;
  }
  return { units: loaded.units, plan, header: loaded.header };
}

export { DONE, UNCERTAIN };
