// The sandbox: one node:http server that mounts a target's fake (SandboxBehaviour) and adds
// what every vendor has in common: body limits, latency, rate limiting, injected faults and a
// record of what was created. Used in-process by `upload --sandbox`, and over real HTTP by the
// tests and the benchmark.
//
// Order per request, and why:
//   read body (413 over 5 MB) → route under basePath → latency → auth → rate limit → faults → handle
// Auth comes before the bucket so that a bad key fails fast and costs no quota, as at the vendors.
// Faults apply to every vendor request (or the methods `faults.methods` names): creates, updates
// and stock entries that fail or may have happened (retry, dedupe, `unknown`), and lookups that
// fail (a GET "acted on" changes nothing).
// Rate limiting applies to every vendor request, GET included, because vendors count them all.
//
// The behaviour sees `path` RELATIVE to basePath (e.g. `/products` for Fanfare's `/api/products`),
// the same form as RequestSpec.path, so a fake routes on what its adapter sends.
//
// `/__sandbox/stats` and `/__sandbox/created` (GET, no auth, no faults, not counted in stats) let
// a test or benchmark in another process see what the server received.
import { randomUUID } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import type { SandboxBehaviour, SandboxRequest, SandboxResponse, SandboxStore } from '../targets/types.js';
import { type Fault, type Faults, TokenBucket, faultPicker, faultsProblem, mulberry32 } from './faults.js';

export type { Faults } from './faults.js';

export interface SandboxStats {
  /** Vendor requests received (introspection endpoints not included). */
  requests: number;
  /** Responses sent, by status code. Dropped connections are not here: see resets/ambiguous. */
  byStatus: Record<string, number>;
  /** Vendor requests received, by method (a run that writes nothing sends only GETs). */
  byMethod: Record<string, number>;
  /** 429s sent by the token bucket. */
  rateLimited: number;
  /** Connections dropped before acting (resetRate). */
  resets: number;
  /** Requests acted on and then answered 500 or dropped (ambiguousRate). */
  ambiguous: number;
  /** Entries added to store.created (upserts that updated are store.updates instead). */
  creates: number;
}

export interface Sandbox {
  /** Base URL to give the adapter: origin + behaviour.basePath, no trailing slash. */
  url: string;
  origin: string;
  port: number;
  store: SandboxStore;
  stats: SandboxStats;
  /** Stops listening and drops open connections (in-flight requests included). */
  close(): Promise<void>;
  /**
   * Changes latency and faults from the next request on (the rate limit stays): a test can
   * create a catalog cleanly, then meet a known fault sequence in the run that follows.
   */
  setFaults(faults: Omit<Faults, 'rateLimit' | 'burst'>): void;
}

export interface SandboxOptions {
  /** 0 (default) = a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  faults?: Faults;
}

export const MAX_BODY_BYTES = 5 * 1024 * 1024;
// A body past the limit is read and discarded so the client gets its 413 rather than a broken
// pipe; past this much more we stop being polite and drop the connection.
const MAX_DRAIN_BYTES = 64 * 1024 * 1024;

export function createStore(): SandboxStore {
  let counter = 0;
  return {
    created: [],
    updated: [],
    get updates() {
      return this.updated.length;
    },
    byKey: new Map(),
    state: new Map(),
    // With a prefix ('' included: Veeqo's ids are plain numbers) ids read like the vendor's.
    nextId: (prefix?: string) => (prefix === undefined ? randomUUID() : `${prefix}${++counter}`),
  };
}

/** One fake vendor on one port: the common handling around a target's behaviour. */
class FakeVendor {
  readonly store = createStore();
  readonly stats: SandboxStats = { requests: 0, byStatus: {}, byMethod: {}, rateLimited: 0, resets: 0, ambiguous: 0, creates: 0 };
  private nextFault!: () => Fault;
  /** Jitter has its own stream so that changing latency never changes the fault sequence. */
  private jitter!: () => number;
  private readonly bucket: TokenBucket | undefined;
  private readonly limit: number;
  readonly basePath: string;
  readonly closing = new AbortController();

  constructor(
    private readonly behaviour: SandboxBehaviour,
    private faults: Faults,
  ) {
    this.setFaults(faults);
    this.bucket = faults.rateLimit === undefined ? undefined : new TokenBucket(faults.rateLimit, faults.burst ?? Math.max(1, faults.rateLimit));
    this.limit = this.bucket ? Math.floor(this.bucket.burst) : 0;
    this.basePath = behaviour.basePath.replace(/\/+$/, '');
    // Every in-flight latency wait listens on this one signal: hundreds at once is normal here.
    setMaxListeners(0, this.closing.signal);
  }

  setFaults(faults: Faults): void {
    const seed = faults.seed ?? 1;
    this.faults = faults;
    this.nextFault = faultPicker(faults, mulberry32(seed));
    this.jitter = mulberry32(seed ^ 0x9e3779b9);
  }

  respond(res: http.ServerResponse, r: SandboxResponse, extraHeaders: Record<string, string> = {}): void {
    if (res.writableEnded || !res.socket || res.socket.destroyed) return;
    this.stats.byStatus[String(r.status)] = (this.stats.byStatus[String(r.status)] ?? 0) + 1;
    // Lower-cased so the response's own header wins over a rate header spelled differently.
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(extraHeaders)) headers[k.toLowerCase()] = v;
    for (const [k, v] of Object.entries(r.headers ?? {})) headers[k.toLowerCase()] = v;
    const hasType = 'content-type' in headers;
    let payload: string | undefined;
    if (typeof r.body === 'string' && hasType) payload = r.body;
    else if (r.body !== undefined) {
      payload = JSON.stringify(r.body);
      if (!hasType) headers['content-type'] = 'application/json';
    }
    res.writeHead(r.status, headers);
    res.end(payload);
  }

  /** `/__sandbox/stats` and `/__sandbox/created`, answered directly so looking changes no number. */
  introspect(pathname: string, res: http.ServerResponse): void {
    let body: unknown;
    if (pathname === '/__sandbox/stats') {
      const creates: Record<string, number> = {};
      for (const c of this.store.created) creates[c.key] = (creates[c.key] ?? 0) + 1;
      body = { stats: this.stats, creates, updates: this.store.updates };
    } else if (pathname === '/__sandbox/created') body = this.store.created;
    res.writeHead(body === undefined ? 404 : 200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body ?? { error: `no such sandbox endpoint: ${pathname}` }));
  }

  async serve(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://sandbox');
    if (url.pathname.startsWith('/__sandbox/')) return this.introspect(url.pathname, res);
    this.stats.requests++;
    const method = req.method ?? 'GET';
    this.stats.byMethod[method] = (this.stats.byMethod[method] ?? 0) + 1;
    const sreq = await this.read(req, url, res);
    if (!sreq) return;
    const faulty = !this.faults.methods || this.faults.methods.includes(sreq.method);
    const delay = faulty ? (this.faults.latencyMs ?? 0) + (this.faults.latencyJitterMs ?? 0) * this.jitter() : 0;
    if (delay > 0) await sleep(delay, undefined, { signal: this.closing.signal });
    const rateHeaders = this.admit(sreq, res);
    if (rateHeaders) this.act(sreq, req, res, rateHeaders, faulty);
  }

  /** The request as the behaviour sees it, or undefined when it was answered already (413, 404). */
  private async read(req: http.IncomingMessage, url: URL, res: http.ServerResponse): Promise<SandboxRequest | undefined> {
    const raw = await readBody(req);
    if (raw === undefined) {
      this.respond(res, { status: 413, body: { error: `request body larger than ${MAX_BODY_BYTES} bytes (sandbox limit)` } });
      return undefined;
    }
    const path = underBase(url.pathname, this.basePath);
    if (path === undefined) {
      this.respond(res, { status: 404, body: { error: `not found: ${url.pathname} (this sandbox serves ${this.basePath || '/'})` } });
      return undefined;
    }
    const rawBody = raw.toString('utf8');
    return {
      method: req.method ?? 'GET',
      path,
      query: url.searchParams,
      headers: flatHeaders(req.headers),
      // Malformed JSON reaches the fake as body undefined + rawBody, so it answers its own 400.
      body: rawBody !== '' && /json/i.test(req.headers['content-type'] ?? '') ? tryJson(rawBody) : undefined,
      rawBody,
    };
  }

  /** Auth, then the rate limit: the rate headers to send, or undefined when refused (answered). */
  private admit(sreq: SandboxRequest, res: http.ServerResponse): Record<string, string> | undefined {
    const { behaviour, bucket, limit } = this;
    const denied = behaviour.checkAuth(sreq);
    if (denied) {
      const b = bucket?.peek();
      this.respond(res, denied, b ? behaviour.rateHeaders(limit, b.remaining, epochAfter(b.resetMs)) : {});
      return undefined;
    }
    if (!bucket) return {};
    const b = bucket.take();
    const rateHeaders = behaviour.rateHeaders(limit, b.remaining, epochAfter(b.resetMs));
    if (b.ok) return rateHeaders;
    this.stats.rateLimited++;
    const seconds = Math.max(1, Math.ceil(b.resetMs / 1000));
    this.respond(res, behaviour.rateLimited(seconds, epochAfter(b.resetMs), limit), rateHeaders);
    return undefined;
  }

  /** The behaviour handles the request, with the fault drawn for it around that. */
  private act(sreq: SandboxRequest, req: http.IncomingMessage, res: http.ServerResponse, rateHeaders: Record<string, string>, faulty: boolean): void {
    const fault = faulty ? this.nextFault() : 'none';
    if (fault === 'fail') return this.respond(res, this.behaviour.serverError(503), rateHeaders);
    if (fault === 'reset') {
      this.stats.resets++;
      req.socket.destroy();
      return;
    }
    const before = this.store.created.length;
    const answer = this.behaviour.handle(sreq, this.store);
    this.stats.creates += this.store.created.length - before;
    if (fault === 'ambiguous-500' || fault === 'ambiguous-reset') {
      this.stats.ambiguous++;
      if (fault === 'ambiguous-500') return this.respond(res, this.behaviour.serverError(500), rateHeaders);
      req.socket.destroy();
      return;
    }
    this.respond(res, answer, rateHeaders);
  }
}

export async function startSandbox(behaviour: SandboxBehaviour, opts: SandboxOptions = {}): Promise<Sandbox> {
  const faults = opts.faults ?? {};
  const problem = faultsProblem(faults);
  if (problem) throw new RangeError(`sandbox faults: ${problem}`);
  const fake = new FakeVendor(behaviour, faults);
  const server = http.createServer((req, res) => {
    fake.serve(req, res).catch((err: unknown) => {
      if (fake.closing.signal.aborted) return; // a latency sleep cut short by close()
      // A throwing fake is a bug in the fake: say so in the body, where a test will see it.
      fake.respond(res, { status: 500, body: { error: `sandbox: ${err instanceof Error ? err.message : String(err)}` } });
    });
  });
  // Longer than undici's default 4 s so a steady client keeps its sockets between bursts.
  server.keepAliveTimeout = 10_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const origin = `http://${host}:${address.port}`;
  let closed: Promise<void> | undefined;
  return {
    url: origin + fake.basePath,
    origin,
    port: address.port,
    store: fake.store,
    stats: fake.stats,
    setFaults(next) {
      const problem = faultsProblem(next);
      if (problem) throw new RangeError(`sandbox faults: ${problem}`);
      fake.setFaults({ ...next, rateLimit: faults.rateLimit, burst: faults.burst });
    },
    close() {
      closed ??= new Promise<void>((resolve, reject) => {
        fake.closing.abort();
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      });
      return closed;
    },
  };
}

/** The request body, or undefined when it is over the limit (read and discarded). */
async function readBody(req: http.IncomingMessage): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_DRAIN_BYTES) {
      req.socket.destroy();
      throw new Error('request body far over the limit: connection dropped');
    }
    if (size <= MAX_BODY_BYTES) chunks.push(chunk);
  }
  return size > MAX_BODY_BYTES ? undefined : Buffer.concat(chunks);
}

/** The path relative to basePath, or undefined when the request is outside it. */
function underBase(pathname: string, basePath: string): string | undefined {
  if (basePath === '') return pathname;
  if (pathname === basePath) return '/';
  return pathname.startsWith(basePath + '/') ? pathname.slice(basePath.length) : undefined;
}

function flatHeaders(headers: http.IncomingHttpHeaders): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(headers)) out[k] = Array.isArray(v) ? v.join(', ') : v;
  return out;
}

function tryJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Epoch seconds (rounded up) `ms` from now, for X-RateLimit-Reset style headers. */
function epochAfter(ms: number): number {
  return Math.ceil((Date.now() + ms) / 1000);
}
