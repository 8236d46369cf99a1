// Hostile servers (issue 9): the built binary against one local server that misbehaves on
// purpose, one row per behaviour. Each row says what the unit must end as, how many POSTs the
// server may have seen (each could be a product), and the exit code; every row also checks that
// no form of the credential reached anything the run wrote.
import { strict as assert } from 'node:assert';
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import path from 'node:path';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { generateCsv } from '../../bench/generate.js';
import { idempotencyKey } from '../../src/targets/pandabase/map.js';
import { run, tempDir } from '../helpers.js';
import { exited, readReportFile, spawnCli, waitFor } from './harness.js';
import { type Behaviour, type RowState, cutShort, type HostileServer, huge, json, pandabase, startHostile, text, trickle, veeqo } from './hostile-server.js';

const SECRET = { veeqo: 'VQSECRETveeqo9f8e7d6c5b4a3', pandabase: 'sk_PBSECRETpanda9f8e7d6c5b4', fanfare: 'sk_test_FFSECRETfan9f8e7d6c5', panora: 'PNSECRETpanora9f8e7d6c5b4a', s2: 'S2SECRETs2tok9f8e7d6c5b4a3x' } as const;
type TargetName = keyof typeof SECRET;
const STORE = 'shp_0123456789ab';
const ENV: Record<TargetName, Record<string, string>> = {
  veeqo: { VEEQO_API_KEY: SECRET.veeqo },
  pandabase: { PANDABASE_API_KEY: SECRET.pandabase, PANDABASE_STORE_ID: STORE },
  fanfare: { FANFARE_SECRET_KEY: SECRET.fanfare },
  panora: { PANORA_API_KEY: SECRET.panora, PANORA_CONNECTION_TOKEN: 'conn_token_1234567890', PANORA_PRICE_UNIT: 'minor' },
  s2: { S2_ACCESS_TOKEN: SECRET.s2, S2_ORGANIZATION_ID: '0f8fad5b-d9cb-469f-a165-70867728950e', S2_BASE_URL: 'https://s2.example.com' },
};
/** The generated catalogs' keys: the handle, or for Pandabase the first sku. */
const keyOf = (target: TargetName, p: number) => (target === 'pandabase' ? `H-D${p}-0` : `h-product-${p}`);

interface Expect {
  /** Final status of every unit in the report; `none`: no unit has a line. */
  status: string;
  posts: number;
  exit: number;
  /** Matched against the unit's error in the report. */
  error?: RegExp;
  stderr?: RegExp;
}

interface Row {
  name: string;
  target?: TargetName;
  products?: number;
  args?: string[];
  /** Lines already in the report before the run (a run killed earlier); the run is a --resume. */
  prior?: object[];
  /** What the server already holds before the run. */
  seed?: (state: RowState) => void;
  /** Credentials from --dotenv rather than the environment. */
  envFile?: boolean;
  behaviour: Behaviour;
  expect: Expect;
  /** A second run with --resume, and what it must give. */
  resume?: Expect;
}

const html = (status = 200, body = '<html><body>Welcome to nginx</body></html>'): Behaviour => (_x, res) => text(res, status, body);
const veeqoList: Behaviour = (_x, res, s) => json(res, 200, veeqo.list(s));
/** Veeqo's create, acting: records the product, answers with `answer`. */
const veeqoActs = (answer: Behaviour): Behaviour => (x, res, s) => {
  const sku = veeqo.sku(x);
  if (sku && !s.created.has(sku)) s.created.set(sku, String(100 + s.created.size));
  answer(x, res, s);
};
const veeqoPost = (post: Behaviour, get: Behaviour = veeqoList): Behaviour => (x, res, s) => (x.method === 'POST' ? post(x, res, s) : get(x, res, s));
/**
 * Every upload first looks its products up (to create only what the target does not hold): the
 * GETs before any create answer as the vendor would, and `get` answers the ones after (the lookup
 * that settles an ambiguous create), which is what these rows are about.
 */
const afterCreate = (get: Behaviour, before: Behaviour = veeqoList): Behaviour => (x, res, s) => (s.posts === 0 ? before(x, res, s) : get(x, res, s));
/** Pandabase honouring idempotency keys: the same key replays the first create's answer. */
const pandabaseCreate = (answer: (res: Parameters<Behaviour>[1], id: string, sku: string) => void): Behaviour => (x, res, s) => {
  const sku = pandabase.sku(x) ?? '?';
  const key = String(x.headers['idempotency-key']);
  let id = s.keys.get(key);
  if (!id) {
    id = `prd_${s.keys.size + 1}`;
    s.keys.set(key, id);
    s.created.set(sku, id);
  }
  answer(res, id, sku);
};
const echoKey = (status: number, wrap: (k: string) => string): Behaviour => (x, res) => {
  const k = String(x.headers['x-api-key'] ?? x.headers.authorization ?? '').replace(/^Bearer /, '');
  json(res, status, { errors: [wrap(k)] });
};

const ROWS: Row[] = [
  // D5: a 2xx without the vendor's body is not a success.
  { name: 'D5 200 text/html to a create', behaviour: veeqoPost(html(), afterCreate(html())), expect: { status: 'unknown', posts: 1, exit: 1, error: /HTTP 200 text\/html: "<html>.*does not say whether it was created.*lookup/ } },
  { name: 'D5 201 with invalid JSON', behaviour: veeqoPost((_x, res) => text(res, 201, '{"id": 7,', 'application/json')), expect: { status: 'unknown', posts: 1, exit: 1, error: /"\{\\"id\\": 7,".*lookup does not find it/ } },
  { name: 'D5 201 with JSON without an id', behaviour: veeqoPost((_x, res) => json(res, 201, { ok: true })), expect: { status: 'unknown', posts: 1, exit: 1, error: /no Veeqo product id/ } },
  { name: 'D5 201 null', behaviour: veeqoPost((_x, res) => json(res, 201, null)), expect: { status: 'unknown', posts: 1, exit: 1 } },
  { name: 'D5 204 no content', behaviour: veeqoPost((_x, res) => (res.writeHead(204), res.end())), expect: { status: 'unknown', posts: 1, exit: 1, error: /HTTP 204: \(no body\)/ } },
  { name: 'D5 a 201 without a body that the lookup then finds: existing', behaviour: veeqoPost(veeqoActs((_x, res) => json(res, 201, {}))), expect: { status: 'existing', posts: 1, exit: 0 } },
  {
    name: 'D5 wrong base URL (a web server): neither the listing nor a lookup is the vendor\'s: nothing is sent, exit 3',
    products: 4,
    args: ['--concurrency', '1'],
    behaviour: html(),
    expect: { status: 'none', posts: 0, exit: 3, stderr: /Veeqo answered a lookup in a shape this tool cannot read \(HTTP 200: <html>.*stopped before writing anything/ },
  },
  {
    name: 'D5 wrong base URL, listing read: creates answered by a web server stop the run after a few, exit 3',
    products: 4,
    args: ['--concurrency', '1'],
    behaviour: veeqoPost(html(), afterCreate(html())),
    // Unit 1: POST, then its lookup (2 answers); unit 2's POST is the third: stop.
    expect: { status: 'unknown', posts: 2, exit: 3, stderr: /3 answers in a row from http:\/\/127\.0\.0\.1:\d+\/.* were not Veeqo's .*is the base URL right/ },
  },
  // D2: an unreadable lookup answer is not "absent".
  { name: 'D2 lookup answers HTML after an ambiguous 500 (veeqo)', behaviour: veeqoPost(veeqoActs((_x, res) => json(res, 500, {})), afterCreate(html())), expect: { status: 'unknown', posts: 1, exit: 1, error: /lookup.*HTTP 200 text\/html/ } },
  {
    name: 'D2 lookup answers HTML after an ambiguous 500 (panora)',
    target: 'panora',
    behaviour: (x, res, s) => (x.method === 'POST' ? json(res, 500, { statusCode: 500, message: 'upstream' }) : s.posts === 0 ? json(res, 200, { data: [], next_cursor: null }) : text(res, 200, '<html>maintenance</html>')),
    expect: { status: 'unknown', posts: 1, exit: 1 },
  },
  { name: 'D2 lookup answers 404 (no such route): unknown, not resent', behaviour: veeqoPost(veeqoActs((_x, res) => json(res, 502, {})), afterCreate((_x, res) => json(res, 404, { error: 'Not Found' }))), expect: { status: 'unknown', posts: 1, exit: 1 } },
  // D3: 401 after an ambiguous attempt: unknown, and --resume looks it up first.
  {
    name: 'D3 401 on the lookup after a 500 that acted; --resume finds it',
    // GET 1 is the listing before the create; GET 2 the lookup after its 500.
    behaviour: veeqoPost(veeqoActs((_x, res) => json(res, 500, {})), (x, res, s) => (s.gets === 2 ? json(res, 401, { error: 'Unauthorized' }) : veeqoList(x, res, s))),
    expect: { status: 'unknown', posts: 1, exit: 3, stderr: /rejected the credentials.*VEEQO_API_KEY/ },
    resume: { status: 'existing', posts: 1, exit: 0 },
  },
  // D4: an idempotency key makes a resend safe when the lookup cannot answer.
  {
    name: 'D4 pandabase in-flight unit, lookup 404: resent with the same key (replayed, not created again)',
    target: 'pandabase',
    prior: [{ key: keyOf('pandabase', 0), source: 'in.csv:2', target: 'pandabase', status: 'sending' }],
    // The killed run's request did reach the server: its key is known there.
    seed: (s) => {
      s.keys.set(idempotencyKey(STORE, keyOf('pandabase', 0)), 'prd_0');
      s.created.set(keyOf('pandabase', 0), 'prd_0');
    },
    behaviour: (x, res, s) => {
      if (x.method === 'GET') return json(res, 404, { ok: false, error: 'Route GET:/stores/x/products/ not found' });
      pandabaseCreate((r, id, sku) => json(r, 201, pandabase.product(id, sku)))(x, res, s);
    },
    expect: { status: 'created', posts: 1, exit: 0 },
  },
  // D16: a status that arrived is evidence the server acted.
  {
    name: 'D16 201 cut short (pandabase): replayed once with the same key, then found by the lookup',
    target: 'pandabase',
    behaviour: (x, res, s) => (x.method === 'GET' ? json(res, 200, pandabase.list(s)) : pandabaseCreate((r) => cutShort(r, 201, '{"ok":true,"data":{"id":"prd_'))(x, res, s)),
    expect: { status: 'existing', posts: 2, exit: 0 },
  },
  {
    name: 'D16 201 cut short (fanfare upsert): one replay, then unknown, never "before a response"',
    target: 'fanfare',
    behaviour: (x, res) => (x.method === 'GET' ? json(res, 200, []) : cutShort(res, 201, '{"id":"prod_1","name":"T')),
    expect: { status: 'unknown', posts: 2, exit: 1, error: /^(?!.*before a response).*HTTP 201 application\/json: .*connection dropped after/ },
  },
  { name: 'D16 201 cut short (veeqo): the lookup finds it', behaviour: veeqoPost(veeqoActs((_x, res) => cutShort(res, 201, '{"id":1'))), expect: { status: 'existing', posts: 1, exit: 0 } },
  // D7: every wait has an upper bound.
  { name: 'D7 429 Retry-After: 999999', behaviour: veeqoPost((_x, res) => json(res, 429, {}, { 'retry-after': '999999' })), expect: { status: 'failed', posts: 1, exit: 3, stderr: /Retry-After: 999999 asks to wait 11d 13h, longer than --max-wait 5m[^]*to resume: / } },
  { name: 'D7 429 Retry-After: a date in 2030', behaviour: veeqoPost((_x, res) => json(res, 429, {}, { 'retry-after': 'Tue, 01 Jan 2030 00:00:00 GMT' })), expect: { status: 'failed', posts: 1, exit: 3, stderr: /Retry-After: Tue, 01 Jan 2030.*longer than --max-wait/ } },
  {
    name: 'D7 201 with X-RateLimit-Remaining: 0 and a reset in 2030: no busy loop, exit 3',
    products: 2,
    args: ['--concurrency', '1'],
    behaviour: veeqoPost((_x, res, s) => json(res, 201, { id: s.posts }, { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '1893456000' })),
    // The first is created; the second waits for nothing and is not sent.
    expect: { status: 'created|failed', posts: 1, exit: 3, stderr: /^(?![^]*TimeoutOverflowWarning)[^]*X-RateLimit-Reset: 1893456000.*longer than --max-wait/ },
  },
  { name: 'D7 a 429 wait within --max-wait is waited out', args: ['--max-wait', '10s'], behaviour: veeqoPost((_x, res, s) => (s.posts === 1 ? json(res, 429, {}, { 'retry-after': '1' }) : json(res, 201, { id: 5 }))), expect: { status: 'created', posts: 2, exit: 0 } },
  // D8 / D11: every body has a deadline and a size cap.
  // A byte every 20 ms never leaves the connection idle for --timeout: only a deadline ends it.
  { name: 'D8 201 whose body trickles, --timeout 2s: the lookup decides', args: ['--timeout', '2s'], behaviour: veeqoPost(veeqoActs((_x, res) => trickle(res, 201, 20))), expect: { status: 'existing', posts: 1, exit: 0 } },
  { name: 'D11 201 with a 50 MB body: not buffered, the lookup decides', behaviour: veeqoPost(veeqoActs((_x, res) => huge(res, 201, 1, 50))), expect: { status: 'existing', posts: 1, exit: 0 } },
  // D18: a redirect says what it is.
  { name: 'D18 301 redirect', behaviour: veeqoPost((_x, res) => (res.writeHead(301, { location: 'https://api.example.com/products' }), res.end())), expect: { status: 'failed', posts: 1, exit: 1, error: /^HTTP 301: redirected to https:\/\/api\.example\.com\/products; redirects are not followed/ } },
  // D12-D14: secrets the server echoes never reach output (checked on every row).
  // Redaction is the same code for every target: one per way a key travels (x-api-key, Bearer), and --dotenv.
  { name: 'D12 401 echoing the key, --json', args: ['--json'], behaviour: veeqoPost(echoKey(401, (k) => `key ${k} is not valid`)), expect: { status: 'failed', posts: 1, exit: 3 } },
  { name: 'D12 401 echoing the key, --json (pandabase, Bearer): refused at the first lookup', target: 'pandabase', args: ['--json'], behaviour: echoKey(401, (k) => `key ${k} is not valid`), expect: { status: 'failed', posts: 0, exit: 3 } },
  { name: 'D12 401 echoing the key, --json, the key from --dotenv (s2): refused at the first lookup', target: 's2', envFile: true, args: ['--json'], behaviour: echoKey(401, (k) => `key ${k} is not valid`), expect: { status: 'failed', posts: 0, exit: 3 } },
  { name: 'D13 400 echoing the key past 300 characters', behaviour: veeqoPost(echoKey(400, (k) => 'p'.repeat(280) + k)), expect: { status: 'failed', posts: 1, exit: 1 } },
  { name: 'D14 400 echoing the key in base64', behaviour: veeqoPost(echoKey(400, (k) => `bad token ${Buffer.from(k).toString('base64')}`)), expect: { status: 'failed', posts: 1, exit: 1 } },
  { name: 'D14 400 echoing a Basic header of user:key', behaviour: veeqoPost(echoKey(400, (k) => `bad Basic ${Buffer.from(`user:${k}`).toString('base64')}`)), expect: { status: 'failed', posts: 1, exit: 1 } },
];

/** Every 8-character piece of the secret, and 12-character pieces of its base64 forms. */
function leaks(out: string, secret: string): string[] {
  const pieces = new Set<string>();
  for (let i = 0; i + 8 <= secret.length; i++) pieces.add(secret.slice(i, i + 8));
  for (const enc of [secret, `user:${secret}`].map((s) => Buffer.from(s).toString('base64'))) {
    for (let i = 0; i + 12 <= enc.length; i++) pieces.add(enc.slice(i, i + 12));
  }
  return [...pieces].filter((p) => out.includes(p));
}

describe('hostile servers: one server, one row per behaviour', { concurrency: 3 }, () => {
  let server: HostileServer;
  before(async () => {
    server = await startHostile(Object.fromEntries(ROWS.map((r, i) => [`r${i}`, r.behaviour])));
  });
  after(() => server.close());

  ROWS.forEach((r, i) => {
    test(r.name, async () => {
      const target = r.target ?? 'veeqo';
      const dir = tempDir('cu-hostile-');
      const input = path.join(dir, 'in.csv');
      await generateCsv(input, { rows: r.products ?? 1, prefix: 'H', kind: target === 'pandabase' ? 'digital_download' : 'physical' });
      const report = path.join(dir, 'report.jsonl');
      if (r.prior) writeFileSync(report, r.prior.map((l) => JSON.stringify(l) + '\n').join(''));
      r.seed?.(server.state(`r${i}`));
      const args = ['upload', input, '--target', target, '--base-url', server.url(`r${i}`), '--report', report, '--no-progress', '--retries', '2', ...(r.args ?? [])];
      if (r.envFile) {
        const file = path.join(dir, '.env');
        writeFileSync(file, Object.entries(ENV[target]).map(([k, v]) => `${k}=${v}\n`).join(''));
        args.push('--dotenv', file);
      }
      const env = r.envFile ? Object.fromEntries(Object.keys(ENV[target]).map((k) => [k, undefined])) : ENV[target];
      const check = async (e: Expect, extra: string[]) => {
        const res = await run([...args, ...extra], { env, timeoutMs: 30_000 });
        const written = [res.stdout, res.stderr, existsSync(report) ? readFileSync(report, 'utf8') : ''].join('\n');
        assert.deepEqual(leaks(written, SECRET[target]), [], 'no piece of the credential in anything written');
        assert.equal(res.code, e.exit, res.stderr);
        assert.equal(server.state(`r${i}`).posts, e.posts, 'POSTs the server saw');
        const lines = [...readReportFile(report).last.values()];
        // `none`: stopped before any request of a unit left, so no unit has a line (a resume sends them).
        if (e.status === 'none') assert.deepEqual(lines, [], 'no unit line');
        else assert.ok(lines.length > 0, 'the report has final lines');
        for (const l of lines) {
          assert.match(l.status, new RegExp(`^(${e.status})$`), `${l.key}: ${l.status}: ${l.error}`);
          if (e.error) assert.match(l.error ?? '', e.error);
        }
        if (e.stderr) assert.match(res.stderr, e.stderr);
        assert.doesNotMatch(res.stderr, /\n\s+at /, 'no stack trace');
      };
      await check(r.expect, r.prior ? ['--resume'] : []);
      if (r.resume) await check(r.resume, ['--resume']);
    });
  });

  test('D14 credentials in --base-url are refused and never printed', async () => {
    const dir = tempDir('cu-hostile-');
    const input = path.join(dir, 'in.csv');
    await generateCsv(input, { rows: 1, prefix: 'H' });
    const url = server.url('r0').replace('http://', 'http://user:hunter2secret@');
    const res = await run(['upload', input, '--target', 'veeqo', '--base-url', url, '--report', path.join(dir, 'r.jsonl')], { env: ENV.veeqo });
    assert.equal(res.code, 2, res.stderr);
    assert.match(res.stderr, /base URL http:\/\/\*\*\*@127\.0\.0\.1:\d+\/r0 has credentials in it/);
    assert.ok(!(res.stdout + res.stderr).includes('hunter2secret'));
    const bad = await run(['upload', input, '--target', 'veeqo', '--base-url', 'http://user:hunter2secret@exa mple.com'], { env: ENV.veeqo });
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /"http:\/\/\*\*\*@exa mple\.com" is not a URL/);
    assert.ok(!bad.stderr.includes('hunter2secret'));
  });

  test('D7 signals win over waits: Ctrl-C during a rate-limit pause ends the run at once', async () => {
    // The first create answers "none left until 4 minutes from now" (within --max-wait 5m).
    const reset = () => String(Math.ceil(Date.now() / 1000) + 240);
    const busy = await startHostile({ p: veeqoPost((_x, res, s) => json(res, 201, { id: s.posts }, { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': reset() })) });
    try {
      const dir = tempDir('cu-hostile-');
      const input = path.join(dir, 'in.csv');
      await generateCsv(input, { rows: 2, prefix: 'H' });
      const report = path.join(dir, 'report.jsonl');
      const child = spawnCli(['upload', input, '--target', 'veeqo', '--base-url', busy.url('p'), '--report', report, '--no-progress', '--concurrency', '1'], ENV.veeqo);
      // Once the first unit is journaled created, the second waits out the pause (or is about to:
      // either way it has not been sent, which is all the outcome depends on).
      const firstCreated = () => existsSync(report) && readFileSync(report, 'utf8').includes('"status":"created"');
      await waitFor(firstCreated);
      child.kill('SIGINT');
      const { code } = await Promise.race([exited(child), new Promise<never>((_, reject) => setTimeout(() => reject(new Error('still waiting 20 s after Ctrl-C')), 20_000))]);
      assert.equal(code, 130, child.output().stderr);
      const last = readReportFile(report).last;
      assert.equal(last.get(keyOf('veeqo', 0))?.status, 'created');
      // Never sent: no final line (the journal says nothing of it), so --resume sends it.
      assert.equal(last.get(keyOf('veeqo', 1)), undefined, 'not sent, so no line: --resume sends it');
      assert.match(child.output().stderr, /not sent\s+1/);
      assert.equal(busy.state('p').posts, 1);
    } finally {
      await busy.close();
    }
  });
});

test('a base URL nobody answers at (connection refused): the run stops with exit 3 and says so, nothing journaled as sent', async () => {
  const dir = tempDir();
  const input = path.join(dir, 'in.csv');
  writeFileSync(input, 'handle,title,sku,price\nh1,T,S1,1.00\nh2,T,S2,1.00\nh3,T,S3,1.00\n');
  // A port that was free a moment ago: nothing listens there.
  const probe = http.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const port = (probe.address() as AddressInfo).port;
  await new Promise((resolve) => probe.close(resolve));
  const report = path.join(dir, 'r.jsonl');
  const r = await run(['upload', input, '--target', 'veeqo', '--report', report, '--allow-http', '--no-progress'], { env: { VEEQO_API_KEY: 'k12345678', VEEQO_BASE_URL: `http://127.0.0.1:${port}` } });
  assert.equal(r.code, 3, r.stderr);
  assert.match(r.stderr, new RegExp(`run stopped: cannot reach http://127\\.0\\.0\\.1:${port}/?: connection refused \\(8 tries, no answer yet\\): is the base URL right, is the network up\\?`));
  assert.match(r.stderr, /not sent\s+3/);
  assert.deepEqual([...readReportFile(report).last.values()], [], 'no unit line: a resume sends them all');
});

test('a create that outlives --timeout and lands later is found, not sent again: the lookup waits for the server first', async () => {
  // Veeqo (no idempotency): each create takes 2.5 s, past the 1 s timeout, and still happens.
  const { sandboxFor } = await import('./harness.js');
  const h = await sandboxFor('veeqo', { latencyMs: 2500, methods: ['POST'] });
  try {
    const dir = tempDir();
    const input = path.join(dir, 'in.csv');
    writeFileSync(input, 'handle,title,sku,price\nh1,T,S1,1.00\nh2,T,S2,1.00\n');
    const r = await run(['upload', input, '--target', 'veeqo', '--report', path.join(dir, 'r.jsonl'), '--timeout', '1s', '--rate', 'unlimited', '--json', '--no-progress'], { env: h.env });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(JSON.parse(r.stdout).units.existing, 2, 'each found by its lookup after the wait');
    assert.equal(h.sandbox.stats.byMethod.POST, 2, 'no create sent twice (a second would land after the run)');
  } finally {
    await h.close();
  }
});
