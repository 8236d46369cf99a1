// The changes of the first updated (or, with --plan, to-be-updated) products, printed in full
// before the summary; every product's are in the report. Rendering only: the run decided them.
import { paint } from './colour.js';
import type { Engine } from '../run/engine.js';
import type { ReportLine } from '../output/report.js';
import { formatChange } from '../targets/diff.js';
import { redact } from '../secrets.js';

/** How many products are shown with their changes. */
const SHOWN = 10;
/** How many changes of one product are shown. */
const PER_PRODUCT = 12;

export interface ChangedUnits {
  lines: ReportLine[];
  count: number;
}

export function collectChanges(engine: Engine): ChangedUnits {
  const changed: ChangedUnits = { lines: [], count: 0 };
  engine.on('unit', (line: ReportLine) => {
    if (!line.changes?.length || (line.status !== 'updated' && line.status !== 'to_update' && line.status !== 'existing')) return;
    changed.count++;
    if (changed.lines.length < SHOWN) changed.lines.push(line);
  });
  return changed;
}

export function printChanges(c: ChangedUnits): void {
  if (!c.lines.length) return;
  const out = (s: string) => process.stderr.write(redact(s) + '\n');
  out(paint.bold('changes:'));
  for (const line of c.lines) {
    const verb = line.status === 'updated' ? 'updated' : line.status === 'to_update' ? 'would update' : 'differs (skipped: --existing update would send it)';
    out(`  ${line.key} (id ${line.remote_id}) ${verb}:`);
    for (const ch of line.changes!.slice(0, PER_PRODUCT)) out(`    ${formatChange(ch)}`);
    if (line.changes!.length > PER_PRODUCT) out(paint.dim(`    … ${line.changes!.length - PER_PRODUCT} more in the report`));
  }
  if (c.count > c.lines.length) out(paint.dim(`  … and ${c.count - c.lines.length} more products (all in the report)`));
}
