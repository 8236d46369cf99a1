// One event per HTTP request a run sends ('request', after it ends), for --verbose and for
// library callers. It wraps the client's send() from outside, so the transport stays unaware of
// it, and the engine installs it only when someone listens.
import type { HttpClient } from '../transport/http.js';

export interface RequestEvent {
  method: string;
  /** Path and query, as sent (after the base URL's path). Redact before showing. */
  path: string;
  /** The HTTP status, or null when no response came (`error` says why). */
  status: number | null;
  ms: number;
  /** 1 for the first time this request is sent, 2 for its first retry, and so on. */
  attempt: number;
  error?: string;
}

export function observeRequests(http: HttpClient, emit: (e: RequestEvent) => void): void {
  const send = http.send.bind(http);
  // A unit's retries send the same request object again: counting per object gives the attempt.
  const attempts = new WeakMap<object, number>();
  http.send = async (req, signal) => {
    const attempt = (attempts.get(req) ?? 0) + 1;
    attempts.set(req, attempt);
    const started = performance.now();
    const event = (status: number | null, error?: string) => emit({ method: req.method, path: req.path, status, ms: Math.round(performance.now() - started), attempt, error });
    try {
      const res = await send(req, signal);
      event(res.status);
      return res;
    } catch (err) {
      event(null, (err as Error).message);
      throw err;
    }
  };
}
