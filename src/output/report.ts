// The run report (docs/architecture.md): a JSONL journal, appended and flushed as it goes, or CSV when
// the file name says so. A `sending` line is on disk before a unit's first request, so even a
// run killed with -9 knows what may have reached the server. Last line per key wins.
import { closeSync, createReadStream, existsSync, openSync, writeSync } from 'node:fs';
import { createInterface } from 'node:readline';
import type { LocatedIssue } from '../issues.js';
import { redact } from '../secrets.js';
import { csvLine, undoFormulaGuard } from '../csv-text.js';

export const FINAL_STATUSES = ['valid', 'invalid', 'created', 'existing', 'failed', 'unknown', 'skipped'] as const;
export type FinalStatus = (typeof FINAL_STATUSES)[number];
export type Status = FinalStatus | 'sending';

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
  at?: string;
}

/** The status of a CSV report's run-level rows (writeRunWarnings). */
const RUN_STATUS = 'run';

const CSV_COLUMNS = ['key', 'source', 'target', 'status', 'code', 'remote_id', 'http_status', 'attempts', 'ms', 'error', 'warnings', 'at'] as const;

export class ReportWriter {
  private fd: number;
  private buffer = '';
  private readonly csv: boolean;
  private readonly timer: NodeJS.Timeout;

  constructor(
    readonly path: string,
    opts: { append: boolean },
  ) {
    this.csv = path.toLowerCase().endsWith('.csv');
    const fresh = !opts.append || !existsSync(path);
    this.fd = openSync(path, opts.append ? 'a' : 'w');
    if (this.csv && fresh) this.buffer = csvLine(CSV_COLUMNS);
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
    if (!this.buffer) return;
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

  close(): void {
    clearInterval(this.timer);
    this.flush();
    closeSync(this.fd);
  }

  private format(line: ReportLine): string {
    if (!this.csv) return redact(JSON.stringify(line)) + '\n';
    const error = line.errors?.length
      ? line.errors.map((e) => `${e.place} ${e.field}: expected ${e.expected}; found ${e.found}`).join(' | ')
      : line.error;
    const row: Record<(typeof CSV_COLUMNS)[number], unknown> = {
      key: line.key, source: line.source, target: line.target, status: line.status, code: line.code, remote_id: line.remote_id,
      http_status: line.http_status, attempts: line.attempts, ms: line.ms, error, warnings: line.warnings?.join(' | '), at: line.at,
    };
    return redact(csvLine(CSV_COLUMNS.map((c) => row[c])));
  }
}

export interface PriorState {
  status: Status;
  remote_id?: string | null;
  source: string;
  target?: string;
}

/**
 * Reads a report back for --resume: the last line per key wins; a torn last line (a run killed
 * mid-write) is ignored, as is a torn line in the middle from an earlier crash.
 */
export async function readReport(path: string): Promise<{ units: Map<string, PriorState>; torn: number }> {
  const units = new Map<string, PriorState>();
  let torn = 0;
  const put = (l: Partial<ReportLine> & { run_warnings?: unknown }) => {
    if (l.run_warnings !== undefined || (l.status as string) === RUN_STATUS) return; // not a unit's line
    if (typeof l.key !== 'string' || typeof l.status !== 'string') return void torn++;
    units.set(l.key, { status: l.status, remote_id: l.remote_id ?? null, source: l.source ?? '', target: l.target });
  };
  if (path.toLowerCase().endsWith('.csv')) {
    // Loaded only here (a resume from a CSV report), not by every command that imports this module.
    const { parse: parseCsv } = await import('csv-parse');
    const parser = createReadStream(path).pipe(parseCsv({ columns: true, relax_column_count: true, skip_empty_lines: true }));
    try {
      for await (const row of parser as AsyncIterable<Record<string, string>>) {
        put({ ...row, remote_id: row.remote_id || null, key: undoFormulaGuard(row.key ?? ''), status: row.status as Status } as Partial<ReportLine>);
      }
    } catch {
      torn++; // an unterminated quote at the end: a torn last line
    }
    return { units, torn };
  }
  const lines = createInterface({ input: createReadStream(path), crlfDelay: Infinity });
  for await (const text of lines) {
    if (!text.trim()) continue;
    try {
      put(JSON.parse(text) as Partial<ReportLine>);
    } catch {
      torn++;
    }
  }
  return { units, torn };
}
