// The run-wide identity checks: the compact index of skus and handles, and the rules on them.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { newStats } from '../../src/input/read.js';
import { PlaceIndex } from '../../src/input/place-index.js';
import { RunState } from '../../src/input/record.js';

test('PlaceIndex agrees with a Map on many keys (hash collisions included), wide and empty keys', () => {
  const index = new PlaceIndex();
  const map = new Map<string, number>();
  // 300,000 distinct keys make 32-bit hash collisions all but certain.
  const keys: string[] = [];
  for (let i = 0; i < 300_000; i++) keys.push(`SKU-${(i * 7919) % 300_000}`);
  keys.push('', 'Café', 'ÄÖÜ-ß', '☕-1', '☕-1', '日本-2', 'x'.repeat(1000), 'x'.repeat(255), 'SKU-1');
  // Lines beyond 16 bits and 24 bits survive the round trip.
  keys.push('far-1', 'far-2');
  keys.forEach((k, i) => {
    const had = map.get(k);
    const meta = (i * 31) % 65536;
    if (had === undefined) map.set(k, i * 65536 + meta);
    assert.equal(index.add(k, i, meta), had, k);
  });
  assert.equal(index.add('far-3', 4_000_000_000, 1023), undefined);
  assert.equal(index.get('far-3'), 4_000_000_000 * 65536 + 1023);
  assert.equal(index.size, map.size + 1);
  for (const [k, v] of map) assert.equal(index.get(k), v, k);
  for (const k of ['SKU-300000', 'sku-1', '☕', 'Cafe']) assert.equal(index.get(k), undefined);
});

test('RunState: places, handles seen again, skus reused, keys that clash', () => {
  const run = new RunState({ defaultCurrency: 'USD' }, newStats());
  const csv = run.addFile('a.csv', 'csv');
  const json = run.addFile('b.json', 'json');
  json.base = '/products';
  assert.equal(run.claimHandle('tee', csv, 2), undefined);
  assert.match(run.claimHandle('tee', csv, 9)!.expected, /rows of handle "tee" must be consecutive; first seen at line 2/);
  assert.match(run.claimHandle('tee', json, 3)!.expected, /the handle of the product at a\.csv:2/);
  assert.equal(run.claimSku('S-1', csv, 2, 2, 4, false), undefined);
  assert.equal(run.claimSku('S-1', csv, 3, 2, 4, false), undefined, 'same product: left to the schema');
  assert.match(run.claimSku('S-1', json, 5, 5, 5, false)!.expected, /already used at a\.csv:2/);
  assert.equal(run.claimSku('MUG', json, 7, 7, 7, true), undefined);
  assert.match(run.claimSku('MUG', csv, 20, 20, 20, false)!.expected, /already used at b\.json#\/products\/7/);
  assert.match(run.claimHandle('MUG', csv, 30)!.expected, /known by its sku "MUG"/);
  assert.match(run.claimSku('tee', json, 8, 8, 8, true)!.expected, /the product at a\.csv:2 has the handle "tee"/);
});

test('PlaceIndex.reserve makes room once, and keeps what it holds', () => {
  const index = new PlaceIndex();
  for (let i = 0; i < 1000; i++) index.add(`K-${i}`, i, 0);
  index.reserve(200_000);
  for (let i = 1000; i < 200_000; i++) assert.equal(index.add(`K-${i}`, i, 0), undefined);
  for (let i = 0; i < 200_000; i += 997) assert.equal(index.get(`K-${i}`), i * 65536);
  assert.equal(index.add('K-5', 9, 0), 5 * 65536);
});
