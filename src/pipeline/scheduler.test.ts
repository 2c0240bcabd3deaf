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

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test('scheduler polls due sources in the background, never the same source twice at once', { timeout: 60_000 }, async () => {
  const store = await openSqliteStore(join(dir, 's.db'));
  server.slowMs = 600;
  const src = await store.upsertSource({ url: `${server.base}/slow.xml`, kind: 'feed' });
  const sched = startScheduler(store, {
    intervalMs: 1000,
    allowPrivate: true,
    fullText: false,
    ingest: { briefs: false },
    limiter: new HostLimiter({ minIntervalMs: 0 }),
    fetch: { retries: 0 },
  });
  try {
    // Ticks while the first poll is still waiting on the slow feed must not start a second one.
    await sleep(50);
    assert.deepEqual(sched.inFlight(), [src.id]);
    assert.deepEqual(await sched.tick(), [], 'source in flight is skipped');
    for (let i = 0; i < 100 && sched.inFlight().length; i++) await sleep(50);
    assert.equal(sched.inFlight().length, 0);
    assert.equal(server.maxConcurrent.get('/slow.xml'), 1);
    assert.equal(await store.countArticles(), 3);
    const s = (await store.getSource(src.id))!;
    assert.ok(s.lastSuccess);
    assert.ok(Date.parse(s.nextCheck!) > Date.now() + 60_000, 'rescheduled, not polled again on the next tick');
    const polls = server.requests.filter((r) => r.path === '/slow.xml').length;
    await sleep(1300);
    assert.equal(server.requests.filter((r) => r.path === '/slow.xml').length, polls, 'not due: no new request');

    // Stop aborts a poll in flight without counting it as the feed's failure.
    await store.updateSourceHealth(src.id, { nextCheck: null });
    server.slowMs = 5000;
    const pending = sched.tick();
    await sleep(100);
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
    for (let i = 0; i < 100 && ((await store.getSource(local.id))!.lastSuccess === null || (await store.getSource(other.id))!.consecutiveFailures === 0); i++) await sleep(50);
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
