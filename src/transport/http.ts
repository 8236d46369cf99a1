// HTTP transport: one keep-alive undici Pool per origin. It knows nothing about targets; it
// sends a request and tells apart "never sent", "sent, no answer" and "answered" on failure.
//
// Every exchange has one deadline (--timeout) that covers the headers AND the body: undici's own
// body timeout is the idle time between chunks, which a server trickling a byte a second never
// reaches. A body is kept up to MAX_BODY_BYTES and the rest is read and thrown away, so a
// 50 MB answer costs no memory. Answers are redacted as they arrive, before anything reads,
// quotes or cuts them.
import { Pool } from 'undici';
import { redact } from '../secrets.js';
import type { RequestSpec } from '../targets/types.js';

/** Method, path + query (appended to the base URL's path), headers and a JSON body: a built request. */
export type HttpRequest = RequestSpec;

export interface HttpResponse {
  status: number;
  headers: Record<string, string>;
  /** Parsed JSON when the whole body arrived and is JSON, else its text (possibly partial). */
  body: unknown;
  /**
   * Set when the status arrived but the body did not, whole: cut short by the connection, past
   * the deadline, over the size limit, or interrupted. The server answered, so it may have acted.
   */
  bodyProblem?: string;
  ms: number;
}

/** Vendor answers are small JSON documents; anything larger is not one we can use. */
export const MAX_BODY_BYTES = 2 * 1024 * 1024;

/**
 * A transport failure before any status arrived. `sent` is false only when we know the server
 * never got the request (refused, DNS, connect timeout): only then is a retry safe without dedupe.
 */
export class NetworkError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly sent: boolean,
    readonly timedOut: boolean,
  ) {
    super(message);
    this.name = 'NetworkError';
  }
}

const NOT_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'UND_ERR_CONNECT_TIMEOUT', 'EHOSTUNREACH', 'ENETUNREACH']);
const TIMEOUTS = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'UND_ERR_CONNECT_TIMEOUT', 'ETIMEDOUT']);

export class HttpClient {
  private readonly pool: Pool;
  private readonly basePath: string;

  constructor(
    baseUrl: string,
    private readonly opts: { connections: number; timeoutMs: number; maxBodyBytes?: number },
  ) {
    const u = new URL(baseUrl);
    this.basePath = u.pathname.replace(/\/+$/, '');
    this.pool = new Pool(u.origin, {
      connections: opts.connections,
      keepAliveTimeout: 10_000,
      connectTimeout: Math.min(opts.timeoutMs, 10_000),
    });
  }

  async send(req: HttpRequest, signal?: AbortSignal): Promise<HttpResponse> {
    const started = performance.now();
    const { timeoutMs } = this.opts;
    const body = req.body === undefined ? undefined : JSON.stringify(req.body);
    let res;
    try {
      res = await this.pool.request({
        method: req.method,
        path: this.basePath + req.path,
        headers: body === undefined ? req.headers : { ...req.headers, 'content-type': 'application/json' },
        body,
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
        signal,
      });
    } catch (err) {
      throw networkError(err);
    }
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(', ') : v;
    // The status arrived; what is left of the deadline covers the body. (undici's bodyTimeout
    // is the idle time between chunks: a byte a second would keep it waiting for ever.)
    let late = false;
    const stream = res.body;
    const timer = setTimeout(() => {
      late = true;
      stream.destroy(new Error('deadline'));
    }, Math.max(1, timeoutMs - (performance.now() - started)));
    let read: { text: string; problem?: string };
    try {
      const why = () => (late ? `its body did not arrive within the ${timeoutMs / 1000}s timeout` : signal?.aborted ? 'the run was interrupted while its body arrived' : undefined);
      read = await readCapped(stream, this.opts.maxBodyBytes ?? MAX_BODY_BYTES, why);
    } finally {
      clearTimeout(timer);
    }
    const text = redact(read.text);
    return {
      status: res.statusCode,
      headers,
      body: read.problem ? text || undefined : parseBody(text, headers['content-type']),
      bodyProblem: read.problem,
      ms: performance.now() - started,
    };
  }

  close(): Promise<void> {
    return this.pool.close();
  }

  destroy(): Promise<void> {
    return this.pool.destroy();
  }
}

/**
 * Reads a body, keeping at most `max` bytes and discarding the rest as it streams. `why` names
 * an abort (deadline or interruption) when reading stops on one.
 */
async function readCapped(stream: AsyncIterable<Buffer>, max: number, why: () => string | undefined): Promise<{ text: string; problem?: string }> {
  const kept: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of stream) {
      if (size < max) kept.push(size + chunk.length <= max ? chunk : chunk.subarray(0, max - size));
      size += chunk.length;
    }
  } catch (err) {
    const problem = why() ?? `the connection dropped after ${size} bytes of its body (${(err as { code?: string }).code ?? (err as Error).message})`;
    return { text: Buffer.concat(kept).toString('utf8'), problem };
  }
  const text = Buffer.concat(kept).toString('utf8');
  return size > max ? { text, problem: `its body was ${size} bytes, more than the ${max} an answer may have` } : { text };
}

function networkError(err: unknown): NetworkError {
  const e = err as { code?: string; message?: string; cause?: { code?: string } };
  const code = e.code ?? e.cause?.code ?? 'ERR';
  return new NetworkError(describe(code, redact(e.message ?? String(err))), code, !NOT_SENT.has(code), TIMEOUTS.has(code));
}

function parseBody(text: string, contentType: string | undefined): unknown {
  if (text === '') return undefined;
  if (contentType?.includes('json') || /^\s*[[{]/.test(text)) {
    try {
      return JSON.parse(text);
    } catch {
      return text;
    }
  }
  return text;
}

function describe(code: string, message: string): string {
  switch (code) {
    case 'UND_ERR_HEADERS_TIMEOUT':
    case 'UND_ERR_BODY_TIMEOUT':
      return 'timed out waiting for the response';
    case 'UND_ERR_CONNECT_TIMEOUT':
      return 'timed out connecting';
    case 'UND_ERR_SOCKET':
    case 'ECONNRESET':
      return 'connection dropped before a response';
    case 'ECONNREFUSED':
      return 'connection refused';
    case 'UND_ERR_ABORTED':
    case 'ABORT_ERR':
      return 'interrupted before a response';
    default:
      return message;
  }
}
