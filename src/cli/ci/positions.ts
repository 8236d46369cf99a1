// Where a located problem is, as a CI needs it: a path relative to the workspace (so it attaches
// to the pull request's diff), a line and, where it can be found, a column. Places are
// `file:line` (CSV, NDJSON) or `file#/json/pointer` (JSON); the files are read again, once each
// and only when small enough, to find the exact line of a pointer and the column of a cell.
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { splitPlace } from '../../issues.js';
import { jsonPointer, parseFieldPath } from '../../paths.js';
import { csvCellOffset, lineColumn, lineStart, pointerOffset } from '../../input/locate.js';

export interface Position {
  /** Relative to the workspace, with `/`; absent when the input was not a file (stdin). */
  file?: string;
  line?: number;
  col?: number;
}

/** What the reader knew about the product the problem belongs to. */
export interface PlaceHint {
  file: string;
  format: string;
  /** The line the product starts on (JSON: its element's first line). */
  line?: number;
}


export class Positions {
  private readonly texts = new Map<string, string | undefined>();

  constructor(
    private readonly workspace: string,
    private readonly cwd = process.cwd(),
    /** Files larger than this are not read again: the reader's own line is used. */
    private readonly maxBytes = 64 * 1024 * 1024,
  ) {}

  of(place: string, field: string, hint?: PlaceHint): Position {
    const at = splitPlace(place, hint?.file);
    const absolute = path.resolve(this.cwd, at.file);
    if (!isFile(absolute)) return {};
    const file = path.relative(this.workspace, absolute).split(path.sep).join('/');
    const text = this.text(absolute);
    const fallback = at.line ?? (hint?.file === at.file ? hint.line : undefined);
    if (text === undefined) return { file, line: fallback };
    const format = hint?.file === at.file ? hint.format : path.extname(at.file).slice(1).toLowerCase();
    let offset: number | undefined;
    if (at.pointer !== undefined) offset = pointerOffset(text, at.pointer);
    else if (at.line !== undefined && (format === 'csv' || format === 'tsv')) offset = csvCellOffset(text, at.line, field);
    else if (at.line !== undefined && field !== '*') {
      const start = lineStart(text, at.line);
      if (start !== -1) offset = pointerOffset(text, jsonPointer(parseFieldPath(field)), start);
    }
    if (offset === undefined) return { file, line: fallback };
    return { file, ...lineColumn(text, offset) };
  }

  private text(file: string): string | undefined {
    if (!this.texts.has(file)) {
      let text: string | undefined;
      try {
        if (statSync(file).size <= this.maxBytes) text = decode(readFileSync(file));
      } catch {
        text = undefined;
      }
      this.texts.set(file, text);
    }
    return this.texts.get(file);
  }
}

function isFile(file: string): boolean {
  try {
    return existsSync(file) && statSync(file).isFile();
  } catch {
    return false;
  }
}

/** UTF-16 when a BOM says so, else UTF-8 (a Windows-1252 file's lines still count right). */
function decode(bytes: Buffer): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes);
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes);
  return new TextDecoder('utf-8').decode(bytes);
}
