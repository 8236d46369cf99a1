// `targets` and `schema`: reference information, printed from the code that enforces it.
// The tables and schemas load in the actions, not at start-up (--help and --version need none).
import type { Command } from 'commander';
import { loadTarget, TARGET_NAMES } from '../targets/index.js';
import { withExamples } from './help.js';
import { formatRate } from './options.js';
import { capabilities } from '../run/second-run-options.js';

export function registerTargetsCommand(program: Command): void {
  const cmd = program
    .command('targets')
    .description('list the targets: environment variables, required body fields, documented rate limit, dedupe strategy, capabilities')
    .option('--json', 'as JSON');
  withExamples(cmd, ['catalog-upload targets', 'catalog-upload targets --json']).action(async (flags: { json?: boolean }) => {
      const { requiredBodyFields } = await import('../targets/check.js');
      const targets = await Promise.all(TARGET_NAMES.map(loadTarget));
      const list = targets.map((t) => ({
        name: t.name,
        title: t.title,
        docs: t.docsUrl,
        env: t.env.map((e) => ({ name: e.name, required: e.required, secret: e.secret, description: e.description })),
        required_body_fields: requiredBodyFields(t),
        also_required: t.alsoRequired ?? [],
        rate_limit: t.rateLimit,
        dedupe: { kind: t.dedupe.kind, description: t.dedupe.description },
        capabilities: capabilities(t),
      }));
      if (flags.json) return void process.stdout.write(JSON.stringify(list, null, 2) + '\n');
      for (const t of list) {
        const lines = [
          `${t.name} — ${t.title}  (${t.docs})`,
          `  env:       ${t.env.map((e) => `${e.name}${e.required ? '' : ' (optional)'}`).join(', ')}`,
          `  requires:  ${t.required_body_fields.length ? `${t.required_body_fields.join(', ')} (${t.title}'s names)` : `no field in ${t.title}'s body`}${t.also_required.map((a) => `; also ${a.field}: ${a.why}`).join('')}`,
          `  rate:      ${formatRate(t.rate_limit.perSecond)}, burst ${t.rate_limit.burst} — ${t.rate_limit.description}`,
          `  dedupe:    ${t.dedupe.kind} — ${t.dedupe.description}`,
          `  can:       ${Object.entries(t.capabilities).filter(([, v]) => v).map(([k]) => k).join(', ')}`,
          '',
        ];
        process.stdout.write(lines.join('\n') + '\n');
      }
    });
}

export function registerSchemaCommand(program: Command): void {
  const cmd = program
    .command('schema')
    .description('print the unified columns (CSV) with a description each, or the JSON Schema of a JSON input file')
    .option('--json-schema', 'print the JSON Schema of a JSON catalog (for editors)')
    .option('--markdown', 'print the columns as Markdown tables (as in the README)');
  withExamples(cmd, ['catalog-upload schema', 'catalog-upload schema --json-schema > catalog.schema.json']).action(async (flags: { jsonSchema?: boolean; markdown?: boolean }) => {
      const { COLUMNS, columnsMarkdown } = await import('../input/columns.js');
      const { productJsonSchema } = await import('../product/json-schema.js');
      if (flags.jsonSchema) return void process.stdout.write(JSON.stringify(productJsonSchema(TARGET_NAMES), null, 2) + '\n');
      if (flags.markdown) return void process.stdout.write(columnsMarkdown());
      const width = Math.max(...COLUMNS.map((c) => c.name.length));
      let level = '';
      for (const c of COLUMNS) {
        if (c.level !== level) {
          level = c.level;
          process.stdout.write(`\n${level === 'product' ? 'Product columns (first row of a handle)' : 'Variant columns (every row)'}\n`);
        }
        process.stdout.write(`  ${c.name.padEnd(width)}  ${c.description}\n`);
      }
    });
}
