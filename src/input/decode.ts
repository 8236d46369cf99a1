// Bytes → UTF-8: every reader works on UTF-8 bytes. UTF-8 (BOM or not) passes through after a
// strict check; UTF-16 (by BOM) and forced encodings are decoded; a file that is not UTF-8 stops
// the run with its line and the command that fixes it. Spreadsheets are where these come from.
import { isUtf8 } from 'node:buffer';
import { RunError } from '../errors.js';
import type { LocatedIssue } from '../issues.js';
import { binaryKind, MAGIC_BYTES } from './magic.js';

export interface DecodeContext {
  /** The file as the user named it (places use it). */
  name: string;
  /** Forced encoding (--encoding), else detected. */
  encoding?: string;
  /** The format the file was named as (csv, json…), for messages. */
  format?: string;
  onBytes(n: number): void;
  warn(w: LocatedIssue): void;
  /** Told once, what the file is read as: its encoding, and whether it began with a byte order mark. */
  onEncoding?(encoding: string, bom: boolean): void;
}

const KNOWN_ENCODINGS: Record<string, string> = {
  'utf-8': 'utf-8', utf8: 'utf-8',
  'utf-16le': 'utf-16le', 'utf-16': 'utf-16le', utf16le: 'utf-16le', ucs2: 'utf-16le', 'ucs-2': 'utf-16le',
  'utf-16be': 'utf-16be', utf16be: 'utf-16be',
  'windows-1252': 'windows-1252', cp1252: 'windows-1252', latin1: 'windows-1252', 'iso-8859-1': 'windows-1252', 'iso8859-1': 'windows-1252',
  'iso-8859-15': 'iso-8859-15', latin9: 'iso-8859-15', 'windows-1250': 'windows-1250', 'mac': 'macintosh', macintosh: 'macintosh',
};

/** The decoder name for --encoding, or a usage error listing what is supported. */
export function normalizeEncoding(name: string): string {
  const e = KNOWN_ENCODINGS[name.trim().toLowerCase()];
  if (!e) throw new RunError('usage', `unknown encoding "${name}": expected utf-8, utf-16le, utf-16be, windows-1252 or latin1`);
  return e;
}

/**
 * Yields the input as UTF-8 chunks, each ending on a character boundary. Throws RunError('input')
 * at the first byte that is not UTF-8 (unless an encoding was forced).
 */
export async function* toUtf8(source: AsyncIterable<Buffer | string>, ctx: DecodeContext): AsyncGenerator<Buffer> {
  const it = source[Symbol.asyncIterator]();
  let first: Buffer | undefined;
  // Enough bytes to see a BOM, the UTF-16 pattern and the signature of a binary format.
  while (!first || first.length < MAGIC_BYTES) {
    const r = await it.next();
    if (r.done) break;
    const b = typeof r.value === 'string' ? Buffer.from(r.value) : r.value;
    ctx.onBytes(b.length);
    first = first ? Buffer.concat([first, b]) : b;
  }
  if (!first || first.length === 0) return;
  const binary = binaryKind(first);
  if (binary) throw new RunError('input', `${ctx.name}: this is ${binary.what}, not ${ctx.format ? ctx.format.toUpperCase() : 'catalog'} text: ${binary.advice}`);
  const rest: AsyncIterable<Buffer> = {
    [Symbol.asyncIterator]: () => ({
      next: async () => {
        const r = await it.next();
        if (r.done) return { done: true, value: undefined };
        const b = typeof r.value === 'string' ? Buffer.from(r.value) : r.value;
        ctx.onBytes(b.length);
        return { done: false, value: b };
      },
      return: async () => {
        await it.return?.();
        return { done: true, value: undefined };
      },
    }),
  };

  let encoding = ctx.encoding ? normalizeEncoding(ctx.encoding) : undefined;
  let skip = 0;
  const utf16 = sniffUtf16(first);
  // A byte order mark says what the file is, whatever --encoding says; without one, zero bytes
  // between ASCII ones are UTF-16 unless told otherwise.
  if (first[0] === 0xef && first[1] === 0xbb && first[2] === 0xbf) {
    encoding = 'utf-8';
    skip = 3;
  } else if (utf16 && (utf16.bom || encoding === undefined)) {
    encoding = utf16.encoding;
    if (!ctx.encoding) {
      ctx.warn({
        place: `${ctx.name}:1`,
        field: '*',
        code: 'encoding.utf16',
        expected: 'UTF-8 text',
        found: `${utf16.encoding === 'utf-16le' ? 'UTF-16 LE' : 'UTF-16 BE'}${utf16.bom ? '' : ' without a byte order mark'} (as Excel saves "Unicode Text"); decoded it. Save as "CSV UTF-8" to skip this step`,
        severity: 'warning',
      });
    }
  }
  ctx.onEncoding?.(encoding ?? 'utf-8', skip > 0 || Boolean(utf16?.bom));
  if (encoding === undefined || encoding === 'utf-8') {
    yield* checkedUtf8(skip ? first.subarray(skip) : first, rest, ctx);
  } else {
    yield* decoded(first, rest, encoding, ctx.name);
  }
}

function sniffUtf16(b: Buffer): { encoding: 'utf-16le' | 'utf-16be'; bom: boolean } | undefined {
  if (b[0] === 0xff && b[1] === 0xfe) return { encoding: 'utf-16le', bom: true };
  if (b[0] === 0xfe && b[1] === 0xff) return { encoding: 'utf-16be', bom: true };
  // Text that is ASCII in UTF-16 alternates a zero byte with a printable one.
  const ascii = (c: number | undefined) => c !== undefined && c >= 0x09 && c < 0x7f;
  if (ascii(b[0]) && b[1] === 0 && ascii(b[2]) && b[3] === 0) return { encoding: 'utf-16le', bom: false };
  if (b[0] === 0 && ascii(b[1]) && b[2] === 0 && ascii(b[3])) return { encoding: 'utf-16be', bom: false };
  return undefined;
}

async function* decoded(first: Buffer, rest: AsyncIterable<Buffer>, encoding: string, name: string): AsyncGenerator<Buffer> {
  const decoder = new TextDecoder(encoding, { ignoreBOM: false });
  let lines = 0;
  const checked = (text: string): Buffer => {
    const b = Buffer.from(text);
    const nul = b.indexOf(0);
    if (nul >= 0) throw nulByte(b, nul, lines, name);
    lines += countNewlines(b);
    return b;
  };
  const text = decoder.decode(first, { stream: true });
  if (text) yield checked(text);
  for await (const chunk of rest) {
    const t = decoder.decode(chunk, { stream: true });
    if (t) yield checked(t);
  }
  const tail = decoder.decode();
  if (tail) yield checked(tail);
}

// Text saved as UTF-8 after being read as Windows-1252 ("Ã©" for "é", "â€™" for "’").
const MOJIBAKE = [Buffer.from('Ã\u0080', 'utf8').subarray(0, 3), Buffer.from('Ã‰').subarray(0, 4), Buffer.from('â€'), Buffer.from('Â\u00a0').subarray(0, 3)];

async function* checkedUtf8(first: Buffer, rest: AsyncIterable<Buffer>, ctx: DecodeContext): AsyncGenerator<Buffer> {
  let lines = 0;
  let carry: Buffer | undefined;
  let mojibakeSeen = false;
  const check = (buf: Buffer): Buffer => {
    const cut = completeLength(buf);
    const body = cut === buf.length ? buf : buf.subarray(0, cut);
    carry = cut === buf.length ? undefined : Buffer.from(buf.subarray(cut));
    if (!isUtf8(body)) throw notUtf8(body, firstInvalidUtf8(body), lines, ctx.name);
    const nul = body.indexOf(0);
    if (nul >= 0) throw nulByte(body, nul, lines, ctx.name);
    if (!mojibakeSeen) {
      for (const pattern of MOJIBAKE) {
        const at = body.indexOf(pattern);
        if (at >= 0) {
          mojibakeSeen = true;
          ctx.warn(mojibakeWarning(body, at, lines, ctx.name));
          break;
        }
      }
    }
    lines += countNewlines(body);
    return body;
  };
  yield check(first);
  for await (const chunk of rest) {
    const body = check(carry ? Buffer.concat([carry, chunk]) : chunk);
    if (body.length) yield body;
  }
  if (carry) throw notUtf8(carry, 0, lines, ctx.name);
}

/** Length of the buffer without a multi-byte character cut off at its end. */
function completeLength(buf: Buffer): number {
  const n = buf.length;
  let i = n - 1;
  while (i >= 0 && i > n - 4 && (buf[i]! & 0xc0) === 0x80) i--;
  if (i < 0) return n;
  const lead = buf[i]!;
  const need = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
  return n - i < need ? i : n;
}

export function countNewlines(buf: Buffer, end = buf.length): number {
  let n = 0;
  let i = buf.indexOf(10);
  while (i !== -1 && i < end) {
    n++;
    i = buf.indexOf(10, i + 1);
  }
  return n;
}

/** Offset of the first byte that does not belong to well-formed UTF-8. */
function firstInvalidUtf8(b: Buffer): number {
  let i = 0;
  while (i < b.length) {
    const c = b[i]!;
    if (c < 0x80) {
      i++;
      continue;
    }
    const need = c >= 0xc2 && c <= 0xdf ? 1 : c >= 0xe0 && c <= 0xef ? 2 : c >= 0xf0 && c <= 0xf4 ? 3 : -1;
    if (need < 0) return i;
    for (let k = 1; k <= need; k++) if (((b[i + k] ?? 0) & 0xc0) !== 0x80) return i;
    if (!isUtf8(b.subarray(i, i + need + 1))) return i;
    i += need + 1;
  }
  return 0;
}

function lineAround(b: Buffer, at: number): { start: number; end: number; linesBefore: number } {
  const start = b.lastIndexOf(10, at) + 1;
  let end = b.indexOf(10, at);
  if (end < 0) end = b.length;
  return { start, end, linesBefore: countNewlines(b, at) };
}

function notUtf8(body: Buffer, at: number, linesBefore: number, name: string): RunError {
  const { start, end, linesBefore: inChunk } = lineAround(body, at);
  const line = linesBefore + inChunk + 1;
  // What the line says if it is Windows-1252, which is the usual culprit.
  // { stream: true }: Node 20's one-shot decode of windows-1252 takes a Latin-1 shortcut that drops € “ ” –.
  const asCp1252 = new TextDecoder('windows-1252').decode(body.subarray(start, Math.min(end, start + 120)), { stream: true }).replace(/\r$/, '');
  const byte = body[at]!.toString(16).toUpperCase().padStart(2, '0');
  const out = name.replace(/(\.[^./\\]+)?$/, (ext) => `-utf8${ext || '.csv'}`);
  return new RunError(
    'input',
    `${name}:${line}: not UTF-8 text (byte 0x${byte}, column ${at - start + 1}; read as Windows-1252 the line is ${JSON.stringify(asCp1252)}). ` +
      `The file looks like Windows-1252/Latin-1, as Excel saves "CSV" on Windows. Re-run with --encoding windows-1252, ` +
      `or convert it: iconv -f WINDOWS-1252 -t UTF-8 ${name} > ${out}`,
  );
}

/** A NUL character never belongs in a catalog: the file is damaged, or binary, or cut from one. */
function nulByte(body: Buffer, at: number, linesBefore: number, name: string): RunError {
  const { start, linesBefore: inChunk } = lineAround(body, at);
  const column = body.toString('utf8', start, at).length + 1;
  return new RunError('input', `${name}:${linesBefore + inChunk + 1}:${column}: a NUL character (byte 0x00) in the text: the file is damaged or not text; remove it (tr -d '\\000' < ${name} > fixed) and check the value around it`);
}

function mojibakeWarning(body: Buffer, at: number, linesBefore: number, name: string): LocatedIssue {
  const { start, end, linesBefore: inChunk } = lineAround(body, at);
  const from = Math.max(start, at - 30);
  const text = body.toString('utf8', from, Math.min(end, at + 30)).replace(/^[\x80-\xbf]+|\r$/g, '');
  return {
    place: `${name}:${linesBefore + inChunk + 1}`,
    field: '*',
    code: 'encoding.mojibake',
    expected: 'text without mojibake: "Ã©", "â€™" and the like are "é", "’"… that were saved as UTF-8 twice (the file was opened as Windows-1252 and saved as UTF-8); fix the source, or undo it with iconv -f UTF-8 -t WINDOWS-1252 (then read it as UTF-8)',
    found: JSON.stringify(text),
    severity: 'warning',
  };
}
