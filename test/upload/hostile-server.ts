// A tiny server that misbehaves on purpose: one port for every row of the hostile-server suite.
// A row is a path prefix (`/<row>/…`, so the row's base URL is origin + `/<row>`) with its own
// behaviour and its own record of what arrived. Behaviours answer as real servers that go wrong
// do: HTML where JSON was due, bodies cut short or trickling, far Retry-After, echoed secrets.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Exchange {
  method: string;
  /** Path below the row's prefix, without the query. */
  path: string;
  query: URLSearchParams;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export interface RowState {
  posts: number;
  gets: number;
  /** Products the row's server considers created: unit key (first sku) → id. */
  created: Map<string, string>;
  /** Idempotency keys seen by the row's server, with the id each created. */
  keys: Map<string, string>;
}

export type Behaviour = (x: Exchange, res: http.ServerResponse, state: RowState) => void;

export interface HostileServer {
  origin: string;
  url(row: string): string;
  state(row: string): RowState;
  close(): Promise<void>;
}

export async function startHostile(rows: Record<string, Behaviour>): Promise<HostileServer> {
  const states = new Map<string, RowState>();
  const stateOf = (row: string) => {
    let s = states.get(row);
    if (!s) states.set(row, (s = { posts: 0, gets: 0, created: new Map(), keys: new Map() }));
    return s;
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://x');
      const [, row, ...rest] = url.pathname.split('/');
      const behaviour = rows[row ?? ''];
      if (!behaviour) return json(res, 404, { error: `no row ${row}` });
      const state = stateOf(row!);
      if (req.method === 'POST') state.posts++;
      else state.gets++;
      behaviour({ method: req.method ?? 'GET', path: '/' + rest.join('/'), query: url.searchParams, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') }, res, state);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    url: (row) => `${origin}/${row}`,
    state: stateOf,
    close: () =>
      new Promise<void>((resolve) => {
        for (const t of trickleTimers) clearInterval(t);
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** Behaviours that trickle keep their timers here, so close() stops them. */
const trickleTimers = new Set<NodeJS.Timeout>();

// ---- answers ----

export function json(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

export function text(res: http.ServerResponse, status: number, body: string, contentType = 'text/html'): void {
  res.writeHead(status, { 'content-type': contentType });
  res.end(body);
}

/** A status and the start of a body, then the connection drops. */
export function cutShort(res: http.ServerResponse, status: number, start: string): void {
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': String(start.length + 1000) });
  res.write(start, () => setImmediate(() => res.socket?.destroy()));
}

/** A status, then a body that arrives one byte every `everyMs`, never ending. */
export function trickle(res: http.ServerResponse, status: number, everyMs = 200): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.write('{"id":1,"x":"');
  const t = setInterval(() => {
    if (res.destroyed || res.socket?.destroyed) {
      clearInterval(t);
      trickleTimers.delete(t);
    } else res.write('a');
  }, everyMs);
  trickleTimers.add(t);
}

/** A valid JSON body of about `mb` megabytes, streamed. */
export function huge(res: http.ServerResponse, status: number, id: string | number, mb: number): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  const chunk = 'a'.repeat(1024 * 1024);
  let left = mb;
  res.write(`{"id":${JSON.stringify(id)},"pad":"`);
  const more = () => {
    while (left > 0) {
      left--;
      if (!res.write(chunk)) return void res.once('drain', more);
    }
    res.end('"}');
  };
  more();
}

// ---- vendor shapes, for lookups that find what a row created ----

export function skuOf(body: string, pick: (b: any) => string | undefined): string | undefined {
  try {
    return pick(JSON.parse(body));
  } catch {
    return undefined;
  }
}

/** Veeqo: POST /products body → its first sku; GET /products?query= → the list. */
export const veeqo = {
  sku: (x: Exchange) => skuOf(x.body, (b) => b?.product?.product_variants_attributes?.[0]?.sku_code),
  list: (state: RowState) => [...state.created].map(([sku, id]) => ({ id: Number(id), sellables: [{ sku_code: sku }] })),
};

export const pandabase = {
  sku: (x: Exchange) => skuOf(x.body, (b) => b?.variants?.[0]?.sku),
  product: (id: string, sku: string) => ({ ok: true, data: { id, title: 'T', variants: [{ sku }] } }),
  list: (state: RowState) => ({ ok: true, data: { items: [...state.created].map(([sku, id]) => ({ id, variants: [{ sku }] })), pagination: { page: 1, limit: 50, total: state.created.size, totalPages: 1 } } }),
};
