// The one structure that grows with the input: every sku and handle of a run, with where it
// was first seen. Compact and quick, so a million-row file keeps a flat memory profile.

/**
 * A set of strings, each with a place: the skus and handles of a run, the one structure that
 * grows with the input, so it is compact (about 22 bytes for a 10-character sku, against ~70 for
 * a Map entry with its string) and quick (one probe of a flat table, nearly always).
 * - Entries live in 1 MB byte pages: [length][Latin-1 bytes][line][meta], the two numbers as
 *   varints. Keys with characters beyond Latin-1 or over 255 characters (rare in codes) go to
 *   a plain Map.
 * - An open-addressing table of (8-bit hash tag, entry offset) finds them: a tag that matches
 *   by chance (1 in 256) costs one look at an entry. It grows by half, not double, so that it
 *   is never much bigger than needed; readers that know their input's size reserve room once.
 * Memory: 1,000,000 skus and 333,000 handles take ~35 MB; a validate of a million rows peaks
 * ~1.3x the RSS of one of 100,000 rows, and that difference is this index.
 */
export class PlaceIndex {
  private capacity = 1 << 16;
  private tags = new Uint8Array(this.capacity);
  private offsets = new Uint32Array(this.capacity); // entry offset + 1; 0: empty
  private count = 0;
  private readonly pages: Uint8Array[] = [new Uint8Array(PAGE)];
  /** Where each full page's entries end; the last page's end is `pos`. */
  private readonly ends: number[] = [];
  private pos = 0;
  private wide: Map<string, number> | undefined;

  get size(): number {
    return this.count + (this.wide?.size ?? 0);
  }

  /**
   * Adds a key seen at a line, with 16 bits of meta (file index, flags); returns what it was
   * added with before (line * 65536 + meta), or undefined if new.
   */
  add(key: string, line: number, meta: number): number | undefined {
    const h = latin1Hash(key);
    if (h === WIDE) return this.addWide(key, line * 65536 + meta);
    const at = this.probe(key, h);
    if (at >= 0) return at;
    const i = -at - 1;
    this.offsets[i] = this.store(key, line, meta) + 1;
    this.tags[i] = h & 0xff;
    // Linear probing scans tags side by side in memory, so a table can run fuller than usual
    // before probes get slow: grow at 85%.
    if (++this.count > this.capacity * 0.85) this.rebuild(Math.floor(this.capacity * 1.5));
    return undefined;
  }

  /** What a key was added with (line * 65536 + meta), or undefined. */
  get(key: string): number | undefined {
    const h = latin1Hash(key);
    if (h === WIDE) return this.wide?.get(key);
    const at = this.probe(key, h);
    return at >= 0 ? at : undefined;
  }

  /**
   * Linear probe for `key`: what it was added with (>= 0, as lines start at 1), or -(slot + 1)
   * for the free slot where it would go. A number, not an object: this runs for every row.
   */
  private probe(key: string, h: number): number {
    const tag = h & 0xff;
    const { tags, offsets, capacity } = this;
    let i = slotOf(h, capacity);
    for (let o = offsets[i]!; o !== 0; o = offsets[i]!) {
      if (tags[i] === tag) {
        const found = this.match(o - 1, key);
        if (found !== undefined) return found;
      }
      if (++i === capacity) i = 0;
    }
    return -(i + 1);
  }

  private addWide(key: string, value: number): number | undefined {
    this.wide ??= new Map();
    const prev = this.wide.get(key);
    if (prev === undefined) this.wide.set(key, value);
    return prev;
  }

  /** The entry's line * 65536 + meta if it holds `key`. */
  private match(offset: number, key: string): number | undefined {
    const page = this.pages[offset >>> PAGE_BITS]!;
    let p = offset & (PAGE - 1);
    const n = page[p]!;
    if (n !== key.length) return undefined;
    p++;
    for (let j = 0; j < n; j++) if (page[p + j] !== key.charCodeAt(j)) return undefined;
    p += n;
    let line = 0;
    for (let shift = 1; ; shift *= 128) {
      const b = page[p++]!;
      line += (b & 127) * shift;
      if (b < 128) break;
    }
    let meta = 0;
    for (let shift = 1; ; shift *= 128) {
      const b = page[p++]!;
      meta += (b & 127) * shift;
      if (b < 128) break;
    }
    return line * 65536 + meta;
  }

  /** Writes an entry; returns its offset. */
  private store(key: string, line: number, meta: number): number {
    const n = key.length;
    // Length byte, key, and at most 5 + 3 varint bytes.
    if (this.pos + n + 9 > PAGE) {
      this.ends.push(this.pos);
      this.pages.push(new Uint8Array(PAGE));
      this.pos = 0;
    }
    const page = this.pages[this.pages.length - 1]!;
    const offset = (this.pages.length - 1) * PAGE + this.pos;
    let p = this.pos;
    page[p++] = n;
    // Latin-1 checked by the hash: each code unit fits a byte.
    for (let j = 0; j < n; j++) page[p++] = key.charCodeAt(j);
    for (let v = line; ; v = Math.floor(v / 128)) {
      if (v < 128) {
        page[p++] = v;
        break;
      }
      page[p++] = (v % 128) | 128;
    }
    for (let v = meta; ; v >>>= 7) {
      if (v < 128) {
        page[p++] = v;
        break;
      }
      page[p++] = (v & 127) | 128;
    }
    this.pos = p;
    return offset;
  }

  /**
   * Makes room for `n` keys in all, at once: a reader that can tell how big its input is spares
   * the rebuilds of a growing table (each one a pass over every key).
   */
  reserve(n: number): void {
    const capacity = Math.ceil(n / 0.8);
    if (capacity > this.capacity) this.rebuild(capacity);
  }

  /**
   * Rebuilds the table with a new capacity. The entries are read page by page, in the order they
   * were written: walking the old table instead would jump around the pages, a cache miss each.
   */
  private rebuild(capacity: number): void {
    const tags = new Uint8Array(capacity);
    const offsets = new Uint32Array(capacity);
    for (let pg = 0; pg < this.pages.length; pg++) {
      const page = this.pages[pg]!;
      const end = pg < this.ends.length ? this.ends[pg]! : this.pos;
      let p = 0;
      while (p < end) {
        const entry = pg * PAGE + p;
        const n = page[p++]!;
        let h = 0x811c9dc5;
        for (const stop = p + n; p < stop; p++) h = Math.imul(h ^ page[p]!, 0x01000193);
        while (page[p++]! >= 128); // line
        while (page[p++]! >= 128); // meta
        h >>>= 0;
        let i = slotOf(h, capacity);
        while (offsets[i] !== 0) if (++i === capacity) i = 0;
        offsets[i] = entry + 1;
        tags[i] = h & 0xff;
      }
    }
    this.tags = tags;
    this.offsets = offsets;
    this.capacity = capacity;
  }
}

/** A hash's home slot: the hash scaled to the capacity (no division, any capacity). */
function slotOf(h: number, capacity: number): number {
  return Math.floor(h * capacity * 2.3283064365386963e-10);
}

const PAGE_BITS = 20;
const PAGE = 1 << PAGE_BITS;

/** Marks a key that does not fit a page entry: a character beyond Latin-1, or too long. */
const WIDE = -1;

/** FNV-1a over the key's code units (unsigned 32-bit), or WIDE. */
function latin1Hash(s: string): number {
  if (s.length > 255) return WIDE;
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c > 0xff) return WIDE;
    h = Math.imul(h ^ c, 0x01000193);
  }
  return h >>> 0;
}
