import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { join } from 'node:path';
import { openSqliteStore } from '../store/sqlite/sqlite-store.ts';
import { HostLimiter } from '../sources/limiter.ts';
import { startBlackhole } from '../sources/testdata/blackhole.ts';
import { canonicalizeUrl } from '../sources/url.ts';
import { deriveArticleId } from '../store/ids.ts';
import { pollOnce, isDue, itemArticleId, type PollOptions } from './poll.ts';
import { ARTICLES, BLOCKED, PAYWALLED, startFeedServer } from './testdata/feed-server.ts';

const dir = mkdtempSync(join(tmpdir(), 'storyline-poll-'));
const server = await startFeedServer();
after(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

const opts = (extra: Partial<PollOptions> = {}): PollOptions => ({
  allowPrivate: true,
  limiter: new HostLimiter({ minIntervalMs: 0, maxPerHost: 4 }),
  fetch: { retries: 0 },
  ingest: { briefs: false },
  ...extra,
});

test('teaser feed: full text fetched from the pages, paywalled page keeps its summary', { timeout: 60_000 }, async () => {
  const store = await openSqliteStore(join(dir, 'a.db'));
  try {
    const src = await store.upsertSource({ url: `${server.base}/full-feed.xml`, kind: 'feed' });
    const s = await pollOnce(store, opts());
    assert.equal(s.polled, 1);
    assert.equal(s.ok, 1);
    assert.equal(s.added, 4);
    assert.equal(s.fullText, 3);
    assert.equal(s.partial, 1);
    for (const a of ARTICLES) {
      const id = deriveArticleId({ canonicalUrl: canonicalizeUrl(`${server.base}/news/${a.slug}?utm_source=rss`)!, title: '', text: '' });
      const stored = await store.getArticle(id);
      assert.ok(stored, `${a.slug} stored`);
      assert.ok(stored.text.includes(a.paragraphs[3]), `${a.slug}: body paragraph from the page`);
      assert.ok(stored.text.length > 600);
      assert.equal(stored.title, a.title);
      assert.equal(stored.canonicalUrl, `${server.base}/news/${a.slug}`);
      assert.equal(stored.url, `${server.base}/news/${a.slug}?utm_source=rss`, 'the link as the feed gave it');
      assert.equal(stored.published, a.published.replace('Z', '.000Z'));
      assert.equal(stored.sourceName, 'Millbrook Post');
      assert.equal(stored.sourceId, src.id);
      assert.equal(stored.lang, 'en');
      assert.equal(stored.partial, false, 'a full article is not marked partial');
    }
    const paywalled = s.reports[0].partial;
    assert.equal(paywalled.length, 1);
    const p = await store.getArticle(paywalled[0]);
    assert.equal(p?.text, PAYWALLED.teaser, 'feed summary kept');
    assert.equal(p?.partial, true, 'and the article is marked partial');
    assert.equal(p?.partialReason, 'too_little_text');
    // robots.txt was consulted before the pages, never for the feed itself.
    const paths = server.requests.map((r) => r.path);
    assert.ok(paths.indexOf('/robots.txt') < paths.indexOf('/news/harbour-bridge'));

    const health = (await store.getSource(src.id))!;
    assert.equal(health.title, 'Millbrook Post');
    assert.equal(health.etag, '"feed-v1"');
    assert.equal(health.consecutiveFailures, 0);
    assert.ok(health.lastSuccess);
    assert.ok(Date.parse(health.nextCheck!) > Date.now(), 'next check in the future');
    assert.ok(health.intervalSeconds! >= 600);

    // Not due any more: a plain pass polls nothing.
    assert.equal((await pollOnce(store, opts())).polled, 0);

    // Second poll: conditional GET answered 304, nothing new, health refreshed.
    const before = server.requests.length;
    const again = await pollOnce(store, opts({ all: true }));
    assert.equal(again.notModified, 1);
    assert.equal(again.added, 0);
    const sent = server.requests.slice(before);
    assert.deepEqual(
      sent.map((r) => [r.path, r.ifNoneMatch]),
      [['/full-feed.xml', '"feed-v1"']],
      'only the feed, with its validator',
    );
    const h2 = (await store.getSource(src.id))!;
    assert.ok(h2.lastSuccess! >= health.lastSuccess!);
    assert.equal(h2.consecutiveFailures, 0);
    assert.equal(await store.countArticles(), 4);
  } finally {
    await store.close();
  }
});

test('partial articles record why: consent wall (too little text) and a page that failed', { timeout: 60_000 }, async () => {
  const store = await openSqliteStore(join(dir, 'blocked.db'));
  try {
    await store.upsertSource({ url: `${server.base}/blocked-feed.xml`, kind: 'feed' });
    const s = await pollOnce(store, opts());
    assert.equal(s.added, 2);
    assert.equal(s.partial, 2);
    const [consent, gone] = BLOCKED.map((b) => deriveArticleId({ canonicalUrl: `${server.base}/${b.slug}`, title: '', text: '' }));
    const c = await store.getArticle(consent);
    assert.equal(c?.text, BLOCKED[0].teaser, 'summary kept, not the consent banner');
    assert.equal(c?.title, BLOCKED[0].title);
    assert.equal(c?.partial, true);
    assert.equal(c?.partialReason, 'too_little_text');
    const g = await store.getArticle(gone);
    assert.equal(g?.text, BLOCKED[1].teaser);
    assert.equal(g?.partial, true);
    assert.equal(g?.partialReason, 'fetch_failed: http_status');
    assert.deepEqual(
      s.reports[0].itemErrors.map((e) => e.code),
      ['http_status'],
      'the failed page is reported, the item still stored',
    );
  } finally {
    await store.close();
  }
});

test('a failing source next to a good one: good one ingested, failures counted, next check backed off', { timeout: 60_000 }, async () => {
  const store = await openSqliteStore(join(dir, 'b.db'));
  try {
    const bad = await store.upsertSource({ url: `${server.base}/broken.xml`, kind: 'feed' });
    const good = await store.upsertSource({ url: `${server.base}/feed.xml`, kind: 'feed' });
    const busy = await store.upsertSource({ url: `${server.base}/busy.xml`, kind: 'feed' });
    const t0 = Date.now();
    const s = await pollOnce(store, opts({ fullText: false }));
    assert.equal(s.polled, 3);
    assert.equal(s.failed, 2);
    assert.equal(s.ok, 1);
    assert.equal(s.added, 3, 'the good feed is ingested');
    assert.equal(s.partial, 3, 'teasers without full text are partial');
    for (const id of s.reports.find((r) => r.sourceId === good.id)!.partial) {
      const a = await store.getArticle(id);
      assert.equal(a?.partial, true);
      assert.equal(a?.partialReason, 'not_fetched');
    }

    const b1 = (await store.getSource(bad.id))!;
    assert.equal(b1.consecutiveFailures, 1);
    assert.equal(b1.lastErrorCode, 'http_status');
    assert.match(b1.lastError!, /HTTP 500/);
    assert.equal(b1.lastSuccess, null);
    const wait1 = Date.parse(b1.nextCheck!) - t0;
    assert.ok(wait1 >= 2 * 10 * 60_000, `backed off past twice the floor (${wait1} ms)`);

    const r = (await store.getSource(busy.id))!;
    assert.ok(Date.parse(r.nextCheck!) - t0 >= 5 * 3600_000 - 5000, 'Retry-After honoured');

    const g = (await store.getSource(good.id))!;
    assert.equal(g.consecutiveFailures, 0);
    assert.equal(g.lastError, null);

    // A second failure doubles the wait.
    await pollOnce(store, opts({ all: true, sourceIds: [bad.id] }));
    const b2 = (await store.getSource(bad.id))!;
    assert.equal(b2.consecutiveFailures, 2);
    assert.ok(b2.intervalSeconds! >= 2 * b1.intervalSeconds! - 1, `${b2.intervalSeconds} vs ${b1.intervalSeconds}`);
  } finally {
    await store.close();
  }
});

test('a 301/308 chain moves the source to its new URL, same id; 302/307 and failed moves do not', { timeout: 60_000 }, async () => {
  const store = await openSqliteStore(join(dir, 'moves.db'));
  const lines: Record<string, unknown>[] = [];
  const log = pino({ level: 'info' }, new Writable({ write: (c, _e, done) => (lines.push(JSON.parse(String(c))), done()) }));
  try {
    const perm = await store.upsertSource({ url: `${server.base}/old-feed.xml`, kind: 'feed', title: 'Moved feed' });
    const temp = await store.upsertSource({ url: `${server.base}/temp-feed.xml`, kind: 'feed' });
    const mixed = await store.upsertSource({ url: `${server.base}/perm-then-temp.xml`, kind: 'feed' });
    const broken = await store.upsertSource({ url: `${server.base}/moved-broken.xml`, kind: 'feed' });
    const s = await pollOnce(store, opts({ fullText: false, log, concurrency: 1 }));
    assert.equal(s.polled, 4);
    assert.equal(s.failed, 1);

    const p = (await store.getSource(perm.id))!;
    assert.equal(p.url, `${server.base}/moved/feed.xml`, 'permanent move stored');
    assert.equal(p.title, 'Moved feed');
    assert.equal(p.consecutiveFailures, 0);
    assert.equal(s.reports.find((r) => r.sourceId === perm.id)?.movedTo, `${server.base}/moved/feed.xml`);
    assert.ok(lines.some((l) => l.msg === 'feed moved permanently; source URL updated' && l.from === `${server.base}/old-feed.xml` && l.to === p.url));
    assert.equal((await store.getSource(temp.id))?.url, `${server.base}/temp-feed.xml`, 'temporary redirect: URL kept');
    assert.equal((await store.getSource(mixed.id))?.url, `${server.base}/hop.xml`, 'only the permanent part of the chain counts');
    const b = (await store.getSource(broken.id))!;
    assert.equal(b.url, `${server.base}/moved-broken.xml`, 'a move to a failing URL is not stored');
    assert.equal(b.consecutiveFailures, 1);
    assert.equal((await store.listSources()).length, 4, 'no source added or lost');
    assert.equal(await store.countArticles(), 3);

    // The next poll goes straight to the new address.
    const before = server.requests.length;
    await pollOnce(store, opts({ fullText: false, all: true, sourceIds: [perm.id] }));
    assert.deepEqual(
      server.requests.slice(before).map((r) => r.path),
      ['/moved/feed.xml'],
    );
  } finally {
    await store.close();
  }
});

test('a source allowed on a private address gets its pages from the same host, without the global switch', { timeout: 60_000 }, async () => {
  const store = await openSqliteStore(join(dir, 'local.db'));
  try {
    await store.upsertSource({ url: `${server.base}/full-feed.xml`, kind: 'feed', allowPrivate: true });
    const s = await pollOnce(store, opts({ allowPrivate: undefined }));
    assert.equal(s.ok, 1);
    assert.equal(s.fullText, 3, 'pages on the feed host are fetched');
    assert.equal(s.partial, 1);
  } finally {
    await store.close();
  }
});

test('connect and read timeouts fail their own sources with stable codes; the others are polled', { timeout: 60_000 }, async () => {
  const store = await openSqliteStore(join(dir, 'timeouts.db'));
  const hole = await startBlackhole();
  try {
    const unreachable = await store.upsertSource({ url: `http://127.0.0.1:${hole.port}/feed.xml`, kind: 'feed' });
    const silent = await store.upsertSource({ url: `${server.base}/silent.xml`, kind: 'feed' });
    const good = await store.upsertSource({ url: `${server.base}/feed.xml`, kind: 'feed' });
    const t0 = Date.now();
    const s = await pollOnce(store, opts({ fullText: false, fetch: { retries: 0, connectTimeoutMs: 400, readTimeoutMs: 400 } }));
    assert.ok(Date.now() - t0 < 10_000, 'the timeouts, not the total budget, ended the slow ones');
    assert.equal(s.polled, 3);
    assert.equal(s.ok, 1);
    assert.equal(s.failed, 2);
    assert.equal(s.added, 3);
    const u = (await store.getSource(unreachable.id))!;
    assert.equal(u.lastErrorCode, 'connect_timeout');
    assert.match(u.lastError!, /could not connect to 127\.0\.0\.1:\d+ within 400 ms/);
    assert.equal(u.consecutiveFailures, 1);
    const q = (await store.getSource(silent.id))!;
    assert.equal(q.lastErrorCode, 'read_timeout');
    assert.match(q.lastError!, /no data for 400 ms/);
    assert.ok((await store.getSource(good.id))!.lastSuccess);
  } finally {
    await hole.close();
    await store.close();
  }
});

test('isDue and item identity', () => {
  const base = {
    id: 's',
    url: 'u',
    title: null,
    kind: 'feed' as const,
    etag: null,
    lastModified: null,
    lastSuccess: null,
    lastError: null,
    lastErrorCode: null,
    consecutiveFailures: 0,
    intervalSeconds: null,
    createdAt: '',
    folder: null,
    allowPrivate: false,
  };
  assert.equal(isDue({ ...base, nextCheck: null }, Date.now()), true);
  assert.equal(isDue({ ...base, nextCheck: new Date(Date.now() + 60_000).toISOString() }, Date.now()), false);
  assert.equal(isDue({ ...base, kind: 'file', nextCheck: null }, Date.now()), false);
  const item = { id: 'g1', title: 't', link: 'https://Example.com/a?utm_source=x#top', published: null, author: null, content: null, summary: 's' };
  assert.equal(itemArticleId('https://example.com/feed', item, 't', 's').canonicalUrl, 'https://example.com/a');
  const noLink = itemArticleId('https://example.com/feed', { ...item, link: null }, 't', 's');
  assert.equal(noLink.id, itemArticleId('https://example.com/feed', { ...item, link: null }, 'other', 'text').id, 'guid keys a link-less item');
});

test('--allow-private grants the source its own origin only: another loopback port is refused, for pages and redirects', { timeout: 60_000 }, async () => {
  const { createServer } = await import('node:http');
  const listen = (handler: Parameters<typeof createServer>[1]) =>
    new Promise<{ base: string; close: () => Promise<void> }>((resolve) => {
      const srv = createServer(handler);
      srv.listen(0, '127.0.0.1', () => {
        const port = (srv.address() as { port: number }).port;
        resolve({ base: `http://127.0.0.1:${port}`, close: () => new Promise((done) => srv.close(() => done())) });
      });
    });
  const page = (title: string) =>
    `<html><head><title>${title}</title></head><body><article><h1>${title}</h1>${'<p>The long body of the article, well past any teaser threshold, so that it counts as full text.</p>'.repeat(12)}</article></body></html>`;
  // The other port of the same machine: anything reaching it is a hole.
  const otherHits: string[] = [];
  const other = await listen((req, res) => {
    otherHits.push(req.url ?? '');
    res.writeHead(200, { 'content-type': req.url?.endsWith('.xml') ? 'application/rss+xml' : 'text/html' });
    res.end(req.url?.endsWith('.xml') ? '<rss version="2.0"><channel><title>Other</title></channel></rss>' : page('Secret'));
  });
  const item = (link: string, i: number) => `<item><title>Item ${i}</title><link>${link}</link><guid>i${i}</guid><description>Teaser.</description></item>`;
  const own = await listen((req, res) => {
    if (req.url === '/feed.xml') {
      res.writeHead(200, { 'content-type': 'application/rss+xml' });
      res.end(
        `<rss version="2.0"><channel><title>Local</title>${item(`${ownBase}/a`, 1)}${item(`${other.base}/b`, 2)}${item(`${ownBase}/jump`, 3)}</channel></rss>`,
      );
    } else if (req.url === '/moved.xml') {
      res.writeHead(302, { location: `${other.base}/feed.xml` }).end();
    } else if (req.url === '/jump') {
      res.writeHead(302, { location: `${other.base}/c` }).end();
    } else {
      res.writeHead(200, { 'content-type': 'text/html' }).end(page('Own page'));
    }
  });
  const ownBase = own.base;
  const store = await openSqliteStore(join(dir, 'origins.db'));
  try {
    const feed = await store.upsertSource({ url: `${own.base}/feed.xml`, kind: 'feed', allowPrivate: true });
    await store.upsertSource({ url: `${own.base}/moved.xml`, kind: 'feed', allowPrivate: true });
    const s = await pollOnce(store, opts({ allowPrivate: undefined, respectRobots: false }));
    const byUrl = new Map(s.reports.map((r) => [r.url, r]));
    const main = byUrl.get(`${own.base}/feed.xml`)!;
    assert.equal(main.status, 'ok');
    assert.equal(main.fullText, 1, 'the page on the feed origin is fetched');
    assert.deepEqual(
      main.itemErrors.map((e) => [e.input, e.code]).sort(),
      [
        [`${other.base}/b`, 'private_address'],
        [`${own.base}/jump`, 'private_address'],
      ].sort(),
      'a page on another port, directly or by redirect, is refused',
    );
    const moved = byUrl.get(`${own.base}/moved.xml`)!;
    assert.equal(moved.status, 'error');
    assert.equal(moved.error?.code, 'private_address', 'a feed redirect to another port is refused');
    assert.deepEqual(otherHits, [], 'nothing reached the other port');
    assert.ok(feed.id);
  } finally {
    await store.close();
    await own.close();
    await other.close();
  }
});
