// A small JSON file the user wrote (a config, a column map): read whole, and a syntax error
// named at its line and column, as for catalogs.
import { readFileSync } from 'node:fs';
import { RunError, type RunErrorCode } from '../errors.js';
import { findSyntaxProblem, lineColumn } from './jsonsyntax.js';

/** The file's text (without a BOM) and its value; `flag` names it in errors (`--map`, `--config`). */
export function readJsonFile(file: string, flag: string, code: RunErrorCode): { text: string; data: unknown } {
  let text: string;
  try {
    text = readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
  } catch (err) {
    throw new RunError(code, `${flag} ${file}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message}`);
  }
  try {
    return { text, data: JSON.parse(text) };
  } catch (err) {
    const p = findSyntaxProblem(text);
    if (!p) throw new RunError(code, `${file}: invalid JSON: ${(err as Error).message}`);
    const at = lineColumn(text, p.at);
    throw new RunError(code, `${file}:${at.line + 1}:${at.column}: invalid JSON: expected ${p.expected}; found ${p.found}`);
  }
}
