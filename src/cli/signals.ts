// Ctrl-C and SIGTERM for a run, from the moment the command starts until the process exits:
// the first drains the run (nothing new is sent, in-flight requests finish, the summary is
// written, exit 130); any further one, at any moment, stops at once with exit 130 — before the
// run started, while it drains, while it closes its files or prints its summary. Never 143
// (the default action) and never a stack trace.
import { EXIT } from '../errors.js';

export interface Stoppable {
  drain(): void;
  stopNow(): void;
}

export interface SignalHooks {
  /** Said on the first signal, when a run is draining. */
  onDrain(): void;
  /** Said before exiting on a later signal, with what went wrong stopping, if anything did. */
  onStop(problem?: unknown): void;
  exit(code: number): void;
}

export interface Trap {
  /** The run to drain or stop; before it, a signal exits at once (nothing was written yet). */
  attach(run: Stoppable): void;
  /** The run is over: a signal now exits 130 (the journal is complete and closed). */
  finished(): void;
  /** Removes the handlers (for in-process callers; the CLI keeps them until it exits). */
  release(): void;
}

export function trapSignals(hooks: SignalHooks, on: Pick<NodeJS.Process, 'on' | 'off'> = process): Trap {
  let run: Stoppable | undefined;
  let done = false;
  let count = 0;
  const handler = () => {
    count++;
    if (run && !done && count === 1) {
      hooks.onDrain();
      run.drain();
      return;
    }
    if (run && !done) {
      let problem: unknown;
      try {
        run.stopNow();
      } catch (err) {
        problem = err; // exiting all the same: said in one line, never as a stack trace
      }
      hooks.onStop(problem);
    }
    hooks.exit(EXIT.interrupted);
  };
  on.on('SIGINT', handler);
  on.on('SIGTERM', handler);
  return {
    attach: (r) => void (run = r),
    finished: () => void (done = true),
    release() {
      on.off('SIGINT', handler);
      on.off('SIGTERM', handler);
    },
  };
}
