// Unified field paths as users and targets write them: `variants[1].barcode`, `case.length`,
// `targets.pandabase.fulfillmentMode`, `metadata.some.key`; and JSON pointers for JSON places.

export type PathSegment = string | number;

// metadata and targets keys are the user's own: they may contain dots, so they end the path.
const OPEN_KEYS: Record<string, number> = { metadata: 1, targets: 2 };

/** `variants[1].barcode` → ['variants', 1, 'barcode']. */
export function parseFieldPath(field: string): PathSegment[] {
  const out: PathSegment[] = [];
  let i = 0;
  const n = field.length;
  while (i < n) {
    const c = field[i];
    if (c === '.') {
      i++;
      continue;
    }
    if (c === '[') {
      const close = field.indexOf(']', i);
      const inner = field.slice(i + 1, close < 0 ? n : close);
      out.push(/^\d+$/.test(inner) ? Number(inner) : inner);
      i = close < 0 ? n : close + 1;
      continue;
    }
    // A metadata/targets key takes the rest of the path (after the target name for targets).
    const open = out.length > 0 ? OPEN_KEYS[out[0] as string] : undefined;
    if (open !== undefined && out.length === open) {
      out.push(field.slice(i));
      break;
    }
    let j = i;
    while (j < n && field[j] !== '.' && field[j] !== '[') j++;
    out.push(field.slice(i, j));
    i = j;
  }
  return out;
}

/** ['variants', 1, 'barcode'] → `variants[1].barcode`. */
export function formatFieldPath(path: readonly PropertyKey[]): string {
  let s = '';
  for (const k of path) s += typeof k === 'number' ? `[${k}]` : s === '' ? String(k) : `.${String(k)}`;
  return s === '' ? '*' : s;
}

/** RFC 6901 pointer text for segments (without the leading `#`). */
export function jsonPointer(path: readonly PathSegment[]): string {
  let s = '';
  for (const k of path) s += '/' + String(k).replaceAll('~', '~0').replaceAll('/', '~1');
  return s;
}
