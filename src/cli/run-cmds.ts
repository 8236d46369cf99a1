// `validate` and `upload`: option parsing and wiring of engine, progress, summary and signals.
import { Command, Option } from 'commander';
import { EXIT, exitCodeOf, RunError } from '../errors.js';
import type { InputFormat } from '../input/types.js';
import type { LocatedIssue } from '../issues.js';
import { DEFAULTS } from '../run/defaults.js';
import type { Engine, Mode } from '../run/engine.js';
import type { Summary } from '../run/tally.js';
import { TARGET_NAMES } from '../targets/index.js';
import { currency, duration, inputFormat, loadEnvFiles, positiveInt, rate, targetName } from './options.js';
import { attachOutputs, type OutputFlags, outputOptions } from './ci/index.js';
import { configOption } from './config.js';
import { type ImportFlags, importOptions, importRunOptions } from './import-options.js';
import { quietLine } from './levels.js';
import { withExamples, required } from './help.js';
import { resumeCommand } from './shell.js';
import { trapSignals } from './signals.js';
import { notice, printIssues, printSummary } from './summary.js';
import { redact } from '../secrets.js';
import { collectChanges, printChanges } from './changes-view.js';
import { EXISTING_MODES } from '../run/second-run-options.js';
import type { RunOptions } from '../run/api.js';

/** How many problems are printed in full; all of them go to --report. */
const SHOWN_ISSUES = 50;

interface CommonFlags extends OutputFlags, ImportFlags {
  inputFormat?: InputFormat;
  encoding?: string;
  delimiter?: string;
  currency: string;
  report?: string;
  rejects?: string;
  json?: boolean;
  progress: boolean;
  dotenv?: string;
  /** The old spelling of --dotenv (Node 20 intercepts it: see commonOptions). */
  envFile?: string;
  target?: string;
}

interface UploadFlags extends CommonFlags, Pick<RunOptions, 'existing' | 'plan' | 'warehouse'> {
  dryRun?: boolean;
  payloads?: string;
  concurrency: number;
  rate?: number;
  burst?: number;
  retries: number;
  timeout: number;
  maxWait: number;
  resume?: boolean;
  inputsChanged?: boolean;
  resendUnknown?: boolean;
  force?: boolean;
  maxErrors?: number;
  baseUrl?: string;
  sandbox?: boolean;
  allowHttp?: boolean;
}

function commonOptions(cmd: Command): Command {
  return importOptions(outputOptions(configOption(cmd)))
    .addOption(new Option('--input-format <format>', 'format of the inputs when the extension does not say (csv, tsv, json, ndjson); required for stdin').argParser(inputFormat))
    .option('--encoding <name>', 'text encoding of the inputs (utf-8, utf-16le, windows-1252, latin1); detected by default')
    .option('--delimiter <char>', 'CSV delimiter; detected from the header by default')
    .addOption(new Option('--currency <code>', 'currency of rows that name none (ISO 4217)').default(DEFAULTS.currency).argParser(currency))
    .option('--rejects <file>', 'write the rows that were invalid or failed, in the input\'s own format, with an errors column')
    .option('--json', 'print one JSON summary on stdout and nothing else there')
    .option('--no-progress', 'no progress bar or progress lines')
    .option('--dotenv <file>', 'read KEY=value environment variables (credentials) from this file; variables already set win')
    // The old name, kept for files that exist. Node itself reads `--env-file` anywhere on its
    // command line, even after the script, and exits 9 on a missing file before this program
    // starts: no spelling of ours can catch that, hence --dotenv.
    .addOption(new Option('--env-file <file>').hideHelp());
}

export function registerValidateCommand(program: Command, ctx: CliContext): void {
  const cmd = program
    .command('validate')
    .description('check catalog files against the unified schema (and a target\'s requirements with --target); nothing is sent')
    .argument('<inputs...>', 'CSV, TSV, JSON or NDJSON files, or - for stdin')
    .option('--target <name>', `also check what this target requires (${TARGET_NAMES.join(', ')})`)
    .option('--report <file>', 'write one line per product (JSONL, or CSV when the name ends in .csv)');
  withExamples(commonOptions(cmd), [
    'catalog-upload validate fixtures/catalog.csv',
    'catalog-upload validate fixtures/catalog.csv --target s2 --report s2-check.csv',
    'catalog-upload validate - --input-format ndjson < fixtures/catalog.ndjson',
  ]).action(async (inputs: string[], flags: UploadFlags) => {
    if (flags.target) flags.target = await targetName(flags.target);
    process.exitCode = await execute('validate', inputs, flags, ctx);
  });
}

export function registerUploadCommand(program: Command, ctx: CliContext): void {
  const cmd = commonOptions(
    program
      .command('upload')
      .description('validate and send products to a target API: concurrent, rate-limited, retried without duplicates, resumable')
      .argument('<inputs...>', 'CSV, TSV, JSON or NDJSON files, or - for stdin')
      // Checked in the action, not as commander's requiredOption: that check runs before the one
      // for unknown options, so `--taget veeqo` was told "--target not specified", not "did you mean".
      .option('--target <name>', required(TARGET_NAMES.join(', ')))
      .option('--dry-run', 'validate with the target and build the requests, send nothing')
      .option('--payloads <file>', 'with --dry-run: write the requests that would be sent (NDJSON; - for stdout)')
      .addOption(new Option('--concurrency <n>', 'requests in flight at once').default(DEFAULTS.concurrency).argParser(positiveInt('--concurrency')))
      .addOption(new Option('--rate <n>', 'requests per second (or "unlimited"); default: the target\'s documented limit').argParser(rate))
      .addOption(new Option('--burst <n>', 'requests that may go at once after a pause; default: the target\'s').argParser(positiveInt('--burst')))
      .addOption(new Option('--retries <n>', 'retries per unit after the first attempt').default(DEFAULTS.retries).argParser(positiveInt('--retries', 0)))
      .addOption(new Option('--timeout <duration>', 'per-request timeout, headers and body (30s, 500ms, 2m)').default(DEFAULTS.timeoutMs, `${DEFAULTS.timeoutMs / 1000}s`).argParser(duration('--timeout')))
      .addOption(new Option('--max-wait <duration>', 'longest rate-limit pause to wait out (Retry-After, reset); past it the run stops with exit 3').default(DEFAULTS.maxWaitMs, `${DEFAULTS.maxWaitMs / 60_000}m`).argParser(duration('--max-wait')))
      .option('--report <file>', `the run journal (JSONL, or CSV when the name ends in .csv); default ${DEFAULTS.report}, with --sandbox ${DEFAULTS.sandboxReport}, with --dry-run ${DEFAULTS.dryRunReport}, with --plan ${DEFAULTS.planReport}`)
      .option('--resume', 'continue the run recorded in --report: skip what was created, check what is uncertain, do the rest')
      .option('--inputs-changed', 'with --resume: the inputs were edited since that run began (rows fixed); resume anyway, matching units by key')
      .option('--resend-unknown', 'with --resume: send again units whose outcome is unknown on a target that cannot deduplicate (S2); only after checking by hand')
      .option('--force', 'start over even though --report holds an earlier run (kept as <report>.1, .2, …)')
      .addOption(new Option('--max-errors <n>', 'stop (exit 3) once this many units are invalid, failed or unknown').argParser(positiveInt('--max-errors')))
      .option('--base-url <url>', 'send to this base URL instead of the target\'s (or <TARGET>_BASE_URL)')
      .option('--sandbox', 'start a local fake of the target and upload to it: no credentials needed')
      .option('--allow-http', 'allow plain http:// to a host that is not this machine')
      .addOption(new Option('--existing <mode>', 'a product the target already holds (found by its lookup): skip it, update it, or fail').choices(EXISTING_MODES).default(DEFAULTS.existing))
      .option('--plan', 'look every product up and report what would be created, updated or left; send no write (needs credentials)')
      .option('--warehouse <id>', 'set stock levels in this warehouse after each create or update (Veeqo; also VEEQO_WAREHOUSE_ID)'),
  );
  withExamples(cmd, [
    'catalog-upload upload fixtures/catalog.csv --target veeqo --sandbox',
    'catalog-upload upload fixtures/catalog.csv --target s2 --dry-run --payloads requests.ndjson',
    'catalog-upload upload fixtures/catalog.csv --target veeqo --dotenv .env       # credentials from .env',
    'catalog-upload upload fixtures/catalog.csv --target veeqo --resume            # after an interruption',
    'catalog-upload upload fixtures/catalog.csv --target veeqo --plan --existing update   # what a second run would change',
  ]).action(async (inputs: string[], flags: UploadFlags) => {
    if (!flags.target) throw new RunError('usage', `upload needs --target <name> (${TARGET_NAMES.join(', ')})`);
    flags.target = await targetName(flags.target);
    process.exitCode = await execute(flags.dryRun ? 'dry-run' : 'upload', inputs, flags, ctx);
  });
}

/** What the commands need from the process: the arguments as the user typed them. */
export interface CliContext {
  argv: string[];
}

async function execute(mode: Mode, inputs: string[], flags: UploadFlags, ctx: CliContext): Promise<number> {
  // stdout holds one thing: the JSON summary or the payloads, not both interleaved.
  if (flags.json && flags.payloads === '-') throw new RunError('usage', '--payloads - and --json both write to stdout: name a file for --payloads, or drop --json');
  const env: NodeJS.ProcessEnv = { ...process.env };
  loadEnvFiles(flags, env);
  // From the start: a signal before the run exists, or a second one at any moment, exits 130.
  let stopProgress = () => {};
  const signals = mode === 'upload' ? trapSignals({
    onDrain: () => {
      stopProgress();
      notice('interrupted: finishing requests in flight (Ctrl-C again to stop now)');
    },
    onStop: (problem) => {
      notice('stopped: requests that may have reached the target are recorded as unknown; run again with --resume');
      if (problem) notice(`(while stopping: ${(problem as Error)?.message ?? String(problem)})`);
    },
    exit: (code) => process.exit(code),
  }) : undefined;
  // The engine, readers and progress bar load here, not at start-up: --help and --version need none.
  const { openRun } = await import('../run/api.js');
  const engine = await openRun(mode, {
    inputs, env, target: flags.target, dryRun: mode === 'dry-run',
    inputFormat: flags.inputFormat, encoding: flags.encoding, delimiter: flags.delimiter, currency: flags.currency,
    concurrency: flags.concurrency, rate: flags.rate, burst: flags.burst, retries: flags.retries, timeoutMs: flags.timeout, maxWaitMs: flags.maxWait,
    report: flags.report, resume: flags.resume, inputsChanged: flags.inputsChanged, resendUnknown: flags.resendUnknown, force: flags.force, maxErrors: flags.maxErrors,
    rejects: flags.rejects, payloads: flags.payloads, baseUrl: flags.baseUrl, sandbox: flags.sandbox, allowHttp: flags.allowHttp,
    ...importRunOptions(flags),
    existing: flags.existing, plan: flags.plan, warehouse: flags.warehouse,
    outputs: [
      { flag: '--junit', path: flags.junit },
      { flag: flags.summaryMd === undefined ? '$GITHUB_STEP_SUMMARY' : '--summary-md', path: flags.summaryMd ?? (env.GITHUB_STEP_SUMMARY || undefined) },
    ],
  });
  const quiet = Boolean(flags.json);
  const shown = quiet ? undefined : renderEvents(engine, flags.quiet);
  const changed = quiet || flags.quiet ? undefined : collectChanges(engine);
  const outputs = await attachOutputs(engine, flags, { mode, target: flags.target, inputs, env });
  const progress = flags.progress && !quiet && !flags.quiet && !flags.verbose ? (await import('./progress.js')).startProgress(engine, mode) : undefined;
  stopProgress = () => progress?.stop();
  signals?.attach(engine);
  let summary: Summary;
  try {
    summary = await engine.run();
  } catch (err) {
    outputs.failed((err as Error).message);
    throw err;
  } finally {
    progress?.stop();
    signals?.finished();
  }
  outputs.finish(summary, resumeCommand(ctx.argv));
  if (quiet) process.stdout.write(redact(JSON.stringify(summary)) + '\n');
  else if (flags.quiet) {
    printIssues(shown!.issues, shown!.count, summary.report);
    process.stderr.write(quietLine(summary, resumeCommand(ctx.argv)) + '\n');
  } else {
    printIssues(shown!.issues, shown!.count, summary.report);
    printChanges(changed!);
    printSummary(summary, resumeCommand(ctx.argv));
  }
  if (summary.interrupted) return EXIT.interrupted;
  if (engine.abortReason) return exitCodeOf(engine.abortReason.code);
  return summary.ok ? EXIT.ok : EXIT.someFailed;
}

/** Notices on stderr as the run goes; the first problems kept to be shown in full. */
function renderEvents(engine: Engine, quiet = false): { issues: LocatedIssue[]; count: number } {
  const shown = { issues: [] as LocatedIssue[], count: 0 };
  const say = quiet ? () => undefined : notice; // --quiet: the problems, no notices
  engine.on('sandbox', (e: { url: string; title: string; closed: boolean; requests?: number; created?: number; updated?: number }) => {
    say(e.closed ? `sandbox: ${e.requests} requests, ${e.created} created, ${e.updated} updated` : `sandbox: a local fake of ${e.title} is listening at ${e.url}`);
  });
  engine.on('notice', (message: string) => say(message));
  engine.on('plan', (p) => {
    say(`resuming ${engine.reportPath}: ${p.done} done (skipped), ${p.to_retry} to retry, ${p.uncertain} uncertain (checked before sending again)${p.torn_lines ? `, ${p.torn_lines} torn line(s) ignored` : ''}`);
  });
  // A product sent as several units (S2: one per variant) has its product-level problems on
  // each: shown and counted once, by place, field and code.
  const seen = new Set<string>();
  engine.on('unit', (line: { errors?: LocatedIssue[] }) => {
    for (const e of line.errors ?? []) {
      const id = `${e.place}\u0000${e.field}\u0000${e.code}`;
      if (seen.has(id)) continue;
      if (seen.size < 100_000) seen.add(id);
      shown.count++;
      if (shown.issues.length < SHOWN_ISSUES) shown.issues.push(e);
    }
  });
  return shown;
}

