// A gate in front of the real sandbox, for tests that stop a run at a known point: a real HTTP
// server that forwards requests, except the creates (POSTs) its policy says to hold in the air
// (never forwarded: the server never acts), to forward and hold the answer (the server acts, the
// client never hears), or to answer itself (a 429, say). Nothing moves until the test says so,
// so a kill or a signal lands on a state the test knows, whatever the machine's load.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { request } from 'undici';

/**
 * What to do with the n-th create (1-based): forward it; hold it in the air; forward it and hold
 * the answer; forward it and add headers to the answer; or answer it here.
 */
export type Move = 'pass' | 'hold' | 'act-then-hold' | { addHeaders: Record<string, string> } | { status: number; headers?: Record<string, string>; body?: unknown };
export type Policy = (n: number) => Move;

interface Held {
  /** Which create it was (1-based). */
  n: number;
  /** Lets it go on as `move` says (forwarded, answered here, or kept: 'hold'); an acted one gets its answer. */
  release(move: Move): Promise<void>;
}

export interface Gate {
  origin: string;
  /** Creates seen so far, and how many are being held now. */
  readonly posts: number;
  readonly held: number;
  /** From now on, this policy for the creates still to come. */
  setPolicy(p: Policy): void;
  /**
   * Lets held requests go on: each as `decide(n)` says (default: forwarded, or its answer
   * delivered), and, without `decide`, passes all that come from now on.
   */
  release(decide?: (n: number) => Move): Promise<void>;
  close(): Promise<void>;
}

export async function startGate(upstream: string, policy: Policy): Promise<Gate> {
  let posts = 0;
  let current = policy;
  const held = new Set<Held>();
  const forward = async (req: http.IncomingMessage, body: Buffer) => {
    const headers = { ...req.headers };
    delete headers.host;
    delete headers.connection;
    const res = await request(upstream + (req.url ?? '/'), { method: req.method as 'GET', headers, body: body.length ? body : undefined });
    return { status: res.statusCode, headers: res.headers, body: Buffer.from(await res.body.arrayBuffer()) };
  };
  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks);
    const send = (a: { status: number; headers: http.IncomingHttpHeaders | Record<string, string | string[] | undefined>; body: Buffer }) => {
      if (res.destroyed) return; // the client is gone (killed): the answer is lost, as it would be
      const h = { ...a.headers };
      delete h['transfer-encoding'];
      delete h.connection;
      res.writeHead(a.status, h as http.OutgoingHttpHeaders);
      res.end(a.body);
    };
    try {
      if (req.method !== 'POST') return send(await forward(req, body));
      const n = ++posts;
      const act = async (move: Move): Promise<void> => {
        if (move === 'pass') return send(await forward(req, body));
        if (typeof move === 'object' && 'addHeaders' in move) {
          const a = await forward(req, body);
          return send({ ...a, headers: { ...a.headers, ...move.addHeaders } });
        }
        if (typeof move === 'object') {
          return send({ status: move.status, headers: { 'content-type': 'application/json', ...move.headers }, body: Buffer.from(JSON.stringify(move.body ?? {})) });
        }
        // Held: in the air (never forwarded) or acted on with the answer kept back.
        const acted = move === 'act-then-hold' ? await forward(req, body) : undefined;
        const h: Held = {
          n,
          release: async (next) => {
            if (next === 'hold' || next === 'act-then-hold') return;
            held.delete(h);
            if (res.destroyed) return; // its client is gone: what never left stays unsent
            if (acted) send(acted);
            else await act(next);
          },
        };
        held.add(h);
        res.on('close', () => held.delete(h));
      };
      await act(current(n));
    } catch (err) {
      if (!res.destroyed) res.writeHead(502).end(String(err));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    get posts() {
      return posts;
    },
    get held() {
      return held.size;
    },
    setPolicy(p) {
      current = p;
    },
    async release(decide) {
      if (!decide) current = () => 'pass';
      await Promise.all([...held].map((h) => h.release(decide ? decide(h.n) : 'pass')));
    },
    close() {
      return new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
