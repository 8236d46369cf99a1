// An amount a target cannot hold is a located `invalid` with the field named, through the binary
// as a user runs it: never an internal error (exit 70), never a silently different number.
import { strict as assert } from 'node:assert';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { run, tempDir } from '../helpers.js';

const HUGE = '99999999999999999999';

const CASES: { target: string; env?: Record<string, string>; kind?: string; code: RegExp }[] = [
  { target: 'panora', env: { PANORA_PRICE_UNIT: 'minor' }, code: /^panora\.price\.too_large$/ },
  { target: 'panora', env: { PANORA_PRICE_UNIT: 'major' }, code: /^panora\.price\.too_large$/ },
  { target: 'veeqo', code: /^veeqo\.price\.too_large$/ },
  { target: 'pandabase', kind: 'digital_download', code: /^pandabase\.price\.too_large$/ },
  { target: 'fanfare', code: /^fanfare\.schema\./ },
];

describe('amounts a target cannot hold', () => {
  for (const c of CASES) {
    const label = `${c.target}${c.env ? ` ${Object.entries(c.env).map(([k, v]) => `${k}=${v}`).join(' ')}` : ''}`;
    test(`${label}: upload --dry-run names the price (exit 1, not 70)`, async () => {
      const dir = tempDir();
      const input = path.join(dir, 'big.csv');
      writeFileSync(input, `handle,title,kind,product_type,url,sku,price\nbig,Big,${c.kind ?? 'physical'},Mug,https://shop.example.com/big,BIG-1,${HUGE}\n`);
      const report = path.join(dir, 'r.jsonl');
      const payloads = path.join(dir, 'p.ndjson');
      const r = await run(['upload', input, '--target', c.target, '--dry-run', '--no-progress', '--report', report, '--payloads', payloads], { env: c.env });
      assert.doesNotMatch(r.stderr, /internal error/);
      assert.equal(r.code, 1, r.stderr);
      assert.match(r.stderr, /big\.csv:2: price: expected /);
      const [line] = readFileSync(report, 'utf8').trim().split('\n').map((l) => JSON.parse(l)).filter((l) => l.journal === undefined); // after the header
      assert.equal(line.status, 'invalid');
      assert.equal(line.errors[0].field, 'price');
      assert.match(line.errors[0].code, c.code);
      assert.equal(readFileSync(payloads, 'utf8'), '', 'nothing would be sent');
    });
  }
});
