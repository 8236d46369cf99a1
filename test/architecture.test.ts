// The layers of src/ (docs/architecture.md) import only downwards: no cycle between folders.
// src/index.ts, the package entry, is above them all; the root modules (errors, issues, …) below.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { ROOT } from './helpers.js';

const SRC = path.join(ROOT, 'src');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sources(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []));
}

const layerOf = (file: string) => {
  const rel = path.relative(SRC, file).split(path.sep);
  return rel.length > 1 ? rel[0]! : '(root)';
};

/** folder → folders it imports from, with one file that does, for the message. */
function folderGraph(): Map<string, Map<string, string>> {
  const graph = new Map<string, Map<string, string>>();
  for (const file of sources(SRC)) {
    if (file === path.join(SRC, 'index.ts')) continue;
    const from = layerOf(file);
    for (const m of readFileSync(file, 'utf8').matchAll(/(?:from|import)\s*\(?\s*['"](\.{1,2}\/[^'"]+)['"]/g)) {
      const to = layerOf(path.resolve(path.dirname(file), m[1]!));
      if (to === from) continue;
      if (!graph.has(from)) graph.set(from, new Map());
      graph.get(from)!.set(to, path.relative(ROOT, file));
    }
  }
  return graph;
}

test('no import cycle between the folders of src/', () => {
  const graph = folderGraph();
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (node: string, trail: string[]) => {
    if (state.get(node) === 'done') return;
    assert.notEqual(state.get(node), 'visiting', `import cycle: ${[...trail, node].join(' → ')} (${trail.length ? graph.get(trail.at(-1)!)?.get(node) : ''})`);
    state.set(node, 'visiting');
    for (const next of graph.get(node)?.keys() ?? []) visit(next, [...trail, node]);
    state.set(node, 'done');
  };
  for (const node of graph.keys()) visit(node, []);
  // The shape the architecture page describes: the CLI is on top, the product schema at the bottom.
  assert.ok(!graph.get('product')?.size || [...graph.get('product')!.keys()].every((k) => k === '(root)'), 'product imports only root modules');
  assert.ok([...graph.values()].every((deps) => !deps.has('cli')), 'nothing imports the CLI');
});
