// Whether to colour what the CLI writes. Everything coloured goes to stderr (summary, notices,
// errors), so the decision follows stderr, not stdout: `2>log` gets a log without escape codes
// even when stdout is a terminal. NO_COLOR and FORCE_COLOR win over the terminal check.
import { Chalk } from 'chalk';

/** chalk's levels: 0 none, 1 basic 16 colours, 2 256 colours, 3 truecolor. */
export type ColourLevel = 0 | 1 | 2 | 3;

/**
 * The colour level for a stream. FORCE_COLOR first (as Node itself reads it: '', 1 or true for
 * basic colours, 2 or 3 for more, 0 or false for none), then NO_COLOR (any non-empty value,
 * https://no-color.org), then: a terminal that is not "dumb".
 */
export function colourLevel(env: NodeJS.ProcessEnv, isTTY: boolean): ColourLevel {
  const force = env.FORCE_COLOR;
  if (force !== undefined) {
    if (force === '' || force === '1' || force.toLowerCase() === 'true') return 1;
    if (force === '2' || force === '3') return Number(force) as ColourLevel;
    if (force === '0' || force.toLowerCase() === 'false') return 0;
    // Anything else is a request for colour we cannot read: basic colours.
    return 1;
  }
  if (env.NO_COLOR) return 0;
  if (!isTTY || env.TERM === 'dumb') return 0;
  if (env.COLORTERM === 'truecolor' || env.COLORTERM === '24bit') return 3;
  if (env.TERM?.includes('256')) return 2;
  return 1;
}

/** The painter for everything the CLI writes to stderr. */
export const paint = new Chalk({ level: colourLevel(process.env, Boolean(process.stderr.isTTY)) });
