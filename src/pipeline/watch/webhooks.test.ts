// Webhooks against a local receiver that checks the signature and fails the first attempts; the clock is
// a variable, so the backoff is stepped through without waiting, and a restart is a reopened store file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage } from 'node:http';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { openSqliteStore } from '../../store/sqlite/sqlite-store.ts';
import type { Store } from '../../store/store.ts';
import type { Watchlist } from '../../store/repositories/watchlists.ts';
import { FIRST_RETRY_MS, MAX_ATTEMPTS, SIGNATURE_HEADER, deliverDue, retryDelayMs, signature, webhookUrlProblem, type PostFn } from './webhooks.ts';

const dir = mkdtempSync(join(tmpdir(), 'storyline-hooks-'));
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
const SECRET = 'whsec_test-secret';
const T0 = Date.parse('2024-05-01T10:00:00.000Z');

/** A receiver as a user would write one: it verifies the signature over the raw body, and is down for the first `failFirst` calls. */
async function receiver(failFirst: number) {
  const got: { body: string; valid: boolean; headers: IncomingMessage['headers'] }[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      const want = Buffer.from('sha256=' + createHmac('sha256', SECRET).update(raw).digest('hex'));
      const given = Buffer.from(String(req.headers[SIGNATURE_HEADER.toLowerCase()] ?? ''));
      const valid = want.length === given.length && timingSafeEqual(want, given);
      got.push({ body: raw.toString('utf8'), valid, headers: req.headers });
      res.statusCode = !valid ? 401 : got.length <= failFirst ? 503 : 204;
      res.end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  return { url, got, close: () => new Promise<void>((r) => server.close(() => r())) };
}

async function storeWithDelivery(path: string, url: string, secret = SECRET): Promise<Store> {
  const store = await openSqliteStore(path);
  const at = new Date(T0).toISOString();
  const w: Watchlist = {
    id: 'w1',
    owner: 'ana',
    name: 'Bridge',
    terms: { entities: [], keywords: ['bridge'], stories: [] },
    webhookUrl: url,
    webhookSecret: secret,
    createdAt: at,
    updatedAt: at,
    seenAt: at,
  };
  await store.watchlists.create(w);
  await store.watchlists.record(
    [
      {
        watchlistId: 'w1',
        articleId: 'a1',
        storyId: 's1',
        reasons: ['keyword:bridge'],
        matchedAt: at,
        delivery: { id: 'd1', url, body: '{"event":"watchlist.match","n":"é"}' },
      },
    ],
    1,
  );
  return store;
}

test('signature is HMAC-SHA256 of the body under the secret, as sha256=<hex>', () => {
  assert.equal(signature('key', 'The quick brown fox jumps over the lazy dog'), 'sha256=f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8');
});

test('a delivery fails twice, waits out its backoff, survives a restart, and lands signed the same each time', async () => {
  const rx = await receiver(2);
  const path = join(dir, 'restart.db');
  let now = T0;
  const clock = { now: () => now, allowPrivate: true };
  let store = await storeWithDelivery(path, rx.url);
  try {
    assert.deepEqual(await deliverDue(store, clock), { attempted: 1, delivered: 0, failed: 0 });
    let [d] = (await store.watchlists.deliveries('w1', { limit: 5, offset: 0 })).items;
    assert.deepEqual([d.state, d.attempts, d.lastStatus, d.lastError], ['pending', 1, 503, 'HTTP 503']);
    assert.equal(d.nextAttemptAt, new Date(T0 + FIRST_RETRY_MS).toISOString());
    now = T0 + FIRST_RETRY_MS - 1;
    assert.equal((await deliverDue(store, clock)).attempted, 0, 'not before its time');
    now = T0 + FIRST_RETRY_MS;
    assert.equal((await deliverDue(store, clock)).attempted, 1);
    [d] = (await store.watchlists.deliveries('w1', { limit: 5, offset: 0 })).items;
    assert.equal(d.nextAttemptAt, new Date(now + 2 * FIRST_RETRY_MS).toISOString(), 'the wait doubles');
    // The process stops; another starts on the same database and carries on.
    await store.close();
    store = await openSqliteStore(path);
    now += 2 * FIRST_RETRY_MS;
    assert.deepEqual(await deliverDue(store, clock), { attempted: 1, delivered: 1, failed: 0 });
    [d] = (await store.watchlists.deliveries('w1', { limit: 5, offset: 0 })).items;
    assert.deepEqual([d.state, d.attempts, d.lastStatus, d.deliveredAt], ['delivered', 3, 204, new Date(now).toISOString()]);
    assert.equal((await deliverDue(store, { ...clock, now: () => now + 86_400_000 })).attempted, 0, 'delivered is done');
    assert.equal(rx.got.length, 3);
    assert.ok(rx.got.every((g) => g.valid && g.body === '{"event":"watchlist.match","n":"é"}'));
    assert.ok(rx.got.every((g) => g.headers['content-type'] === 'application/json' && g.headers['x-storyline-delivery'] === 'd1'));
  } finally {
    await store.close();
    await rx.close();
  }
});

test('a receiver that never accepts is given up on after MAX_ATTEMPTS; Retry-After lengthens a wait; no answer is recorded', async () => {
  let now = T0;
  let calls = 0;
  const post: PostFn = async () => {
    calls++;
    if (calls === 1) throw new Error('connect ECONNREFUSED 127.0.0.1:9');
    return { status: calls === 2 ? 429 : 500, retryAfter: calls === 2 ? '3600' : null };
  };
  const store = await storeWithDelivery(':memory:', 'http://127.0.0.1:9/hook');
  try {
    const opts = { now: () => now, post, allowPrivate: true };
    await deliverDue(store, opts);
    let [d] = (await store.watchlists.deliveries('w1', { limit: 5, offset: 0 })).items;
    assert.deepEqual([d.lastStatus, d.lastError], [null, 'connect ECONNREFUSED 127.0.0.1:9']);
    now = Date.parse(d.nextAttemptAt);
    await deliverDue(store, opts);
    [d] = (await store.watchlists.deliveries('w1', { limit: 5, offset: 0 })).items;
    assert.equal(Date.parse(d.nextAttemptAt) - now, 3600_000, "the receiver's Retry-After, longer than our own wait");
    for (let i = 0; i < 20 && d.state === 'pending'; i++) {
      now = Date.parse(d.nextAttemptAt);
      await deliverDue(store, opts);
      [d] = (await store.watchlists.deliveries('w1', { limit: 5, offset: 0 })).items;
    }
    assert.deepEqual([d.state, d.attempts, calls], ['failed', MAX_ATTEMPTS, MAX_ATTEMPTS]);
  } finally {
    await store.close();
  }
});

test('the backoff doubles from the first wait and is capped; private webhook addresses need allowing', async () => {
  assert.deepEqual(
    [1, 2, 3].map((n) => retryDelayMs(n)),
    [FIRST_RETRY_MS, 2 * FIRST_RETRY_MS, 4 * FIRST_RETRY_MS],
  );
  assert.equal(retryDelayMs(40), retryDelayMs(41));
  assert.match((await webhookUrlProblem('http://127.0.0.1:9/x', false))!, /private or loopback/);
  assert.match((await webhookUrlProblem('http://hooks.example/x', false, async () => [{ address: '10.0.0.5', family: 4 }]))!, /private/);
  assert.equal(await webhookUrlProblem('http://hooks.example/x', false, async () => [{ address: '93.184.216.34', family: 4 }]), null);
  assert.equal(await webhookUrlProblem('http://127.0.0.1:9/x', true), null);
  assert.match((await webhookUrlProblem('http://u:p@hooks.example/x', true))!, /user name or password/);
  // Delivery checks again: a URL that is private now is not called, and the attempt says why.
  let called = false;
  const store = await storeWithDelivery(':memory:', 'http://127.0.0.1:9/hook');
  try {
    await deliverDue(store, { now: () => T0, post: async () => ((called = true), { status: 204, retryAfter: null }) });
    const [d] = (await store.watchlists.deliveries('w1', { limit: 5, offset: 0 })).items;
    assert.equal(called, false);
    assert.match(d.lastError!, /private or loopback/);
  } finally {
    await store.close();
  }
});
