// What `catalog-upload map` looks at: the header of a CSV, or the first products of a JSON file
// (as written, before any map), read through the same decoding and parsing as a run.
import { createReadStream } from 'node:fs';
import { RunError } from '../errors.js';
import { isBlankRow } from './cell.js';
import { detectDelimiter, normalizeDelimiter } from './csv.js';
import { RowParser } from './csv-rows.js';
import { toUtf8 } from './decode.js';
import { formatOf, newStats, readCatalog } from './read.js';
import type { InputFormat, ReadOptions } from './types.js';

export interface Sample {
  format: InputFormat;
  header?: string[];
  products?: unknown[];
}

const SAMPLE_PRODUCTS = 200;

export async function sampleInput(input: string, opts: Pick<ReadOptions, 'inputFormat' | 'encoding' | 'delimiter' | 'jsonPath'>): Promise<Sample> {
  const format = formatOf(input, opts);
  if (format === 'json' || format === 'ndjson') {
    const products: unknown[] = [];
    for await (const r of readCatalog([input], { ...opts, defaultCurrency: 'USD' }, newStats())) {
      products.push(r.rows[0]?.raw);
      if (products.length >= SAMPLE_PRODUCTS) break;
    }
    return { format, products };
  }
  const name = input === '-' ? 'stdin' : input;
  const source = input === '-' ? process.stdin : createReadStream(input);
  try {
    let parser: RowParser | undefined;
    for await (const chunk of toUtf8(source, { name, encoding: opts.encoding, onBytes: () => {}, warn: () => {} })) {
      if (!parser) {
        const nl = chunk.indexOf(10);
        const line = chunk.toString('utf8', 0, nl < 0 ? chunk.length : nl);
        parser = new RowParser(opts.delimiter ? normalizeDelimiter(opts.delimiter) : detectDelimiter(line, format));
      }
      const header = parser.parse(chunk, false).cells.find((c) => !isBlankRow(c));
      if (header) return { format, header };
    }
    const header = parser?.parse(undefined, true).cells.find((c) => !isBlankRow(c));
    if (header) return { format, header };
  } finally {
    if (source !== process.stdin) (source as ReturnType<typeof createReadStream>).destroy();
  }
  throw new RunError('input', `${name}: the file is empty: no header to map`);
}
