// What a second run does with a unit the target already holds (src/run/decide.ts): the intent
// from --existing and the journal, then the verdict from what differs. Table-driven.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type Intent, intentFor, verdictFor } from '../../src/run/decide.js';
import type { ExistingMode } from '../../src/run/second-run-options.js';
import type { PriorState } from '../../src/output/report-read.js';

type Prior = Pick<PriorState, 'status' | 'step' | 'done'>;

describe('intentFor', () => {
  const cases: [string, ExistingMode, Prior | undefined, Intent][] = [
    ['a fresh run, skip: leave it', 'skip', undefined, { ours: false, update: false, stock: false, base: undefined }],
    ['a fresh run, update: compare fields and stock', 'update', undefined, { ours: false, update: true, stock: true, base: undefined }],
    ['a fresh run, fail', 'fail', undefined, { ours: false, update: false, stock: false, base: undefined }],
    ['resumed: its create may have landed (sending)', 'skip', { status: 'sending', step: 'create' }, { ours: true, update: false, stock: true, base: 'existing' }],
    ['resumed: its create was unknown', 'skip', { status: 'unknown' }, { ours: true, update: false, stock: true, base: 'existing' }],
    ['resumed: created, stopped while setting stock', 'skip', { status: 'sending', step: 'stock', done: 'created' }, { ours: true, update: false, stock: true, base: 'created' }],
    ['resumed: created, a stock level failed', 'fail', { status: 'failed', step: 'stock', done: 'created' }, { ours: true, update: false, stock: true, base: 'created' }],
    ['resumed: stopped in its update', 'skip', { status: 'sending', step: 'update' }, { ours: true, update: true, stock: true, base: 'updated' }],
    ['resumed: its update failed', 'update', { status: 'failed', step: 'update' }, { ours: true, update: true, stock: true, base: 'updated' }],
    ['an earlier run refused it (4xx): a fresh look', 'skip', { status: 'failed' }, { ours: false, update: false, stock: false, base: undefined }],
  ];
  for (const [why, mode, prior, intent] of cases) it(why, () => assert.deepEqual(intentFor(mode, prior), intent));
});

describe('verdictFor', () => {
  const fresh = (mode: ExistingMode) => intentFor(mode);
  const cases: [string, Intent, ExistingMode, boolean, number, number, { status: string; send: boolean; code?: string }][] = [
    ['skip: existing, nothing sent (whatever differs)', fresh('skip'), 'skip', false, 3, 0, { status: 'existing', send: false }],
    ['fail: invalid, naming it', fresh('fail'), 'fail', false, 0, 0, { status: 'invalid', send: false, code: 'existing.found' }],
    ['update, nothing differs: unchanged, nothing sent', fresh('update'), 'update', false, 0, 0, { status: 'unchanged', send: false }],
    ['update, fields differ: updated', fresh('update'), 'update', false, 2, 0, { status: 'updated', send: true }],
    ['update, only stock differs: updated', fresh('update'), 'update', false, 0, 1, { status: 'updated', send: true }],
    ['plan: to_update', fresh('update'), 'update', true, 1, 0, { status: 'to_update', send: false }],
    ['plan: unchanged', fresh('update'), 'update', true, 0, 0, { status: 'unchanged', send: false }],
    ['plan, skip: existing', fresh('skip'), 'skip', true, 1, 0, { status: 'existing', send: false }],
    ['resumed create that landed, stock left: existing', intentFor('skip', { status: 'sending', step: 'create' }), 'skip', false, 0, 2, { status: 'existing', send: true }],
    ['resumed create that landed, all done: existing', intentFor('skip', { status: 'unknown' }), 'skip', false, 0, 0, { status: 'existing', send: false }],
    ['resumed after its create, stock left: created', intentFor('skip', { status: 'sending', step: 'stock', done: 'created' }), 'skip', false, 0, 1, { status: 'created', send: true }],
    ['resumed after its create, the levels had landed: created', intentFor('skip', { status: 'sending', step: 'stock', done: 'created' }), 'skip', false, 0, 0, { status: 'created', send: false }],
    ['resumed update that landed: updated, nothing sent', intentFor('update', { status: 'sending', step: 'update' }), 'update', false, 0, 0, { status: 'updated', send: false }],
    ['resumed update still to do: updated', intentFor('update', { status: 'sending', step: 'update' }), 'update', false, 1, 0, { status: 'updated', send: true }],
    ['--existing fail never refuses a unit this run created', intentFor('fail', { status: 'sending', step: 'create' }), 'fail', false, 0, 0, { status: 'existing', send: false }],
  ];
  for (const [why, intent, mode, plan, changes, stock, verdict] of cases) {
    it(why, () => assert.deepEqual(verdictFor(intent, mode, plan, changes, stock), verdict));
  }
});
