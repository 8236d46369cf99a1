// The streaming JSON scanner: finds where each product of the top-level array (or of
// "products") begins and ends, tracking strings, escapes, depth and lines, so that each
// product's text alone goes to JSON.parse and a 1 GB file never sits in memory.
import { RunError } from '../errors.js';

// A product bigger than this is not a product: most likely a broken file.
export const MAX_ELEMENT_BYTES = 64 * 1024 * 1024;

const S_START = 0;
const S_ARRAY_FIRST = 1; // after "[": a value or "]"
const S_ARRAY_NEXT = 2; // after ",": a value
const S_VALUE = 3; // inside a product's text
const S_ARRAY_AFTER = 4; // after a value: "," or "]"
const S_OBJECT_FIRST = 5; // after "{": a key or "}"
const S_OBJECT_NEXT = 6; // after ",": a key
const S_KEY = 7;
const S_COLON = 8;
const S_MEMBER = 9; // a member's value starts
const S_SKIP = 10; // inside a member value we do not read
const S_OBJECT_AFTER = 11; // after a member: "," or "}"
const S_END = 12;
const S_PEEK = 13; // after "[" of a member we do not read: is its first element an object?

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
export const NL = 0x0a;

function isSpace(c: number): boolean {
  return c === 0x20 || c === NL || c === 0x0d || c === 0x09;
}

export interface Element {
  text: string;
  line: number;
  column: number;
  index: number;
}

export class JsonScanner {
  state = S_START;
  line = 1;
  /** Byte offset of the current line's start, and of the current chunk. */
  lineStart = 0;
  offset = 0;
  // Value scanning (a product, or a skipped member value).
  depth = 0;
  inString = false;
  escaped = false;
  /** 0: container, 1: string, 2: bare scalar. */
  shape = 0;
  parts: Buffer[] = [];
  partBytes = 0;
  startLine = 0;
  startColumn = 0;
  index = 0;
  key: number[] = [];
  inProducts = false;
  topObject = false;
  sawProducts = false;
  /** Top-level members whose value is an array, and whether it starts with an object. */
  readonly arrays: { key: string; objects: boolean }[] = [];
  private peekKey = '';

  constructor(
    readonly name: string,
    readonly onBase: (base: string) => void,
    /** The top-level key of the products array (`products`, or what --json-path names). */
    readonly path = 'products',
  ) {}

  private error(at: number, expected: string, buf: Buffer | undefined, what = 'invalid JSON'): never {
    const column = this.offset + at - this.lineStart + 1;
    const found = buf === undefined || at >= buf.length ? 'the end of the file' : describeByte(buf, at);
    throw new RunError('input', `${this.name}:${this.line}:${column}: ${what}: expected ${expected}; found ${found}`);
  }

  feed(buf: Buffer, out: Element[]): void {
    const n = buf.length;
    let i = 0;
    let valueStart = this.state === S_VALUE || this.state === S_SKIP ? 0 : -1;
    while (i < n) {
      const state = this.state;
      if (state === S_VALUE || state === S_SKIP) {
        const end = this.scanValue(buf, i);
        if (end < 0) {
          i = n;
          break;
        }
        if (state === S_VALUE) {
          this.emit(buf, valueStart, end, out);
          this.state = S_ARRAY_AFTER;
        } else this.state = S_OBJECT_AFTER;
        i = end;
        valueStart = -1;
        continue;
      }
      const c = buf[i]!;
      if (isSpace(c)) {
        if (c === NL) {
          this.line++;
          this.lineStart = this.offset + i + 1;
        }
        i++;
        continue;
      }
      switch (state) {
        case S_START:
          if (c === 0x5b) {
            this.state = S_ARRAY_FIRST;
            this.inProducts = true;
            this.onBase('');
          } else if (c === 0x7b) {
            this.state = S_OBJECT_FIRST;
            this.topObject = true;
          } else this.error(i, 'a JSON array of products, or {"products": [...]}', buf);
          i++;
          break;
        case S_ARRAY_FIRST:
        case S_ARRAY_NEXT:
          if (c === 0x5d) {
            if (state === S_ARRAY_NEXT) this.error(i, 'another product after the comma (no trailing comma in JSON)', buf);
            i++;
            this.endArray();
            break;
          }
          this.startValue(c, i, S_VALUE);
          valueStart = i;
          if (this.shape !== 0) break; // a string/scalar: scanned from its first byte
          i++;
          break;
        case S_ARRAY_AFTER:
          if (c === 0x2c) this.state = S_ARRAY_NEXT;
          else if (c === 0x5d) this.endArray();
          else this.error(i, '"," or "]" after a product', buf);
          i++;
          break;
        case S_OBJECT_FIRST:
        case S_OBJECT_NEXT:
          if (c === QUOTE) {
            this.state = S_KEY;
            this.key = [];
            this.escaped = false;
          } else if (c === 0x7d && state === S_OBJECT_FIRST) this.state = S_END;
          else this.error(i, state === S_OBJECT_NEXT ? 'a "key" after the comma (no trailing comma in JSON)' : 'a "key" in double quotes', buf);
          i++;
          break;
        case S_KEY:
          // Keys are short; byte by byte is fine.
          while (i < n) {
            const k = buf[i]!;
            i++;
            if (this.escaped) this.escaped = false;
            else if (k === BACKSLASH) this.escaped = true;
            else if (k === QUOTE) {
              this.state = S_COLON;
              break;
            }
            if (this.key.length < 64) this.key.push(k);
          }
          break;
        case S_COLON:
          if (c !== 0x3a) this.error(i, '":" after the key', buf);
          this.state = S_MEMBER;
          i++;
          break;
        case S_MEMBER: {
          const key = Buffer.from(this.key).toString('utf8');
          if (key === this.path && c === 0x5b) {
            if (this.sawProducts) this.error(i, `one "${this.path}" array`, buf);
            this.sawProducts = true;
            this.inProducts = true;
            this.index = 0;
            this.onBase(`/${pointerToken(this.path)}`);
            this.state = S_ARRAY_FIRST;
            i++;
            break;
          }
          // Valid JSON, but not where the products are said to be (a nested wrapper, say).
          if (key === this.path) this.error(i, `"${this.path}" to be the array of products: "${this.path}": [ … ] (--json-path names a top-level key whose value is the array)`, buf, 'not the products');
          if (c === 0x5b) {
            this.peekKey = key;
            this.state = S_PEEK;
            i++;
            break;
          }
          this.startValue(c, i, S_SKIP);
          valueStart = i;
          if (this.shape === 0) i++;
          break;
        }
        case S_PEEK:
          // Skipped like any member value, from inside the array (depth 1), this byte included.
          this.arrays.push({ key: this.peekKey, objects: c === 0x7b });
          this.startValue(0x5b, i, S_SKIP);
          valueStart = i;
          break;
        case S_OBJECT_AFTER:
          if (c === 0x2c) this.state = S_OBJECT_NEXT;
          else if (c === 0x7d) this.state = S_END;
          else this.error(i, '"," or "}" after a value', buf);
          i++;
          break;
        case S_END:
          this.error(i, 'the end of the file after the JSON value', buf);
      }
    }
    // A value that runs on into the next chunk: keep what we have of it.
    if (this.state === S_VALUE && valueStart >= 0 && valueStart < n) {
      this.parts.push(buf.subarray(valueStart));
      this.partBytes += n - valueStart;
      if (this.partBytes > MAX_ELEMENT_BYTES) {
        throw new RunError('input', `${this.name}:${this.startLine}: product ${this.index} is over ${MAX_ELEMENT_BYTES / 1024 / 1024} MB: is a bracket or quote missing?`);
      }
    }
    this.offset += n;
  }

  private endArray(): void {
    this.inProducts = false;
    this.state = this.topObject ? S_OBJECT_AFTER : S_END;
  }

  private startValue(c: number, i: number, state: number): void {
    this.state = state;
    this.depth = 0;
    this.inString = false;
    this.escaped = false;
    this.startLine = this.line;
    this.startColumn = this.offset + i - this.lineStart + 1;
    if (c === 0x7b || c === 0x5b) {
      this.shape = 0;
      this.depth = 1;
    } else if (c === QUOTE) {
      this.shape = 1;
    } else {
      this.shape = 2;
    }
  }

  /** Scans a value from `i`; returns the offset just past its end, or -1 if it goes on. */
  private scanValue(buf: Buffer, i: number): number {
    const n = buf.length;
    if (this.shape === 2) {
      // A bare number/literal ends at a delimiter.
      while (i < n) {
        const c = buf[i]!;
        if (c === 0x2c || c === 0x5d || c === 0x7d || isSpace(c)) return i;
        i++;
      }
      return -1;
    }
    let depth = this.depth;
    let inString = this.inString || this.shape === 1;
    let escaped = this.escaped;
    if (this.shape === 1 && !this.inString && !escaped) {
      // First byte of a string value is its opening quote.
      if (buf[i] === QUOTE && this.parts.length === 0 && this.partBytes === 0 && depth === 0) i++;
    }
    while (i < n) {
      const c = buf[i]!;
      if (inString) {
        if (escaped) escaped = false;
        else if (c === BACKSLASH) escaped = true;
        else if (c === QUOTE) {
          inString = false;
          if (this.shape === 1) {
            this.inString = false;
            return i + 1;
          }
        } else if (c === NL) {
          this.line++;
          this.lineStart = this.offset + i + 1;
        }
      } else if (c === QUOTE) inString = true;
      else if (c === 0x7b || c === 0x5b) depth++;
      else if (c === 0x7d || c === 0x5d) {
        if (--depth === 0) {
          this.depth = 0;
          this.inString = false;
          this.escaped = false;
          return i + 1;
        }
      } else if (c === NL) {
        this.line++;
        this.lineStart = this.offset + i + 1;
      }
      i++;
    }
    this.depth = depth;
    this.inString = inString;
    this.escaped = escaped;
    if (this.shape === 1) this.inString = true;
    return -1;
  }

  private emit(buf: Buffer, start: number, end: number, out: Element[]): void {
    let text: string;
    if (this.parts.length) {
      this.parts.push(buf.subarray(0, end));
      text = Buffer.concat(this.parts).toString('utf8');
      this.parts = [];
      this.partBytes = 0;
    } else text = buf.toString('utf8', start, end);
    out.push({ text, line: this.startLine, column: this.startColumn, index: this.index++ });
  }

  end(): void {
    if (this.state === S_END) return;
    if (this.state === S_START) throw new RunError('input', `${this.name}: the file is empty: expected a JSON array of products, or {"products": [...]}`);
    if (this.state === S_VALUE) {
      throw new RunError('input', `${this.name}:${this.startLine}:${this.startColumn}: invalid JSON: product ${this.index} is never closed (expected "}" before the end of the file)`);
    }
    const column = this.offset - this.lineStart + 1;
    const what = this.inProducts ? '"]" to close the array of products' : this.topObject && this.state !== S_ARRAY_AFTER ? '"}" to close the object' : '"]"';
    throw new RunError('input', `${this.name}:${this.line}:${column}: invalid JSON: expected ${what}; found the end of the file`);
  }
}

/** A key as a JSON pointer token (RFC 6901). */
function pointerToken(key: string): string {
  return key.replaceAll('~', '~0').replaceAll('/', '~1');
}

function describeByte(buf: Buffer, at: number): string {
  const c = buf[at]!;
  if (c < 0x80) return JSON.stringify(String.fromCharCode(c));
  return JSON.stringify(buf.toString('utf8', at, Math.min(buf.length, at + 4)).slice(0, 1));
}

