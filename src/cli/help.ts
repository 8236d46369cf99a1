// What every --help ends with: examples that run as written from a clone of the repository.
import type { Command } from 'commander';

export function withExamples(cmd: Command, examples: string[]): Command {
  return cmd.addHelpText('after', `\nExamples:\n${examples.map((e) => `  $ ${e}`).join('\n')}\n`);
}

/** Marks an option's description as required (commander's help does not). */
export function required(description: string): string {
  return `(required) ${description}`;
}
