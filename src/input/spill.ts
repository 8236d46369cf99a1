// Temporary files for inputs that must be read twice or held back: a copy of stdin (which can be
// read only once), and rows set aside while they wait for the rest of their product. The file is
// unlinked as soon as it is open, so nothing is left behind whatever ends the process.
import { closeSync, createReadStream, mkdtempSync, openSync, readSync, rmSync, unlinkSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** A new temporary file, open for reading and writing, already unlinked where the system allows. */
function openTemp(): number {
  const dir = mkdtempSync(path.join(tmpdir(), 'catalog-upload-'));
  const file = path.join(dir, 'spill');
  const fd = openSync(file, 'w+', 0o600);
  try {
    unlinkSync(file);
    rmSync(dir, { recursive: true, force: true });
  } catch {
    // Windows keeps open files: it stays until the process ends.
  }
  return fd;
}

function writeAll(fd: number, data: Buffer, position: number): void {
  let off = 0;
  while (off < data.length) off += writeSync(fd, data, off, data.length - off, position + off);
}

/** A copy of a stream as it is read, to read it again from the start. */
export class TempCopy {
  private readonly fd = openTemp();
  private size = 0;

  write(chunk: Buffer): void {
    writeAll(this.fd, chunk, this.size);
    this.size += chunk.length;
  }

  /** Everything written, from the start. */
  read(): AsyncIterable<Buffer> {
    return createReadStream('', { fd: this.fd, start: 0, end: Math.max(0, this.size - 1), autoClose: false, highWaterMark: 64 * 1024 }) as AsyncIterable<Buffer>;
  }

  close(): void {
    closeSync(this.fd);
  }
}

const FLUSH_AT = 1 << 20;

/**
 * CSV rows set aside on disk; each is read back once by its number. ~12 bytes of memory a row.
 * Rows are written through one reused buffer: joining them into big strings first filled the
 * old generation with garbage (big strings are allocated there) and tripled the peak memory.
 */
export class RowSpill {
  private fd: number | undefined;
  private end = 0;
  private flushed = 0;
  private buffer = Buffer.allocUnsafe(FLUSH_AT);
  private used = 0;
  private offsets = new Float64Array(1024);
  private lengths = new Uint32Array(1024);
  count = 0;

  add(line: number, cells: readonly string[]): number {
    const text = JSON.stringify([line, ...cells]) + '\n';
    const bytes = Buffer.byteLength(text);
    if (this.used + bytes > this.buffer.length) this.flush();
    if (bytes > this.buffer.length) this.buffer = Buffer.allocUnsafe(bytes);
    this.buffer.write(text, this.used);
    this.used += bytes;
    if (this.count === this.offsets.length) {
      const offsets = new Float64Array(this.count * 2);
      offsets.set(this.offsets);
      this.offsets = offsets;
      const lengths = new Uint32Array(this.count * 2);
      lengths.set(this.lengths);
      this.lengths = lengths;
    }
    this.offsets[this.count] = this.end;
    this.lengths[this.count] = bytes;
    this.end += bytes;
    return this.count++;
  }

  get(id: number): { line: number; cells: string[] } {
    const offset = this.offsets[id]!;
    if (offset >= this.flushed) this.flush();
    const buf = Buffer.allocUnsafe(this.lengths[id]!);
    readSync(this.fd!, buf, 0, buf.length, offset);
    const [line, ...cells] = JSON.parse(buf.toString('utf8')) as [number, ...string[]];
    return { line, cells };
  }

  private flush(): void {
    if (this.used === 0) return;
    this.fd ??= openTemp();
    writeAll(this.fd, this.buffer.subarray(0, this.used), this.flushed);
    this.flushed += this.used;
    this.used = 0;
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }
}
