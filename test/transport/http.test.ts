// The HTTP client over real sockets against a local server that misbehaves: one deadline covers
// headers and body (D8), a body is capped and the rest discarded (D11), a status that arrived
// is told apart from no answer (D16), and answers are redacted as they arrive (D13).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { clearSecrets, registerSecret } from '../../src/secrets.js';
import { HttpClient, NetworkError } from '../../src/transport/http.js';
import { cutShort, type HostileServer, huge, json, startHostile, trickle } from '../upload/hostile-server.js';

describe('HttpClient against a misbehaving server', () => {
  let server: HostileServer;
  before(async () => {
    server = await startHostile({
      huge: (_x, res) => huge(res, 201, 1, 50),
      trickle: (_x, res) => trickle(res, 201, 50),
      cut: (_x, res) => cutShort(res, 201, '{"id":"p'),
      silent: () => undefined, // never answers
      echo: (x, res) => json(res, 400, { error: `${'p'.repeat(280)}${String(x.headers['x-api-key'])}` }),
      fine: (_x, res) => json(res, 201, { id: 'p1' }),
    });
  });
  after(() => server.close());

  const client = (timeoutMs = 5000, maxBodyBytes?: number) => new HttpClient(server.origin, { connections: 2, timeoutMs, maxBodyBytes });
  const post = { method: 'POST' as const, headers: {}, body: {} };

  test('D11 a 50 MB body is kept to the cap and the rest discarded as it streams', async () => {
    const http = client(10_000);
    const res = await http.send({ ...post, path: '/huge' });
    assert.equal(res.status, 201);
    assert.match(res.bodyProblem ?? '', /^its body was 5242\d{4} bytes, more than the 2097152 an answer may have$/);
    assert.ok(typeof res.body === 'string' && res.body.length <= 2 * 1024 * 1024);
    // The connection was read to its end: the client goes on working.
    assert.equal((await http.send({ ...post, path: '/fine' })).status, 201);
    await http.close();
  });

  test('D8 a body that trickles hits the deadline: the status is kept, the body is reported late', async () => {
    const http = client(400);
    const started = Date.now();
    const res = await http.send({ ...post, path: '/trickle' });
    assert.ok(Date.now() - started < 5000);
    assert.equal(res.status, 201);
    assert.equal(res.bodyProblem, 'its body did not arrive within the 0.4s timeout');
    await http.destroy();
  });

  test('no status within the deadline: a NetworkError, sent and timed out', async () => {
    const http = client(300);
    await assert.rejects(http.send({ ...post, path: '/silent' }), (e: NetworkError) => e instanceof NetworkError && e.sent && e.timedOut && e.message === 'timed out waiting for the response');
    await http.destroy();
  });

  test('D16 a 201 whose body is cut short is an answer with a problem, not "no response"', async () => {
    const http = client();
    const res = await http.send({ ...post, path: '/cut' });
    assert.equal(res.status, 201);
    assert.match(res.bodyProblem ?? '', /^the connection dropped after 8 bytes of its body/);
    assert.equal(res.body, '{"id":"p');
    await http.destroy();
  });

  test('an interruption while the body arrives is said as such', async () => {
    const http = client(10_000);
    const ctl = new AbortController();
    setTimeout(() => ctl.abort(), 200);
    const res = await http.send({ ...post, path: '/trickle' }, ctl.signal);
    assert.equal(res.bodyProblem, 'the run was interrupted while its body arrived');
    await http.destroy();
  });

  test('D13 answers are redacted as they arrive, before anything cuts them', async () => {
    const secret = 'VQSECRETveeqo9f8e7d6c5b4a3';
    registerSecret(secret);
    try {
      const http = client();
      const res = await http.send({ ...post, path: '/echo', headers: { 'x-api-key': secret } });
      assert.deepEqual(res.body, { error: `${'p'.repeat(280)}***` });
      await http.close();
    } finally {
      clearSecrets();
    }
  });
});
