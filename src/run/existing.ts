// Second runs: every unit is looked up before anything is written, whatever the report says, then
// created, or (found) skipped, refused, updated or left unchanged as --existing says; Veeqo stock
// levels follow as a step of their own. Each write step is journaled (a `sending` line naming the
// step) before its first request, so --resume finishes a unit where it stopped and never creates
// it again. With --plan the same decisions are taken and no write request is sent.
import type { FinalStatus } from '../output/report.js';
import type { PriorState } from '../output/report-read.js';
import type { Change, Existing, Remote, RequestSpec, Unit } from '../targets/types.js';
import { type AttemptState, attempt, getWithRetries, newAttemptState, pause, type SendContext, sendUnit, stopped } from '../transport/send.js';
import { backoffMs } from '../transport/retry.js';
import { RunError } from '../errors.js';
import { statusMessage } from '../targets/shared.js';
import { changesOf, stockChanges, unitSkus } from '../targets/diff.js';
import { intentFor, UNCERTAIN, verdictFor } from './decide.js';
import { RemoteIndex } from './remote-index.js';

import type { ExistingMode } from './second-run-options.js';

/** Failed lookups in a row after which a create that cannot duplicate is sent without one. */
const LOOKUP_GIVE_UP = 3;

/** The longest a resume waits for a request still in the server's hands (see UnitFlow.settle). */
const RESUME_SETTLE_MS = 5_000;

export interface SecondRunOptions {
  existing: ExistingMode;
  /** Look up and decide, send no write (`upload --plan`). */
  plan: boolean;
  resendUnknown: boolean;
}

/** The write steps of a unit, in order; the journal names the one under way. */
export type Step = 'create' | 'update' | 'stock';

/**
 * Journaled before the first request of a step after the create (an update, stock levels): a
 * `sending` line with the step, the product's id and the status reached. (A create's own line is
 * written as its first request leaves.)
 */
export type Journal = (line: { step: Step; remote_id?: string; done?: FinalStatus }) => Promise<void>;

export interface UnitOutcome {
  status: FinalStatus;
  remoteId?: string | null;
  httpStatus?: number | null;
  attempts: number;
  error?: string;
  code?: string;
  changes?: Change[];
  /** The step it stopped in, and the status reached before it (for --resume). */
  step?: Step;
  done?: FinalStatus;
  /** A run-level stop (credentials refused, a wait past --max-wait, answers not understood). */
  stop?: RunError;
  /** Stopped by the run before any request of it was acted on (send.ts): a resume sends it. */
  unsent?: boolean;
  /** Something the user should know of this unit (the engine locates it in the catalog). */
  warning?: { field: string; code: string; expected: string; found: string };
}


export class UnitFlow {
  private readonly existing: Existing<unknown> | undefined;
  private readonly index: RemoteIndex | undefined;
  private readonly location: string | undefined;
  private warned = false;
  private warnedBlind = false;
  private warnedSettle = false;
  /** Lookups failed in a row: past LOOKUP_GIVE_UP, a create that cannot duplicate no longer asks first. */
  private failedLookups = 0;

  constructor(
    private readonly ctx: SendContext,
    private readonly opts: SecondRunOptions,
    private readonly notice: (message: string) => void,
  ) {
    const ex = ctx.target.existing as Existing<unknown> | undefined;
    this.existing = ex;
    this.index = ex?.listing ? new RemoteIndex(ctx, { ...ex, listing: ex.listing }) : undefined;
    this.location = ex?.stock?.location(ctx.config);
  }

  /** Takes one unit from lookup to its final status. */
  async run(unit: Unit, request: RequestSpec, prior: PriorState | undefined, journal: Journal): Promise<UnitOutcome> {
    const ex = this.existing;
    const uncertain = prior !== undefined && UNCERTAIN.has(prior.status);
    // A create's `sending` line is written by the engine as its first request leaves (send.ts onWire).
    if (!ex) return sendUnit(this.ctx, unit, request, uncertain, this.opts.resendUnknown);
    this.warnNoLocation(unit);
    const state = newAttemptState();
    const blind = this.failedLookups >= LOOKUP_GIVE_UP && this.replaySafe();
    let found = blind ? 'error' : await this.find(unit, state);
    if (found === null && uncertain) {
      // Not there yet may be "not yet": see settle().
      const waited = await this.settle(prior!);
      if (waited === 'stopped') return { status: 'failed', attempts: 0, unsent: true, error: 'stopped while waiting to check it again: a resume checks it' };
      if (waited) found = await this.lookupOne(unit, state, this.replaySafe());
    }
    if (found === 'error' && stopped(this.ctx)) {
      // The lookup was cut by a stop, not failed: nothing was decided, a resume does it.
      return { status: 'failed', attempts: 0, unsent: true, error: 'stopped before its lookup answered: a resume sends it' };
    }
    if (found === 'error') {
      if (!blind) this.failedLookups++;
      // The lookup cannot say whether it exists. Where the create itself cannot duplicate (an
      // idempotency key replays an earlier create; an upsert updates it), create: a unit an
      // earlier run was sending is never left unknown when a safe resend exists. Otherwise the
      // decision needs the lookup: not sent.
      if (this.replaySafe()) {
        this.warnBlind(state.lastError || 'it failed');
        return this.create(unit, request, uncertain, journal);
      }
      return { status: 'failed', attempts: 0, code: 'lookup.failed', error: `not sent: the lookup that checks whether ${this.ctx.target.title} holds it failed: ${state.lastError}` };
    }
    this.failedLookups = 0;
    // Just looked up and not there: an earlier run's create that may have happened did not (the
    // lookup settles it, as issue 9 asks, on S2 too), so it is sent without asking again.
    if (!found) return this.opts.plan ? { status: 'to_create', attempts: 0 } : this.create(unit, request, false, journal);

    const intent = intentFor(this.opts.existing, prior);
    const remoteId = found.id;
    const changes = intent.update || this.opts.plan ? this.changes(unit, request, found) : [];
    const stock = this.location && intent.stock ? stockChanges(unit, found, this.location) : [];
    const all = [...changes, ...stock];
    const verdict = verdictFor(intent, this.opts.existing, this.opts.plan, changes.length, stock.length);
    if (verdict.code) return { status: verdict.status, remoteId, attempts: 0, code: verdict.code, error: `${this.ctx.target.title} already holds it as ${remoteId} (--existing ${this.opts.existing})` };
    // A plan shows what differs, even of a product it skips.
    if (!verdict.send) return { status: verdict.status, remoteId, attempts: 0, changes: this.opts.plan && all.length ? all : undefined, warning: intent.update ? undefined : this.lacking(unit, found) };

    let remote = found;
    if (changes.length) {
      await journal({ step: 'update', remote_id: remoteId });
      const out = await this.update(unit, request, remote, changes, state);
      if (!('ok' in out)) return { ...out, remoteId, step: 'update', done: intent.base };
      remote = out.remote ?? remote;
    }
    // After an update, the levels to set are read against what it answered (an added variant's id).
    return this.setStock(unit, remote, stock.length && changes.length ? stockChanges(unit, remote, this.location!) : stock, verdict.status, state, journal, all);
  }

  /** Not held: create it (the create's own retries and dedupe apply), then its stock. */
  /** `uncertain`: an earlier run may have created it, and no lookup has said otherwise. */
  private async create(unit: Unit, request: RequestSpec, uncertain: boolean, journal: Journal): Promise<UnitOutcome> {
    const out = await sendUnit(this.ctx, unit, request, uncertain, this.opts.resendUnknown);
    if ((out.status !== 'created' && out.status !== 'existing') || !this.location || !out.remoteId) return out;
    const state = newAttemptState();
    let remote = out.body === undefined ? undefined : this.existing!.read(out.body);
    if (!remote?.variants.size) {
      const fresh = await this.lookupOne(unit, state);
      if (fresh === 'error' || !fresh) return { ...out, status: 'failed', step: 'stock', done: out.status, error: `${out.status} as ${out.remoteId}, but reading its variant ids for the stock levels failed: ${state.lastError || 'not found'}` };
      remote = fresh;
    }
    const stock = stockChanges(unit, remote, this.location);
    const done = await this.setStock(unit, remote, stock, out.status, state, journal, stock);
    return { ...done, attempts: done.attempts + out.attempts, httpStatus: done.httpStatus ?? out.httpStatus, changes: undefined };
  }

  /** Where the unit is: from the shared listing, else a lookup of its own. */
  private async find(unit: Unit, state: AttemptState): Promise<Remote | null | 'error'> {
    const indexed = this.index ? await this.index.find(unitSkus(unit)) : 'ask';
    return indexed === 'ask' ? this.lookupOne(unit, state, this.replaySafe()) : indexed;
  }

  /**
   * The unit's own lookup (all pages), read into a Remote. An answer it cannot read stops the
   * run (read as "not found", it would create everything again), unless `tolerant`: then it is a
   * failed lookup, for a create that cannot duplicate.
   */
  private async lookupOne(unit: Unit, state: AttemptState, tolerant = false): Promise<Remote | null | 'error'> {
    const ex = this.existing!;
    let cursor: string | undefined;
    for (let page = 0; page < 10_000; page++) {
      const res = await getWithRetries(this.ctx, ex.lookup.request(unit, this.ctx.config, cursor), state);
      if (res === 'error') return 'error';
      const items = ex.items(res.body);
      if (!items) {
        const what = `${this.ctx.target.title} answered a lookup in a shape this tool cannot read (${statusMessage(res.status, res.body)})`;
        if (!tolerant) throw new RunError('aborted', `${what}: stopped before writing anything on its word (is the base URL right? docs/targets.md)`);
        state.lastError = what;
        return 'error';
      }
      const m = ex.lookup.match(unit, res.body, cursor);
      if (m.found) {
        const remote = items.map((i) => ex.read(i)).find((r) => r?.id === m.found);
        if (remote) return remote;
        state.lastError = `found ${m.found} but could not read it`;
        return 'error';
      }
      if (!m.next) return null;
      cursor = m.next;
    }
    return 'error';
  }

  private changes(unit: Unit, request: RequestSpec, remote: Remote): Change[] {
    const up = this.existing?.update;
    return up ? changesOf(up.desired(unit, request.body), remote) : [];
  }

  /**
   * Sends the update, retrying what may be retried. An ambiguous failure is retried too (an update
   * sets values), after reading the product again: what landed is not sent twice (a variant to
   * add, above all), and nothing at all is sent when everything landed.
   */
  private async update(unit: Unit, create: RequestSpec, remote: Remote, changes: Change[], state: AttemptState): Promise<{ ok: true; remote?: Remote } | UnitOutcome> {
    const up = this.existing!.update!;
    for (let i = 0; i <= this.ctx.retries; i++) {
      // Once the run drains (Ctrl-C), a step under way gets no retry: --resume finishes it.
      if (this.ctx.signal.aborted || (this.ctx.draining() && i > 0)) break;
      let req: RequestSpec;
      try {
        req = up.request(unit, remote, changes, create.body, this.ctx.config);
      } catch (err) {
        // The target cannot express this update without a guess (docs/targets.md): refused, nothing sent.
        return { status: 'failed', attempts: state.attempts, code: 'update.refused', error: (err as Error).message };
      }
      const bad = up.requestSchema.safeParse(req.body);
      if (!bad.success) return { status: 'failed', attempts: state.attempts, code: 'update.schema', error: `the update body does not pass ${this.ctx.target.title}'s schema: ${bad.error.issues.map((x) => `${x.path.join('.')}: ${x.message}`).join('; ')}` };
      const v = await attempt(this.ctx, unit, req, state, 'write');
      if (v.kind === 'interrupted') break;
      if (v.kind === 'created') return { ok: true, remote: v.body === undefined ? undefined : this.existing!.read(v.body) };
      if (v.kind === 'failed') return { status: 'failed', httpStatus: v.status, attempts: state.attempts, error: v.error };
      if (v.kind === 'acted') {
        const fresh = await this.lookupOne(unit, state);
        if (fresh === 'error') break;
        if (!fresh) return { status: 'failed', attempts: state.attempts, error: `the product disappeared from ${this.ctx.target.title} during the update` };
        remote = fresh;
        changes = this.changes(unit, create, fresh);
        if (!changes.length) return { ok: true, remote: fresh };
      }
      if (i < this.ctx.retries) await this.wait(unit, v.kind === 'retry' ? v.waitMs : undefined, i, state);
    }
    return this.gaveUp(state);
  }

  /** Sets each changed stock level (a PUT: repeating it is safe, so every failure that may be retried is). */
  private async setStock(unit: Unit, remote: Remote, stock: Change[], status: FinalStatus, state: AttemptState, journal: Journal, changes: Change[]): Promise<UnitOutcome> {
    const done = { status, remoteId: remote.id, attempts: state.attempts, httpStatus: state.lastStatus, changes: changes.length ? changes : undefined };
    if (!stock.length) return done;
    const spec = this.existing!.stock!;
    await journal({ step: 'stock', remote_id: remote.id, done: status });
    for (const c of stock) {
      if (!remote.variants.get(c.sku!)?.id) {
        // A variant the update just added, which its answer did not show: read the product again.
        const fresh = await this.lookupOne(unit, state);
        if (fresh && fresh !== 'error') remote = fresh;
      }
      const variantId = remote.variants.get(c.sku!)?.id;
      if (!variantId) return { ...done, status: 'failed', step: 'stock', done: status, error: `${status} as ${remote.id}, but ${this.ctx.target.title} showed no id for variant ${c.sku}: its stock level was not set` };
      const req = spec.request(variantId, this.location!, c.to as number, this.ctx.config);
      const out = await this.repeat(unit, req, state);
      if (out) return { ...out, remoteId: remote.id, step: 'stock', done: status, error: `${status} as ${remote.id}, but setting the stock of ${c.sku}: ${out.error}` };
    }
    return { ...done, attempts: state.attempts, httpStatus: state.lastStatus };
  }

  /** A request that sets a value, retried on any failure that may be retried; undefined once it succeeded. */
  private async repeat(unit: Unit, req: RequestSpec, state: AttemptState): Promise<UnitOutcome | undefined> {
    for (let i = 0; i <= this.ctx.retries; i++) {
      if (this.ctx.signal.aborted || (this.ctx.draining() && i > 0)) break;
      const v = await attempt(this.ctx, unit, req, state, 'write');
      if (v.kind === 'interrupted') break;
      if (v.kind === 'created') return undefined;
      if (v.kind === 'failed') return { status: 'failed', httpStatus: v.status, attempts: state.attempts, error: v.error };
      // A 5xx or a drop may have set it, or not: setting it again is harmless.
      if (i < this.ctx.retries) await this.wait(unit, v.kind === 'retry' ? v.waitMs : undefined, i, state);
    }
    return this.gaveUp(state);
  }

  private async wait(unit: Unit, serverWait: number | undefined, i: number, state: AttemptState): Promise<void> {
    const ms = serverWait ?? backoffMs(i);
    this.ctx.onRetry(unit.key, state.lastError, ms);
    await pause(this.ctx, ms);
  }

  private gaveUp(state: AttemptState): UnitOutcome {
    const why = state.attempts ? `gave up after ${state.attempts} attempt(s): ${state.lastError}` : 'not sent: the run was interrupted';
    return { status: state.maybeReached ? 'unknown' : 'failed', httpStatus: state.lastStatus, attempts: state.attempts, error: why };
  }

  /**
   * An earlier run's request of this unit may still be in the server's hands when the run is
   * resumed at once (a double Ctrl-C, then --resume): a lookup that finds nothing could miss a
   * create that lands a moment later, and the resend would duplicate it. Where a resend is not
   * replay-safe, and the unit's last line is recent, wait until the server has had its time
   * (--timeout, at most RESUME_SETTLE_MS) since that line, then look again. True when it waited.
   */
  private async settle(prior: PriorState): Promise<boolean | 'stopped'> {
    const kind = this.ctx.target.dedupe.kind;
    if (kind === 'upsert' || kind === 'idempotency-key' || !prior.at) return false;
    const wait = Date.parse(prior.at) + Math.min(this.ctx.timeoutMs ?? 0, RESUME_SETTLE_MS) - Date.now();
    if (!(wait > 0)) return false;
    if (!this.warnedSettle) {
      this.warnedSettle = true;
      this.notice(`units in flight when the earlier run stopped, and not found, are checked again once ${this.ctx.target.title} has had time to finish them (${Math.ceil(wait / 1000)} s)`);
    }
    return (await pause(this.ctx, wait)) ? true : 'stopped';
  }

  /**
   * Variants the catalog has that the product held lacks (a handle's rows split in the file and
   * refused the first time, a variant added since): left alone by a skip, they would go unseen.
   */
  private lacking(unit: Unit, found: Remote): UnitOutcome['warning'] {
    // An answer that shows no variants says nothing about which ones are held.
    const missing = found.skus.length ? unitSkus(unit).filter((s) => !found.skus.includes(s)) : [];
    if (!missing.length) return undefined;
    const t = this.ctx.target.title;
    const fix = this.existing?.update ? 'run again with --existing update to add them' : `${t} cannot update a product: add them there, or give them a handle of their own`;
    return { field: 'variants', code: 'existing.lacks_variants', expected: `${t} to hold every variant of the product; ${fix}`, found: `${found.id} without ${missing.join(', ')}` };
  }

  /**
   * Whether this unit's create is safe to send without a lookup: an idempotency key replays a
   * create this tool made (--existing skip: nothing else would be sent), an upsert updates the
   * product it made (skip or update). Never for a plan, nor for --existing fail.
   */
  private replaySafe(): boolean {
    if (this.opts.plan) return false;
    const kind = this.ctx.target.dedupe.kind;
    if (kind === 'idempotency-key') return this.opts.existing === 'skip';
    return kind === 'upsert' && this.opts.existing !== 'fail';
  }

  /** Once per run: lookups fail, so creates rely on the idempotency key or the upsert alone. */
  private warnBlind(why: string): void {
    if (this.warnedBlind) return;
    this.warnedBlind = true;
    const t = this.ctx.target.title;
    const how = this.ctx.target.dedupe.kind === 'upsert'
      ? `products are sent as upserts (${this.ctx.target.dedupe.description}), so none is created twice, but one that exists is updated with the file's values rather than skipped`
      : `products are created with their idempotency key, which replays a create this tool made earlier while ${t} keeps the key; a product made otherwise may not be found`;
    this.notice(`${t}'s lookup failed (${why}): ${how}. Check the lookup (docs/targets.md), then run again.`);
  }

  /** Once per run: stock levels given, but no location to set them at. */
  private warnNoLocation(unit: Unit): void {
    const spec = this.existing?.stock;
    if (!spec || this.location || this.warned || !unit.product.variants.some((v) => v.inventory_quantity !== undefined)) return;
    this.warned = true;
    this.notice(`${this.ctx.target.title} stock levels are not set: no warehouse given. ${spec.hint}, then pass --warehouse <id> (or set ${spec.env}).`);
  }
}
