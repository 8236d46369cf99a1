// The library's entry points: validate() and upload() take plain options, apply the same
// protections as the command line (policy.ts), and return the run's summary. A run is an Engine:
// it emits the events the CLI renders ('plan', 'unit', 'retry', 'sandbox', 'request', 'notice') and can be
// drained or stopped; openRun() gives it before it starts, for callers that want to listen or stop it.
import { RunError } from '../errors.js';
import { hideUserinfo } from '../secrets.js';
import type { InputFormat } from '../input/types.js';
import { loadFake, loadTarget } from '../targets/index.js';
import type { JournalMode } from '../output/report.js';
import { inspectReport } from '../output/report-read.js';
import { Engine, type JournalPlan, type Mode } from './engine.js';
import { fingerprintInputs, journalHeader, loadJournal } from './journal.js';
import type { Summary } from './tally.js';
import { checkResume, checkWritable, chooseJournal, connect, guardJournals, guardOutputPaths, type Output } from './policy.js';
import { DEFAULTS } from './defaults.js';
import { loadMap } from '../input/colmap.js';
import { LAYOUTS, type LayoutName } from '../input/layouts.js';
import { checkSecondRun, type ExistingMode } from './second-run-options.js';

export { DEFAULTS };

export interface RunOptions {
  /** Files (.csv .tsv .json .ndjson .jsonl), or '-' for stdin. */
  inputs: string[];
  /** A registered target name; required to upload, optional to validate. */
  target?: string;
  /** Build and check every request, send nothing (upload only). */
  dryRun?: boolean;
  /** Where credentials and `<TARGET>_BASE_URL` are read from; default process.env. */
  env?: NodeJS.ProcessEnv;
  inputFormat?: InputFormat;
  encoding?: string;
  delimiter?: string;
  /** Currency of rows that name none (ISO 4217). */
  currency?: string;
  /** CSV layout: unified, shopify or woocommerce; recognised from the header when not given. */
  from?: LayoutName;
  /** A column map file (see `catalog-upload map`). */
  map?: string;
  /** CSV amounts and measures written with a decimal comma (12,99). */
  decimalComma?: boolean;
  /** JSON: the top-level key holding the products. */
  jsonPath?: string;
  concurrency?: number;
  /** Requests per second (Infinity: no limit); default the target's documented limit. */
  rate?: number;
  burst?: number;
  retries?: number;
  timeoutMs?: number;
  /** The longest Retry-After or rate-limit reset to wait out; past it the run stops (exit 3). */
  maxWaitMs?: number;
  /**
   * The run journal. Default: DEFAULTS.report for an upload, DEFAULTS.sandboxReport with
   * `sandbox`, DEFAULTS.dryRunReport with `dryRun`; validate writes one only when named.
   */
  report?: string;
  resume?: boolean;
  /** With `resume`: the inputs were edited since the journal began (rows fixed); resume anyway. */
  inputsChanged?: boolean;
  resendUnknown?: boolean;
  force?: boolean;
  maxErrors?: number;
  rejects?: string;
  /** Dry runs: where to write the requests that would be sent ('-' for stdout). */
  payloads?: string;
  /** Further files the caller writes during the run (--junit, --summary-md): guarded like the run's own outputs. */
  outputs?: Output[];
  baseUrl?: string;
  /** Upload to a local fake of the target started for this run. */
  sandbox?: boolean;
  allowHttp?: boolean;
  /** What to do with a product the target already holds (found by its lookup); default skip. */
  existing?: ExistingMode;
  /** Look every product up and report what would be created, updated or left: send no write. */
  plan?: boolean;
  /** Where stock levels are set (Veeqo warehouse id); overrides the target's environment variable. */
  warehouse?: string;
}

export type RunListeners = Partial<Record<'plan' | 'unit' | 'retry' | 'sandbox' | 'request' | 'notice', (event: any) => void>>;

/** A run, checked and ready to start with `.run()`. */
export async function openRun(mode: Mode, o: RunOptions): Promise<Engine> {
  if (o.payloads && mode !== 'dry-run') throw new RunError('usage', '--payloads goes with --dry-run (use --report for what was sent)');
  if (o.resendUnknown && !o.resume) throw new RunError('usage', '--resend-unknown goes with --resume');
  if (o.inputsChanged && !o.resume) throw new RunError('usage', '--inputs-changed goes with --resume');
  if (o.inputs.includes('-') && !o.inputFormat) throw new RunError('usage', 'reading stdin (-) needs --input-format (csv, tsv, json or ndjson)');
  if (mode !== 'validate' && !o.target) throw new RunError('usage', 'uploading needs a target');
  if (o.from !== undefined && !LAYOUTS.includes(o.from)) throw new RunError('usage', `--from expects one of ${LAYOUTS.join(', ')}; got "${o.from}"`);
  // A bad map stops the run before any file is touched.
  const map = o.map === undefined ? undefined : loadMap(o.map);
  const env = { ...(o.env ?? process.env) };
  const target = o.target ? await loadTarget(o.target) : undefined;
  if (target) checkSecondRun(target, mode, o, env);
  const withSandbox = Boolean(o.sandbox && mode === 'upload' && target);
  // A plan writes nothing to the target: its report is its own kind, like a dry run's.
  const journalMode: JournalMode = mode === 'upload' ? (o.plan ? 'plan' : withSandbox ? 'sandbox' : 'real') : mode;
  const report = o.report ?? (mode === 'validate' ? undefined : journalMode === 'real' ? DEFAULTS.report : journalMode === 'sandbox' ? DEFAULTS.sandboxReport : journalMode === 'plan' ? DEFAULTS.planReport : DEFAULTS.dryRunReport);
  // Before any file is written: the inputs found and opened, no output on an input or on another
  // output, and the report's journal one this run may write to.
  const inputs = await fingerprintInputs(o.inputs, o);
  const others: Output[] = [{ flag: '--rejects', path: o.rejects }, { flag: '--payloads', path: o.payloads, stdoutAllowed: true }, ...(o.outputs ?? [])];
  guardOutputPaths(o.inputs, [{ flag: '--report', path: report }, ...others]);
  checkWritable([{ flag: '--report', path: report }, ...others]);
  await guardJournals(others);
  const choice = report ? chooseJournal(report, await inspectReport(report), { mode: journalMode, resume: o.resume, force: o.force }) : undefined;
  // The fake vendor server loads only for --sandbox runs.
  const sandbox = withSandbox ? await (await import('../sandbox/server.js')).startSandbox(await loadFake(target!.name), { port: 0 }) : undefined;
  try {
    if (sandbox) Object.assign(env, (await loadFake(target!.name)).dummyEnv(sandbox.url));
    // A --sandbox run sends to its fake and nowhere else, whatever base URL a flag or the config
    // file names (the fake's dummy credentials would go to that host).
    const { config, baseUrl } = target ? await connect(target, env, mode, sandbox ? { ...o, baseUrl: undefined } : o) : { config: undefined, baseUrl: undefined };
    const notices = sandbox && o.baseUrl !== undefined ? [`--sandbox sends to its local fake: the base URL ${hideUserinfo(o.baseUrl)} is not used`] : [];
    let journal: JournalPlan | undefined;
    if (report && choice) {
      const header = journalHeader(journalMode, target?.name, baseUrl, inputs);
      journal = { path: report, action: choice.action, header, notices };
      if (choice.action === 'append') {
        const loaded = await loadJournal(report, target?.name);
        journal.notices.push(...checkResume(report, loaded.header, header, { inputsChanged: o.inputsChanged, baseUrlVariable: target?.env.find((v) => v.name.endsWith('_BASE_URL'))?.name }));
        Object.assign(journal, { header: { ...header, resumed: true }, prior: loaded.units, plan: loaded.plan });
      }
    }
    const engine = new Engine({
      mode,
      inputs: o.inputs,
      read: {
        inputFormat: o.inputFormat, defaultCurrency: o.currency ?? DEFAULTS.currency, encoding: o.encoding, delimiter: o.delimiter,
        from: o.from, map, decimalComma: o.decimalComma, jsonPath: o.jsonPath,
      },
      target,
      config,
      baseUrl,
      concurrency: o.concurrency ?? DEFAULTS.concurrency,
      rate: o.rate ?? target?.rateLimit.perSecond ?? Infinity,
      burst: o.burst ?? target?.rateLimit.burst ?? 1,
      retries: o.retries ?? DEFAULTS.retries,
      timeoutMs: o.timeoutMs ?? DEFAULTS.timeoutMs,
      journal,
      maxWaitMs: o.maxWaitMs ?? DEFAULTS.maxWaitMs,
      resendUnknown: Boolean(o.resendUnknown),
      rejectsPath: o.rejects,
      payloadsPath: o.payloads,
      maxErrors: o.maxErrors,
      sandbox,
      secondRun: { existing: o.existing ?? DEFAULTS.existing, plan: Boolean(o.plan) },
    });
    return engine;
  } catch (err) {
    await sandbox?.close();
    throw err;
  }
}

function listen(engine: Engine, on: RunListeners | undefined): Engine {
  for (const [event, fn] of Object.entries(on ?? {})) if (fn) engine.on(event, fn);
  return engine;
}

/** Checks catalog files (against a target's requirements too, with `target`); sends nothing. */
export async function validate(o: RunOptions, on?: RunListeners): Promise<Summary> {
  return listen(await openRun('validate', o), on).run();
}

/** Validates, maps and sends (or, with `dryRun`, builds and checks every request). */
export async function upload(o: RunOptions, on?: RunListeners): Promise<Summary> {
  return listen(await openRun(o.dryRun ? 'dry-run' : 'upload', o), on).run();
}
