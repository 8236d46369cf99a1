// The package as another project gets it: `npm pack`, unpacked into a fresh project's
// node_modules, imported by name with its types. Its dependencies are linked from ours, so the
// test needs no network.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { before, test } from 'node:test';
import { fixture, ROOT, tempDir } from '../helpers.js';

const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { name: string; dependencies: Record<string, string> };
let project = '';
let files: string[] = [];

before(() => {
  const out = tempDir('cu-pack-');
  // dist/ is built by `npm test` before the tests run; --ignore-scripts spares a second build.
  const packed = JSON.parse(execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', out], { cwd: ROOT, encoding: 'utf8' })) as { filename: string; files: { path: string }[] }[];
  files = packed[0]!.files.map((f) => f.path);
  project = path.join(out, 'project');
  const home = path.join(project, 'node_modules', pkg.name);
  mkdirSync(home, { recursive: true });
  execFileSync('tar', ['-xzf', path.join(out, packed[0]!.filename), '-C', home, '--strip-components=1']);
  for (const dep of Object.keys(pkg.dependencies)) {
    const at = path.join(project, 'node_modules', dep);
    mkdirSync(path.dirname(at), { recursive: true });
    symlinkSync(path.join(ROOT, 'node_modules', dep), at);
  }
  writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'consumer', type: 'module', private: true }));
});

test('the tarball holds exactly what a user needs: the binary, the built library with its types, README, LICENSE, CHANGELOG', () => {
  // Every source module, built: its JavaScript and its declarations; nothing else under dist/.
  const modules = (dir: string): string[] =>
    readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? modules(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []));
  const built = modules('src').flatMap((f) => {
    const base = f.replace(/^src/, 'dist').replace(/\.ts$/, '').split(path.sep).join('/');
    return [`${base}.js`, `${base}.d.ts`];
  });
  const expected = ['package.json', 'README.md', 'LICENSE', 'CHANGELOG.md', 'bin/catalog-upload.js', ...built];
  assert.deepEqual([...files].sort(), expected.sort(), 'no tests, fixtures, bench results, sources or stale builds');
});

test('the package says its license, and the LICENSE file is that license; it names its repository', () => {
  const meta = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { license: string; repository?: { url?: string } };
  assert.equal(meta.license, 'MIT');
  assert.match(readFileSync(path.join(ROOT, 'LICENSE'), 'utf8'), /^MIT License\n\nCopyright \(c\) \d{4} .+\n\nPermission is hereby granted, free of charge/);
  assert.match(meta.repository?.url ?? '', /^git\+https:\/\/.+\.git$/);
  assert.match(readFileSync(path.join(ROOT, 'CHANGELOG.md'), 'utf8'), /^# Changelog\n[^]*\n## \[\d+\.\d+\.\d+\] - (Unreleased|\d{4}-\d{2}-\d{2})\n/);
});

test("`import { validate } from 'catalog-uploader'` runs a validation from another project", () => {
  const script = path.join(project, 'use.mjs');
  writeFileSync(script, `
    import { validate, productSchema, TARGET_NAMES, PRODUCT_FIELDS } from 'catalog-uploader';
    const summary = await validate({ inputs: [${JSON.stringify(fixture('catalog.csv'))}], target: 'veeqo' });
    const parsed = productSchema({ currency: 'USD' }).safeParse({ title: 'T', currency: 'USD', variants: [{ sku: 'A', price: '1.5' }] });
    console.log(JSON.stringify({ units: summary.units, targets: TARGET_NAMES, fields: Object.keys(PRODUCT_FIELDS).length, price: parsed.data?.variants[0].price }));
  `);
  const out = JSON.parse(execFileSync(process.execPath, [script], { cwd: project, encoding: 'utf8' }));
  assert.equal(out.units.valid, 3);
  assert.equal(out.units.invalid, 0);
  assert.deepEqual(out.targets, ['panora', 'fanfare', 'pandabase', 's2', 'veeqo']);
  assert.ok(out.fields > 20);
  assert.equal(out.price, '1.50');
});

test('its types check in a TypeScript project (a wrong option is a type error)', () => {
  const good = path.join(project, 'good.ts');
  writeFileSync(good, `
    import { upload, type Summary, type Product } from 'catalog-uploader';
    export async function run(): Promise<number> {
      const s: Summary = await upload({ inputs: ['a.csv'], target: 'veeqo', dryRun: true }, { unit: () => undefined });
      const p: Product | undefined = undefined;
      return s.units.created + (p ? 1 : 0);
    }
  `);
  writeFileSync(path.join(project, 'bad.ts'), `import { upload } from 'catalog-uploader';\nupload({ inputz: ['a.csv'] });\n`);
  const tsc = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
  const flags = ['--noEmit', '--strict', '--module', 'nodenext', '--moduleResolution', 'nodenext', '--target', 'es2022', '--types', 'node', '--typeRoots', path.join(ROOT, 'node_modules', '@types')];
  execFileSync(process.execPath, [tsc, ...flags, good], { cwd: project, encoding: 'utf8' });
  assert.throws(
    () => execFileSync(process.execPath, [tsc, ...flags, path.join(project, 'bad.ts')], { cwd: project, encoding: 'utf8', stdio: 'pipe' }),
    (err: { stdout?: string }) => /inputz/.test(err.stdout ?? ''),
  );
  assert.ok(readdirSync(path.join(project, 'node_modules', pkg.name, 'dist')).includes('index.d.ts'));
});
