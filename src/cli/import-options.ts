// The options that say how to read files from other systems (issue: Shopify, WooCommerce,
// Excel, other APIs), shared by validate, upload and map.
import { type Command, Option } from 'commander';
import { LAYOUTS } from '../input/layouts.js';

export interface ImportFlags {
  from?: (typeof LAYOUTS)[number];
  map?: string;
  decimalComma?: boolean;
  jsonPath?: string;
}

export function importOptions(cmd: Command, opts: { map?: boolean } = {}): Command {
  cmd.addOption(new Option('--from <layout>', 'layout of CSV inputs; recognised from the header by default').choices(LAYOUTS));
  if (opts.map !== false) cmd.option('--map <file>', 'a column map (JSON) that renames columns or JSON keys to unified ones: see `catalog-upload map`');
  return cmd
    .option('--decimal-comma', 'CSV amounts and measures are written with a decimal comma, as Excel saves them in many European locales (12,99; 1.299,00)')
    .option('--json-path <key>', 'the top-level key of a JSON input that holds the products (found on its own when it is the only array of objects)');
}

/** The flags as run options. */
export function importRunOptions(flags: ImportFlags): ImportFlags {
  return { from: flags.from, map: flags.map, decimalComma: flags.decimalComma, jsonPath: flags.jsonPath };
}
