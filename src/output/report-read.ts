// Reading a journal back (report.ts writes it): for --resume, the last line per key and the last
// header; before any run writes to a file, what the file is (inspectReport), so that no run
// overwrites a journal it does not own, or a file that is no journal at all.
import { createReadStream, statSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { undoFormulaGuard } from '../csv-text.js';
import { CSV_HEADER_STATUS, type FinalStatus, isCsvReport, isHeader, type JournalHeader, type ReportLine, RUN_STATUS, type Status, STATUSES } from './report.js';

export interface PriorState {
  status: Status;
  remote_id?: string | null;
  source: string;
  target?: string;
  /** A unit stopped in a later write step (`update`, `stock`), and the status it had reached. */
  step?: string;
  done?: FinalStatus;
  /** When its last line was written (ISO time). */
  at?: string;
}

/**
 * One line of a journal: a unit's line, its header, a run's line (its run-wide warnings), or
 * something unreadable (a torn line).
 */
type Row = { unit: Partial<ReportLine> } | { header: JournalHeader } | { run: true } | { torn: true };

/** What a file at a --report path is, read from its first lines only (statuses: until one says). */
export type ReportKind =
  | { kind: 'none' } // absent or empty: nothing to lose
  | { kind: 'foreign' } // not a journal of this tool: never overwritten
  | { kind: 'journal'; header: JournalHeader } // with a header: its first one says what run it is
  | { kind: 'legacy'; upload: boolean }; // written before headers existed; `upload`: it records sends

/**
 * Reads a report back for --resume: the last line per key wins; a torn line (a run killed
 * mid-write) is ignored, wherever it is, and so is a line whose status is not one this tool
 * writes (a CSV row torn inside its status cell parses, but must not count).
 */
export async function readReport(path: string): Promise<{ units: Map<string, PriorState>; torn: number; header?: JournalHeader }> {
  const units = new Map<string, PriorState>();
  let torn = 0;
  let header: JournalHeader | undefined;
  for await (const row of rows(path)) {
    if ('header' in row) header = row.header;
    else if ('torn' in row) torn++;
    else if ('run' in row) continue;
    else {
      const l = row.unit;
      units.set(l.key!, { status: l.status!, remote_id: l.remote_id ?? null, source: l.source ?? '', target: l.target || undefined, step: l.step || undefined, done: (l.done || undefined) as FinalStatus | undefined, at: l.at || undefined });
    }
  }
  return { units, torn, header };
}

/** Only reads as far as needed to tell: the first recognisable line, and for a legacy journal its statuses. */
export async function inspectReport(path: string): Promise<ReportKind> {
  let size: number;
  try {
    size = statSync(path).size;
  } catch {
    return { kind: 'none' };
  }
  if (size === 0) return { kind: 'none' };
  let seen = 0;
  let legacy = false;
  try {
    for await (const row of rows(path, { inspecting: true })) {
      // A header after unit lines: a legacy journal that a newer version resumed; it says what run it is.
      if ('header' in row) return { kind: 'journal', header: row.header };
      if ('run' in row) {
        legacy = true;
        continue;
      }
      if ('torn' in row) {
        if (!legacy && ++seen >= 5) return { kind: 'foreign' };
        continue;
      }
      legacy = true;
      if (row.unit.status !== 'valid' && row.unit.status !== 'invalid') return { kind: 'legacy', upload: true };
    }
  } catch (err) {
    if (err instanceof ForeignFile) return { kind: 'foreign' };
    throw err;
  }
  return legacy ? { kind: 'legacy', upload: false } : seen ? { kind: 'foreign' } : { kind: 'none' };
}

class ForeignFile extends Error {}

async function* rows(path: string, opts: { inspecting?: boolean } = {}): AsyncGenerator<Row> {
  if (!isCsvReport(path)) {
    const lines = createInterface({ input: createReadStream(path), crlfDelay: Infinity });
    try {
      for await (const text of lines) {
        if (!text.trim()) continue;
        let v: unknown;
        try {
          v = JSON.parse(text);
        } catch {
          yield { torn: true };
          continue;
        }
        yield classify(v);
      }
    } finally {
      lines.close();
    }
    return;
  }
  let columns: string[] = [];
  // Loaded only for a CSV report, not by every command that imports this module.
  const { parse: parseCsv } = await import('csv-parse');
  const parser = createReadStream(path).pipe(
    parseCsv({
      columns: (names: string[]) => {
        columns = names;
        // A CSV without our columns is someone else's file (a catalog, say): say so at once.
        if (opts.inspecting && !(names.includes('key') && names.includes('status'))) throw new ForeignFile();
        return names;
      },
      relax_column_count: true,
      skip_empty_lines: true,
    }),
  );
  try {
    for await (const r of parser as AsyncIterable<Record<string, string>>) {
      if (!columns.includes('status')) yield { torn: true };
      else if (r.status === CSV_HEADER_STATUS) {
        let h: unknown;
        try {
          h = JSON.parse(r.source ?? '');
        } catch {
          h = undefined;
        }
        yield isHeader(h) ? { header: h } : { torn: true };
      } else yield classify({ ...r, remote_id: r.remote_id || null, key: undoFormulaGuard(r.key ?? '') });
    }
  } catch (err) {
    if (err instanceof ForeignFile || (err as { cause?: unknown }).cause instanceof ForeignFile) throw new ForeignFile();
    yield { torn: true }; // an unterminated quote at the end: a torn last line
  }
}

function classify(v: unknown): Row {
  if (isHeader(v)) return { header: v };
  const l = v as (Partial<ReportLine> & { run_warnings?: unknown }) | null;
  if (l && typeof l === 'object' && (l.run_warnings !== undefined || (l.status as string) === RUN_STATUS)) return { run: true };
  if (typeof l !== 'object' || l === null || typeof l.key !== 'string' || l.key === '' || typeof l.status !== 'string' || !STATUSES.has(l.status)) return { torn: true };
  return { unit: l };
}
