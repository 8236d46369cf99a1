// The command line: the only place that knows argv, colours and exit codes.
import { Command, CommanderError } from 'commander';
import { createRequire } from 'node:module';
import { RunError, exitCodeOf, EXIT } from '../errors.js';
import { redact } from '../secrets.js';
import { registerMapCommand } from './map-cmd.js';
import { registerSandboxCommand } from './sandbox-cmd.js';
import { loadFake, loadTarget } from '../targets/index.js';
import { registerSchemaCommand, registerTargetsCommand } from './info-cmds.js';
import { registerUploadCommand, registerValidateCommand } from './run-cmds.js';
import { errorLine } from './summary.js';
import { registerConfigHooks } from './config.js';
import { withExamples } from './help.js';
import { targetName } from './options.js';
import { guardStdout, stdoutFailure } from './stdout.js';

const pkg = createRequire(import.meta.url)('../../package.json') as { version: string };

export function buildProgram(argv: string[] = process.argv): Command {
  const program = new Command('catalog-upload')
    .description('Validate a product catalog (CSV, JSON, NDJSON) and upload it to Panora, Fanfare, Pandabase, S2 or Veeqo.')
    .version(pkg.version)
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s), writeOut: (s) => process.stdout.write(s) });
  registerUploadCommand(program, { argv });
  registerValidateCommand(program, { argv });
  registerTargetsCommand(program);
  registerSchemaCommand(program);
  registerMapCommand(program);
  registerSandboxCommand(program, async (typed) => {
    const name = await targetName(typed); // a usage error with a did-you-mean
    return { title: (await loadTarget(name)).title, sandbox: await loadFake(name) };
  });
  for (const c of program.commands) c.exitOverride();
  registerConfigHooks(program);
  return withExamples(program, [
    'catalog-upload validate fixtures/catalog.csv',
    'catalog-upload upload fixtures/catalog.csv --target veeqo --sandbox',
    'catalog-upload targets',
    'catalog-upload upload --help',
  ]);
}

/** Runs the CLI and returns the exit code; never throws, never prints a stack trace. */
export async function main(argv: string[]): Promise<number> {
  guardStdout();
  const code = await parse(argv);
  const failure = stdoutFailure();
  if (!failure) return code;
  process.stderr.write(errorLine(`cannot write to stdout: ${failure.message}`) + '\n');
  return code === EXIT.ok ? EXIT.usage : code;
}

async function parse(argv: string[]): Promise<number> {
  const program = buildProgram(argv);
  try {
    await program.parseAsync(argv);
    return (program as Command & { exitCode?: number }).exitCode ?? process.exitCode as number ?? EXIT.ok;
  } catch (err) {
    if (err instanceof CommanderError) {
      // --help and --version "fail" with exit code 0; argument errors were already printed.
      return err.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    if (err instanceof RunError) {
      process.stderr.write(errorLine(redact(err.message)) + '\n');
      return exitCodeOf(err.code);
    }
    const e = err as Error;
    process.stderr.write(errorLine(`internal error: ${redact(e?.message ?? String(err))} (this is a bug; set DEBUG=catalog-upload for details)`) + '\n');
    if (process.env.DEBUG?.includes('catalog-upload')) process.stderr.write(redact(String(e?.stack)) + '\n');
    return EXIT.internal;
  }
}
