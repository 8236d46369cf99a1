// Small helpers the platform layouts share.
import type { Transform } from '../layout.js';

/** "Age Group" → age_group, "Custom label 0" → custom_label_0. */
export function snake(s: string): string {
  return s.trim().toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '_').replace(/^_|_$/g, '');
}

/**
 * A value map, case-insensitive: {"true": "active"} turns TRUE into active. A value it does not
 * know passes unchanged, so the field's own check reports it as written.
 */
export function valueMap(values: Record<string, string>): Transform {
  const m = new Map(Object.entries(values).map(([k, v]) => [k.trim().toLowerCase(), v]));
  return (cell) => m.get(cell.trim().toLowerCase()) ?? cell;
}
