// `validate` and `upload`: option parsing and wiring of engine, progress, summary and signals.
import { Command, Option } from 'commander';
import { existsSync, statSync } from 'node:fs';
import { RunError, EXIT, exitCodeOf } from '../errors.js';
import type { InputFormat } from '../input/types.js';
import { startSandbox, type Sandbox } from '../sandbox/server.js';
import { loadFake, loadTarget, TARGET_NAMES } from '../targets/index.js';
import type { Target } from '../targets/types.js';
import { Engine, type EngineOptions, type Mode, type Summary } from '../run/engine.js';
import { registerSecret } from '../secrets.js';
import { currency, duration, inputFormat, loadEnvFile, positiveInt, rate } from './options.js';
import { startProgress } from './progress.js';
import type { LocatedIssue } from '../issues.js';
import { notice, printIssues, printSummary } from './summary.js';

/** How many problems are printed in full; all of them go to --report. */
const SHOWN_ISSUES = 50;

interface CommonFlags {
  inputFormat?: InputFormat;
  encoding?: string;
  delimiter?: string;
  currency: string;
  report?: string;
  rejects?: string;
  json?: boolean;
  progress: boolean;
  envFile?: string;
  target?: string;
}

interface UploadFlags extends CommonFlags {
  dryRun?: boolean;
  payloads?: string;
  concurrency: number;
  rate?: number;
  burst?: number;
  retries: number;
  timeout: number;
  resume?: boolean;
  resendUnknown?: boolean;
  force?: boolean;
  maxErrors?: number;
  baseUrl?: string;
  sandbox?: boolean;
  allowHttp?: boolean;
}

function commonOptions(cmd: Command): Command {
  return cmd
    .addOption(new Option('--input-format <format>', 'format of the inputs when the extension does not say (csv, tsv, json, ndjson); required for stdin').argParser(inputFormat))
    .option('--encoding <name>', 'text encoding of the inputs (utf-8, utf-16le, windows-1252, latin1); detected by default')
    .option('--delimiter <char>', 'CSV delimiter; detected from the header by default')
    .addOption(new Option('--currency <code>', 'currency of rows that name none (ISO 4217)').default('USD').argParser(currency))
    .option('--rejects <file>', 'write the rows that were invalid or failed, in the input\'s own format, with an errors column')
    .option('--json', 'print one JSON summary on stdout and nothing else there')
    .option('--no-progress', 'no progress bar or progress lines')
    .option('--env-file <file>', 'read environment variables (credentials) from this file');
}

export function registerValidateCommand(program: Command): void {
  commonOptions(
    program
      .command('validate')
      .description('check catalog files against the unified schema (and a target\'s requirements with --target); nothing is sent')
      .argument('<inputs...>', 'CSV, TSV, JSON or NDJSON files, or - for stdin')
      .option('--target <name>', `also check what this target requires (${TARGET_NAMES.join(', ')})`)
      .option('--report <file>', 'write one line per product (JSONL, or CSV when the name ends in .csv)'),
  ).action(async (inputs: string[], flags: CommonFlags) => {
    const target = flags.target ? await loadTarget(flags.target) : undefined;
    process.exitCode = await execute('validate', inputs, { ...flags, concurrency: 1, retries: 0, timeout: 1 }, target);
  });
}

export function registerUploadCommand(program: Command): void {
  commonOptions(
    program
      .command('upload')
      .description('validate and send products to a target API: concurrent, rate-limited, retried without duplicates, resumable')
      .argument('<inputs...>', 'CSV, TSV, JSON or NDJSON files, or - for stdin')
      .requiredOption('--target <name>', TARGET_NAMES.join(', '))
      .option('--dry-run', 'validate with the target and build the requests, send nothing')
      .option('--payloads <file>', 'with --dry-run: write the requests that would be sent (NDJSON; - for stdout)')
      .addOption(new Option('--concurrency <n>', 'requests in flight at once').default(8).argParser(positiveInt('--concurrency')))
      .addOption(new Option('--rate <n>', 'requests per second (or "unlimited"); default: the target\'s documented limit').argParser(rate))
      .addOption(new Option('--burst <n>', 'requests that may go at once after a pause; default: the target\'s').argParser(positiveInt('--burst')))
      .addOption(new Option('--retries <n>', 'retries per unit after the first attempt').default(5).argParser(positiveInt('--retries', 0)))
      .addOption(new Option('--timeout <duration>', 'per-request timeout (30s, 500ms, 2m)').default(30_000, '30s').argParser(duration('--timeout')))
      .option('--report <file>', 'the run journal (JSONL, or CSV when the name ends in .csv)', 'catalog-upload-report.jsonl')
      .option('--resume', 'continue the run recorded in --report: skip what was created, check what is uncertain, do the rest')
      .option('--resend-unknown', 'with --resume: send again units whose outcome is unknown on a target that cannot deduplicate (S2); only after checking by hand')
      .option('--force', 'start over even though --report already holds an earlier run (it is overwritten)')
      .addOption(new Option('--max-errors <n>', 'stop (exit 3) once this many units are invalid, failed or unknown').argParser(positiveInt('--max-errors')))
      .option('--base-url <url>', 'send to this base URL instead of the target\'s (or <TARGET>_BASE_URL)')
      .option('--sandbox', 'start a local fake of the target and upload to it: no credentials needed')
      .option('--allow-http', 'allow plain http:// to a host that is not this machine'),
  ).action(async (inputs: string[], flags: UploadFlags) => {
    const target = await loadTarget(flags.target!);
    process.exitCode = await execute(flags.dryRun ? 'dry-run' : 'upload', inputs, flags, target);
  });
}

async function execute(mode: Mode, inputs: string[], flags: UploadFlags, target: Target | undefined): Promise<number> {
  const env: NodeJS.ProcessEnv = { ...process.env };
  if (flags.envFile) loadEnvFile(flags.envFile, env);
  if (flags.payloads && mode !== 'dry-run') throw new RunError('usage', '--payloads goes with --dry-run (use --report for what was sent)');
  if (flags.resendUnknown && !flags.resume) throw new RunError('usage', '--resend-unknown goes with --resume');
  if (inputs.includes('-') && !flags.inputFormat) throw new RunError('usage', 'reading stdin (-) needs --input-format (csv, tsv, json or ndjson)');

  let sandbox: Sandbox | undefined;
  let config: unknown;
  let baseUrl: string | undefined;
  if (target) {
    if (flags.sandbox && mode === 'upload') {
      const fake = await loadFake(target.name);
      sandbox = await startSandbox(fake, { port: 0 });
      Object.assign(env, fake.dummyEnv(sandbox.url));
      if (!flags.json) notice(`sandbox: a local fake of ${target.title} is listening at ${sandbox.url}`);
    }
    ({ config, baseUrl } = await configure(target, env, mode, flags));
  }
  // Protects a real target from a second full run; a --sandbox run starts a fresh fake anyway.
  if (mode === 'upload' && !sandbox && flags.report && existsSync(flags.report) && statSync(flags.report).size > 0 && !flags.resume && !flags.force) {
    throw new RunError('usage', `${flags.report} already holds the report of an earlier run: add --resume to continue it, --report NEW.jsonl to start a separate run, or --force to start over`);
  }

  const opts: EngineOptions = {
    mode,
    inputs,
    read: { inputFormat: flags.inputFormat, defaultCurrency: flags.currency, encoding: flags.encoding, delimiter: flags.delimiter },
    target,
    config,
    baseUrl,
    concurrency: flags.concurrency,
    rate: flags.rate ?? target?.rateLimit.perSecond ?? Infinity,
    burst: flags.burst ?? target?.rateLimit.burst ?? 1,
    retries: flags.retries,
    timeoutMs: flags.timeout,
    reportPath: flags.report,
    resume: Boolean(flags.resume),
    resendUnknown: Boolean(flags.resendUnknown),
    rejectsPath: flags.rejects,
    payloadsPath: flags.payloads,
    maxErrors: flags.maxErrors,
  };
  const engine = new Engine(opts);
  const quiet = Boolean(flags.json);
  engine.on('plan', (p) => {
    if (!quiet) notice(`resuming ${flags.report}: ${p.done} done (skipped), ${p.to_retry} to retry, ${p.uncertain} uncertain (checked before sending again)${p.torn_lines ? `, ${p.torn_lines} torn line(s) ignored` : ''}`);
  });
  // The first problems are shown in full (place, field, expected, found); the rest are counted.
  const shown: LocatedIssue[] = [];
  let issueCount = 0;
  engine.on('unit', (line: { errors?: LocatedIssue[] }) => {
    if (!line.errors) return;
    issueCount += line.errors.length;
    for (const e of line.errors) if (shown.length < SHOWN_ISSUES) shown.push(e);
  });
  const progress = flags.progress && !quiet ? startProgress(engine, mode) : undefined;
  const signals = mode === 'upload' ? trapSignals(engine, () => progress?.stop()) : undefined;

  let summary: Summary;
  try {
    summary = await engine.run();
  } finally {
    progress?.stop();
    signals?.release();
    if (sandbox) {
      if (!quiet) notice(`sandbox: ${sandbox.stats.requests} requests, ${sandbox.store.created.length} created, ${sandbox.store.updates} updated`);
      await sandbox.close();
    }
  }
  if (quiet) process.stdout.write(JSON.stringify(summary) + '\n');
  else {
    printIssues(shown, issueCount);
    printSummary(summary, resumeCommand());
  }
  if (summary.interrupted) return EXIT.interrupted;
  if (engine.abortReason) return exitCodeOf(engine.abortReason.code);
  return summary.ok ? EXIT.ok : EXIT.someFailed;
}

/** Credentials from the environment, registered for redaction before anything can print them. */
async function configure(target: Target, env: NodeJS.ProcessEnv, mode: Mode, flags: UploadFlags): Promise<{ config: unknown; baseUrl?: string }> {
  for (const v of target.env) if (v.secret) registerSecret(env[v.name]);
  let config: unknown;
  if (mode === 'upload') {
    config = target.readConfig(env);
  } else {
    // Checking needs no credentials: use the real ones when present, placeholders otherwise.
    try {
      config = target.readConfig(env);
    } catch {
      const dummy = (await loadFake(target.name)).dummyEnv('https://sandbox.invalid');
      for (const v of target.env) if (v.secret) registerSecret(dummy[v.name]);
      config = target.readConfig({ ...env, ...dummy });
    }
    return { config };
  }
  const baseUrl = (flags.baseUrl ?? target.baseUrl(config)).replace(/\/+$/, '');
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new RunError('usage', `base URL "${baseUrl}" is not a URL`);
  }
  if (url.protocol === 'http:' && !isLoopback(url.hostname) && !flags.allowHttp) {
    throw new RunError('usage', `refusing to send credentials over plain http:// to ${url.host}: use https://, or --allow-http if you really mean it`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new RunError('usage', `base URL must be http(s); got ${url.protocol}`);
  return { config, baseUrl };
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '[::1]' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/** The exact command to pick up where this run left off. */
function resumeCommand(): string {
  const args = process.argv.slice(2).filter((a) => a !== '--resume' && a !== '--force');
  const quoted = args.map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replaceAll("'", "'\\''")}'`));
  return ['catalog-upload', ...quoted, '--resume'].join(' ');
}

/** First Ctrl-C drains; the second exits at once with in-flight units recorded as unknown. */
function trapSignals(engine: Engine, stopProgress: () => void) {
  let count = 0;
  const onSignal = () => {
    count++;
    if (count === 1) {
      stopProgress();
      notice('interrupted: finishing requests in flight (Ctrl-C again to stop now)');
      engine.drain();
    } else {
      engine.stopNow();
      notice('stopped: requests that were in flight are recorded as unknown; run again with --resume');
      process.exit(EXIT.interrupted);
    }
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    release() {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}
