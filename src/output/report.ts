// The run report (docs/architecture.md): a JSONL journal, appended and flushed as it goes, or CSV when
// the file name says so. Its first line is a header saying which run it belongs to (mode, target,
// origin, inputs, tool version), so that no other run mistakes it for its own. A `sending` line
// is on disk before a unit's first request, so even a run killed with -9 knows what may have
// reached the server. Last line per key wins. Reading it back: report-read.ts.
import { closeSync, existsSync, openSync, readSync, statSync, writeSync } from 'node:fs';
import type { LocatedIssue } from '../issues.js';
import { redact } from '../secrets.js';
import { csvLine } from '../csv-text.js';
import { formatChange } from '../targets/diff.js';
import type { Change } from '../targets/types.js';

export const FINAL_STATUSES = ['valid', 'invalid', 'created', 'updated', 'unchanged', 'existing', 'failed', 'unknown', 'skipped', 'to_create', 'to_update'] as const;
export type FinalStatus = (typeof FINAL_STATUSES)[number];
/**
 * `sending`: a request may be on its way. `not_sent`: a stopped run had touched the unit (a
 * `sending` line is on disk) but nothing it sent can have been acted on (say, a 429): a resume sends it.
 */
export type Status = FinalStatus | 'sending' | 'not_sent';
export const STATUSES: ReadonlySet<string> = new Set<string>([...FINAL_STATUSES, 'sending', 'not_sent']);

export interface ReportLine {
  key: string;
  source: string;
  target?: string;
  status: Status;
  /** Why a unit is invalid, failed or unknown, as a stable code (`price.precision`, `http.422`). */
  code?: string;
  remote_id?: string | null;
  http_status?: number | null;
  attempts?: number;
  ms?: number;
  /** One line: the vendor's message, or the first validation problem. */
  error?: string | null;
  /** Every validation problem, located. */
  errors?: LocatedIssue[];
  warnings?: string[];
  /** What an update sent (or a plan would send): the target's field, the sku for a variant's, stored and catalog values. */
  changes?: Change[];
  /** The write step under way (`create`, `update`, `stock`) and the status reached before it: --resume finishes from there. */
  step?: string;
  done?: string;
  at?: string;
}

/** What a run is: a real upload, one to a local fake (`--sandbox`), a dry run or a validation. */
export type JournalMode = 'real' | 'sandbox' | 'dry-run' | 'validate' | 'plan';

/** One input as the run found it: enough to tell another file, or an edited one, from it. */
export interface JournalInput {
  /** Absolute, symlinks resolved; `-` for stdin. */
  path: string;
  size?: number;
  /** Last modification, ISO 8601. */
  mtime?: string;
  /** `sha256:` of the first 64 KiB. */
  head?: string;
}

/** The journal's first line (and, on each --resume, a line appended with `resumed: true`). */
export interface JournalHeader {
  journal: 'catalog-upload';
  /** Version of this header's shape. */
  format: 1;
  /** The catalog-upload version that wrote it. */
  tool: string;
  mode: JournalMode;
  target?: string;
  /** Where requests went: scheme, host and port only (never credentials). */
  origin?: string;
  inputs: JournalInput[];
  at: string;
  resumed?: boolean;
}

export function isHeader(v: unknown): v is JournalHeader {
  return typeof v === 'object' && v !== null && (v as { journal?: unknown }).journal === 'catalog-upload';
}

export const CSV_COLUMNS = ['key', 'source', 'target', 'status', 'code', 'remote_id', 'http_status', 'attempts', 'ms', 'error', 'warnings', 'changes', 'step', 'done', 'at'] as const;
/** The status of a CSV report's run-level rows (writeRunWarnings): not a unit's line. */
export const RUN_STATUS = 'run';
/** In a CSV journal the header is a row of its own: status `journal`, the header's JSON in `source`. */
export const CSV_HEADER_STATUS = 'journal';

export class ReportWriter {
  private fd: number;
  private buffer = '';
  private readonly csv: boolean;
  private readonly timer: NodeJS.Timeout;

  private closed = false;

  /** Opens the file (appending: after a repair of a torn last line) and writes the header at once. */
  constructor(
    readonly path: string,
    opts: { append: boolean; header?: JournalHeader },
  ) {
    this.csv = isCsvReport(path);
    const fresh = !opts.append || !existsSync(path) || statSync(path).size === 0;
    this.fd = openSync(path, opts.append ? 'a' : 'w');
    if (this.csv && fresh) this.buffer = csvLine(CSV_COLUMNS);
    else if (!fresh) this.buffer = tailRepair(path, this.csv);
    if (opts.header) this.buffer += redact(this.csv ? csvHeaderRow(opts.header) : JSON.stringify(opts.header) + "\n");
    // On disk before anything else happens: even a run killed at once leaves an identified journal.
    this.flush();
    // Final lines may wait a moment to be written in batches; `sending` lines never wait.
    this.timer = setInterval(() => this.flush(), 200);
    this.timer.unref();
  }

  /** Buffered: written within 200 ms, or sooner when the buffer fills. */
  write(line: ReportLine): void {
    this.buffer += this.format(line);
    if (this.buffer.length > 64 * 1024) this.flush();
  }

  private onDisk: Promise<void> | undefined;

  /**
   * Resolves once the line is on disk: a request may go only then. Workers that get here in the
   * same turn of the event loop share one write (one syscall instead of one per unit).
   */
  writeBeforeSend(line: ReportLine): Promise<void> {
    this.buffer += this.format(line);
    this.onDisk ??= new Promise((resolve, reject) =>
      setImmediate(() => {
        this.onDisk = undefined;
        try {
          this.flush();
          resolve();
        } catch (err) {
          reject(err);
        }
      }),
    );
    return this.onDisk;
  }

  flush(): void {
    if (!this.buffer || this.closed) return;
    const data = this.buffer;
    this.buffer = '';
    writeSync(this.fd, data);
  }

  /**
   * Warnings that hold for the whole run (a field the target has no place for), once, with how
   * many units they concern; unit lines carry only their own. JSONL: one `run_warnings` line;
   * CSV: a row per warning with status `run`. --resume skips both.
   */
  writeRunWarnings(groups: { code: string; message: string; count: number; keys: string[] }[]): void {
    if (!groups.length) return;
    if (!this.csv) {
      this.buffer += redact(JSON.stringify({ run_warnings: groups })) + '\n';
      return;
    }
    for (const g of groups) {
      const text = `${g.message} (${g.count} units, e.g. ${g.keys.join(', ')})`;
      this.buffer += redact(csvLine(CSV_COLUMNS.map((c) => (c === 'status' ? RUN_STATUS : c === 'code' ? g.code : c === 'warnings' ? text : undefined))));
    }
  }

  /** Idempotent: a second Ctrl-C may arrive while the run is already closing its files. */
  close(): void {
    if (this.closed) return;
    clearInterval(this.timer);
    this.flush();
    this.closed = true;
    closeSync(this.fd);
  }

  private format(line: ReportLine): string {
    if (!this.csv) return redact(JSON.stringify(line)) + '\n';
    const error = line.errors?.length
      ? line.errors.map((e) => `${e.place} ${e.field}: expected ${e.expected}; found ${e.found}`).join(' | ')
      : line.error;
    // Every issue's code, in the order of `error` (JSONL keeps them in `errors`).
    const code = line.errors?.length ? [...new Set(line.errors.map((e) => e.code).filter(Boolean))].join(' | ') || line.code : line.code;
    const row: Record<(typeof CSV_COLUMNS)[number], unknown> = {
      key: line.key, source: line.source, target: line.target, status: line.status, code, remote_id: line.remote_id,
      http_status: line.http_status, attempts: line.attempts, ms: line.ms, error, warnings: line.warnings?.join(' | '),
      changes: line.changes?.map(formatChange).join(' | '), step: line.step, done: line.done, at: line.at,
    };
    return redact(csvLine(CSV_COLUMNS.map((c) => row[c])));
  }
}


function csvHeaderRow(h: JournalHeader): string {
  const row: Partial<Record<(typeof CSV_COLUMNS)[number], unknown>> = { key: '', source: JSON.stringify(h), target: h.target, status: CSV_HEADER_STATUS, at: h.at };
  return csvLine(CSV_COLUMNS.map((c) => row[c]));
}

export function isCsvReport(path: string): boolean {
  return path.toLowerCase().endsWith('.csv');
}

/**
 * What to write before appending to a journal whose last line a crash may have torn: a newline
 * (else the first new line would be glued to the torn one and lost), and in CSV a closing quote
 * when the file ends inside a quoted cell (an odd number of quotes: every whole cell has an even one).
 */
function tailRepair(path: string, csv: boolean): string {
  const fd = openSync(path, 'r');
  try {
    const size = statSync(path).size;
    const last = Buffer.alloc(1);
    readSync(fd, last, 0, 1, size - 1);
    let quotes = 0;
    if (csv) {
      const chunk = Buffer.alloc(1 << 16);
      for (let pos = 0; pos < size; ) {
        const n = readSync(fd, chunk, 0, chunk.length, pos);
        if (n <= 0) break;
        for (let i = chunk.indexOf(34); i !== -1 && i < n; i = chunk.indexOf(34, i + 1)) quotes++;
        pos += n;
      }
    }
    if (quotes % 2 === 1) return '"\n';
    return last[0] === 10 ? '' : '\n';
  } finally {
    closeSync(fd);
  }
}
