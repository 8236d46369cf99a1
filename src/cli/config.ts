// The config file: `catalog-upload.config.json` in the working directory, or `--config FILE`.
// Its keys are the long flags' names (`"concurrency": 16`, `"no-progress": true`), with a
// section per target under `"targets"` that wins for that target. Flags win over the
// environment, which wins over the file. It never holds credentials: those are refused.
// Applied in two steps through commander's hooks: the top level before the command's flags are
// parsed (so a "target" there counts as given), the target's section once the target is known.
import { existsSync } from 'node:fs';
import type { Command, Option } from 'commander';
import { RunError } from '../errors.js';
import { readJsonFile } from '../input/json-file.js';
import { TARGET_NAMES } from '../targets/index.js';
import { jsonPointer } from '../paths.js';
import { isPlainObject } from '../values.js';
import { lineColumn, pointerOffset } from '../input/locate.js';
import { loadEnvFiles } from './options.js';

export const CONFIG_FILE = 'catalog-upload.config.json';
const COMMANDS = ['validate', 'upload'];

/** Flags that decide one run, never a project's standing settings. */
const NOT_IN_CONFIG: Record<string, string> = {
  resume: 'it continues one earlier run: add --resume to the command that needs it',
  'resend-unknown': 'it sends again units that may exist: decide that run by run, on the command line',
  'inputs-changed': 'it lets one resume continue a journal of inputs edited since: add it to that command',
  force: 'it sets an earlier run\'s journal aside: decide that run by run, on the command line',
  config: 'a config file cannot name another one',
  help: 'it is not a setting',
};

/** Settings whose environment variable, when set, wins over the file. */
const FROM_ENV: Record<string, (target: string | undefined) => string | undefined> = {
  'base-url': (target) => (target ? `${target.toUpperCase()}_BASE_URL` : undefined),
  'summary-md': () => 'GITHUB_STEP_SUMMARY',
};

const CREDENTIAL_KEY = /(^|[-_.])(api-?key|key|token|secret|password|passwd|credentials?|auth|authorization|bearer)($|[-_.])/i;
const CREDENTIAL_VALUE = /^(sk|rk|pk)_(live|test)_|^bearer\s|^basic\s|:\/\/[^/@\s]*:[^/@\s]*@/i;

interface Config {
  file: string;
  text: string;
  top: Record<string, unknown>;
  targets: Record<string, Record<string, unknown>>;
}

const loaded = new WeakMap<Command, Config>();

/** `--config <file>` on a command that reads the config file. */
export function configOption(cmd: Command): Command {
  return cmd.option('--config <file>', `settings for this run, as flags' names in JSON (default: ./${CONFIG_FILE} when it exists)`);
}

export function registerConfigHooks(program: Command): void {
  program.hook('preSubcommand', async (root, sub) => {
    // Help needs no settings, and must work even when the file has a mistake.
    if (!COMMANDS.includes(sub.name()) || root.args.includes('--help') || root.args.includes('-h')) return;
    const named = flagValue(root.args, '--config');
    const config = await readConfig(named ?? CONFIG_FILE, named !== undefined, settings(root));
    if (!config) return;
    loaded.set(sub, config);
    for (const [key, value] of Object.entries(config.top)) if (key !== 'targets' && !FROM_ENV[key]) apply(sub, config, [key], value);
  });
  for (const cmd of program.commands.filter((c) => COMMANDS.includes(c.name()))) {
    cmd.hook('preAction', (sub) => {
      const config = loaded.get(sub);
      if (!config) return;
      const target = (sub.opts().target as string | undefined)?.toLowerCase();
      const section = target ? config.targets[target] : undefined;
      for (const [key, value] of Object.entries(section ?? {})) if (!FROM_ENV[key]) apply(sub, config, ['targets', target!, key], value);
      const env = { ...process.env };
      loadEnvFiles(sub.opts(), env);
      for (const [key, envName] of Object.entries(FROM_ENV)) {
        const name = envName(target);
        const at = section && key in section ? ['targets', target!, key] : key in config.top ? [key] : undefined;
        if (at && !(name && env[name])) apply(sub, config, at, at.length > 1 ? section![key] : config.top[key]);
      }
    });
  }
}

/** The value of `--name value` or `--name=value` in raw arguments (before `--`). */
function flagValue(args: readonly string[], name: string): string | undefined {
  for (let i = 0; i < args.length && args[i] !== '--'; i++) {
    if (args[i] === name) return args[i + 1];
    if (args[i]!.startsWith(name + '=')) return args[i]!.slice(name.length + 1);
  }
  return undefined;
}

/** Every long flag of the commands that read the config (but those a config may not set). */
function settings(root: Command): Map<string, Option> {
  const options = new Map<string, Option>();
  for (const c of root.commands) if (COMMANDS.includes(c.name())) for (const o of c.options) if (o.long && !options.has(o.long.slice(2))) options.set(o.long.slice(2), o);
  for (const k of Object.keys(NOT_IN_CONFIG)) options.delete(k);
  return options;
}

async function readConfig(file: string, named: boolean, keys: Map<string, Option>): Promise<Config | undefined> {
  if (!named && !existsSync(file)) return undefined;
  // Loaded with the readers anyway; imported here so that start-up does not pay for it.
  const { typoDistance } = await import('../input/names.js');
  const suggest = (word: string, candidates: string[]) => didYouMean(word, candidates, typoDistance);
  const { text, data } = readJsonFile(file, '--config', 'config');
  const config: Config = { file, text, top: {}, targets: {} };
  if (!isPlainObject(data)) throw located(config, [], 'an object of settings, like {"concurrency": 16}', data);
  config.top = data;
  check(config, [], data, keys, suggest);
  if (data.targets !== undefined) {
    if (!isPlainObject(data.targets)) throw located(config, ['targets'], `an object with a section per target (${TARGET_NAMES.join(', ')})`, data.targets);
    for (const [name, section] of Object.entries(data.targets)) {
      if (!(TARGET_NAMES as string[]).includes(name)) throw located(config, ['targets', name], `a target name: ${TARGET_NAMES.join(', ')}${suggest(name, TARGET_NAMES)}`, name);
      if (!isPlainObject(section)) throw located(config, ['targets', name], 'an object of settings for that target', section);
      const inSection = new Map(keys);
      inSection.delete('target');
      check(config, ['targets', name], section, inSection, suggest);
      config.targets[name] = section;
    }
  }
  return config;
}

/**
 * Refuses credentials, flags that decide one run, unknown keys (with a did-you-mean) and bad
 * values, whichever command runs: a setting only `upload` reads is checked by `validate` too.
 */
function check(config: Config, at: string[], values: Record<string, unknown>, keys: Map<string, Option>, suggest: (word: string, candidates: string[]) => string): void {
  for (const [key, value] of Object.entries(values)) {
    const path = [...at, key];
    if (CREDENTIAL_KEY.test(key) || (typeof value === 'string' && CREDENTIAL_VALUE.test(value))) {
      throw new RunError('config', `${where(config, path)}: credentials never go in a config file (it is meant to be committed and shared); put them in the environment, from your CI's secret store, or in a --dotenv file kept out of version control (\`catalog-upload targets\` lists each target's variables)`);
    }
    if (at.length === 0 && key === 'targets') continue;
    if (NOT_IN_CONFIG[key]) throw new RunError('config', `${where(config, path)}: not a setting for a config file: ${NOT_IN_CONFIG[key]}`);
    const option = keys.get(key);
    if (!option) throw located(config, path, `one of the flags' names, like "concurrency" or "report"${suggest(key, [...keys.keys(), ...(at.length ? [] : ['targets'])])}`, key, 'a key');
    convert(option, config, path, value);
  }
}

/** Sets one setting on the command unless its flag was given. */
function apply(cmd: Command, config: Config, path: string[], value: unknown): void {
  const key = path.at(-1)!;
  const option = cmd.options.find((o) => o.long === `--${key}`);
  if (!option) return; // a setting of the other command (e.g. concurrency, when validating)
  const name = option.attributeName();
  if (cmd.getOptionValueSource(name) === 'cli') return;
  cmd.setOptionValueWithSource(name, convert(option, config, path, value), 'config');
}

function convert(option: Option, config: Config, path: string[], value: unknown): unknown {
  if (option.negate || option.isBoolean()) {
    if (typeof value !== 'boolean') throw located(config, path, 'true or false', value);
    return option.negate ? !value : value;
  }
  if (typeof value !== 'string' && typeof value !== 'number') throw located(config, path, `a value as for ${option.long}, in a string or number`, value);
  const text = String(value);
  if (option.argChoices && !option.argChoices.includes(text)) throw located(config, path, `one of ${option.argChoices.join(', ')}`, value);
  if (!option.parseArg) return text;
  try {
    return option.parseArg(text, undefined);
  } catch (err) {
    // The flag's own message ("--rate expects …; got …"), said of the key.
    const m = /^--[\w-]+ (?:expects|must be) (.*?)(?:; got .*)?$/.exec((err as Error).message);
    throw located(config, path, m ? m[1]! : (err as Error).message, value);
  }
}

/** `file:line: "targets.veeqo.rate"`: the key's own line, found in the text. */
function where(config: Config, path: string[]): string {
  const offset = pointerOffset(config.text, jsonPointer(path));
  const line = offset === undefined ? '' : `:${lineColumn(config.text, offset).line}`;
  return `${config.file}${line}${path.length ? `: "${path.join('.')}"` : ''}`;
}

function located(config: Config, path: string[], expected: string, found: unknown, what = 'the value'): RunError {
  return new RunError('config', `${where(config, path)}: expected ${expected}; found ${what === 'a key' ? `the key "${String(found)}"` : JSON.stringify(found)}`);
}

function didYouMean(word: string, candidates: string[], editDistance: (a: string, b: string) => number): string {
  let best: string | undefined;
  let distance = Infinity;
  for (const c of candidates) {
    const d = editDistance(word.toLowerCase().replaceAll('_', '-'), c);
    if (d < distance) [best, distance] = [c, d];
  }
  return best !== undefined && distance <= Math.max(2, Math.floor(best.length / 3)) ? ` (did you mean "${best}"?)` : '';
}
