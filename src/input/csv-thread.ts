// Reading a CSV with csv-parse on a worker thread (csv-worker.ts): this thread sends chunks and
// gets rows back, a few chunks ahead, so that parsing (over half the work of validating a CSV)
// overlaps with validating. Measured on 2 CPUs, a million 20-column rows: 7.5 s instead of
// 9.7 s, for ~10 MB more memory. Only a few chunks are ever in flight: a slow consumer (an
// upload) holds the reading back, and memory stays flat. Small files and single-CPU machines
// parse on this thread (csv-rows.ts either way, so both read alike).
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { RowBatch } from './csv-rows.js';

// Chunks sent and not yet answered: enough to keep the worker busy while this thread works.
const WINDOW = 4;
// Below this, starting a thread (~30 ms) costs more than it saves.
export const WORKER_MIN_BYTES = 4 * 1024 * 1024;

/** Whether a file of this size (undefined: unknown) is worth a worker. */
export function useWorker(size: number | undefined, wanted: boolean | undefined): boolean {
  if (wanted !== undefined) return wanted;
  return size !== undefined && size >= WORKER_MIN_BYTES && availableParallelism() > 1;
}

/**
 * The options the worker keeps from this process's: only module loading and warnings. Workers
 * refuse V8 and process options (`node --max-old-space-size=… catalog-upload` failed every big
 * CSV with "invalid execArgv flags"), and the parser needs none of them.
 */
const WORKER_OPTIONS = /^(--import|--require|-r|--loader|--experimental-loader|--conditions|-C|--enable-source-maps|--no-warnings|--no-deprecation)(=|$)/;

export function workerExecArgv(argv: readonly string[] = process.execArgv): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const m = WORKER_OPTIONS.exec(argv[i]!);
    if (!m) continue;
    out.push(argv[i]!);
    // `--import x` takes its value from the next argument; `--import=x` does not.
    if (m[2] === '' && !['--enable-source-maps', '--no-warnings', '--no-deprecation'].includes(m[1]!) && i + 1 < argv.length) out.push(argv[++i]!);
  }
  return out;
}

/** The worker: csv-worker.js beside this file; from source (tests, through tsx) the .ts one. */
function startWorker(): Worker {
  // csv-parse makes garbage fast and keeps nothing: a small young generation is enough, and
  // keeps the thread's memory small (measured: 8 MB runs as fast as the default 16+).
  const options = { execArgv: workerExecArgv(), resourceLimits: { maxYoungGenerationSizeMb: 8 } };
  if (!import.meta.url.endsWith('.ts')) return new Worker(new URL('./csv-worker.js', import.meta.url), options);
  // tsx's --import hooks do not reach worker threads: register them there, then load the source.
  // Resolved here: eval'd code resolves bare names from the working directory, which may be any.
  const tsx = import.meta.resolve('tsx/esm/api');
  const source = new URL('./csv-worker.ts', import.meta.url).href;
  const boot = `import(${JSON.stringify(tsx)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(source)}); });`;
  return new Worker(boot, { ...options, eval: true });
}

/** The rows of a CSV, parsed on a worker thread; the same batches RowParser gives in-thread. */
export async function* workerBatches(chunks: AsyncIterable<Buffer>, delimiter: string): AsyncGenerator<RowBatch> {
  const worker = startWorker();
  const answers: (RowBatch | Error)[] = [];
  let wake: (() => void) | undefined;
  const arrive = (a: RowBatch | Error) => {
    answers.push(a);
    wake?.();
  };
  worker.on('message', arrive);
  worker.on('error', arrive);
  worker.on('exit', (code) => arrive(new Error(`the CSV worker stopped (exit code ${code})`)));
  worker.postMessage({ delimiter });
  const it = chunks[Symbol.asyncIterator]();
  let sent = 0;
  let received = 0;
  let inputDone = false;
  try {
    for (;;) {
      while (!inputDone && sent - received < WINDOW) {
        const r = await it.next();
        if (r.done) {
          inputDone = true;
          worker.postMessage({ end: true });
        } else {
          // A copy of its own, handed over without another copy.
          const chunk = new Uint8Array(r.value);
          worker.postMessage({ chunk }, [chunk.buffer]);
        }
        sent++;
      }
      while (answers.length === 0) await new Promise<void>((resolve) => (wake = resolve));
      wake = undefined;
      const a = answers.shift()!;
      if (a instanceof Error) throw a;
      received++;
      yield a;
      if (a.error || (inputDone && received === sent)) return;
    }
  } finally {
    await it.return?.();
    worker.removeAllListeners();
    await worker.terminate();
  }
}
