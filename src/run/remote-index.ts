// What the target holds, read once from its product listing and shared by every unit of a run:
// one listing page (100 products) answers for many units, where a lookup per unit costs a
// request each. The listing is only worth it while it is no longer than the lookups it saves, so
// it is paged lazily and only while its pages number fewer than the units asked so far; after
// that, a unit it has not seen is looked up alone. Whatever the order, that never costs more than
// twice the cheaper of the two (the ski-rental rule), and an unchanged second run of a file
// costs about one request per page. Targets whose lookup itself pages the whole listing (Panora)
// always use the listing.
import type { Existing, Remote } from '../targets/types.js';
import { getWithRetries, newAttemptState, type SendContext } from '../transport/send.js';

/** A Remote, null when the target does not hold the unit, or 'ask' to look it up alone. */
export type Indexed = Remote | null | 'ask';

/**
 * Products held in memory at most (a compact Remote is well under 2 KB): past this, a shop far
 * larger than any file is no longer read whole, and units are looked up one by one.
 */
export const MAX_INDEXED = 100_000;

export class RemoteIndex {
  private readonly bySku = new Map<string, Remote>();
  /** Ids of the products read so far. */
  private readonly ids = new Set<string>();
  private cursor: string | undefined;
  /** Cursors go in their other spelling (listing.altCursor): the one as given failed once. */
  private altCursors = false;
  private complete = false;
  /** A page could not be fetched: units are looked up alone from then on. */
  private broken = false;
  private pages = 0;
  private indexed = 0;
  /** Units that asked: the listing may cost this many requests, no more. */
  private demand = 0;
  private fetching: Promise<void> | undefined;

  constructor(
    private readonly ctx: SendContext,
    private readonly existing: Existing<unknown> & { listing: NonNullable<Existing<unknown>['listing']> },
  ) {}

  async find(skus: readonly string[]): Promise<Indexed> {
    this.demand++;
    for (;;) {
      for (const sku of skus) {
        const hit = this.bySku.get(sku);
        if (hit) return hit;
      }
      if (this.complete) return null;
      if (this.broken || this.ctx.signal.aborted) return 'ask';
      if (!this.fetching && !this.existing.scans && this.pages >= this.demand) return 'ask';
      await (this.fetching ??= this.nextPage().finally(() => (this.fetching = undefined)));
    }
  }

  private async nextPage(): Promise<void> {
    const { ctx, existing } = this;
    if (this.indexed >= MAX_INDEXED) {
      this.broken = true;
      return;
    }
    const state = newAttemptState();
    const { listing } = existing;
    const alt = this.cursor === undefined ? undefined : listing.altCursor?.(this.cursor);
    let res = await getWithRetries(ctx, listing.request(ctx.config, this.altCursors ? (alt ?? this.cursor) : this.cursor), state);
    if (res === 'error' && alt !== undefined && !this.altCursors) {
      // The cursor as given failed: the target may want it spelled otherwise (Panora's raw id).
      this.altCursors = true;
      res = await getWithRetries(ctx, listing.request(ctx.config, alt), state);
    }
    if (res === 'error') {
      this.broken = true;
      return;
    }
    const items = existing.items(res.body);
    // A listing it cannot read says nothing: each unit's own lookup decides (and stops the run
    // if it cannot be read either: taken as "holds nothing", it would create everything again).
    if (!items) {
      this.broken = true;
      return;
    }
    this.pages++;
    let fresh = 0;
    for (const item of items) {
      const remote = existing.read(item);
      if (!remote || this.ids.has(remote.id)) continue;
      this.ids.add(remote.id);
      fresh++;
      this.indexed++;
      for (const sku of remote.skus) if (!this.bySku.has(sku)) this.bySku.set(sku, remote);
    }
    // A page of products already seen: the server does not page as asked (it ignores the page
    // parameter, or the list moved). Its end would prove nothing, so units are looked up alone.
    if (items.length > 0 && fresh === 0) {
      this.broken = true;
      return;
    }
    const next = existing.listing.next(res.body, this.cursor);
    if (next === undefined || next === this.cursor) this.complete = true;
    else this.cursor = next;
  }
}
