import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteStore } from '../store/sqlite/sqlite-store.ts';
import { HostLimiter } from '../sources/limiter.ts';
import { startScheduler } from './scheduler.ts';
import { startFeedServer } from './testdata/feed-server.ts';

const dir = mkdtempSync(join(tmpdir(), 'storyline-sched-'));
const server = await startFeedServer();
after(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

test('scheduler polls due sources in the background, never the same source twice at once', { timeout: 60_000 }, async () => {
  const store = await openSqliteStore(join(dir, 's.db'));
  server.slowMs = 600;
  const src = await store.upsertSource({ url: `${server.base}/slow.xml`, kind: 'feed' });
  const requested = server.nextRequest('/slow.xml');
  // The scheduler's clock: the test moves it instead of waiting for time to pass.
  let clock = Date.now();
  const sched = startScheduler(store, {
    now: () => clock,
    intervalMs: 1000,
    allowPrivate: true,
    fullText: false,
    ingest: { briefs: false },
    limiter: new HostLimiter({ minIntervalMs: 0 }),
    fetch: { retries: 0 },
  });
  try {
    // The timer's first pass starts the poll in the background; ticks while it still waits on the slow
    // feed must not start a second one.
    await requested;
    assert.deepEqual(sched.inFlight(), [src.id]);
    assert.deepEqual(await sched.tick(), [], 'source in flight is skipped');
    await sched.idle();
    assert.equal(sched.inFlight().length, 0);
    assert.equal(server.maxConcurrent.get('/slow.xml'), 1);
    assert.equal(await store.countArticles(), 3);
    const s = (await store.getSource(src.id))!;
    assert.ok(s.lastSuccess);
    assert.ok(Date.parse(s.nextCheck!) > Date.now() + 60_000, 'rescheduled, not polled again on the next tick');
    const polls = server.requests.filter((r) => r.path === '/slow.xml').length;
    clock += 1300;
    assert.deepEqual(await sched.tick(), [], 'not due a second later');
    assert.equal(server.requests.filter((r) => r.path === '/slow.xml').length, polls, 'not due: no new request');
    clock = Date.parse(s.nextCheck!);
    const again = sched.tick();
    assert.equal((await server.nextRequest('/slow.xml')).path, '/slow.xml', 'due once its next check comes');
    assert.equal((await again).length, 1);

    // Stop aborts a poll in flight without counting it as the feed's failure.
    await store.updateSourceHealth(src.id, { nextCheck: null });
    server.slowMs = 5000;
    const slowRequest = server.nextRequest('/slow.xml');
    const pending = sched.tick();
    await slowRequest;
    assert.deepEqual(sched.inFlight(), [src.id]);
    const t = Date.now();
    await sched.stop();
    await pending;
    assert.ok(Date.now() - t < 3000, 'stop does not wait for the slow response');
    const after = (await store.getSource(src.id))!;
    assert.equal(after.consecutiveFailures, 0);
    assert.equal(after.lastError, null);
    assert.equal(after.nextCheck, null, 'schedule untouched by the aborted poll');
  } finally {
    await sched.stop();
    await store.close();
  }
});

test('scheduler honours a per-source private-address permission without opening the others', { timeout: 60_000 }, async () => {
  const store = await openSqliteStore(join(dir, 'private.db'));
  const local = await store.upsertSource({ url: `${server.base}/feed.xml`, kind: 'feed', allowPrivate: true });
  const other = await store.upsertSource({ url: `${server.base}/full-feed.xml`, kind: 'feed' });
  const sched = startScheduler(store, {
    intervalMs: 60_000,
    fullText: false,
    ingest: { briefs: false },
    limiter: new HostLimiter({ minIntervalMs: 0 }),
    fetch: { retries: 0 },
  });
  try {
    // This tick lists the sources before the timer's first pass can (which then finds both in flight), and
    // resolves when both polls are done; idle() covers the other order.
    await sched.tick();
    await sched.idle();
    assert.ok((await store.getSource(local.id))!.lastSuccess, 'the permitted local feed is polled');
    assert.equal(await store.countArticles(), 3);
    const o = (await store.getSource(other.id))!;
    assert.equal(o.lastErrorCode, 'private_address', 'the other loopback feed is still refused');
    assert.equal(o.consecutiveFailures, 1);
  } finally {
    await sched.stop();
    await store.close();
  }
});
