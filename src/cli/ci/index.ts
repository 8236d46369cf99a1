// Where a run's results show up besides the terminal: GitHub annotations on the lines of the
// files, the job summary, a JUnit report, and --verbose request lines. Each writer subscribes to
// the engine's events; run-cmds.ts only calls attachOutputs() and finish().
import { Option, type Command } from 'commander';
import type { ProductRecord } from '../../input/types.js';
import type { ReportLine } from '../../output/report.js';
import type { Engine, Mode } from '../../run/engine.js';
import { leftToResume, type Summary } from '../../run/tally.js';
import { logRequests, runTitle } from '../levels.js';

export interface OutputFlags {
  annotations?: 'github' | 'none';
  summaryMd?: string;
  junit?: string;
  quiet?: boolean;
  verbose?: boolean;
}

export function outputOptions(cmd: Command): Command {
  return cmd
    .addOption(new Option('--annotations <format>', 'annotate each located problem for a CI: github (default when GITHUB_ACTIONS=true) or none').choices(['github', 'none']))
    .option('--summary-md <file>', 'append a Markdown summary of the run to this file (default: $GITHUB_STEP_SUMMARY when set)')
    .option('--junit <file>', 'write a JUnit XML report: one test case per product, for CI test reports')
    .addOption(new Option('--quiet', 'print only the problems, errors and one summary line').conflicts('verbose'))
    .option('--verbose', 'also print one line per request: method, path, status, time, retry');
}

export interface RunFacts {
  mode: Mode;
  target?: string;
  inputs: string[];
  env: NodeJS.ProcessEnv;
}

export interface Outputs {
  /** The run ended with a summary: write what is left to write. */
  finish(summary: Summary, resumeCommand: string): void;
  /** The run stopped with an error before it could summarise. */
  failed(message: string): void;
}

export async function attachOutputs(engine: Engine, flags: OutputFlags, run: RunFacts): Promise<Outputs> {
  const startedAt = new Date();
  const err = (line: string) => process.stderr.write(line + '\n');
  if (flags.verbose) logRequests(engine, err);
  const github = flags.annotations ? flags.annotations === 'github' : run.env.GITHUB_ACTIONS === 'true';
  const summaryFile = flags.summaryMd ?? (run.env.GITHUB_STEP_SUMMARY || undefined);
  // Each writer loads only when asked for: a plain run pays nothing for them.
  const annotations = github ? await import('./annotations.js').then(async (m) => new m.Annotations(new (await import('./positions.js')).Positions(run.env.GITHUB_WORKSPACE || process.cwd()), err)) : undefined;
  const junit = flags.junit ? new (await import('../../output/junit.js')).JunitWriter(flags.junit, { name: `catalog-upload ${runTitle(run)}`, startedAt, properties: { mode: run.mode, target: run.target } }) : undefined;
  const md = summaryFile ? await import('./step-summary.js') : undefined;

  if (annotations || junit) {
    // A product sent as several units (S2: one per variant) has its warnings annotated once.
    const warned = new WeakSet<ProductRecord>();
    engine.on('unit', (line: ReportLine, record?: ProductRecord) => {
      junit?.add(line);
      if (!annotations) return;
      const hint = record && { file: record.file, format: record.format, line: record.rows[0]?.line };
      for (const e of line.errors ?? []) annotations.issue(e, hint);
      if (record && !warned.has(record)) {
        warned.add(record);
        for (const w of record.warnings) annotations.issue(w, hint);
      }
      if ((line.status === 'failed' || line.status === 'unknown') && !line.errors?.length) annotations.failure(line.source, line.code ?? line.status, line.error ?? line.status, hint);
    });
  }

  return {
    finish(summary, resumeCommand) {
      annotations?.finish(summary.report ? `all of them are in the report, ${summary.report}` : 'run again with --report FILE for all of them');
      if (junit) {
        if (summary.aborted) junit.runError(`stopped: ${summary.aborted}`);
        else if (summary.interrupted) junit.runError(`interrupted${summary.units.not_sent ? `: ${summary.units.not_sent} units not sent` : ''}`);
        junit.close(summary.elapsed_ms);
      }
      if (md && summaryFile) md.appendSummary(summaryFile, md.summaryMarkdown(summary, { resume: leftToResume(summary) ? resumeCommand : undefined }));
    },
    failed(message) {
      if (annotations) {
        const at = placeOf(message, run.inputs);
        annotations.failure(at?.place ?? '', 'input', at?.rest ?? message, undefined, at?.col);
        annotations.finish('');
      }
      if (junit) {
        junit.runError(message);
        junit.close(Date.now() - startedAt.getTime());
      }
      if (md && summaryFile) md.appendSummary(summaryFile, md.failedMarkdown(runTitle(run), message));
    },
  };
}

/** `file:12:5: invalid JSON …` → the place `file:12`, column 5 and the rest, when it names an input. */
function placeOf(message: string, inputs: string[]): { place: string; col?: number; rest: string } | undefined {
  for (const file of inputs) {
    const m = message.startsWith(file + ':') ? /^:(\d+)(?::(\d+))?: ([^]*)$/.exec(message.slice(file.length)) : null;
    if (m) return { place: `${file}:${m[1]}`, col: m[2] === undefined ? undefined : Number(m[2]), rest: m[3]! };
  }
  return undefined;
}
