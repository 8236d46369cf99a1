// The journal file: its header, closing twice, appending after a crash tore the last line, and
// reading back only what this tool writes.
import { strict as assert } from 'node:assert';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { type JournalHeader, ReportWriter } from '../../src/output/report.js';
import { inspectReport, readReport } from '../../src/output/report-read.js';
import { tempDir } from '../helpers.js';

const HEADER: JournalHeader = { journal: 'catalog-upload', format: 1, tool: '0.1.0', mode: 'real', target: 'veeqo', origin: 'https://api.veeqo.com', inputs: [{ path: '/c.csv' }], at: '2025-01-01T00:00:00.000Z' };

describe('ReportWriter', () => {
  test('the header is on disk at once; close() twice is harmless (a second Ctrl-C while closing)', () => {
    const file = path.join(tempDir(), 'r.jsonl');
    const w = new ReportWriter(file, { append: false, header: HEADER });
    assert.deepEqual(JSON.parse(readFileSync(file, 'utf8')), HEADER);
    w.write({ key: 'a', source: 'c.csv:2', status: 'created' });
    w.close();
    assert.doesNotThrow(() => w.close());
    assert.doesNotThrow(() => w.flush());
    assert.equal(readFileSync(file, 'utf8').split('\n').length, 3);
  });

  // What was torn, and the status unit a ends with: a torn line never counts, unless (CSV) its
  // status cell is whole, and then it is the status that was being written.
  for (const [what, name, torn, statusOfA] of [
    ['JSONL torn mid-line', 'r.jsonl', '{"key":"a","source":"x","status":"sending"}\n{"key":"a","sou', 'sending'],
    ['CSV torn inside a quoted cell after the status', 'r.csv', 'key,source,target,status,code,remote_id,http_status,attempts,ms,error,warnings,at\na,x,veeqo,sending,,,,,,,,\na,x,veeqo,failed,,,,1,5,"HTTP 4', 'failed'],
    ['CSV torn inside the status cell', 'r.csv', 'key,source,target,status,code,remote_id,http_status,attempts,ms,error,warnings,at\na,x,veeqo,sending,,,,,,,,\na,x,veeqo,crea', 'sending'],
  ] as const) {
    test(`appending after a ${what}: the new lines survive`, async () => {
      const file = path.join(tempDir(), name);
      writeFileSync(file, torn);
      const w = new ReportWriter(file, { append: true, header: { ...HEADER, resumed: true } });
      w.write({ key: 'b', source: 'x', status: 'created' });
      w.close();
      const back = await readReport(file);
      assert.deepEqual([...back.units.keys()].sort(), ['a', 'b']);
      assert.equal(back.units.get('a')!.status, statusOfA);
      assert.equal(back.units.get('b')!.status, 'created');
      assert.equal(back.header?.resumed, true);
    });
  }
});

describe('inspectReport: what a file at --report is', () => {
  const cases: [string, string, string][] = [
    ['r.jsonl', '', 'none'],
    ['r.jsonl', JSON.stringify(HEADER) + '\n', 'journal'],
    ['r.jsonl', '{"key":"a","source":"x","status":"valid"}\n{"key":"b","source":"x","status":"invalid"}\n', 'legacy check'],
    ['r.jsonl', '{"key":"a","source":"x","status":"valid"}\n{"key":"b","source":"x","status":"sending"}\n', 'legacy upload'],
    ['r.jsonl', 'torn{"ke\n{"key":"b","source":"x","status":"created"}\n', 'legacy upload'],
    ['r.jsonl', 'hello\nworld\n', 'foreign'],
    ['r.jsonl', '[{"sku":"A","price":"1.00"}]\n', 'foreign'],
    ['r.csv', 'handle,title,sku,price\nh,T,S,1.00\n', 'foreign'],
    ['r.csv', 'handle,title,sku,price\n', 'foreign'],
    ['r.csv', 'key,source,target,status\na,x,veeqo,created\n', 'legacy upload'],
    ['r.csv', 'key,source,target,status\n', 'none'],
  ];
  for (const [name, content, expected] of cases) {
    test(`${JSON.stringify(content.slice(0, 40))} → ${expected}`, async () => {
      const file = path.join(tempDir(), name);
      writeFileSync(file, content);
      const k = await inspectReport(file);
      assert.equal(k.kind === 'legacy' ? `legacy ${k.upload ? 'upload' : 'check'}` : k.kind, expected);
    });
  }
});
