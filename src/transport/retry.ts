// What to do after a response or a transport failure, and how long to wait before trying again.

/** Exponential backoff with full jitter (AWS architecture blog): spreads retries out. */
export function backoffMs(attempt: number, baseMs = 250, capMs = 20_000): number {
  return Math.random() * Math.min(capMs, baseMs * 2 ** attempt);
}

export type Verdict =
  | 'created' // 2xx
  | 'retry' // the server did not act (408, 425, 429, 409 in flight, connect failure): safe to retry
  | 'ambiguous' // it may have acted (5xx, timeout or reset after sending)
  | 'auth' // 401/403: stop the run
  | 'failed'; // other 4xx: the vendor rejected this unit

export function classifyStatus(status: number): Verdict {
  if (status >= 200 && status < 300) return 'created';
  if (status === 401 || status === 403) return 'auth';
  if (status === 408 || status === 409 || status === 425 || status === 429) return 'retry';
  if (status >= 500) return 'ambiguous';
  return 'failed';
}

/** How long a server that did not answer in time is given before a lookup decides: --timeout, at least this. */
export const MIN_SETTLE_MS = 5_000;

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const t = setTimeout(done, ms);
    function done() {
      clearTimeout(t);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}
