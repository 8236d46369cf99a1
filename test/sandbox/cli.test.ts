// `catalog-upload sandbox`, driven as a real process through a stand-in main
// (fixtures/cli-main.ts) so it does not wait for the rest of the CLI.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { describe, test } from 'node:test';
import { request } from 'undici';
import { parseSandboxOptions } from '../../src/cli/sandbox-cmd.js';
import { RunError } from '../../src/errors.js';
import { ROOT } from '../helpers.js';
import { FAKE_KEY } from './fake-vendor.js';

const MAIN = path.join(ROOT, 'test', 'sandbox', 'fixtures', 'cli-main.ts');

function start(args: string[]) {
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN, 'sandbox', ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d) => (stderr += d));
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  const firstLine = new Promise<string>((resolve, reject) => {
    const check = () => {
      const nl = stdout.indexOf('\n');
      if (nl >= 0) resolve(stdout.slice(0, nl));
    };
    child.stdout.on('data', check);
    child.on('close', () => reject(new Error(`exited before printing a URL:\n${stderr}`)));
  });
  return { child, firstLine, exited, output: () => ({ stdout, stderr }) };
}

describe('sandbox command', () => {
  test('prints the URL on stdout, the env on stderr, serves until SIGTERM, then a summary and exit 0', async () => {
    const p = start(['--target', 'fake', '--port', '0', '--seed', '3']);
    const url = await p.firstLine;
    assert.match(url, /^http:\/\/127\.0\.0\.1:\d+\/api$/);

    const res = await request(`${url}/products`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': FAKE_KEY },
      body: JSON.stringify({ sku: 'A-1' }),
    });
    assert.equal(res.statusCode, 201);
    await res.body.dump();

    p.child.kill('SIGTERM');
    assert.equal(await p.exited, 0);
    const { stdout, stderr } = p.output();
    assert.equal(stdout, `${url}\n`, 'stdout holds the URL and nothing else');
    assert.ok(stderr.includes(`export FAKE_API_KEY=${FAKE_KEY} FAKE_BASE_URL=${url}\n`), stderr);
    assert.match(stderr, /sandbox: 1 requests \(201: 1\), 1 created, 0 updated, 0 rate-limited, 0 reset, 0 ambiguous/);
  });

  test('a bad option value is a usage error (exit 2) before anything listens', async () => {
    const p = start(['--target', 'fake', '--fail-rate', '2']);
    await assert.rejects(p.firstLine);
    assert.equal(await p.exited, 2);
    assert.match(p.output().stderr, /--fail-rate must be between 0 and 1/);
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
        },
      },
    );
  });
});
