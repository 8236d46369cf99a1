// `catalog-upload map <input>`: writes a starter column map (JSON) for a file from another
// system, every column with its best guess, on stdout (or --output); says on stderr what it could
// not place and the command that uses the map.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { type Command, Option } from 'commander';
import { RunError } from '../errors.js';
import type { ColumnMap, MapEntry } from '../input/colmap.js';
import type { MapJson } from '../input/guess.js';
import { inputFormat } from './options.js';
import { notice } from './summary.js';

interface MapFlags {
  inputFormat?: 'csv' | 'tsv' | 'json' | 'ndjson';
  encoding?: string;
  delimiter?: string;
  jsonPath?: string;
  map?: string;
  output?: string;
}

export function registerMapCommand(program: Command): void {
  program
    .command('map')
    .description('write a starter column map (JSON) for a file whose columns or keys are not the unified ones: each with its best guess')
    .argument('<input>', 'a CSV, TSV, JSON or NDJSON file, or - for stdin')
    .addOption(new Option('--input-format <format>', 'format of the input when the extension does not say (csv, tsv, json, ndjson)').argParser(inputFormat))
    .option('--encoding <name>', 'text encoding of the input; detected by default')
    .option('--delimiter <char>', 'CSV delimiter; detected from the header by default')
    .option('--json-path <key>', 'the top-level key of a JSON input that holds the products')
    .option('--map <file>', 'start from this map: its entries are kept, columns it does not name are guessed')
    .option('-o, --output <file>', 'write the map to this file instead of stdout')
    .addHelpText('after', '\nExamples:\n  catalog-upload map products.csv > products.map.json\n  catalog-upload validate products.csv --map products.map.json\n')
    .action(async (input: string, flags: MapFlags) => {
      // The readers load here, not at start-up.
      const [{ sampleInput }, { guessCsv, guessJson }, { loadMap }] = await Promise.all([import('../input/sample.js'), import('../input/guess.js'), import('../input/colmap.js')]);
      const sample = await sampleInput(input, flags);
      const guess = sample.header ? guessCsv(sample.header) : guessJson(sample.products ?? []);
      const start = flags.map ? loadMap(flags.map) : undefined;
      const map = start ? merge(guess, start) : guess;
      const mapFile = flags.output ?? `${path.basename(input === '-' ? 'stdin' : input).replace(/\.[^.]+$/, '')}.map.json`;
      // The command that uses the map, with the options that read the input the same way.
      const same = ['inputFormat', 'encoding', 'delimiter', 'jsonPath'].flatMap((k) => {
        const v = flags[k as keyof MapFlags];
        return v === undefined ? [] : [`--${k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)} ${v}`];
      });
      const use = [`catalog-upload validate ${input}`, ...same, `--map ${mapFile}`].join(' ');
      const text = JSON.stringify({ _about: about(input, use), ...map }, null, 2) + '\n';
      if (flags.output) {
        const { guardJournals, guardOutputPaths } = await import('../run/policy.js');
        guardOutputPaths([input], [{ flag: '--output', path: flags.output }]);
        await guardJournals([{ flag: '--output', path: flags.output }]);
        try {
          writeFileSync(flags.output, text);
        } catch (err) {
          throw new RunError('usage', `--output ${flags.output}: cannot write: ${(err as Error).message}`);
        }
      } else process.stdout.write(text);
      report(input, map, use);
    });
}

function about(input: string, use: string): string {
  return `Column map for ${input}, written by catalog-upload map. "columns": each column (or JSON key; a.b for nested keys, variants.x inside variants) → ` +
    'the unified column it becomes (catalog-upload schema lists them); null or {"ignore": true} leaves it out; ' +
    '{"field", "unit"} names the unit of a measure, {"field", "currency"} the currency of an amount, {"field", "values"} maps values. ' +
    `"constants": a value for every row that has none. Check it, then: ${use}`;
}

/** The guesses, with what the given map already says kept as it is. */
function merge(guess: MapJson, start: ColumnMap): MapJson {
  const columns: MapJson['columns'] = {};
  for (const [k, e] of start.columns) columns[k] = e.ignore && !e.did_you_mean ? { ignore: true } : e.field !== undefined && Object.keys(e).length === 1 ? e.field : e;
  for (const [k, e] of Object.entries(guess.columns)) if (!start.columns.has(k)) columns[k] = e;
  return { from: start.from ?? guess.from, columns, constants: { ...guess.constants, ...Object.fromEntries(start.constants) } };
}

/** On stderr: the layout, what was placed, and every column left out (with a did-you-mean). */
function report(input: string, map: MapJson, use: string): void {
  if (map.from && map.from !== 'unified') {
    notice(`${input} is ${map.from === 'shopify' ? 'a Shopify' : 'a WooCommerce'} product export: validate and upload read it without a map (the map only records "from"; add "columns" to rename columns to ${map.from}'s names)`);
    return;
  }
  const entries = Object.entries(map.columns);
  const left = entries.filter(([, e]) => typeof e === 'object' && (e as MapEntry).ignore);
  notice(`${input}: ${entries.length} columns, ${entries.length - left.length} placed, ${left.length} left out`);
  if (left.length) {
    notice(`left out (edit the map to place them): ${left.map(([k, e]) => `"${k}"${(e as MapEntry).did_you_mean ? ` (did you mean "${(e as MapEntry).did_you_mean}"?)` : ''}`).join(', ')}`);
  }
  notice(`then: ${use}`);
}
