// A Google Reader API session, as a reader app runs it: scripts/greader-client.ts (the sync NetNewsWire
// and Reeder do) against a real server on loopback, plus single requests shaped as the clients document
// them (Miniflux's googlereader README: GET with the GoogleLogin header, POST with T in the form, long and
// short item ids, ts in microseconds).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { seededStore } from '../testdata/harness.ts';
import { BRIDGE, bridgeBrief } from '../testdata/seed.ts';
import { startServer, type RunningServer } from '../app.ts';
import { createToken } from '../auth.ts';
import { pollOnce } from '../../pipeline/poll.ts';
import type { Store } from '../../store/store.ts';
import { longItemId } from './ids.ts';
import { backfillWatchlist } from '../../pipeline/watch/scan.ts';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../../..', import.meta.url));

interface SyncOut {
  subscriptions: { id: string; title: string; categories: { label: string }[] }[];
  tags: string[];
  ids: string[];
  pages: number;
  unread: string[];
  starred: string[];
  items: { id: string; title: string; categories: string[]; origin: { streamId: string }; summary: { content: string } }[];
}

let store: Store;
let server: RunningServer;
let feedServer: Server;
let base: string;
let feedUrl: string;
let ana: string;
let ben: string;

async function client(user: string, password: string, ...args: string[]): Promise<unknown> {
  const { stdout } = await run(
    process.execPath,
    ['--import', 'tsx', 'scripts/greader-client.ts', '--server', base, '--user', user, '--password', password, ...args],
    { cwd: ROOT },
  );
  return JSON.parse(stdout);
}

before(async () => {
  store = await seededStore();
  const world = await store.upsertSource({ url: 'https://world.example/rss', kind: 'feed', title: 'World Desk', folder: 'News' });
  const tech = await store.upsertSource({ url: 'https://tech.example/rss', kind: 'feed', title: 'Tech Wire' });
  const text = (n: string) => `Report ${n}. It has a second sentence about the harbour.`;
  for (const [i, [id, src]] of (
    [
      ['w1', world.id],
      ['w2', world.id],
      ['t1', tech.id],
      ['t2', tech.id],
    ] as const
  ).entries()) {
    await store.addArticle({
      id,
      title: `Headline ${id}`,
      text: text(id),
      url: `https://news.example/${id}`,
      sourceId: src,
      fetched: `2024-05-0${i + 1}T10:00:00.000Z`,
    });
  }
  // t2 is the tech feed's copy of w1.
  const sig = Uint32Array.from([7, 7, 7]);
  await store.recordCopy('w1', 'same', { canonicalId: 'w1', bands: [], signature: sig });
  await store.recordCopy('t2', 'same', { canonicalId: 'w1', bands: [], signature: sig });
  ana = (await createToken(store, 'ana')).token;
  ben = (await createToken(store, 'ben')).token;
  feedServer = createServer((req, res) => {
    if (req.url !== '/feed.xml') return void res.writeHead(404).end();
    res.writeHead(200, { 'Content-Type': 'application/rss+xml' });
    res.end(`<?xml version="1.0"?><rss version="2.0"><channel><title>Local Gazette</title><link>http://127.0.0.1/</link>
      <item><title>Ferry service resumes</title><link>http://127.0.0.1:1/ferry</link><guid>ferry</guid><pubDate>Mon, 06 May 2024 08:00:00 GMT</pubDate>
        <description>The harbour ferry service resumed on Monday after a two-week strike ended. Passengers crowded the morning boats. Officials said the timetable would be back to normal by Friday.</description></item>
      <item><title>Tram line opens</title><link>http://127.0.0.1:1/tram</link><guid>tram</guid><pubDate>Tue, 07 May 2024 08:00:00 GMT</pubDate>
        <description>The new tram line across the harbour opened on Tuesday. The first trams ran full. The council said a second line is planned for next year.</description></item>
    </channel></rss>`);
  });
  await new Promise<void>((r) => feedServer.listen(0, '127.0.0.1', () => r()));
  feedUrl = `http://127.0.0.1:${(feedServer.address() as AddressInfo).port}/feed.xml`;
  server = await startServer({ store, port: 0, readCacheMs: 0, allowPrivate: true });
  base = `http://127.0.0.1:${server.port}`;
});

after(async () => {
  await server?.close();
  await new Promise((r) => feedServer?.close(r));
  await store?.close();
});

const auth = async (user: string, token: string) => {
  const res = await fetch(`${base}/accounts/ClientLogin`, { method: 'POST', body: new URLSearchParams({ Email: user, Passwd: token }) });
  assert.equal(res.status, 200);
  return /^Auth=(.+)$/m.exec(await res.text())![1];
};

test('a reader app syncs: subscriptions with folders, tags, the reading list paged by continuation, briefs as items, copies delivered read', async () => {
  const out = (await client('ana', ana, 'sync', '--page', '2')) as SyncOut;
  const subs = new Map(out.subscriptions.map((s) => [s.title, s]));
  assert.ok(subs.has('storyline: top stories'));
  assert.equal(subs.get('storyline: top stories')!.id, 'feed/storyline:stories');
  assert.deepEqual(
    subs.get('World Desk')!.categories.map((c) => c.label),
    ['News'],
  );
  assert.deepEqual(subs.get('Tech Wire')!.categories, []);
  assert.ok(out.tags.includes('user/-/label/News') && out.tags.includes('user/-/state/com.google/starred'));
  // Four articles and the bridge story's brief (the story without a brief is not published).
  assert.equal(out.ids.length, 5);
  assert.equal(new Set(out.ids).size, 5, 'no item twice across pages');
  assert.equal(out.pages, 3, 'two per page, following continuation');
  const byTitle = new Map(out.items.map((i) => [i.title, i]));
  const story = byTitle.get(bridgeBrief().headline.text)!;
  assert.equal(story.origin.streamId, 'feed/storyline:stories');
  assert.match(story.summary.content, /<a href="http:\/\/127\.0\.0\.1:\d+\/articles\/a2#s-\d+-\d+">\[\d\]<\/a>/, 'citations are links to the cited sentence');
  // The tech feed's copy of w1 arrives read; every other item unread.
  assert.ok(byTitle.get('Headline t2')!.categories.includes('user/-/state/com.google/read'));
  assert.equal(out.unread.length, 4);
  assert.ok(byTitle.get('Headline w1')!.categories.includes('user/-/label/News'));
  assert.deepEqual(out.starred, []);
});

test('marking read and starring is kept per account, with short and long item ids alike', async () => {
  const first = (await client('ana', ana, 'sync')) as SyncOut;
  const byTitle = new Map(first.items.map((i) => [i.title, i]));
  const w2 = byTitle.get('Headline w2')!.id; // long form
  const t1short = String(BigInt('0x' + byTitle.get('Headline t1')!.id.split('/').pop()));
  await client('ana', ana, 'edit', '--read', w2, '--star', t1short);
  const again = (await client('ana', ana, 'sync')) as SyncOut;
  assert.equal(again.unread.length, 3);
  assert.ok(!again.unread.includes(String(BigInt('0x' + w2.split('/').pop()))));
  assert.deepEqual(again.starred, [t1short]);
  const benView = (await client('ben', ben, 'sync')) as SyncOut;
  assert.equal(benView.unread.length, 4, "ana's marks are not ben's");
  assert.deepEqual(benView.starred, []);
  // Unread counts follow, per feed, per folder and in total.
  const a = await auth('ana', ana);
  const counts = (await (await fetch(`${base}/reader/api/0/unread-count?output=json`, { headers: { Authorization: `GoogleLogin auth=${a}` } })).json()) as {
    unreadcounts: { id: string; count: number }[];
  };
  const c = new Map(counts.unreadcounts.map((u) => [u.id, u.count]));
  assert.equal(c.get('user/-/label/News'), 1);
  assert.equal(c.get('feed/storyline:stories'), 1);
  assert.equal(c.get('user/-/state/com.google/reading-list'), 3);
});

test('a story that grows arrives as a new item and the version it replaces counts as read', async () => {
  const before = (await client('ben', ben, 'sync')) as SyncOut;
  const old = before.items.find((i) => i.origin.streamId === 'feed/storyline:stories')!;
  await store.saveBrief(BRIDGE, {
    ...bridgeBrief(),
    headline: { text: 'Harbour bridge approved; residents protest the route', citations: bridgeBrief().headline.citations },
  });
  const after = (await client('ben', ben, 'sync')) as SyncOut;
  const stories = after.items.filter((i) => i.origin.streamId === 'feed/storyline:stories');
  assert.deepEqual(
    stories.map((s) => s.title),
    ['Harbour bridge approved; residents protest the route'],
  );
  assert.notEqual(stories[0].id, old.id);
  const a = await auth('ben', ben);
  const res = await fetch(`${base}/reader/api/0/stream/items/contents`, {
    method: 'POST',
    headers: { Authorization: `GoogleLogin auth=${a}`, 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams([
      ['i', old.id],
      ['T', a],
    ]),
  });
  const got = (await res.json()) as { items: { title: string; categories: string[] }[] };
  assert.equal(got.items[0].title, bridgeBrief().headline.text);
  assert.ok(got.items[0].categories.includes('user/-/state/com.google/read'));
});

test('a subscription added by the app is polled by the poller and its items arrive', async () => {
  const added = (await client('ana', ana, 'quickadd', feedUrl)) as { numResults: number; streamId: string; streamName: string };
  assert.equal(added.numResults, 1);
  assert.equal(added.streamName, 'Local Gazette');
  const none = (await client('ana', ana, 'quickadd', `${feedUrl}.missing`)) as { numResults: number };
  assert.equal(none.numResults, 0, 'a URL that is not a feed is not subscribed');
  const summary = await pollOnce(store, { allowPrivate: true, fullText: false, ingest: { briefs: false } });
  assert.equal(summary.added, 2);
  const page = (await client('ana', ana, 'contents', added.streamId)) as { items: { title: string; origin: { streamId: string } }[] };
  assert.deepEqual(
    page.items.map((i) => i.title),
    ['Tram line opens', 'Ferry service resumes'],
  );
  assert.ok(page.items.every((i) => i.origin.streamId === added.streamId));
});

test('requests shaped as clients send them: stream/contents by path with xt and c, items by decimal id, mark-all-as-read with ts in microseconds', async () => {
  const a = await auth('ben', ben);
  const h = { Authorization: `GoogleLogin auth=${a}` };
  const tech = (await store.listSources()).find((s) => s.title === 'Tech Wire')!;
  // Reeder asks for a feed's unread items by path, percent-encoded, newest first.
  const url = `${base}/reader/api/0/stream/contents/${encodeURIComponent(`feed/${tech.id}`)}?output=json&n=1&xt=user/-/state/com.google/read`;
  const p1 = (await (await fetch(url, { headers: h })).json()) as { items: { id: string; title: string }[]; continuation?: string };
  assert.deepEqual(
    p1.items.map((i) => i.title),
    ['Headline t1'],
    'the copy t2 is read, so only t1 is unread',
  );
  assert.equal(p1.continuation, undefined);
  // Oldest first, one per page, both items.
  const o1 = (await (await fetch(`${base}/reader/api/0/stream/contents/feed%2F${tech.id}?n=1&r=o`, { headers: h })).json()) as {
    items: { title: string }[];
    continuation: string;
  };
  const o2 = (await (
    await fetch(`${base}/reader/api/0/stream/contents/feed%2F${tech.id}?n=1&r=o&c=${encodeURIComponent(o1.continuation)}`, { headers: h })
  ).json()) as { items: { title: string }[] };
  assert.deepEqual(
    [...o1.items, ...o2.items].map((i) => i.title),
    ['Headline t1', 'Headline t2'],
  );
  // NetNewsWire posts decimal ids; the answer carries the long form.
  const item = p1.items[0].id;
  const dec = String(BigInt('0x' + item.split('/').pop()));
  assert.equal(longItemId(Number(dec)), item);
  const body = new URLSearchParams([
    ['i', dec],
    ['T', a],
  ]);
  const c = (await (
    await fetch(`${base}/reader/api/0/stream/items/contents?output=json`, {
      method: 'POST',
      headers: { ...h, 'Content-Type': 'application/x-www-form-urlencoded' },
      body,
    })
  ).json()) as { items: { id: string }[] };
  assert.deepEqual(
    c.items.map((i) => i.id),
    [item],
  );
  // Mark the feed read up to a time before t1 arrived: nothing changes; up to now: t1 is read.
  const markAt = async (ts: string) => {
    const r = await fetch(`${base}/reader/api/0/mark-all-as-read`, {
      method: 'POST',
      headers: { ...h, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ s: `feed/${tech.id}`, ts, T: a }),
    });
    assert.equal(await r.text(), 'OK');
  };
  const unreadTech = async () =>
    (
      (await (await fetch(`${base}/reader/api/0/stream/items/ids?output=json&s=feed/${tech.id}&xt=user/-/state/com.google/read`, { headers: h })).json()) as {
        itemRefs: unknown[];
      }
    ).itemRefs.length;
  await markAt(String(Date.parse('2024-05-02T00:00:00Z') * 1000));
  assert.equal(await unreadTech(), 1);
  await markAt(String(Date.now() * 1000));
  assert.equal(await unreadTech(), 0);
  // Moving a feed into a folder is a subscription edit; the folder becomes a tag.
  const edit = await fetch(`${base}/reader/api/0/subscription/edit`, {
    method: 'POST',
    headers: { ...h, 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ ac: 'edit', s: `feed/${tech.id}`, a: 'user/-/label/Science', T: a }),
  });
  assert.equal(await edit.text(), 'OK');
  const tags = (await (await fetch(`${base}/reader/api/0/tag/list?output=json`, { headers: h })).json()) as { tags: { id: string }[] };
  assert.ok(tags.tags.some((t) => t.id === 'user/-/label/Science'));
});

test('a bad session token is refused the way clients expect, and a wrong password at ClientLogin too', async () => {
  const r = await fetch(`${base}/reader/api/0/subscription/list?output=json`, { headers: { Authorization: 'GoogleLogin auth=ana/0000' } });
  assert.equal(r.status, 401);
  assert.equal(r.headers.get('x-reader-google-bad-token'), 'true');
  const login = await fetch(`${base}/accounts/ClientLogin`, { method: 'POST', body: new URLSearchParams({ Email: 'ben', Passwd: ana }) });
  assert.equal(login.status, 401, "ana's token is not ben's password");
  assert.match(await login.text(), /BadAuthentication/);
});

test("an account's watchlists are subscriptions whose items are the articles they matched, with unread counts; other accounts cannot read them", async () => {
  const cara = (await createToken(store, 'cara')).token;
  const now = new Date().toISOString();
  const watch = {
    id: 'wl_greader_cara',
    owner: 'cara',
    name: 'Harbour reports',
    terms: { entities: [], keywords: ['Report w2', 'Report t1'], stories: [] },
    webhookUrl: null,
    webhookSecret: null,
    createdAt: now,
    updatedAt: now,
    seenAt: now,
  };
  await store.watchlists.create(watch);
  assert.equal(await backfillWatchlist(store, watch), 2);
  const a = await auth('cara', cara);
  const h = { Authorization: `GoogleLogin auth=${a}` };
  const get = async <T>(path: string, headers = h) => (await (await fetch(`${base}${path}`, { headers })).json()) as T;
  const stream = 'feed/storyline:watchlist:wl_greader_cara';

  const subs = await get<{ subscriptions: { id: string; title: string; htmlUrl: string }[] }>('/reader/api/0/subscription/list?output=json');
  const sub = subs.subscriptions.find((s) => s.id === stream);
  assert.ok(sub, JSON.stringify(subs.subscriptions.map((s) => s.id)));
  assert.equal(sub.title, 'Watchlist: Harbour reports');
  assert.equal(sub.htmlUrl, `${base}/watchlists/wl_greader_cara`);

  const items = await get<{ items: { title: string }[] }>(`/reader/api/0/stream/contents/${encodeURIComponent(stream)}?output=json&r=o`);
  assert.deepEqual(
    items.items.map((i) => i.title),
    ['Headline w2', 'Headline t1'],
  );
  const unreadOf = async () =>
    (await get<{ unreadcounts: { id: string; count: number }[] }>('/reader/api/0/unread-count?output=json')).unreadcounts.find((u) => u.id === stream)?.count ??
    0;
  assert.equal(await unreadOf(), 2);

  // Reading one in its feed reads it in the watchlist too: one item, one state.
  const ids = await get<{ itemRefs: { id: string }[] }>(`/reader/api/0/stream/items/ids?output=json&s=${encodeURIComponent(stream)}&r=o`);
  const mark = await fetch(`${base}/reader/api/0/edit-tag`, {
    method: 'POST',
    headers: { ...h, 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ i: ids.itemRefs[0].id, a: 'user/-/state/com.google/read', T: a }),
  });
  assert.equal(await mark.text(), 'OK');
  assert.equal(await unreadOf(), 1);
  const all = await fetch(`${base}/reader/api/0/mark-all-as-read`, {
    method: 'POST',
    headers: { ...h, 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ s: stream, T: a }),
  });
  assert.equal(await all.text(), 'OK');
  assert.equal(await unreadOf(), 0);
  const worldUnread = await get<{ itemRefs: unknown[] }>(
    `/reader/api/0/stream/items/ids?output=json&s=${encodeURIComponent('user/-/state/com.google/reading-list')}&xt=user/-/state/com.google/read&n=100`,
  );
  assert.ok(worldUnread.itemRefs.length > 0, 'marking the watchlist read leaves the rest of the reading list unread');

  // Another account neither lists nor reads it.
  const b = await auth('ben', ben);
  const hb = { Authorization: `GoogleLogin auth=${b}` };
  const benSubs = await get<{ subscriptions: { id: string }[] }>('/reader/api/0/subscription/list?output=json', hb);
  assert.ok(!benSubs.subscriptions.some((s) => s.id === stream));
  const benItems = await get<{ items: unknown[] }>(`/reader/api/0/stream/contents/${encodeURIComponent(stream)}?output=json`, hb);
  assert.deepEqual(benItems.items, []);
});
