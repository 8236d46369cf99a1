// The decisions behind run safety, table-driven: what a run may do with an existing journal,
// how two runs differ, what a stop-now records for a unit in flight, and the signal handling.
import { strict as assert } from 'node:assert';
import { EventEmitter } from 'node:events';
import path from 'node:path';
import { describe, test } from 'node:test';
import { RunError } from '../../src/errors.js';
import type { JournalHeader, JournalMode } from '../../src/output/report.js';
import type { ReportKind } from '../../src/output/report-read.js';
import { stopOutcome } from '../../src/run/inflight.js';
import { differences } from '../../src/run/journal.js';
import { checkResume, chooseJournal } from '../../src/run/policy.js';
import { trapSignals } from '../../src/cli/signals.js';
import { tempDir } from '../helpers.js';

const header = (mode: JournalMode, more: Partial<JournalHeader> = {}): JournalHeader => ({
  journal: 'catalog-upload', format: 1, tool: '0.1.0', mode, target: 'veeqo', origin: 'https://api.veeqo.com',
  inputs: [{ path: '/data/c.csv', size: 100, mtime: '2025-01-01T00:00:00.000Z', head: 'sha256:aa' }], at: '2025-01-01T00:00:00.000Z', ...more,
});

describe('chooseJournal: what a run may do with the file at --report', () => {
  const file = path.join(tempDir(), 'r.jsonl');
  const kinds: Record<string, ReportKind> = {
    none: { kind: 'none' },
    foreign: { kind: 'foreign' },
    real: { kind: 'journal', header: header('real') },
    sandbox: { kind: 'journal', header: header('sandbox') },
    'dry-run': { kind: 'journal', header: header('dry-run') },
    validate: { kind: 'journal', header: header('validate') },
    'legacy upload': { kind: 'legacy', upload: true },
    'legacy check': { kind: 'legacy', upload: false },
  };
  // [run, existing, action or the refusal's text]
  const table: [string, string, string][] = [
    ['real', 'none', 'write'],
    ['real', 'foreign', 'is not a catalog-upload report'],
    ['real', 'real', 'already holds the journal of a real upload'],
    ['real', 'legacy upload', 'already holds the journal of an upload (written by an earlier version'],
    ['real', 'sandbox', 'rotate'],
    ['real', 'dry-run', 'rotate'],
    ['real', 'legacy check', 'rotate'],
    ['real --force', 'real', 'rotate'],
    ['real --force', 'legacy upload', 'rotate'],
    ['real --force', 'foreign', 'is not a catalog-upload report'],
    ['real --resume', 'real', 'append'],
    ['real --resume', 'legacy upload', 'append'],
    ['real --resume', 'none', 'no report at'],
    ['real --resume', 'dry-run', 'not an upload: there is nothing to resume'],
    ['real --resume', 'legacy check', 'not an upload: there is nothing to resume'],
    ['real --resume', 'sandbox', 'a local fake that no longer exists'],
    ['sandbox', 'none', 'write'],
    ['sandbox', 'sandbox', 'write'],
    ['sandbox', 'dry-run', 'write'],
    ['sandbox', 'real', 'a --sandbox run never writes to it'],
    ['sandbox --force', 'real', 'a --sandbox run never writes to it'],
    ['sandbox', 'legacy upload', 'a --sandbox run never writes to it'],
    ['sandbox --resume', 'sandbox', 'append'],
    ['sandbox --resume', 'real', 'a --sandbox run never writes to it'],
    ['dry-run', 'none', 'write'],
    ['dry-run', 'dry-run', 'write'],
    ['dry-run', 'validate', 'write'],
    ['dry-run', 'legacy check', 'write'],
    ['dry-run', 'real', 'a dry run never writes to it'],
    ['dry-run --force', 'real', 'a dry run never writes to it'],
    ['dry-run', 'sandbox', 'a dry run never writes to it'],
    ['dry-run', 'legacy upload', 'a dry run never writes to it'],
    ['validate', 'real', 'a validation never writes to it'],
    ['validate', 'dry-run', 'write'],
    ['validate', 'foreign', 'is not a catalog-upload report'],
  ];
  for (const [runSpec, existing, expected] of table) {
    test(`${runSpec} on ${existing}: ${expected}`, () => {
      const [mode, flag] = runSpec.split(' ') as [JournalMode, string | undefined];
      const decide = () => chooseJournal(file, kinds[existing]!, { mode, resume: flag === '--resume', force: flag === '--force' });
      if (['write', 'append', 'rotate'].includes(expected)) assert.deepEqual(decide(), { action: expected });
      else assert.throws(decide, (e: unknown) => e instanceof RunError && e.code === 'usage' && e.message.includes(expected));
    });
  }
});

describe('differences and checkResume: --resume continues only the run its journal records', () => {
  const journal = header('real');
  const table: [string, Partial<JournalHeader>, string[]][] = [
    ['the same run', {}, []],
    ['another target', { target: 'panora' }, ['target']],
    ['another origin', { origin: 'http://127.0.0.1:9' }, ['origin']],
    ['another input', { inputs: [{ path: '/data/d.csv', size: 100, mtime: journal.inputs[0]!.mtime, head: 'sha256:aa' }] }, ['inputs']],
    ['two inputs instead of one', { inputs: [...journal.inputs, { path: '-' }] }, ['inputs']],
    ['an edited input', { inputs: [{ ...journal.inputs[0]!, size: 120, head: 'sha256:bb' }] }, ['content']],
    ['a touched input (a fresh checkout): the same size and first bytes', { inputs: [{ ...journal.inputs[0]!, mtime: '2025-02-01T00:00:00.000Z' }] }, ['touched']],
    ['a touched input that grew', { inputs: [{ ...journal.inputs[0]!, mtime: '2025-02-01T00:00:00.000Z', size: 101 }] }, ['content']],
    ['a touched input whose first bytes differ', { inputs: [{ ...journal.inputs[0]!, mtime: '2025-02-01T00:00:00.000Z', head: 'sha256:bb' }] }, ['content']],
    ['everything', { target: 's2', origin: 'https://x.example', inputs: [{ path: '/e.csv' }] }, ['target', 'origin', 'inputs']],
  ];
  for (const [what, change, expected] of table) {
    test(what, () => {
      assert.deepEqual(differences(journal, { ...journal, ...change }).map((d) => d.what), expected);
    });
  }

  test('a sandbox is a new fake every time: its origin is not compared', () => {
    assert.deepEqual(differences(header('sandbox'), header('sandbox', { origin: 'http://127.0.0.1:2' })), []);
  });

  test('refusal says what differs and what to do; --inputs-changed lets an edited input through', () => {
    const edited = { ...journal, inputs: [{ ...journal.inputs[0]!, size: 120 }] };
    assert.throws(() => checkResume('r.jsonl', journal, edited), /content: .*size 100 → 120 bytes\)\n\s+→ if you edited it .*--inputs-changed/);
    assert.match(checkResume('r.jsonl', journal, edited, { inputsChanged: true })[0]!, /--inputs-changed: .*changed since the journal began/);
    assert.throws(() => checkResume('r.jsonl', journal, { ...edited, target: 'panora' }, { inputsChanged: true }), /target: the journal's is veeqo/);
    assert.throws(() => checkResume('r.jsonl', journal, { ...journal, origin: 'https://x' }, { baseUrlVariable: 'VEEQO_BASE_URL' }), /point --base-url or VEEQO_BASE_URL at https:\/\/api\.veeqo\.com/);
    assert.match(checkResume('r.jsonl', undefined, journal)[0]!, /written by an earlier version/);
  });
});

test('stopOutcome: only a unit whose request may have been acted on is unknown', () => {
  const table: [boolean, boolean, string][] = [
    // journaled (a request was about to leave), mayHaveActed, outcome
    [false, false, 'none'], // waiting for its first turn: no line, a resume sends it
    [true, true, 'unknown'], // its request is on its way, or an answer was ambiguous
    [true, false, 'not_sent'], // every answer so far said "not acted on" (a 429)
  ];
  for (const [journaled, mayHaveActed, outcome] of table) assert.equal(stopOutcome({ journaled, mayHaveActed }), outcome);
});

describe('trapSignals: the first signal drains, any later one exits 130, at any moment', () => {
  function setup(opts: { stopThrows?: boolean } = {}) {
    const proc = new EventEmitter();
    const calls: string[] = [];
    const trap = trapSignals(
      { onDrain: () => calls.push('notice drain'), onStop: (p) => calls.push(p ? 'notice stop (problem)' : 'notice stop'), exit: (code) => calls.push(`exit ${code}`) },
      proc as unknown as NodeJS.Process,
    );
    const runLike = {
      drain: () => calls.push('drain'),
      stopNow: () => {
        calls.push('stopNow');
        if (opts.stopThrows) throw new Error('EBADF: bad file descriptor, close');
      },
    };
    return { proc, calls, trap, runLike };
  }
  const table: [string, (s: ReturnType<typeof setup>) => void, string[]][] = [
    ['before the run exists', (s) => s.proc.emit('SIGINT'), ['exit 130']],
    ['once during the run', (s) => (s.trap.attach(s.runLike), s.proc.emit('SIGINT')), ['notice drain', 'drain']],
    ['twice during the run', (s) => (s.trap.attach(s.runLike), s.proc.emit('SIGTERM'), s.proc.emit('SIGTERM')), ['notice drain', 'drain', 'stopNow', 'notice stop', 'exit 130']],
    ['a second one after the run finished (its summary printing)', (s) => (s.trap.attach(s.runLike), s.proc.emit('SIGTERM'), s.trap.finished(), s.proc.emit('SIGTERM')), ['notice drain', 'drain', 'exit 130']],
    ['a first one after the run finished', (s) => (s.trap.attach(s.runLike), s.trap.finished(), s.proc.emit('SIGINT')), ['exit 130']],
    ['stopping fails: still exit 130, no throw', (s) => (s.trap.attach(s.runLike), s.proc.emit('SIGINT'), s.proc.emit('SIGINT')), ['notice drain', 'drain', 'stopNow', 'notice stop (problem)', 'exit 130']],
  ];
  for (const [what, act, expected] of table) {
    test(what, () => {
      const s = setup({ stopThrows: what.startsWith('stopping fails') });
      act(s);
      assert.deepEqual(s.calls, expected);
      s.trap.release();
      assert.equal(s.proc.listenerCount('SIGINT') + s.proc.listenerCount('SIGTERM'), 0);
    });
  }
});
