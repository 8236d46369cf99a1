// The run: read → validate → plan units → build each request once and check it → send → record (docs/architecture.md).
// Streaming end to end: workers pull one unit at a time from the reader, so memory stays flat.
// The engine emits events and exposes a snapshot; the CLI's progress and summary subscribe.
import { EventEmitter, setMaxListeners } from 'node:events';
import { RunError } from '../errors.js';
import { newStats } from '../input/read.js';
import { RejectsWriter } from '../output/rejects.js';
import { formatIssue, type LocatedIssue } from '../issues.js';
import { type FinalStatus, ReportWriter } from '../output/report.js';
import { PayloadWriter } from '../output/payloads.js';
import type { RequestSpec, Unit } from '../targets/types.js';
import type { HttpClient } from '../transport/http.js';
import { MIN_SETTLE_MS } from '../transport/retry.js';
import { AnswerWatch } from '../transport/answers.js';
import { RateLimiter } from '../transport/rate.js';
import { redact } from '../secrets.js';
import { type Summary, Tally } from './tally.js';
import { observeRequests } from './requests.js';
import type { Journal, UnitFlow, UnitOutcome } from './existing.js';
import type { ProductRecord } from '../input/types.js';
import { rotate } from './journal.js';
import { type InFlight, stopOutcome } from './inflight.js';
import type { EngineOptions, Snapshot } from './options.js';
import { type Item, planItems } from './units.js';

export type { EngineOptions, JournalPlan, Mode, Snapshot } from './options.js';

export class Engine extends EventEmitter {
  private readonly stats = newStats();
  private readonly tally = new Tally();
  private readonly inFlight = new Map<string, InFlight>();
  private readonly controller = new AbortController();
  /** Ends every wait (rate-limit pause, backoff) at once: the first Ctrl-C, or a run-level stop. */
  private readonly waits = new AbortController();
  private readonly retryingKeys = new Set<string>();
  /** Units whose retry is scheduled and has not left yet. */
  private readonly awaitingRetry = new Set<string>();
  private started = performance.now();
  private draining = false;
  /** The reader reached the end of every input (not stopped by an abort or Ctrl-C). */
  private readAll = false;
  private abortError: RunError | undefined;
  private report: ReportWriter | undefined;
  private rejects: RejectsWriter | undefined;
  private payloads: PayloadWriter | undefined;
  private rate: RateLimiter | undefined;
  private http: HttpClient | undefined;
  private stopped = false;
  private flow: UnitFlow | undefined;

  constructor(private readonly opts: EngineOptions) {
    super();
    // Every request and retry wait in flight listens on these signals (concurrency × 2 at once).
    setMaxListeners(0, this.controller.signal, this.waits.signal);
    // How each file is read: said once, as it is read (its warnings go with its products).
    opts.read.onNotice ??= (message) => this.emit('notice', message);
    opts.read.onFileWarnings ??= (warnings) => this.tally.warnings.file(warnings);
  }

  snapshot(): Snapshot {
    return {
      stats: this.stats,
      planned: this.tally.planned,
      counts: this.tally.counts,
      inFlight: this.inFlight.size,
      retrying: this.retryingKeys.size,
      requests: this.tally.requests.sent,
      pausedFor: this.rate?.pausedFor() ?? 0,
      elapsedMs: performance.now() - this.started,
      readAll: this.readAll,
      rateLimit: this.opts.rate,
    };
  }

  /** First Ctrl-C: send nothing new, let in-flight requests finish, then summarise. */
  drain(): void {
    this.draining = true;
    this.waits.abort();
  }

  /**
   * Second Ctrl-C: stop now. An in-flight unit whose request may have been acted on is recorded
   * `unknown` (resolved on --resume); one whose requests were all refused unacted (a 429) gets
   * `not_sent`, over its `sending` line; one that never reached the wire gets no line. Every one
   * of the last two is counted "not sent", and a resume sends it. Safe to call at any moment,
   * and more than once: the caller exits right after.
   */
  stopNow(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.draining = true;
    const target = this.opts.target?.name;
    for (const [key, f] of this.inFlight) {
      const outcome = stopOutcome(f);
      if (outcome === 'unknown') {
        this.settle({ kind: 'final', record: f.record, unit: f.unit, line: { key, source: f.unit.source, target, status: 'unknown', error: 'interrupted while the request was in flight: it may have been created', warnings: f.warnings, ...f.step } });
        continue;
      }
      this.tally.notSent++;
      if (outcome === 'not_sent') this.report?.write({ key, source: f.unit.source, target, status: 'not_sent', error: 'stopped before any request of it was acted on: a resume sends it', ...f.step, at: new Date().toISOString() });
    }
    this.inFlight.clear();
    this.report?.close();
    this.waits.abort();
    this.controller.abort();
    this.rate?.close(); // workers waiting for a turn (a 429 pause) wake and see the abort
  }

  async run(): Promise<Summary> {
    const { opts } = this;
    if (opts.sandbox) this.emit('sandbox', { url: opts.sandbox.url, title: opts.target?.title, closed: false });
    for (const message of opts.journal?.notices ?? []) this.emit('notice', message);
    if (opts.journal?.plan) this.emit('plan', opts.journal.plan);
    try {
      await this.open();
      await this.work();
    } catch (err) {
      if (!(err instanceof RunError) || !['auth', 'aborted'].includes(err.code)) throw err;
      this.abortError ??= err;
    } finally {
      this.rate?.close();
      this.report?.writeRunWarnings(this.tally.warnings.list().filter((g) => g.run));
      this.report?.close();
      await this.rejects?.close();
      this.payloads?.close();
      await this.http?.close().catch(() => undefined);
      await this.closeSandbox();
    }
    return this.summary();
  }

  /** The output files opened: only now, once every check has passed and the inputs were found. */
  private async open(): Promise<void> {
    const { opts } = this;
    const j = opts.journal;
    if (j) {
      if (j.action === 'rotate') this.emit('notice', `${j.path} held an earlier run: kept as ${rotate(j.path)}`);
      this.report = new ReportWriter(j.path, { append: j.action === 'append', header: j.header });
    }
    if (opts.rejectsPath) this.rejects = new RejectsWriter(opts.rejectsPath);
    if (opts.payloadsPath) this.payloads = new PayloadWriter(opts.payloadsPath);
  }

  private async work(): Promise<void> {
    const { opts } = this;
    const items = planItems({
      mode: opts.mode, inputs: opts.inputs, read: opts.read, target: opts.target, config: opts.config, stats: this.stats, tally: this.tally,
      prior: opts.journal?.prior ?? new Map(),
      stopping: () => this.draining || this.abortError !== undefined,
      writePayload: this.payloads && ((unit, request) => this.writePayload(this.payloads!, unit, request)),
      onReadAll: () => (this.readAll = true),
    });
    if (opts.mode !== 'upload') {
      for await (const item of items) if (item.kind === 'final') this.settle(item);
      return;
    }
    // The HTTP stack (undici) loads only for uploads: checking a file needs none of it.
    const [{ HttpClient }, { UnitFlow }] = await Promise.all([import('../transport/http.js'), import('./existing.js')]);
    const baseUrl = opts.baseUrl ?? opts.target!.baseUrl(opts.config);
    const http = (this.http = new HttpClient(baseUrl, { connections: opts.concurrency, timeoutMs: opts.timeoutMs }));
    if (this.listenerCount('request')) observeRequests(http, (e) => this.emit('request', e));
    this.rate = new RateLimiter(opts.rate, opts.burst, { maxWaitMs: opts.maxWaitMs });
    const answers = new AnswerWatch(baseUrl);
    try {
      await Promise.all(Array.from({ length: opts.concurrency }, () => this.worker(items, http, UnitFlow, answers)));
    } finally {
      // Workers stopped early (Ctrl-C, abort) leave the reader suspended: close it, so that it
      // closes its files and stops its CSV worker thread, which would keep the process alive.
      await items.return(undefined);
    }
  }

  private async closeSandbox(): Promise<void> {
    const sandbox = this.opts.sandbox;
    if (!sandbox) return;
    this.emit('sandbox', { url: sandbox.url, title: this.opts.target?.title, requests: sandbox.stats.requests, created: sandbox.store.created.length, updated: sandbox.store.updates, closed: true });
    await sandbox.close();
  }

  /** What a unit's flow (lookup, create, update, stock) needs from the run: one per run. */
  private flowFor(http: HttpClient, Flow: typeof UnitFlow, answers: AnswerWatch): UnitFlow {
    const ctx = {
      target: this.opts.target!,
      config: this.opts.config,
      http,
      rate: this.rate!,
      retries: this.opts.retries,
      signal: this.controller.signal,
      waits: this.waits.signal,
      answers,
      draining: () => this.draining || this.abortError !== undefined,
      onRetry: (key: string, reason: string, waitMs: number) => {
        // Counted when the retry leaves (onWire): a wait cut short by a stop retried nothing.
        this.awaitingRetry.add(key);
        this.retryingKeys.add(key);
        this.emit('retry', { key, reason, waitMs });
      },
      onLookupRetried: () => this.tally.requests.retried++,
      settleMs: Math.max(this.opts.timeoutMs, MIN_SETTLE_MS),
      timeoutMs: this.opts.timeoutMs,
      onRequest: (status: number | 'error') => {
        this.tally.requests.sent++;
        if (status === 429) this.tally.requests.rate_limited++;
        if (status === 'error') this.tally.requests.errors++;
      },
      onWire: (key: string, mayHaveActed: boolean) => this.onWire(key, mayHaveActed),
    };
    return (this.flow ??= new Flow(ctx, { existing: 'skip', plan: false, ...this.opts.secondRun, resendUnknown: this.opts.resendUnknown }, (m) => this.emit('notice', m)));
  }

  private async worker(items: AsyncGenerator<Item>, http: HttpClient, Flow: typeof UnitFlow, answers: AnswerWatch): Promise<void> {
    const target = this.opts.target!;
    const flow = this.flowFor(http, Flow, answers);
    for (;;) {
      if (this.draining || this.abortError) return;
      const next = await items.next();
      if (next.done) return;
      const item = next.value;
      if (item.kind === 'final') {
        this.settle(item);
        continue;
      }
      if (this.draining || this.abortError) {
        this.tally.notSent++; // pulled but never sent: no line, so a resume does it
        continue;
      }
      const { unit } = item;
      const started = performance.now();
      // In flight from here; its `sending` line is written when its first request is about to leave.
      const f: InFlight = { unit, record: item.record, warnings: item.warnings, journaled: false, mayHaveActed: false };
      this.inFlight.set(unit.key, f);
      // A write step after the create (an update, stock levels) is journaled with its step first.
      const journal: Journal = (step) => {
        f.journaled = true;
        f.step = step;
        return this.report?.writeBeforeSend({ key: unit.key, source: unit.source, target: target.name, status: 'sending', ...step, at: new Date().toISOString() }) ?? Promise.resolve();
      };
      try {
        const out = await flow.run(unit, item.request, item.prior, journal);
        if (!this.inFlight.delete(unit.key)) continue; // already recorded by stopNow()
        if (out.stop) {
          // Credentials refused, a wait past --max-wait, answers not understood: end the run.
          this.abortError ??= out.stop;
          this.waits.abort();
        }
        if (out.unsent || (!f.journaled && out.status === 'failed' && out.attempts === 0)) {
          // Stopped before anything of it was acted on: no line (or `not_sent` over its `sending`
          // line), counted "not sent", and a resume sends it.
          this.tally.notSent++;
          if (f.journaled) this.report?.write({ key: unit.key, source: unit.source, target: target.name, status: 'not_sent', error: out.error ?? null, ...f.step, at: new Date().toISOString() });
          continue;
        }
        const warnings = out.warning ? [...item.warnings, this.unitWarning(item.record, unit.key, out.warning)] : item.warnings;
        this.settle({
          kind: 'final', record: item.record, unit,
          line: { key: unit.key, source: unit.source, target: target.name, status: out.status, code: out.code, remote_id: out.remoteId ?? null, http_status: out.httpStatus ?? null, attempts: out.attempts, ms: Math.round(performance.now() - started), error: out.error ?? null, warnings, changes: out.changes, step: out.step, done: out.done },
        });
      } catch (err) {
        this.inFlight.delete(unit.key);
        if (err instanceof RunError) {
          this.abortError ??= err;
          // Stopped before any request of it left (an unreachable host, a lookup not understood):
          // not sent, no line, and a resume sends it.
          if (err.code !== 'auth' && !f.journaled) {
            this.tally.notSent++;
            return;
          }
          // Credentials rejected: this unit was refused, not created.
          this.settle({ kind: 'final', record: item.record, unit, line: { key: unit.key, source: unit.source, target: target.name, status: 'failed', error: err.message, attempts: 1, warnings: item.warnings } });
          return;
        }
        throw err;
      }
    }
  }

  /**
   * send.ts tells when a unit's create request is about to leave (mayHaveActed true: awaited, so
   * its `sending` line is on disk first) and, after each answer, whether anything sent so far
   * may have been acted on. stopNow() decides from this which units are `unknown`.
   */
  private async onWire(key: string, mayHaveActed: boolean): Promise<void> {
    const f = this.inFlight.get(key);
    if (!f) return;
    if (mayHaveActed && this.awaitingRetry.delete(key)) this.tally.requests.retried++;
    if (mayHaveActed && !f.journaled) {
      f.journaled = true; // queued: even if stopped before it is on disk, close() writes it
      await this.report?.writeBeforeSend({ key, source: f.unit.source, target: this.opts.target!.name, status: 'sending', at: new Date().toISOString() });
    }
    f.mayHaveActed = mayHaveActed;
  }

  /** A warning the flow found about a unit, located in the catalog and counted in the run's warnings. */
  private unitWarning(record: ProductRecord, key: string, w: NonNullable<UnitOutcome['warning']>): string {
    const issue: LocatedIssue = { ...record.locate(w.field), code: w.code, expected: w.expected, found: w.found, severity: 'warning' };
    this.tally.warnings.record({ key, warnings: [issue] });
    return formatIssue(issue);
  }

  /** Records a unit's final status: report, rejects, counters, --max-errors. */
  private settle(item: Extract<Item, { kind: 'final' }>): void {
    const { line } = item;
    const status = line.status as FinalStatus;
    this.retryingKeys.delete(line.key);
    this.awaitingRetry.delete(line.key);
    if (line.at === undefined && this.opts.mode === 'upload') line.at = new Date().toISOString();
    const failed = this.tally.add(line);
    this.report?.write(line);
    if (failed) {
      if (status !== 'unknown' || this.opts.mode !== 'upload') this.rejectRows(item);
      const errors = this.tally.errors;
      if (this.opts.maxErrors !== undefined && errors >= this.opts.maxErrors && !this.abortError) {
        this.abortError = new RunError('aborted', `stopped after ${errors} error(s) (--max-errors ${this.opts.maxErrors})`);
        this.waits.abort();
      }
    }
    // The record too, for writers that need more than the line (the element's line in a JSON file).
    this.emit('unit', line, item.record);
  }

  private rejectRows(item: Extract<Item, { kind: 'final' }>): void {
    if (!this.rejects) return;
    const { record, unit, line } = item;
    const reasons = line.errors?.length ? line.errors.map(formatIssue) : [redact(line.error ?? line.status)];
    // A per-variant unit (S2) rejects only its own row of a CSV product.
    if (unit?.variant && record.product && record.format !== 'json' && record.format !== 'ndjson') {
      const idx = record.product.variants.indexOf(unit.variant);
      const row = record.rows[idx];
      if (row) return this.rejects.add({ ...record, rows: [row] }, reasons);
    }
    this.rejects.add(record, reasons);
  }

  /** Writes one request to --payloads; false (and the run stops) once its reader has gone (`| head`). */
  private async writePayload(out: PayloadWriter, unit: Unit, req: RequestSpec): Promise<boolean> {
    if (await out.write(JSON.stringify({ key: unit.key, method: req.method, path: req.path, headers: req.headers, body: req.body }))) return true;
    this.abortError ??= out.failure
      ? new RunError('input', `--payloads: cannot write: ${out.failure.message}`)
      : new RunError('closed', 'the reader of stdout went away: stopped reading (the report holds every unit checked until then)');
    return false;
  }

  private summary(): Summary {
    return this.tally.summary({
      mode: this.opts.mode, target: this.opts.target?.name, stats: this.stats, readAll: this.readAll, elapsedMs: performance.now() - this.started,
      aborted: this.abortError?.message, draining: this.draining, resume: this.opts.journal?.plan, plan: this.opts.secondRun?.plan,
      report: this.opts.journal?.path, rejects: this.opts.rejectsPath, payloads: this.opts.payloadsPath,
    });
  }

  /** The journal's path (the default one when no --report was named), if the run keeps one. */
  get reportPath(): string | undefined {
    return this.opts.journal?.path;
  }

  /** The run-level error that stopped the run early, if any (for the exit code). */
  get abortReason(): RunError | undefined {
    return this.abortError;
  }
}
