// Files that are not text at all: recognised by their first bytes (their "magic number"), so that
// a gzip or a spreadsheet workbook gets "this is a gzip file" rather than advice about text
// encodings or a missing header.

interface Signature {
  bytes: number[];
  what: string;
  advice: string;
}

const text = (s: string) => [...Buffer.from(s, 'latin1')];

const SIGNATURES: Signature[] = [
  { bytes: [0x1f, 0x8b], what: 'a gzip file', advice: 'decompress it first (gunzip, or gzip -dc FILE > FILE.csv)' },
  { bytes: [0x50, 0x4b, 0x03, 0x04], what: 'a zip archive (an Excel .xlsx or OpenDocument .ods workbook is one)', advice: 'open it in the spreadsheet and save it as "CSV UTF-8", or unzip it' },
  { bytes: [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1], what: 'an Excel .xls workbook', advice: 'open it in the spreadsheet and save it as "CSV UTF-8"' },
  { bytes: text('%PDF-'), what: 'a PDF document', advice: 'export the catalog as CSV or JSON from where it was made' },
  { bytes: text('BZh'), what: 'a bzip2 file', advice: 'decompress it first (bunzip2)' },
  { bytes: [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00], what: 'an xz file', advice: 'decompress it first (unxz)' },
  { bytes: [0x28, 0xb5, 0x2f, 0xfd], what: 'a zstd file', advice: 'decompress it first (unzstd)' },
  { bytes: [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c], what: 'a 7-Zip archive', advice: 'extract it first' },
  { bytes: text('SQLite format 3\0'), what: 'an SQLite database', advice: 'export the table as CSV (sqlite3 -csv -header DB "select …")' },
  { bytes: [0x89, 0x50, 0x4e, 0x47], what: 'a PNG image', advice: 'name the catalog file instead' },
  { bytes: [0xff, 0xd8, 0xff], what: 'a JPEG image', advice: 'name the catalog file instead' },
];

/** Bytes needed to recognise every signature. */
export const MAGIC_BYTES = Math.max(...SIGNATURES.map((s) => s.bytes.length));

/** What a file that starts with `head` is, when it is a known binary format; else undefined. */
export function binaryKind(head: Buffer): { what: string; advice: string } | undefined {
  const sig = SIGNATURES.find((s) => s.bytes.length <= head.length && s.bytes.every((b, i) => head[i] === b));
  return sig && { what: sig.what, advice: sig.advice };
}
