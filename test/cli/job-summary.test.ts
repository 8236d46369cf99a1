// The job summary ($GITHUB_STEP_SUMMARY, or --summary-md): counts, failures by reason with
// example keys, the resume command and the report, appended in Markdown by the real binary.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { sandboxFor } from '../upload/harness.js';
import { fixture, run, tempDir } from '../helpers.js';

describe('job summary', () => {
  test('an upload with failures: appended to $GITHUB_STEP_SUMMARY, with counts, reasons, keys, report and resume', async () => {
    const dir = tempDir('cu-summary-');
    const summaryFile = path.join(dir, 'step-summary.md');
    writeFileSync(summaryFile, '# an earlier step\n\n');
    // A hostile handle: a pipe would split its table cell, backticks end code, <b> is HTML.
    writeFileSync(path.join(dir, 'c.csv'), 'handle,title,sku,price\n"x|`<b>`",Bad,BAD-1,1.999\n,Mug,MUG-1,8.00\n,Cup,CUP-1,6.00\n');
    const h = await sandboxFor('veeqo', { failRate: 1, methods: ['POST'] });
    let stdout: string;
    try {
      const r = await run(['upload', 'c.csv', '--target', 'veeqo', '--retries', '0', '--json', '--report', 'run.jsonl'], { cwd: dir, env: { ...h.env, GITHUB_STEP_SUMMARY: summaryFile } });
      assert.equal(r.code, 1, r.stderr);
      stdout = r.stdout;
    } finally {
      await h.close();
    }
    const s = JSON.parse(stdout);
    const md = readFileSync(summaryFile, 'utf8');
    assert.ok(md.startsWith('# an earlier step\n\n### ❌ catalog-upload upload to veeqo: '), 'appended after what was there');
    assert.equal(s.units.invalid, 1);
    for (const status of ['invalid', 'unknown', 'failed']) if (s.units[status]) assert.match(md, new RegExp(`\\| ${status} \\| ${s.units[status]} \\|`));
    assert.match(md, new RegExp(`\\| \\*\\*planned\\*\\* \\| \\*\\*${s.units.planned}\\*\\* \\|`));
    assert.match(md, /#### Failures by reason/);
    // Example keys come in the order the requests ended, which concurrency does not fix.
    assert.match(md, /\| `http\.503` \| 2 \| HTTP 503: .* \| (`MUG-1` `CUP-1`|`CUP-1` `MUG-1`) \|/);
    // The hostile key: one cell (its pipe escaped), inside a code span longer than its backticks.
    assert.match(md, /\| `price\.precision` \| 1 \| price: expected .* \| `` x\\\|`<b>` `` \|/);
    assert.match(md, /\*\*Report:\*\* `run\.jsonl`/);
    assert.match(md, /\*\*To resume:\*\*\n\n```sh\nnode \S+bin\/catalog-upload\.js upload c\.csv --target veeqo --retries 0 --json --report run\.jsonl --resume\n```/);
  });

  test('--summary-md names the file (and wins over the variable); a clean validate has no reasons and no resume', async () => {
    const dir = tempDir('cu-summary-');
    const env = path.join(dir, 'env.md');
    const r = await run(['validate', fixture('catalog.csv'), '--no-progress', '--summary-md', path.join(dir, 'mine.md')], { env: { GITHUB_STEP_SUMMARY: env } });
    assert.equal(r.code, 0, r.stderr);
    assert.ok(!existsSync(env), 'the variable lost to the flag');
    const md = readFileSync(path.join(dir, 'mine.md'), 'utf8');
    assert.match(md, /^### ✅ catalog-upload validate: 3 valid\n/);
    assert.match(md, /Rows: 5 read = 5 valid \+ 0 invalid · products: 3/);
    assert.ok(!md.includes('Failures by reason') && !md.includes('To resume'));
  });

  test('a run stopped by unreadable input says so', async () => {
    const dir = tempDir('cu-summary-');
    const file = path.join(dir, 'summary.md');
    const r = await run(['validate', fixture('bad', 'syntax-error.json'), '--no-progress'], { env: { GITHUB_STEP_SUMMARY: file } });
    assert.equal(r.code, 2);
    assert.match(readFileSync(file, 'utf8'), /^### ❌ catalog-upload validate: stopped\n\n```text\n.*syntax-error\.json:3:\d+: invalid JSON/);
  });
});
