// --help, typos and rates as a user meets them.
import { strict as assert } from 'node:assert';
import { describe, test } from 'node:test';
import { RunError } from '../../src/errors.js';
import { formatRate, rate, targetName } from '../../src/cli/options.js';
import { fixture, run } from '../helpers.js';

describe('--help', { concurrency: true }, () => {
  for (const command of [[], ['upload'], ['validate'], ['targets'], ['schema'], ['sandbox']]) {
    test(`${['catalog-upload', ...command].join(' ')} --help has examples`, async () => {
      const r = await run([...command, '--help']);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /\nExamples:\n {2}\$ catalog-upload \S+/);
    });
  }
  for (const command of ['upload', 'sandbox']) {
    test(`${command} --help marks --target as required`, async () => {
      const r = await run([command, '--help']);
      assert.match(r.stdout, /--target <name> +\(required\)/);
    });
  }
});

describe('did you mean', { concurrency: true }, () => {
  const cases: [string, string[], RegExp][] = [
    ['a misspelt option', ['upload', fixture('catalog.csv'), '--taget', 'veeqo'], /unknown option '--taget'\n\(Did you mean --target\?\)/],
    ['a misspelt target (upload)', ['upload', fixture('catalog.csv'), '--target', 'veqo', '--dry-run'], /unknown target "veqo" \(did you mean veeqo\?\): expected one of panora, fanfare, pandabase, s2, veeqo/],
    ['a misspelt target (validate)', ['validate', fixture('catalog.csv'), '--target', 'pandabse'], /unknown target "pandabse" \(did you mean pandabase\?\)/],
    ['a misspelt target (sandbox)', ['sandbox', '--target', 'fanfar'], /unknown target "fanfar" \(did you mean fanfare\?\)/],
    ['a missing --target', ['upload', fixture('catalog.csv')], /upload needs --target <name> \(panora, fanfare, pandabase, s2, veeqo\)/],
  ];
  for (const [name, args, message] of cases) {
    test(`${name}: exit 2 with a suggestion`, async () => {
      const r = await run(args);
      assert.equal(r.code, 2, r.stderr);
      assert.match(r.stderr, message);
    });
  }

  test('a name that is close to nothing gets the list, no guess', async () => {
    await assert.rejects(targetName('shopify'), (e: RunError) => e.code === 'usage' && !e.message.includes('did you mean') && e.message.includes('expected one of'));
  });
  test('any case is the same target', async () => assert.equal(await targetName('Veeqo'), 'veeqo'));
});

describe('rates as people read them', () => {
  const shown: [number, string][] = [
    [5, '5/s'], [10, '10/s'], [100 / 60, '100/min'], [500 / 60, '500/min'], [0.5, '30/min'], [2.5, '150/min'],
    [1 / 3600, '1/h'], [1.234567, '1.23/s'], [Infinity, 'unlimited'],
  ];
  for (const [perSecond, text] of shown) test(`${perSecond} per second → ${text}`, () => assert.equal(formatRate(perSecond), text));

  const typed: [string, number | 'usage'][] = [
    ['5', 5], ['5/s', 5], ['100/min', 100 / 60], ['3000/h', 3000 / 3600], ['unlimited', Infinity], ['0.5', 0.5],
    ['0', 'usage'], ['5/day', 'usage'], ['fast', 'usage'], ['-1', 'usage'],
  ];
  for (const [value, expected] of typed) {
    test(`--rate ${value} → ${expected}`, () => {
      if (expected === 'usage') assert.throws(() => rate(value), (e: RunError) => e.code === 'usage');
      else assert.equal(rate(value), expected);
    });
  }

  test('targets prints every rate limit in words people use', async () => {
    const r = await run(['targets']);
    assert.equal(r.code, 0);
    const rates = [...r.stdout.matchAll(/^ {2}rate: +(\S+), burst/gm)].map((m) => m[1]);
    assert.deepEqual(rates, ['90/min', '490/min', '10/s', '5/s', '5/s']);
  });
});
