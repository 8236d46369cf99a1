// `catalog-upload sandbox`, the real command run as a user runs it: the built binary.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseSandboxOptions } from '../../src/cli/sandbox-cmd.js';
import { RunError } from '../../src/errors.js';
import { fixture, run, tempDir } from '../helpers.js';
import { sandboxCli } from '../upload/harness.js';

describe('sandbox command', () => {
  test('prints the URL on stdout, the env on stderr, serves an upload until SIGTERM, then a summary and exit 0', async () => {
    const sb = await sandboxCli(['--target', 'veeqo', '--seed', '3']);
    assert.match(sb.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.deepEqual(sb.env, { VEEQO_API_KEY: 'sandbox_veeqo_api_key', VEEQO_BASE_URL: sb.url });
    const r = await run(['upload', fixture('catalog.csv'), '--target', 'veeqo', '--report', 'r.jsonl', '--json'], { cwd: tempDir(), env: sb.env });
    assert.equal(r.code, 0, r.stderr);
    const { code, stdout, stderr } = await sb.stop('SIGTERM');
    assert.equal(code, 0);
    assert.equal(stdout, `${sb.url}\n`, 'stdout holds the URL and nothing else');
    assert.match(stderr, /^Veeqo sandbox on http:\/\/127\.0\.0\.1:\d+\n/);
    // The upload looks its products up first: one listing request, then the three creates.
    assert.match(stderr, /sandbox: 4 requests \(200: 1, 201: 3\), 3 created, 0 updated, 0 rate-limited, 0 reset, 0 ambiguous/);
  });

  for (const [args, message] of [
    [['--target', 'veeqo', '--fail-rate', '2'], /--fail-rate must be between 0 and 1/],
    [['--target', 'nope'], /nope/],
    [[], /--target/],
  ] as const) {
    test(`${args.join(' ') || '(no target)'}: a usage error (exit 2) before anything listens`, async () => {
      const r = await run(['sandbox', ...args]);
      assert.equal(r.code, 2, r.stderr);
      assert.equal(r.stdout, '');
      assert.match(r.stderr, message);
    });
  }

  test('a port already in use (another sandbox left running): a usage error naming it, exit 2', async () => {
    const first = await sandboxCli(['--target', 'veeqo']);
    try {
      const port = new URL(first.url).port;
      const r = await run(['sandbox', '--target', 'veeqo', '--port', port]);
      assert.equal(r.code, 2, r.stderr);
      assert.match(r.stderr, new RegExp(`--port ${port}: 127\\.0\\.0\\.1:${port} is already in use \\(another sandbox still running\\?\\)`));
      assert.doesNotMatch(r.stderr, /internal error|this is a bug/);
    } finally {
      await first.stop('SIGTERM');
    }
  });

  test('option validation', () => {
    const usage = (fn: () => unknown, message: RegExp) =>
      assert.throws(fn, (err: unknown) => err instanceof RunError && err.code === 'usage' && message.test(err.message));
    usage(() => parseSandboxOptions({}), /--target/);
    usage(() => parseSandboxOptions({ target: 'x', port: '70000' }), /--port must be between 0 and 65535/);
    usage(() => parseSandboxOptions({ target: 'x', port: '-1' }), /--port/);
    usage(() => parseSandboxOptions({ target: 'x', port: 'abc' }), /--port must be a number/);
    usage(() => parseSandboxOptions({ target: 'x', resetRate: '-0.1' }), /--reset-rate/);
    usage(() => parseSandboxOptions({ target: 'x', ambiguousRate: '' }), /--ambiguous-rate must be a number/);
    usage(() => parseSandboxOptions({ target: 'x', failRate: '0.6', resetRate: '0.6' }), /--fail-rate \+ --reset-rate/);
    usage(() => parseSandboxOptions({ target: 'x', burst: '5' }), /--burst needs --rate-limit/);
    usage(() => parseSandboxOptions({ target: 'x', rateLimit: '0' }), /--rate-limit must be greater than 0/);
    usage(() => parseSandboxOptions({ target: 'x', latency: '-5' }), /--latency must be at least 0/);
    usage(() => parseSandboxOptions({ target: 'x', seed: '1.5' }), /--seed must be a whole number/);
    usage(() => parseSandboxOptions({ target: 'x', faultMethods: 'POST,FETCH' }), /--fault-methods must be some of GET, POST, PUT, PATCH, DELETE/);
    usage(() => parseSandboxOptions({ target: 'x', faultMethods: ',' }), /--fault-methods/);
    assert.deepEqual(parseSandboxOptions({ target: 'x', faultMethods: 'post, PUT' }).faults.methods, ['POST', 'PUT']);

    assert.deepEqual(
      parseSandboxOptions({ target: 'veeqo', port: '8080', latency: '25', failRate: '0.1', rateLimit: '5', burst: '100', seed: '9' }),
      {
        target: 'veeqo',
        port: 8080,
        host: '127.0.0.1',
        faults: {
          latencyMs: 25,
          latencyJitterMs: undefined,
          failRate: 0.1,
          resetRate: undefined,
          ambiguousRate: undefined,
          rateLimit: 5,
          burst: 100,
          seed: 9,
          methods: undefined,
        },
      },
    );
  });
});
