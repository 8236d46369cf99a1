// `npm run bench [-- --quick]`: nine measurements, each a ratio taken in one run on this
// machine (absolute times on shared machines are noise). Prints a table, writes
// bench/data/results.json (untracked: bench/outputs.ts). See README "Benchmarks".
import { spawn } from 'node:child_process';
import { createReadStream, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse';
import { Pool } from 'undici';
import { generateCsv } from './generate.js';
import { benchExports } from './exports.js';
import { benchStartup } from './startup.js';
import { DATA, RESULTS, ROOT } from './outputs.js';

const BIN = path.join(ROOT, 'bin', 'catalog-upload.js');
const QUICK = process.argv.includes('--quick');
const N = QUICK
  ? { validate: 100_000, validateSmall: 20_000, upload: 5_000, latency: 600, rated: 60, rateLimit: 20, users: 300, faults: 1_000, second: 2_000 }
  : { validate: 1_000_000, validateSmall: 100_000, upload: 50_000, latency: 3_000, rated: 300, rateLimit: 20, users: 2_000, faults: 10_000, second: 10_000 };

export interface Row {
  measure: string;
  ours: string;
  baseline: string;
  ratio: number;
  goal: string;
  met: boolean | null;
  note?: string;
}

const rows: Row[] = [];
const log = (s: string) => process.stderr.write(s + '\n');

// ---------- process helpers ----------

export interface Timed {
  ms: number;
  code: number | null;
  stdout: string;
  stderr: string;
  rss?: number;
}

function timeProcess(cmd: string, args: string[], env: Record<string, string> = {}, input?: string): Promise<Timed> {
  const rssFile = path.join(DATA, `rss-${process.pid}-${Date.now()}.txt`);
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(cmd, args, {
      cwd: ROOT,
      env: { ...process.env, NO_COLOR: '1', CI: 'true', BENCH_RSS_FILE: rssFile, ...env },
      stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout!.setEncoding('utf8').on('data', (d) => (stdout += d));
    child.stderr!.setEncoding('utf8').on('data', (d) => (stderr += d));
    if (input !== undefined) child.stdin!.end(input);
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = performance.now() - started;
      const rss = existsSync(rssFile) ? Number(readFileSync(rssFile, 'utf8')) : undefined;
      rmSync(rssFile, { force: true });
      resolve({ ms, code, stdout, stderr, rss });
    });
  });
}

function cli(args: string[], env: Record<string, string> = {}): Promise<Timed> {
  return timeProcess(process.execPath, ['--require', path.join(ROOT, 'bench', 'rss-preload.cjs'), BIN, ...args], env);
}

interface SandboxProc {
  url: string;
  env: Record<string, string>;
  stats(): Promise<{ stats: { requests: number; rateLimited: number; byStatus: Record<string, number>; byMethod: Record<string, number> }; creates: Record<string, number> }>;
  stop(): Promise<void>;
}

/** The sandbox in its own process, as a user would run it, so it does not share our event loop. */
function startSandbox(target: string, faults: string[] = []): Promise<SandboxProc> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, 'sandbox', '--target', target, '--port', '0', ...faults], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stderr.setEncoding('utf8').on('data', (d) => (err += d));
    child.stdout.setEncoding('utf8').on('data', (d) => {
      out += d;
      const nl = out.indexOf('\n');
      if (nl < 0) return;
      const url = out.slice(0, nl).trim();
      // The env line on stderr comes right after the URL; give it a moment.
      setTimeout(() => {
        const env: Record<string, string> = {};
        for (const m of err.matchAll(/([A-Z0-9_]+)=('([^']*)'|"([^"]*)"|(\S+))/g)) env[m[1]!] = m[3] ?? m[4] ?? m[5] ?? '';
        const origin = new URL(url).origin;
        resolve({
          url,
          env,
          stats: async () => (await fetch(`${origin}/__sandbox/stats`)).json() as never,
          stop: () => new Promise((r) => { child.on('close', () => r()); child.kill('SIGTERM'); }),
        });
      }, 200);
    });
    child.on('close', (code) => reject(new Error(`sandbox exited ${code}: ${err}`)));
  });
}

// ---------- 1. validate throughput ----------

async function csvParseAlone(file: string): Promise<number> {
  const started = performance.now();
  let n = 0;
  const parser = createReadStream(file).pipe(parse({ bom: true, relax_column_count: true }));
  for await (const _ of parser) n++;
  return performance.now() - started;
}

async function benchValidate() {
  const big = path.join(DATA, `validate-${N.validate}.csv`);
  const small = path.join(DATA, `validate-${N.validateSmall}.csv`);
  if (!existsSync(big)) await generateCsv(big, { rows: N.validate, variantsPerProduct: 3, prefix: 'V' });
  if (!existsSync(small)) await generateCsv(small, { rows: N.validateSmall, variantsPerProduct: 3, prefix: 'V' });
  log(`validate: ${N.validate} rows …`);
  const base = await csvParseAlone(big);
  const ours = await cli(['validate', big, '--no-progress']);
  if (ours.code !== 0) throw new Error(`validate failed: ${ours.stderr.slice(0, 500)}`);
  const dry = await cli(['upload', big, '--target', 'veeqo', '--dry-run', '--no-progress', '--report', path.join(DATA, 'dry-report.jsonl')]);
  const smallRun = await cli(['validate', small, '--no-progress']);
  const rate = (ms: number) => Math.round(N.validate / (ms / 1000));
  const ratio = base / ours.ms;
  rows.push({ measure: `1. validate ${fmt(N.validate)} CSV rows`, ours: `${fmt(rate(ours.ms))} rows/s`, baseline: `csv-parse alone ${fmt(rate(base))} rows/s`, ratio, goal: '>= 0.8x', met: ratio >= 0.8 });
  const dryRatio = base / dry.ms;
  rows.push({ measure: `1b. upload --dry-run --target veeqo, ${fmt(N.validate)} rows`, ours: `${fmt(rate(dry.ms))} rows/s`, baseline: `csv-parse alone ${fmt(rate(base))} rows/s`, ratio: dryRatio, goal: '>= 0.7x', met: dryRatio >= 0.7 });
  const mb = (b?: number) => (b ? Math.round(b / 1024 / 1024) : NaN);
  const flat = (ours.rss ?? 0) / (smallRun.rss ?? 1);
  rows.push({ measure: `1c. peak RSS, validate ${fmt(N.validateSmall)} → ${fmt(N.validate)} rows`, ours: `${mb(smallRun.rss)} MB → ${mb(ours.rss)} MB`, baseline: 'flat: <= 1.3x, <= 200 MB', ratio: flat, goal: '<= 1.3x and <= 200 MB', met: flat <= 1.3 && mb(ours.rss) <= 200 });
}

// ---------- 2. upload throughput vs a bare undici loop ----------

async function bareLoop(baseUrl: string, payloadFile: string, headers: Record<string, string>, concurrency: number): Promise<number> {
  const lines = readFileSync(payloadFile, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as { method: string; path: string; body: unknown });
  const u = new URL(baseUrl);
  const pool = new Pool(u.origin, { connections: concurrency });
  const started = performance.now();
  let next = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < lines.length) {
      const p = lines[next++]!;
      const res = await pool.request({ method: 'POST', path: u.pathname.replace(/\/$/, '') + p.path, headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify(p.body) });
      await res.body.text();
    }
  }));
  const ms = performance.now() - started;
  await pool.close();
  return ms;
}

async function benchUpload() {
  // Veeqo: its listing tells in one request that a fresh target holds nothing, so ours sends what
  // the bare loop sends (Fanfare, with no listing, would look each product up first).
  const target = 'veeqo';
  const secret = 'VEEQO_API_KEY';
  const input = path.join(DATA, `upload-${N.upload}.csv`);
  if (!existsSync(input)) await generateCsv(input, { rows: N.upload, prefix: 'U' });
  const payloads = path.join(DATA, `payloads-${N.upload}.ndjson`);
  const concurrency = 32;
  log(`upload: ${N.upload} products …`);
  const sb1 = await startSandbox(target);
  await cli(['upload', input, '--target', target, '--dry-run', '--payloads', payloads, '--no-progress', '--report', path.join(DATA, 'dry.jsonl')], sb1.env);
  const headers = JSON.parse(readFileSync(payloads, 'utf8').split('\n')[0]!).headers as Record<string, string>;
  // Dry-run redacts secrets: put the sandbox's real dummy credentials back for the bare loop.
  for (const [k, v] of Object.entries(headers)) if (v.includes('***')) headers[k] = v.replace('***', sb1.env[secret] ?? '');
  const base = await bareLoop(sb1.url, payloads, headers, concurrency);
  const baseCreated = Object.keys((await sb1.stats()).creates).length;
  await sb1.stop();
  const sb2 = await startSandbox(target);
  const ours = await cli(['upload', input, '--target', target, '--rate', 'unlimited', '--concurrency', String(concurrency), '--no-progress', '--force', '--report', path.join(DATA, 'up.jsonl')], sb2.env);
  const created = Object.keys((await sb2.stats()).creates).length;
  await sb2.stop();
  if (ours.code !== 0 || created !== N.upload || baseCreated !== N.upload) throw new Error(`upload bench: exit ${ours.code}, created ${created}/${baseCreated}: ${ours.stderr.slice(-500)}`);
  const ratio = base / ours.ms;
  const r = (ms: number) => `${fmt(Math.round(N.upload / (ms / 1000)))} req/s`;
  rows.push({ measure: `2. upload ${fmt(N.upload)} products, loopback, c=${concurrency}`, ours: r(ours.ms), baseline: `bare undici loop ${r(base)}`, ratio, goal: '>= 0.8x', met: ratio >= 0.8, note: 'ours includes reading, validating, mapping and the journal' });
}

// ---------- 3. latency-bound ----------

async function benchLatency() {
  const input = path.join(DATA, `latency-${N.latency}.csv`);
  if (!existsSync(input)) await generateCsv(input, { rows: N.latency, prefix: 'L' });
  log(`latency: ${N.latency} products at 50 ms …`);
  const sb = await startSandbox('fanfare', ['--latency', '50']);
  const ours = await cli(['upload', input, '--target', 'fanfare', '--rate', 'unlimited', '--concurrency', '32', '--json', '--no-progress', '--force', '--report', path.join(DATA, 'lat.jsonl')], sb.env);
  await sb.stop();
  // Requests per second (each product: its lookup, then its create) on the run's own clock
  // (reading, mapping and sending; not Node's start-up).
  const s = JSON.parse(ours.stdout);
  const achieved = s.requests.sent / (s.elapsed_ms / 1000);
  const ideal = 32 / 0.05;
  const ratio = achieved / ideal;
  rows.push({ measure: `3. 50 ms latency, c=32, ${fmt(N.latency)} products`, ours: `${achieved.toFixed(0)} req/s`, baseline: `ideal 32/0.05s = ${ideal} req/s`, ratio, goal: '>= 0.9x', met: ratio >= 0.9, note: `run time, excluding process start-up (wall ${(ours.ms / 1000).toFixed(1)} s)` });
}

// ---------- 4. rate-bound ----------

async function benchRate() {
  const input = path.join(DATA, `rated-${N.rated}.csv`);
  if (!existsSync(input)) await generateCsv(input, { rows: N.rated, prefix: 'R' });
  log(`rate: ${N.rated} products at ${N.rateLimit}/s …`);
  // The server's bucket holds N.rateLimit; ours keeps Fanfare's default burst (10), so network
  // jitter never lands more requests at once than the server's bucket holds.
  const sb = await startSandbox('fanfare', ['--rate-limit', String(N.rateLimit), '--burst', String(N.rateLimit)]);
  const ours = await cli(['upload', input, '--target', 'fanfare', '--rate', String(N.rateLimit), '--concurrency', '8', '--json', '--no-progress', '--force', '--report', path.join(DATA, 'rate.jsonl')], sb.env);
  const stats = await sb.stats();
  await sb.stop();
  const s = JSON.parse(ours.stdout);
  // Every request counts against the limit, lookups included.
  const achieved = s.requests.sent / (s.elapsed_ms / 1000);
  const pct429 = (stats.stats.rateLimited / Math.max(1, stats.stats.requests)) * 100;
  rows.push({
    measure: `4. sandbox limited to ${N.rateLimit}/s (burst ${N.rateLimit}), ${N.rated} products`,
    ours: `${achieved.toFixed(1)} req/s, ${s.units.failed} failed, ${pct429.toFixed(2)}% 429`,
    baseline: `limit ${N.rateLimit} req/s`,
    ratio: achieved / N.rateLimit,
    goal: '>= 0.95x, 0 failed, < 1% 429',
    met: achieved / N.rateLimit >= 0.95 && s.units.failed === 0 && pct429 < 1,
  });
}

// ---------- 5. what users run instead ----------

async function benchUsers() {
  const input = path.join(DATA, `users-${N.users}.csv`);
  if (!existsSync(input)) await generateCsv(input, { rows: N.users, prefix: 'N' });
  const payloads = path.join(DATA, `users-payloads.ndjson`);
  log(`alternatives: ${N.users} products …`);
  let sb = await startSandbox('fanfare');
  await cli(['upload', input, '--target', 'fanfare', '--dry-run', '--payloads', payloads, '--no-progress', '--report', path.join(DATA, 'dry2.jsonl')], sb.env);
  const ours = await cli(['upload', input, '--target', 'fanfare', '--rate', 'unlimited', '--concurrency', '8', '--no-progress', '--force', '--report', path.join(DATA, 'users.jsonl')], sb.env);
  await sb.stop();
  const key = sb.env.FANFARE_SECRET_KEY ?? '';

  // xargs -P 8 curl: one body file per product, as a shell user would script it.
  const bodies = path.join(DATA, 'bodies');
  rmSync(bodies, { recursive: true, force: true });
  mkdirSync(bodies, { recursive: true });
  readFileSync(payloads, 'utf8').split('\n').filter(Boolean).forEach((l, i) => writeFileSync(path.join(bodies, `${i}.json`), JSON.stringify(JSON.parse(l).body)));
  sb = await startSandbox('fanfare');
  const curlCmd = `ls ${bodies}/*.json | xargs -P 8 -I{} curl -s -o /dev/null -X POST -H 'Authorization: Bearer ${key}' -H 'Content-Type: application/json' --data-binary @{} ${sb.url}/products`;
  const curl = await timeProcess('bash', ['-c', curlCmd]);
  const curlCreated = Object.keys((await sb.stats()).creates).length;
  await sb.stop();
  rows.push({ measure: `5a. ${fmt(N.users)} products vs xargs -P 8 curl`, ours: `${(ours.ms / 1000).toFixed(1)} s`, baseline: `xargs+curl ${(curl.ms / 1000).toFixed(1)} s (${curlCreated} created, no validation, no retries)`, ratio: curl.ms / ours.ms, goal: 'speed-up (report)', met: null });

  // newman: a Postman collection with the CSV as iteration data.
  sb = await startSandbox('fanfare');
  const collection = {
    info: { name: 'catalog', schema: 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json' },
    item: [{
      name: 'create product',
      request: {
        method: 'POST',
        header: [{ key: 'Authorization', value: `Bearer ${key}` }, { key: 'Content-Type', value: 'application/json' }],
        url: `${sb.url}/products`,
        body: { mode: 'raw', raw: '{"name":"{{title}}","url":"{{url}}","handle":"{{handle}}","variants":[{"sku":"{{sku}}","price":"{{price}}","inventoryQuantity":{{inventory_quantity}},"inventoryPolicy":"deny","optionValues":[]}]}' },
      },
    }],
  };
  const collFile = path.join(DATA, 'collection.json');
  writeFileSync(collFile, JSON.stringify(collection));
  const newman = await timeProcess('npx', ['--yes', 'newman@6.2.2', 'run', collFile, '-d', input, '--reporters', 'cli', '--reporter-cli-no-summary', '--reporter-cli-no-success-assertions', '--silent']);
  const newmanCreated = Object.keys((await sb.stats()).creates).length;
  await sb.stop();
  if (newman.code === 0 || newmanCreated > 0) {
    rows.push({ measure: `5b. ${fmt(N.users)} products vs newman (CSV iteration data)`, ours: `${(ours.ms / 1000).toFixed(1)} s`, baseline: `newman ${(newman.ms / 1000).toFixed(1)} s (${newmanCreated} created, sequential)`, ratio: newman.ms / ours.ms, goal: 'speed-up (report)', met: null, note: 'newman time includes npx start-up when not cached' });
  } else {
    rows.push({ measure: '5b. vs newman', ours: '-', baseline: `newman unavailable: ${newman.stderr.slice(0, 120)}`, ratio: NaN, goal: 'speed-up (report)', met: null });
  }
}

// ---------- 6. faults ----------

async function benchFaults() {
  const input = path.join(DATA, `faults-${N.faults}.csv`);
  if (!existsSync(input)) await generateCsv(input, { rows: N.faults, prefix: 'X' });
  log(`faults: ${N.faults} products …`);
  const args = (r: string) => ['upload', input, '--target', 'fanfare', '--rate', 'unlimited', '--concurrency', '32', '--retries', '10', '--json', '--no-progress', '--force', '--report', path.join(DATA, r)];
  let sb = await startSandbox('fanfare');
  const clean = await cli(args('clean.jsonl'), sb.env);
  await sb.stop();
  sb = await startSandbox('fanfare', ['--fail-rate', '0.1', '--reset-rate', '0.03', '--seed', '11']);
  const faulty = await cli(args('faulty.jsonl'), sb.env);
  const st = await sb.stats();
  await sb.stop();
  const s = JSON.parse(faulty.stdout);
  const dup = Object.values(st.creates).filter((n) => n > 1).length;
  rows.push({
    measure: `6. ${fmt(N.faults)} products, 10% 503 + 3% dropped connections`,
    ours: `${(faulty.ms / 1000).toFixed(1)} s, ${s.units.created} created, ${dup} duplicates`,
    baseline: `fault-free ${(clean.ms / 1000).toFixed(1)} s`,
    ratio: faulty.ms / clean.ms,
    goal: 'time vs fault-free (report)',
    met: null,
  });
}

// ---------- 7. start-up ----------

async function benchStartupTime() {
  log('start-up: --version, --help, validate of 3 rows, against node -e 0 …');
  rows.push(...benchStartup(ROOT, DATA, QUICK ? 9 : 21));
}

// ---------- 8. platform exports on the same streaming path ----------

async function benchPlatformExports() {
  rows.push(...(await benchExports({ data: DATA, rows: N.validate, smallRows: N.validateSmall, cli, csvParseAlone, fmt, log })));
}

// ---------- 9. second run of an unchanged catalog ----------

async function benchSecondRun() {
  const input = path.join(DATA, `second-${N.second}.csv`);
  if (!existsSync(input)) await generateCsv(input, { rows: N.second, prefix: 'S' });
  log(`second run: ${N.second} products, unchanged, Veeqo at 5 req/s …`);
  const sb = await startSandbox('veeqo');
  const first = await cli(['upload', input, '--target', 'veeqo', '--rate', 'unlimited', '--concurrency', '32', '--json', '--no-progress', '--force', '--report', path.join(DATA, 'second-1.jsonl')], sb.env);
  if (first.code !== 0) throw new Error(`second-run bench, first run: exit ${first.code} ${first.stdout.slice(-300)}`);
  const before = (await sb.stats()).stats;
  // The second run at Veeqo's documented limit (5 requests/s, our default for it).
  const again = await cli(['upload', input, '--target', 'veeqo', '--existing', 'update', '--json', '--no-progress', '--force', '--report', path.join(DATA, 'second-2.jsonl')], sb.env);
  const after = (await sb.stats()).stats;
  await sb.stop();
  const s = JSON.parse(again.stdout);
  const writes = Object.entries(after.byMethod).filter(([m]) => m !== 'GET').reduce((n, [m, c]) => n + c - (before.byMethod[m] ?? 0), 0);
  // The time its requests take at 5/s (the first 10 go at once: our burst), against the run's clock.
  const atLimit = Math.max(0, s.requests.sent - 10) / 5;
  const secs = s.elapsed_ms / 1000;
  rows.push({
    measure: `9. second run, ${fmt(N.second)} unchanged products, Veeqo fake at 5 req/s`,
    ours: `${secs.toFixed(1)} s, ${s.requests.sent} requests (${(s.requests.sent / N.second).toFixed(3)}/product), ${writes} writes, ${s.units.unchanged} unchanged`,
    baseline: `its requests at 5/s: ${atLimit.toFixed(1)} s (a lookup per product: ${fmt(N.second)} requests, ${(N.second / 5 / 60).toFixed(0)} min)`,
    ratio: atLimit / secs,
    goal: '>= 0.9x, 0 writes',
    met: atLimit / secs >= 0.9 && writes === 0 && s.units.unchanged === N.second,
  });
}

function fmt(n: number): string {
  return n >= 10_000 ? `${(n / 1000).toFixed(n >= 100_000 ? 0 : 1)}k` : String(n);
}

const ALL = [benchValidate, benchUpload, benchLatency, benchRate, benchUsers, benchFaults, benchStartupTime, benchPlatformExports, benchSecondRun];
// `--only 3,4` runs a subset (while working on one measurement).
const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1]!.split(',').map(Number) : undefined;
const STEPS = only ? ALL.filter((_, i) => only.includes(i + 1)) : ALL;

async function main() {
  mkdirSync(DATA, { recursive: true });
  const started = performance.now();
  const machine = `${cpus().length} × ${cpus()[0]?.model.trim()}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`;
  for (const step of STEPS) {
    try {
      await step();
    } catch (err) {
      rows.push({ measure: step.name, ours: 'error', baseline: String((err as Error).message).slice(0, 200), ratio: NaN, goal: '', met: false });
    }
  }
  const table = [
    '| measure | ours | baseline | ratio | goal | met |',
    '|---|---|---|---|---|---|',
    ...rows.map((r) => `| ${r.measure} | ${r.ours} | ${r.baseline} | ${Number.isFinite(r.ratio) ? r.ratio.toFixed(2) + 'x' : '-'} | ${r.goal} | ${r.met === null ? 'n/a' : r.met ? 'yes' : 'NO'} |`),
  ].join('\n');
  const total = ((performance.now() - started) / 1000).toFixed(0);
  process.stdout.write(`\n${table}\n\nmachine: ${machine}; mode: ${QUICK ? 'quick' : 'full'}; took ${total}s; command: npm run bench${QUICK ? ' -- --quick' : ''}\n`);
  writeFileSync(RESULTS, JSON.stringify({ date: new Date().toISOString(), machine, quick: QUICK, seconds: Number(total), rows }, null, 2) + '\n');
}

await main();
