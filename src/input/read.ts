// readCatalog: every input of a run, in order, as one stream of product records (valid or not).
// Run-level problems (unreadable or malformed files) throw RunError; a bad product is a record
// with issues. Memory stays flat: one chunk at a time, plus the set of skus and handles seen.
import { createReadStream, type Stats } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { RunError } from '../errors.js';
import type { LocatedIssue } from '../issues.js';
import { type FileContext, normalizeDelimiter, readCsv } from './csv.js';
import { normalizeEncoding, toUtf8 } from './decode.js';
import { readJson, readNdjson } from './json.js';
import { RunState } from './record.js';
import type { CsvStyle, InputFormat, ProductRecord, ReadOptions, ReadStats } from './types.js';

export function newStats(): ReadStats {
  return { files: 0, bytesRead: 0, rowsRead: 0, rowsValid: 0, rowsInvalid: 0, products: 0, productsValid: 0, productsInvalid: 0 };
}

const EXTENSIONS: Record<string, InputFormat> = { '.csv': 'csv', '.tsv': 'tsv', '.tab': 'tsv', '.json': 'json', '.ndjson': 'ndjson', '.jsonl': 'ndjson' };

/** The format of an input: its extension, else --input-format, else a usage error. */
export function formatOf(input: string, opts: Pick<ReadOptions, 'inputFormat'>): InputFormat {
  if (input === '-') {
    if (!opts.inputFormat) throw new RunError('usage', 'reading stdin (-) needs --input-format (csv, tsv, json or ndjson)');
    return opts.inputFormat;
  }
  const ext = path.extname(input).toLowerCase();
  const byExt = EXTENSIONS[ext];
  if (byExt) return byExt;
  if (opts.inputFormat) return opts.inputFormat;
  throw new RunError('usage', `${input}: cannot tell the format from the extension "${ext || '(none)'}": name it .csv, .tsv, .json or .ndjson, or pass --input-format`);
}

// Big enough to keep per-chunk costs down, small enough that each chunk's batch of records dies
// young: 256 KB chunks doubled the peak memory of a big file.
const CHUNK = 64 * 1024;

/**
 * Reads the inputs (paths, or `-` for stdin) in order and yields one record per product. Every
 * product comes out, valid (`product` set) or not (`issues`); `stats` is kept up to date as it
 * goes. Throws RunError for a run-level problem: unknown format, unreadable, empty, not UTF-8,
 * malformed JSON, unterminated CSV quote, duplicate CSV columns.
 */
export async function* readCatalog(inputs: string[], opts: ReadOptions, stats: ReadStats): AsyncGenerator<ProductRecord> {
  for await (const batch of readCatalogBatches(inputs, opts, stats)) {
    for (let i = 0; i < batch.length; i++) yield batch[i]!;
  }
}

/**
 * Everything that can be checked before the first row, and before a run writes anything: the
 * inputs exist and are files (their stats, in order; undefined for stdin), formats, options.
 * Throws RunError.
 */
export async function checkInputs(inputs: string[], opts: Pick<ReadOptions, 'inputFormat' | 'encoding' | 'delimiter' | 'jsonPath'>): Promise<(Stats | undefined)[]> {
  if (inputs.length === 0) throw new RunError('usage', 'no inputs: name one or more files, or - for stdin');
  if (inputs.filter((i) => i === '-').length > 1) throw new RunError('usage', 'stdin (-) can be read only once');
  const stats: (Stats | undefined)[] = [];
  for (const input of inputs) {
    if (input === '-') {
      stats.push(undefined);
      continue;
    }
    let s;
    try {
      s = await stat(input);
    } catch (err) {
      throw new RunError('input', `${input}: cannot read: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message}`, { cause: err });
    }
    if (s.isDirectory()) throw new RunError('input', `${input}: is a directory: name the files in it`);
    if (!s.isFile()) throw new RunError('input', `${input}: not a file`);
    stats.push(s);
  }
  const formats = inputs.map((input) => formatOf(input, opts));
  // An option with nothing to act on is a mistake the user would rather hear about.
  if (opts.jsonPath !== undefined && !formats.includes('json')) throw new RunError('usage', `--json-path names the array of products in a JSON file; no input is JSON (${[...new Set(formats)].join(', ')})`);
  if (opts.encoding) normalizeEncoding(opts.encoding);
  if (opts.delimiter) normalizeDelimiter(opts.delimiter);
  return stats;
}

/**
 * The same records in batches (one per chunk of input): for consumers that want to spare the
 * per-record await of an async generator.
 */
export async function* readCatalogBatches(inputs: string[], opts: ReadOptions, stats: ReadStats): AsyncGenerator<ProductRecord[]> {
  const sizes = (await checkInputs(inputs, opts)).map((s) => s?.size);
  const formats = inputs.map((i) => formatOf(i, opts));
  const total = sizes.reduce<number>((n, s) => n + (s ?? 0), 0);
  stats.bytesTotal = inputs.includes('-') ? undefined : total;

  const run = new RunState(opts, stats);
  for (let k = 0; k < inputs.length; k++) {
    const input = inputs[k]!;
    const format = formats[k]!;
    const info = run.addFile(input === '-' ? 'stdin' : input, format, sizes[k]);
    stats.files++;
    const counted = { bytes: 0, on: true };
    const onBytes = (n: number) => {
      if (!counted.on) return;
      counted.bytes += n;
      stats.bytesRead += n;
    };
    const ctx: FileContext = {
      info,
      pending: [],
      counted,
      warn(w: LocatedIssue) {
        this.pending.push(w);
        opts.onWarning?.(w);
      },
      notice: (message) => opts.onNotice?.(message),
      // A second pass decodes the file again, quietly: its warnings were given the first time.
      reopen: input === '-' ? undefined : () => toUtf8(createReadStream(input, { highWaterMark: CHUNK }), { name: info.name, encoding: opts.encoding, onBytes, warn: () => {} }),
    };
    const source = input === '-' ? process.stdin : createReadStream(input, { highWaterMark: CHUNK });
    // How a CSV is written, learnt as it is read (encoding here, delimiter from its header).
    const style = (info.style = {} as CsvStyle);
    const chunks = toUtf8(source, { name: info.name, format, encoding: opts.encoding, onBytes, warn: (w) => ctx.warn(w), onEncoding: (enc, bom) => (style.bom = bom || enc !== 'utf-8') });
    try {
      const reader = format === 'json' ? readJson : format === 'ndjson' ? readNdjson : readCsv;
      yield* reader(chunks, ctx, run);
      if (ctx.pending.length) opts.onFileWarnings?.(ctx.pending.splice(0));
    } catch (err) {
      // A file system error (EACCES, EISDIR, EIO…) is the input's problem; anything else is a bug.
      const code = (err as NodeJS.ErrnoException).code;
      if (!(err instanceof RunError) && typeof code === 'string' && code.startsWith('E')) {
        throw new RunError('input', `${info.name}: cannot read: ${(err as Error).message}`, { cause: err });
      }
      throw err;
    } finally {
      if (source !== process.stdin) (source as ReturnType<typeof createReadStream>).destroy();
    }
  }
}
