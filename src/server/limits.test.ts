// Slow and greedy clients: partial headers are cut off after the headers timeout, and one address cannot
// hold more than its share of connections. Timeouts are shrunk so the test waits for events, not clocks.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connect, type Socket } from 'node:net';
import { once } from 'node:events';
import { startServer } from './app.ts';
import { seededStore } from './testdata/harness.ts';

async function openSocket(port: number): Promise<Socket> {
  const s = connect(port, '127.0.0.1');
  await once(s, 'connect');
  return s;
}

/** Resolves with what the server sent before closing the socket. */
function closed(s: Socket): Promise<string> {
  let got = '';
  s.on('data', (d: Buffer) => (got += d.toString()));
  return new Promise((resolve) => s.once('close', () => resolve(got)));
}

test('server limits: sockets sending partial headers are closed after the headers timeout', { timeout: 20_000 }, async () => {
  const store = await seededStore();
  const srv = await startServer({
    store,
    port: 0,
    limits: { headersTimeoutMs: 300, requestTimeoutMs: 600, checkIntervalMs: 50, maxConnectionsPerClient: 100 },
  });
  try {
    const slow = await Promise.all(Array.from({ length: 20 }, () => openSocket(srv.port)));
    const t0 = performance.now();
    const ends = slow.map(closed);
    // Headers that never end: the classic slowloris request.
    for (const s of slow) s.write('GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: 1\r\n');
    const answers = await Promise.all(ends);
    const ms = performance.now() - t0;
    assert.ok(ms < 5_000, `all 20 slow sockets closed after ${Math.round(ms)} ms`);
    for (const a of answers) assert.ok(a === '' || a.startsWith('HTTP/1.1 408'), `a slow socket gets a 408 or nothing: ${a.slice(0, 40)}`);
    // The server still answers a normal client.
    assert.equal((await fetch(`http://127.0.0.1:${srv.port}/healthz`)).status, 200);
  } finally {
    await srv.close();
    await store.close();
  }
});

test('server limits: one client address may hold only maxConnectionsPerClient open connections', { timeout: 20_000 }, async () => {
  const store = await seededStore();
  const max = 5;
  const srv = await startServer({ store, port: 0, limits: { maxConnectionsPerClient: max } });
  try {
    const held = await Promise.all(Array.from({ length: max }, () => openSocket(srv.port)));
    const extra = await openSocket(srv.port);
    assert.equal(await closed(extra), '', 'the connection over the limit is closed without an answer');
    for (const s of held) assert.equal(s.destroyed, false, 'connections within the limit stay open');
    // Once one is released, a new connection is served again.
    const gone = closed(held[0]);
    held[0].destroy();
    await gone;
    // The server sees the close a moment after the client: retry until the slot is free.
    let status = 0;
    for (let i = 0; i < 50 && status !== 200; i++) {
      status = await fetch(`http://127.0.0.1:${srv.port}/healthz`, { headers: { connection: 'close' } }).then(
        (r) => r.status,
        () => 0,
      );
    }
    assert.equal(status, 200);
    for (const s of held) s.destroy();
  } finally {
    await srv.close();
    await store.close();
  }
});
