// Run-level failures: one class, a code, mapped to an exit code in one place (cli/main.ts).
// A bad row is never one of these: it is a result with issues.

export type RunErrorCode =
  | 'usage' // bad flags or arguments → 2
  | 'config' // missing/invalid environment or target configuration → 2
  | 'input' // unreadable, empty or malformed input file → 2
  | 'auth' // credentials rejected by the target → 3
  | 'aborted' // --max-errors reached, or the run cannot go on → 3
  | 'interrupted' // Ctrl-C → 130
  | 'closed' // the reader of stdout went away (`| head`) during a run → 141
  | 'internal'; // a bug: the summary's arithmetic did not add up → 70

export class RunError extends Error {
  constructor(
    readonly code: RunErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'RunError';
  }
}

export const EXIT = {
  ok: 0,
  someFailed: 1,
  usage: 2,
  aborted: 3,
  internal: 70,
  interrupted: 130,
  /** 128 + SIGPIPE: what a shell reports for a Unix tool whose output pipe was closed. */
  closedOutput: 141,
} as const;

export function exitCodeOf(code: RunErrorCode): number {
  switch (code) {
    case 'usage':
    case 'config':
    case 'input':
      return EXIT.usage;
    case 'auth':
    case 'aborted':
      return EXIT.aborted;
    case 'interrupted':
      return EXIT.interrupted;
    case 'internal':
      return EXIT.internal;
    case 'closed':
      return EXIT.closedOutput;
  }
}
