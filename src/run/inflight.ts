// A unit in flight, and what a stop-now (second Ctrl-C) records for it. Only a unit whose create
// request may have been acted on is `unknown`: one refused unacted (a 429) or never sent is
// not, else a target without dedupe (S2) would never send it again without --resend-unknown.
import type { ProductRecord } from '../input/types.js';
import type { Unit } from '../targets/types.js';

export interface InFlight {
  unit: Unit;
  record: ProductRecord;
  warnings: string[];
  /** Its `sending` line is written (or queued): a request of it was about to leave. */
  journaled: boolean;
  /** A request of it may have been acted on: one is on its way, or an answer was ambiguous. */
  mayHaveActed: boolean;
  /** The write step under way after its create (an update, stock levels): a stop records it, so --resume finishes it. */
  step?: { step: string; remote_id?: string; done?: string };
}

/** unknown: it may exist; not_sent: a line to say it does not (over its `sending` line); none: no line. */
export function stopOutcome(f: Pick<InFlight, 'journaled' | 'mayHaveActed'>): 'unknown' | 'not_sent' | 'none' {
  if (!f.journaled) return 'none';
  return f.mayHaveActed ? 'unknown' : 'not_sent';
}
