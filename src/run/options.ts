// What a run is asked to do, and what it shows while it runs: the engine's options and snapshot.
import type { ReadOptions, ReadStats } from '../input/types.js';
import type { FinalStatus, JournalHeader } from '../output/report.js';
import type { PriorState } from '../output/report-read.js';
import type { Target } from '../targets/types.js';
import type { Sandbox } from '../sandbox/server.js';
import type { SecondRunOptions } from './existing.js';
import type { ResumePlan } from './tally.js';

export type Mode = 'validate' | 'dry-run' | 'upload';

export interface EngineOptions {
  mode: Mode;
  inputs: string[];
  read: ReadOptions;
  target?: Target;
  config?: unknown;
  baseUrl?: string;
  concurrency: number;
  /** Requests per second; Infinity for none. */
  rate: number;
  burst: number;
  retries: number;
  timeoutMs: number;
  /** The journal (--report) and what to do with it, as policy.ts decided. */
  journal?: JournalPlan;
  resendUnknown: boolean;
  rejectsPath?: string;
  payloadsPath?: string;
  maxErrors?: number;
  /** The longest pause a server may impose (Retry-After, rate-limit reset) before the run stops instead. */
  maxWaitMs?: number;
  /** A local fake the run sends to (`--sandbox`): closed when the run ends. */
  sandbox?: Sandbox;
  /** What to do with units the target already holds, and whether to only plan (src/run/existing.ts). */
  secondRun?: Omit<SecondRunOptions, 'resendUnknown'>;
}

/** The run's journal: opened when the run starts, after every check passed. */
export interface JournalPlan {
  path: string;
  /** write: create or truncate; append: --resume; rotate: keep the old one as `<path>.N`, then write. */
  action: 'write' | 'append' | 'rotate';
  header: JournalHeader;
  /** Said once the run starts (legacy journal, edited inputs). */
  notices: string[];
  /** --resume: the journal's last line per key, and the plan made of it. */
  prior?: Map<string, PriorState>;
  plan?: ResumePlan;
}

export interface Snapshot {
  stats: ReadStats;
  planned: number;
  counts: Record<FinalStatus, number>;
  inFlight: number;
  retrying: number;
  requests: number;
  pausedFor: number;
  elapsedMs: number;
  /** The reader reached the end of every input: `planned` is the run's total. */
  readAll: boolean;
  /** Requests per second the run may send (Infinity: no limit). */
  rateLimit: number;
}
