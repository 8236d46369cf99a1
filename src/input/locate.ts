// Finding a place in a file's text, for annotations that point at the exact line and column:
// the value a JSON pointer names, and the cell of a CSV column on a given line. Pure functions
// over text; the readers keep no offsets (they stream), so this reads the text again.
import { lineColumn as zeroBasedLine } from './jsonsyntax.js';

/** 1-based line and column of an offset (in UTF-16 units, as JavaScript strings count). */
export function lineColumn(text: string, offset: number): { line: number; col: number } {
  const at = zeroBasedLine(text, offset);
  return { line: at.line + 1, col: at.column };
}

/** Offset where line `line` (1-based) starts, or -1 past the end. */
export function lineStart(text: string, line: number): number {
  let at = 0;
  for (let n = 1; n < line; n++) {
    const nl = text.indexOf('\n', at);
    if (nl === -1) return -1;
    at = nl + 1;
  }
  return at;
}

/** RFC 6901 pointer text → its reference tokens (`/a~1b/0` → ['a/b', '0']). */
export function pointerTokens(pointer: string): string[] {
  if (pointer === '') return [];
  return pointer.slice(1).split('/').map((t) => t.replaceAll('~1', '/').replaceAll('~0', '~'));
}

/**
 * Offset of the value `pointer` names in the JSON text starting at `from`. When the pointer
 * goes past what is there (a missing key, an index out of range), the offset of the deepest
 * value that exists, where the missing one belongs. Undefined when the text is not JSON there.
 */
export function pointerOffset(text: string, pointer: string, from = 0): number | undefined {
  const tokens = pointerTokens(pointer);
  const s = new Scan(text, from);
  try {
    let at = s.skipSpace();
    for (const token of tokens) {
      const inner = s.enter(token);
      if (inner === undefined) return at;
      at = inner;
    }
    return at;
  } catch {
    return undefined;
  }
}

class Scan {
  constructor(
    readonly text: string,
    public i: number,
  ) {}

  skipSpace(): number {
    while (this.i < this.text.length && ' \t\r\n'.includes(this.text[this.i]!)) this.i++;
    return this.i;
  }

  /** At a container's start: moves to the member `token` and returns its value's offset. */
  enter(token: string): number | undefined {
    const open = this.text[this.i];
    if (open !== '{' && open !== '[') return undefined;
    this.i++;
    for (let index = 0; ; index++) {
      this.skipSpace();
      if (this.text[this.i] === (open === '{' ? '}' : ']')) return undefined;
      let match: boolean;
      if (open === '{') {
        const key = JSON.parse(this.text.slice(this.i, this.stringEnd())) as string;
        this.skipSpace();
        if (this.text[this.i++] !== ':') throw new Error('expected :');
        match = key === token;
      } else match = String(index) === token;
      const value = this.skipSpace();
      if (match) return value;
      this.skipValue();
      this.skipSpace();
      if (this.text[this.i] === ',') this.i++;
    }
  }

  /** At a string's opening quote: moves past its closing quote and returns that offset. */
  stringEnd(): number {
    if (this.text[this.i] !== '"') throw new Error('expected a string');
    let j = this.i + 1;
    while (j < this.text.length && this.text[j] !== '"') j += this.text[j] === '\\' ? 2 : 1;
    if (j >= this.text.length) throw new Error('unterminated string');
    this.i = j + 1;
    return this.i;
  }

  skipValue(): void {
    const first = this.text[this.i];
    if (first === '"') return void this.stringEnd();
    if (first !== '{' && first !== '[') {
      // A number, true, false or null: up to the next separator.
      while (this.i < this.text.length && !',}] \t\r\n'.includes(this.text[this.i]!)) this.i++;
      return;
    }
    let depth = 0;
    do {
      const c = this.text[this.i];
      if (c === undefined) throw new Error('unexpected end');
      if (c === '"') {
        this.stringEnd();
        continue;
      }
      if (c === '{' || c === '[') depth++;
      else if (c === '}' || c === ']') depth--;
      this.i++;
    } while (depth > 0);
  }
}

/** The delimiter of a CSV header line: the most frequent of tab, semicolon and comma. */
export function headerDelimiter(header: string): string {
  let best = ',';
  let most = 0;
  for (const d of ['\t', ';', ',']) {
    const n = header.split(d).length - 1;
    if (n > most) [best, most] = [d, n];
  }
  return best;
}

/** The cells of one CSV record starting at `from`, with the offset where each starts. */
export function csvCellOffsets(text: string, from: number, delimiter: string): { value: string; at: number }[] {
  const cells: { value: string; at: number }[] = [];
  let at = from;
  let value = '';
  let quoted = false;
  let i = from;
  for (; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        value += '"';
        i++;
      } else if (c === '"') quoted = false;
      else value += c;
    } else if (c === '"') quoted = true;
    else if (c === delimiter) {
      cells.push({ value, at });
      value = '';
      at = i + 1;
    } else if (c === '\n' || c === '\r') break;
    else value += c;
  }
  cells.push({ value, at });
  return cells;
}

/** Offset of the cell of column `column` (as the header spells it) on the record at `line`. */
export function csvCellOffset(text: string, line: number, column: string): number | undefined {
  const body = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const firstLineEnd = text.indexOf('\n');
  const delimiter = headerDelimiter(text.slice(body, firstLineEnd === -1 ? undefined : firstLineEnd));
  const header = csvCellOffsets(text, body, delimiter).map((c) => c.value.trim());
  const index = header.indexOf(column);
  const start = lineStart(text, line);
  if (index === -1 || start === -1) return undefined;
  return csvCellOffsets(text, start, delimiter)[index]?.at;
}
