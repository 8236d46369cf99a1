// Commands as the user typed them, to print back (the resume hint): the same launcher (`npx
// catalog-upload`, `catalog-upload`, `node bin/catalog-upload.js`), the same arguments, quoted
// for a POSIX shell.
import path from 'node:path';

const BIN = 'catalog-upload';

/** Quotes a word for a POSIX shell when it needs it. */
export function shellQuote(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", "'\\''")}'`;
}

/**
 * How this process was started, as words to type again. npm tells its children how: `npx` and
 * `npm exec` set npm_lifecycle_event=npx and npm_lifecycle_script to the command they ran; `npm
 * run <script>` sets the script's name and line. A process merely started from such a command
 * (another tool run by npx that calls this one) inherits those variables, so the script must
 * name this command.
 */
export function launcher(argv: readonly string[], env: NodeJS.ProcessEnv, cwd: string): string[] {
  const script = (env.npm_lifecycle_script ?? '').replace(/^['"]/, '');
  const viaNpm = env.npm_lifecycle_event !== undefined && (script === BIN || script.startsWith(`${BIN} `) || script.startsWith(`${BIN}'`));
  // From an npm script too: `npx catalog-upload` finds the same local install from a shell.
  if (viaNpm) return ['npx', BIN];
  const entry = argv[1] ?? BIN;
  // Started as `node path/to/catalog-upload.js` rather than through the bin on PATH.
  if (entry.endsWith('.js')) {
    const rel = path.relative(cwd, entry);
    return [path.basename(argv[0] ?? 'node'), rel.startsWith('..') || path.isAbsolute(rel) ? entry : rel];
  }
  return [BIN];
}

/** The command that ran, with `--resume` in place of `--resume`/`--force`, to pick up where it stopped. */
export function resumeCommand(argv: readonly string[], env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): string {
  // --force and --resend-unknown decide one run: repeated, the second would set the journal
  // aside or resend units blindly, without the user deciding it again.
  const args = argv.slice(2).filter((a) => a !== '--resume' && a !== '--force' && a !== '--resend-unknown');
  return [...launcher(argv, env, cwd), ...args.map(shellQuote), '--resume'].join(' ');
}
