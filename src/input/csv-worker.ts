// The CSV worker: csv-parse on a thread of its own, so that parsing (the bulk of reading a CSV)
// runs beside the validation of the rows before. Messages: {delimiter} once, then {chunk} per
// chunk and {end} at the end; each gets exactly one answer, in order, with the rows it completed.
// Rows travel as arrays of strings (a structured clone): measured as fast as packing them into
// one string, and the strings arrive flat (substrings of a packed text would pin it in memory).
import { parentPort } from 'node:worker_threads';
import { type RowBatch, RowParser } from './csv-rows.js';

let parser: RowParser | undefined;

parentPort!.on('message', (m: { delimiter: string } | { chunk: Uint8Array } | { end: true }) => {
  if ('delimiter' in m) {
    parser = new RowParser(m.delimiter);
    return;
  }
  const batch: RowBatch = 'end' in m ? parser!.parse(undefined, true) : parser!.parse(Buffer.from(m.chunk.buffer, m.chunk.byteOffset, m.chunk.byteLength), false);
  parentPort!.postMessage(batch);
});
