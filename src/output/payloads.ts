// --payloads: the requests a dry run would send, one JSON line each, to a file or to stdout
// ('-'). stdout is written through its stream, with backpressure: a slow reader holds the run
// back (a synchronous write to a full pipe fails with EAGAIN), and a reader that leaves
// (`| head`) stops it, quietly.
import { once } from 'node:events';
import { closeSync, openSync, writeSync } from 'node:fs';
import { redact } from '../secrets.js';

export class PayloadWriter {
  private readonly fd: number | undefined;
  private readonly out: NodeJS.WriteStream | undefined;
  private gone = false;

  constructor(readonly path: string) {
    if (path !== '-') {
      this.fd = openSync(path, 'w');
      return;
    }
    this.out = process.stdout;
    // EPIPE arrives as an error event on the stream; without a listener it would kill the process.
    this.out.on('error', this.onError);
  }

  private readonly onError = (err: NodeJS.ErrnoException) => {
    this.gone = true;
    if (err.code !== 'EPIPE' && err.code !== 'ERR_STREAM_DESTROYED') this.failure ??= err;
  };

  /** A write error other than the reader leaving (a full disk behind `> file`). */
  failure: Error | undefined;

  /** Writes one line; resolves false once the reader has gone (the run should stop). */
  async write(line: string): Promise<boolean> {
    const text = redact(line) + '\n';
    if (this.fd !== undefined) {
      writeSync(this.fd, text);
      return true;
    }
    const out = this.out!;
    if (this.gone || out.destroyed) return false;
    if (!out.write(text)) {
      // Wait for the reader (or for it to leave).
      await Promise.race([once(out, 'drain'), once(out, 'close')]).catch(() => undefined);
    }
    return !this.gone && !out.destroyed;
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    // Keep listening on stdout: a write still queued may fail after the run ends.
  }
}
