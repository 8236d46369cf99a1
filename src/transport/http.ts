// HTTP transport: one keep-alive undici Pool per origin. It knows nothing about targets; it
// sends a request and tells apart "never sent" from "sent, outcome unknown" on failure.
import { Pool } from 'undici';
import type { RequestSpec } from '../targets/types.js';

/** Method, path + query (appended to the base URL's path), headers and a JSON body: a built request. */
export type HttpRequest = RequestSpec;

export interface HttpResponse {
  status: number;
  headers: Record<string, string>;
  /** Parsed JSON when the body is JSON, else the text. */
  body: unknown;
  ms: number;
}

/**
 * A transport failure. `sent` is false only when we know the server never got the request
 * (refused, DNS, connect timeout): only then is a retry safe without dedupe.
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
    private readonly opts: { connections: number; timeoutMs: number },
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
    const body = req.body === undefined ? undefined : JSON.stringify(req.body);
    try {
      const res = await this.pool.request({
        method: req.method,
        path: this.basePath + req.path,
        headers: body === undefined ? req.headers : { ...req.headers, 'content-type': 'application/json' },
        body,
        headersTimeout: this.opts.timeoutMs,
        bodyTimeout: this.opts.timeoutMs,
        signal,
      });
      const text = await res.body.text();
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(', ') : v;
      return { status: res.statusCode, headers, body: parseBody(text, headers['content-type']), ms: performance.now() - started };
    } catch (err) {
      const e = err as { code?: string; message?: string; cause?: { code?: string } };
      const code = e.code ?? e.cause?.code ?? 'ERR';
      throw new NetworkError(describe(code, e.message ?? String(err)), code, !NOT_SENT.has(code), TIMEOUTS.has(code));
    }
  }

  close(): Promise<void> {
    return this.pool.close();
  }

  destroy(): Promise<void> {
    return this.pool.destroy();
  }
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
    default:
      return message;
  }
}
