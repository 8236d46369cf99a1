// Issue 9, "Done when": kill -9 and --resume, again and again, on Veeqo (lookup), Fanfare (upsert)
// and Pandabase (idempotency key, with and without a working lookup): 2,000 products against a
// fake with latency, killed at random points, then resumed to the end. Whatever the kill points
// (they are random, and printed), every product must exist exactly once and every unit must end
// with a final status that says so.
import { strict as assert } from 'node:assert';
import { existsSync, readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { describe, test } from 'node:test';
import { generateCsv } from '../../bench/generate.js';
import { run, tempDir } from '../helpers.js';
import { createCounts, duplicates, exited, readReportFile, sandboxFor, spawnCli, waitFor } from '../upload/harness.js';

const N = 2000;
const KILLS = 3;

/** Units the journal records as created or found so far (a resume's `skipped` lines do not count). */
function done(file: string): number {
  if (!existsSync(file)) return 0;
  const text = readFileSync(file, 'utf8');
  return count(text, '"status":"created"') + count(text, '"status":"existing"');
}

function count(text: string, what: string): number {
  let n = 0;
  for (let i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + 1)) n++;
  return n;
}

/**
 * A proxy in front of the fake that answers 404 to every GET, as a fake without the listing
 * route did: the lookup cannot vouch for anything, only the idempotency key can.
 */
async function withoutLookups(target: string): Promise<{ url: string; close(): Promise<void> }> {
  const upstream = new URL(target);
  const server = http.createServer((req, res) => {
    if (req.method === 'GET') {
      req.resume();
      res.writeHead(404, { 'content-type': 'application/json' });
      return void res.end(JSON.stringify({ ok: false, error: `Route GET:${req.url} not found` }));
    }
    const out = http.request({ host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers }, (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
    });
    out.on('error', () => res.socket?.destroy());
    req.pipe(out);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}${upstream.pathname}`,
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}

describe(`soak: kill -9 and --resume, ${KILLS} times, ${N} products`, () => {
  for (const [target, variant] of [['veeqo', ''], ['fanfare', ''], ['pandabase', ''], ['pandabase', 'lookups answer 404']] as const) {
    test(`${target}${variant ? ` (${variant})` : ''}: every product created exactly once`, async (t) => {
      const dir = tempDir('cu-soak-');
      const input = path.join(dir, 'in.csv');
      await generateCsv(input, { rows: N, prefix: 'K', kind: target === 'pandabase' ? 'digital_download' : 'physical' });
      const h = await sandboxFor(target, { latencyMs: 150, latencyJitterMs: 150, seed: 9 });
      const proxy = variant ? await withoutLookups(h.sandbox.url) : undefined;
      const env = proxy ? { ...h.env, [`${target.toUpperCase()}_BASE_URL`]: proxy.url } : h.env;
      try {
        const report = path.join(dir, 'report.jsonl');
        const args = ['upload', input, '--target', target, '--report', report, '--rate', 'unlimited', '--concurrency', '16', '--retries', '8', '--no-progress'];
        const points: number[] = [];
        for (let k = 0; k < KILLS; k++) {
          // A random point in the next stretch of the run, counted in units done.
          const at = done(report) + 20 + Math.floor(Math.random() * (N / (KILLS + 1)));
          points.push(at);
          const child = spawnCli(k === 0 ? args : [...args, '--resume'], env);
          const end = exited(child);
          let ended = false;
          void end.then(() => (ended = true));
          await waitFor(() => ended || done(report) >= at, 120_000);
          child.kill('SIGKILL');
          await end;
        }
        t.diagnostic(`${target}: killed after ${points.join(', ')} units done`);
        const last = await run([...args, '--resume', '--json'], { env, timeoutMs: 240_000 });
        assert.equal(last.code, 0, last.stderr.slice(-2000));
        const counts = createCounts(h.sandbox);
        assert.equal(counts.size, N, 'every product exists on the target');
        assert.deepEqual(duplicates(h.sandbox), [], 'none was created twice');
        const { last: lines } = readReportFile(report);
        assert.equal(lines.size, N, 'every unit has a line');
        for (const l of lines.values()) assert.ok(['created', 'existing', 'skipped'].includes(l.status), `${l.key}: ${l.status} ${l.error ?? ''}`);
        const s = JSON.parse(last.stdout);
        t.diagnostic(`${target}: the last resume ${s.units.created} created, ${s.units.existing} existing, ${s.units.skipped} skipped in ${(s.elapsed_ms / 1000).toFixed(1)}s; the fake saw ${h.sandbox.stats.requests} requests, ${h.sandbox.store.created.length} creates, ${h.sandbox.store.updates} updates`);
      } finally {
        await proxy?.close();
        await h.close();
      }
    });
  }
});
