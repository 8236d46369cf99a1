// stdout closed by its reader (`catalog-upload schema | head -1`): end quietly, as Unix tools do,
// instead of dying on an unhandled EPIPE with a stack trace. Other write errors (a full disk
// behind `> file`) are remembered, reported once, and fail the command.

let closed = false;
let failure: Error | undefined;

/** Listens for stdout's write errors; call once, before anything is written. */
export function guardStdout(stream: NodeJS.WriteStream = process.stdout): void {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') closed = true;
    // Writes after the reader left fail as "destroyed": the same closed pipe.
    else if (!(closed && err.code === 'ERR_STREAM_DESTROYED')) failure ??= err;
  });
}

/** True once the reader of stdout has gone. */
export function stdoutClosed(): boolean {
  return closed;
}

/** A write error on stdout other than its reader leaving. */
export function stdoutFailure(): Error | undefined {
  return failure;
}
