// Where `npm run bench` writes: only under bench/data/, which git ignores, so a benchmark never
// modifies a tracked file. The README's table is the record of a run.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const DATA = path.join(ROOT, 'bench', 'data');
export const RESULTS = path.join(DATA, 'results.json');
