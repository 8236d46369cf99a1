// The README's CI recipe runs as written: its shell commands against the sandbox, its YAML
// pipelines' commands with flags the binary knows, and its config example as shipped.
import assert from 'node:assert/strict';
import { cpSync, readdirSync, readFileSync, utimesSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { FIXTURES, ROOT, run, tempDir } from '../helpers.js';

const README = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
const section = README.slice(README.indexOf('## In CI'), README.indexOf('\n## ', README.indexOf('## In CI') + 1));

/** The fenced blocks of a language in a piece of Markdown. */
function blocks(markdown: string, lang: string): string[] {
  return [...markdown.matchAll(new RegExp('```' + lang + '\\n([^]*?)```', 'g'))].map((m) => m[1]!);
}

/** `npx catalog-upload <args>` lines of a block, as argument lists. */
function commands(block: string): string[][] {
  const at = (l: string) => l.indexOf('npx catalog-upload ');
  return block.split('\n').filter((l) => at(l) !== -1).map((l) => l.slice(at(l) + 'npx catalog-upload '.length).trim().split(/\s+/).filter((a) => !a.startsWith('$')));
}

describe('README: In CI', () => {
  test('the recipe\'s commands run as written against the sandbox: validate, upload, and the re-run with --resume on a fresh checkout', async () => {
    const recipe = section.slice(section.indexOf('<!-- ci-recipe'));
    const lines = commands(blocks(recipe, 'sh')[0]!);
    assert.equal(lines.length, 3);
    const dir = tempDir('cu-recipe-');
    cpSync(FIXTURES, path.join(dir, 'fixtures'), { recursive: true });
    for (const [i, args] of lines.entries()) {
      // The re-run is on a fresh checkout: the same files, with new modification times.
      if (i === lines.length - 1) for (const f of readdirSync(path.join(dir, 'fixtures'))) utimesSync(path.join(dir, 'fixtures', f), new Date(), new Date(Date.now() + 3_600_000));
      const r = await run(args, { cwd: dir });
      assert.equal(r.code, 0, `catalog-upload ${args.join(' ')}\n${r.stderr}`);
    }
    const junit = readFileSync(path.join(dir, 'upload-junit.xml'), 'utf8');
    assert.match(junit, /<testsuite [^>]*tests="3" failures="0" errors="0" skipped="3"/, 'the re-run skipped what the first run created');
    const summary = readFileSync(path.join(dir, 'summary.md'), 'utf8');
    assert.equal(summary.match(/^### ✅ catalog-upload /gm)?.length, 3, 'one summary per step, appended');
  });

  test('the pipelines\' commands use only flags the commands have', async () => {
    const pipelines = blocks(section, 'yaml').flatMap(commands);
    assert.ok(pipelines.length >= 4, 'GitHub and GitLab, validate and upload');
    for (const args of pipelines) {
      const help = (await run([args[0]!, '--help'])).stdout;
      for (const flag of args.filter((a) => a.startsWith('--'))) assert.ok(help.includes(flag), `${args[0]} has no ${flag}`);
    }
  });

  test('the config example is the one in docs/examples, and it is a valid config', async () => {
    const file = path.join('docs', 'examples', 'catalog-upload.config.json');
    const shown = section.slice(section.indexOf(`<!-- ${file}`));
    assert.equal(blocks(shown, 'json')[0], readFileSync(path.join(ROOT, file), 'utf8'));
    const r = await run(['validate', path.join(FIXTURES, 'catalog.csv'), '--target', 'veeqo', '--config', file]);
    assert.equal(r.code, 0, r.stderr);
  });
});
