// The Google Reader API at the server root, as reader apps (Reeder, NetNewsWire, Read You, FeedMe, Fluent
// Reader, NewsFlash) speak it: ClientLogin with a token name and token, then /reader/api/0/*. Sources are
// the subscriptions, their OPML folders the tags. storyline's own: the subscription
// feed/storyline:stories, whose items are the top stories' briefs (a story that grows arrives as a new
// item, and the version it replaces counts as read, so a syncing app drops it from its unread list), and
// later copies of an article, which arrive read because the first copy already brought the story.
import { Hono, type Context } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Logger } from 'pino';
import type { ReaderFilter, ReaderItem, SourceRecord, Store } from '../../store/store.ts';
import type { Article, StorySummary } from '../../types.ts';
import { errorMessage } from '../../errors.ts';
import { LoginLimiter, accountOfSession, hashToken, sessionToken } from '../auth.ts';
import { fetchWithRetry } from '../../sources/retry.ts';
import { parseFeed } from '../../sources/feed/index.ts';
import { briefHtml, citedArticleIds, escapeHtml } from '../feeds/brief-html.ts';
import { safeHref } from '../format.ts';
import type { PublishedStory } from '../feeds/stories.ts';
import { FEED_TITLE } from '../feeds/feeds.ts';
import {
  READ,
  READING_LIST,
  STARRED,
  STORIES_STREAM,
  feedStream,
  labelStream,
  longItemId,
  parseItemId,
  parseStream,
  shortItemId,
  watchlistStream,
  type Stream,
} from './ids.ts';

export interface ReaderDeps {
  store: Store;
  log: Logger;
  /** The ranked story list (shared with the front page). */
  listStories: (o: { limit: number; offset: number }) => Promise<StorySummary[]>;
  /** The top stories with their briefs; memoised by the caller. */
  published: () => Promise<PublishedStory[]>;
  limiter: LoginLimiter;
  /** Subscriptions added through the API may be on private addresses (STORYLINE_ALLOW_PRIVATE=1). */
  allowPrivate: boolean;
  /** Called with each new subscription, so the poller can fetch it without waiting for its next look. */
  onSubscribe?: (source: SourceRecord) => void;
}

type Env = { Variables: { user: string } };

const IDS_MAX = 10_000;
const CONTENTS_MAX = 1_000;
const DEFAULT_N = 20;
/** Watchlists listed as subscriptions: every one an account may have (server/watchlists.ts LIMITS.perAccount). */
const WATCHLISTS_LISTED = 100;
/** Unread items counted per watchlist: clients show "1000+" past what the reading list count shows anyway. */
const WATCHLIST_UNREAD_COUNTED = 1_000;

/** The client's address, for the login limiter; app.fetch called without a socket (tests) is one client. */
export function clientAddress(c: Context): string {
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'local';
  }
}

/** Every value of a parameter, from the query string and a form body alike (clients use both). */
async function params(c: Context, name: string): Promise<string[]> {
  const out = [...(c.req.queries(name) ?? [])];
  if (c.req.method === 'POST') {
    const type = c.req.header('content-type') ?? '';
    if (type.includes('application/x-www-form-urlencoded') || type.includes('multipart/form-data')) {
      const body = await c.req.parseBody({ all: true });
      const v = body[name];
      for (const x of Array.isArray(v) ? v : v === undefined ? [] : [v]) if (typeof x === 'string') out.push(x);
    }
  }
  return out;
}

async function param(c: Context, name: string): Promise<string | undefined> {
  return (await params(c, name))[0];
}

function seconds(iso: string): number {
  return Math.floor(Date.parse(iso) / 1000);
}

function isoFromSeconds(raw: string | undefined): string | undefined {
  if (!raw || !/^\d{1,20}$/.test(raw)) return undefined;
  // Clients send seconds, some microseconds (16 digits and more), as Google Reader's ts did.
  const n = Number(raw);
  const ms = raw.length >= 16 ? n / 1000 : n * 1000;
  return Number.isFinite(ms) && ms < 8.64e15 ? new Date(ms).toISOString() : undefined;
}

/** One item of a stream: an article, or a story brief of feed/storyline:stories. */
type Entry =
  | { kind: 'article'; item: number; time: string; read: boolean; starred: boolean; sourceId: string | null }
  | { kind: 'story'; item: number; time: string; read: boolean; starred: boolean; storyId: string; version: number };

interface StreamQuery {
  stream: Stream;
  order: 'newest' | 'oldest';
  n: number;
  excludeRead: boolean;
  onlyStarred: boolean;
  from?: string;
  before?: string;
  continuation?: string;
}

/**
 * A continuation names where each of the two sub-streams (articles, story items) stopped: "a.s", each a
 * number to continue after, "" to start, or "x" when that sub-stream is done.
 */
function parseContinuation(raw: string | undefined): { a: number | 'x' | null; s: number | 'x' | null } | null {
  if (!raw) return { a: null, s: null };
  const m = /^(\d{1,16}|x|)\.(\d{1,16}|x|)$/.exec(raw);
  if (!m) return null;
  const part = (p: string) => (p === 'x' ? 'x' : p === '' ? null : Number(p));
  return { a: part(m[1]), s: part(m[2]) };
}

export function readerRoutes(deps: ReaderDeps): Hono<Env> {
  const { store, log, limiter } = deps;
  const app = new Hono<Env>();

  const tooMany = (c: Context, ms: number) => {
    c.header('Retry-After', String(Math.ceil(ms / 1000)));
    return c.text('Error=TooManyAttempts\n', 429);
  };

  app.post('/accounts/ClientLogin', async (c) => {
    const client = clientAddress(c);
    const wait = limiter.retryAfter(client);
    if (wait) return tooMany(c, wait);
    const email = (await param(c, 'Email')) ?? '';
    const passwd = (await param(c, 'Passwd')) ?? '';
    const record = passwd && passwd.length <= 200 ? await store.tokenByHash(hashToken(passwd)) : null;
    if (!record || record.name !== email) {
      limiter.fail(client);
      log.warn({ client, name: email.slice(0, 64) }, 'reader login refused');
      return c.text('Error=BadAuthentication\n', 401);
    }
    const auth = sessionToken(record);
    if ((await param(c, 'output')) === 'json') return c.json({ SID: auth, LSID: auth, Auth: auth });
    return c.text(`SID=${auth}\nLSID=${auth}\nAuth=${auth}\n`);
  });

  app.use('/reader/api/0/*', async (c, next) => {
    const client = clientAddress(c);
    const wait = limiter.retryAfter(client);
    if (wait) return tooMany(c, wait);
    const header = /^GoogleLogin\s+auth=(\S+)\s*$/i.exec(c.req.header('authorization') ?? '');
    // Write calls carry the token from /token as T; some clients send only that.
    const session = header?.[1] ?? (c.req.method === 'POST' ? await param(c, 'T') : undefined);
    const user = session ? await accountOfSession(store, session) : null;
    if (!user) {
      limiter.fail(client);
      c.header('X-Reader-Google-Bad-Token', 'true');
      return c.text('Unauthorized', 401);
    }
    c.set('user', user);
    await next();
  });

  const base = (c: Context) => new URL(c.req.url).origin;

  app.get('/reader/api/0/token', async (c) => {
    // The edit token (T) is the session token itself: a client that holds one can already write.
    const header = /^GoogleLogin\s+auth=(\S+)/i.exec(c.req.header('authorization') ?? '');
    return c.text(header?.[1] ?? (await param(c, 'T')) ?? '');
  });

  app.get('/reader/api/0/user-info', (c) => {
    const user = c.get('user');
    return c.json({ userId: user, userName: user, userProfileId: user, userEmail: user });
  });

  const folders = async () => [...new Set((await store.listSources()).map((s) => s.folder).filter((f): f is string => !!f))].sort();

  app.get('/reader/api/0/tag/list', async (c) => {
    const tags = [{ id: STARRED }, ...(await folders()).map((f) => ({ id: labelStream(f), label: f, type: 'folder' }))];
    return c.json({ tags });
  });

  const subscriptionJson = (s: SourceRecord) => ({
    id: feedStream(s.id),
    title: s.title ?? s.url,
    categories: s.folder ? [{ id: labelStream(s.folder), label: s.folder, type: 'folder' }] : [],
    url: s.url,
    htmlUrl: s.url,
    iconUrl: '',
  });

  /** The account's watchlists (each a subscription whose items are the articles it matched), oldest first. */
  const ownWatchlists = async (user: string) => (await store.watchlists.listOwned(user, { limit: WATCHLISTS_LISTED, offset: 0 })).items;

  app.get('/reader/api/0/subscription/list', async (c) => {
    const subs = (await store.listSources()).map(subscriptionJson);
    const watched = (await ownWatchlists(c.get('user'))).map((w) => ({
      id: watchlistStream(w.id),
      title: `Watchlist: ${w.name}`,
      categories: [],
      url: `${base(c)}/feeds/watchlists/${w.id}.atom`,
      htmlUrl: `${base(c)}/watchlists/${w.id}`,
      iconUrl: '',
    }));
    subs.unshift(
      { id: STORIES_STREAM, title: FEED_TITLE, categories: [], url: `${base(c)}/feeds/stories.atom`, htmlUrl: `${base(c)}/`, iconUrl: '' },
      ...watched,
    );
    return c.json({ subscriptions: subs });
  });

  /** The top stories' current brief versions as items, with the account's state. */
  const storyEntries = async (user: string): Promise<Entry[]> => {
    const top = await deps.published();
    const items = await store.readerStoryItems(top.map((p) => ({ storyId: p.summary.id, version: p.brief.version })));
    const states = new Map(
      (
        await store.readerStates(
          user,
          items.map((i) => i.item),
        )
      ).map((s) => [s.item, s]),
    );
    return items.map((it, k) => {
      const st = states.get(it.item);
      return {
        kind: 'story',
        item: it.item,
        time: top[k].brief.createdAt,
        read: st?.read ?? false,
        starred: st?.starred ?? false,
        storyId: it.storyId,
        version: it.version,
      };
    });
  };

  /** Starred story items, current or not: a star outlives the story's next version. */
  const starredStoryEntries = async (user: string): Promise<Entry[]> => {
    const states = await store.readerStates(user, 'starredStories');
    const refs = new Map((await store.readerStoryRefs(states.map((s) => s.item))).map((r) => [r.item, r]));
    const out: Entry[] = [];
    for (const s of states) {
      const r = refs.get(s.item);
      if (!r) continue;
      const b = await store.getBrief(r.storyId, r.version);
      out.push({
        kind: 'story',
        item: s.item,
        time: b?.createdAt ?? new Date(0).toISOString(),
        read: s.read ?? false,
        starred: true,
        storyId: r.storyId,
        version: r.version,
      });
    }
    return out;
  };

  /** The source behind feed/<ref>: an id from subscription/list, or a feed URL. */
  const sourceOf = async (ref: string): Promise<SourceRecord | null> => {
    const byId = await store.getSource(ref);
    if (byId) return byId;
    return (await store.listSources()).find((s) => s.url === ref) ?? null;
  };

  /** The article filter of a stream, or null when the stream has no articles (or no such feed). */
  const articleFilter = async (user: string, stream: Stream): Promise<ReaderFilter | null> => {
    switch (stream.kind) {
      case 'reading-list':
        return { user };
      case 'starred':
        return { user, starred: true };
      case 'read':
        return { user, read: true };
      case 'kept-unread':
        return { user, read: false };
      case 'label':
        return { user, folder: stream.folder };
      case 'feed': {
        const s = await sourceOf(stream.ref);
        return s ? { user, sourceId: s.id } : null;
      }
      case 'watchlist': {
        // Another account's watchlist is as unknown as a missing one.
        const w = await store.watchlists.get(stream.id);
        return w && w.owner === user ? { user, watchlistId: w.id } : null;
      }
      case 'stories':
        return null;
    }
  };

  const listStream = async (user: string, q: StreamQuery): Promise<{ entries: Entry[]; continuation: string | null } | null> => {
    const cont = parseContinuation(q.continuation);
    if (!cont) return null;
    const filter = await articleFilter(user, q.stream);
    if (filter && q.excludeRead) filter.read = false;
    if (filter && q.onlyStarred) filter.starred = true;
    if (filter && q.from) filter.fetchedFrom = q.from;
    if (filter && q.before) filter.fetchedBefore = q.before;
    const newest = q.order === 'newest';

    let articles: ReaderItem[] = [];
    if (filter && cont.a !== 'x') {
      articles = await store.readerItems({ ...filter, order: q.order, limit: q.n + 1, ...(cont.a !== null ? { after: cont.a } : {}) });
    }
    let stories: Entry[] = [];
    const withStories =
      q.stream.kind === 'reading-list' ||
      q.stream.kind === 'stories' ||
      q.stream.kind === 'starred' ||
      q.stream.kind === 'read' ||
      q.stream.kind === 'kept-unread';
    if (withStories && cont.s !== 'x') {
      stories = q.stream.kind === 'starred' || q.onlyStarred ? await starredStoryEntries(user) : await storyEntries(user);
      stories = stories.filter(
        (e) =>
          (q.stream.kind !== 'read' || e.read) &&
          (q.stream.kind !== 'kept-unread' || !e.read) &&
          (!q.excludeRead || !e.read) &&
          (!q.onlyStarred || e.starred) &&
          (!q.from || e.time >= q.from) &&
          (!q.before || e.time < q.before) &&
          (cont.s === null || (newest ? e.item < (cont.s as number) : e.item > (cont.s as number))),
      );
      stories.sort((x, y) => (newest ? y.item - x.item : x.item - y.item));
    }
    const articleEntries: Entry[] = articles.map((a) => ({
      kind: 'article',
      item: a.item,
      time: a.fetched,
      read: a.read,
      starred: a.starred,
      sourceId: a.sourceId,
    }));
    // Merged by time; each sub-stream keeps its own order and its own place in the continuation.
    const out: Entry[] = [];
    let i = 0;
    let j = 0;
    while (out.length < q.n && (i < articleEntries.length || j < stories.length)) {
      const a = articleEntries[i];
      const s = stories[j];
      const takeA = a && (!s || (newest ? a.time >= s.time : a.time <= s.time));
      out.push(takeA ? articleEntries[i++] : stories[j++]);
    }
    const aDone = cont.a === 'x' || !filter || (i >= articleEntries.length && articleEntries.length <= q.n);
    const sDone = cont.s === 'x' || !withStories || j >= stories.length;
    const lastA = i > 0 ? String(articleEntries[i - 1].item) : cont.a === null ? '' : String(cont.a);
    const lastS = j > 0 ? String(stories[j - 1].item) : cont.s === null ? '' : String(cont.s);
    const continuation = aDone && sDone ? null : `${aDone ? 'x' : lastA}.${sDone ? 'x' : lastS}`;
    return { entries: out, continuation };
  };

  const streamQuery = async (c: Context, streamId: string | undefined, nMax: number): Promise<StreamQuery | Response> => {
    const stream = parseStream(streamId);
    if (!stream) return c.json({ error: { code: 'bad_stream', message: `unknown stream ${JSON.stringify(streamId ?? '')}` } }, 400);
    const nRaw = await param(c, 'n');
    const n = nRaw && /^\d{1,6}$/.test(nRaw) ? Math.min(Math.max(1, Number(nRaw)), nMax) : DEFAULT_N;
    const xt = await params(c, 'xt');
    const it = await params(c, 'it');
    const isRead = (s: string) => parseStream(s)?.kind === 'read';
    const isStarred = (s: string) => parseStream(s)?.kind === 'starred';
    return {
      stream,
      n,
      order: (await param(c, 'r')) === 'o' ? 'oldest' : 'newest',
      excludeRead: xt.some(isRead),
      onlyStarred: it.some(isStarred),
      from: isoFromSeconds(await param(c, 'ot')),
      before: isoFromSeconds(await param(c, 'nt')),
      continuation: await param(c, 'c'),
    };
  };

  const itemIds = async (c: Context) => {
    const q = await streamQuery(c, await param(c, 's'), IDS_MAX);
    if (q instanceof Response) return q;
    const got = await listStream(c.get('user'), q);
    if (!got) return c.json({ error: { code: 'bad_continuation', message: 'continuation not recognised' } }, 400);
    return c.json({
      itemRefs: got.entries.map((e) => ({ id: shortItemId(e.item), directStreamIds: [], timestampUsec: String(Date.parse(e.time) * 1000) })),
      ...(got.continuation ? { continuation: got.continuation } : {}),
    });
  };
  app.get('/reader/api/0/stream/items/ids', itemIds);
  app.post('/reader/api/0/stream/items/ids', itemIds);

  // ---- item contents

  const articleItemJson = (b: string, e: { item: number; read: boolean; starred: boolean }, a: Article, source: SourceRecord | undefined) => {
    const categories = [READING_LIST];
    if (e.read) categories.push(READ);
    if (e.starred) categories.push(STARRED);
    if (source?.folder) categories.push(labelStream(source.folder));
    const published = a.published && !Number.isNaN(Date.parse(a.published)) ? a.published : a.fetched;
    const link = safeHref(a.url) ?? `${b}/articles/${encodeURIComponent(a.id)}`;
    const html = a.text
      .split(/\n\s*\n|\n/)
      .map((p) => p.trim())
      .filter(Boolean)
      .map((p) => `<p>${escapeHtml(p)}</p>`)
      .join('\n');
    return {
      id: longItemId(e.item),
      crawlTimeMsec: String(Date.parse(a.fetched)),
      timestampUsec: String(Date.parse(a.fetched) * 1000),
      published: seconds(published),
      updated: seconds(published),
      title: a.title,
      author: a.byline ?? a.sourceName ?? '',
      categories,
      alternate: [{ href: link, type: 'text/html' }],
      canonical: [{ href: link }],
      summary: { direction: 'ltr', content: html },
      content: { direction: 'ltr', content: html },
      origin: { streamId: source ? feedStream(source.id) : READING_LIST, title: source?.title ?? a.sourceName ?? '', htmlUrl: source?.url ?? '' },
    };
  };

  const itemsJson = async (c: Context, user: string, items: number[]) => {
    const b = base(c);
    const sources = new Map((await store.listSources()).map((s) => [s.id, s]));
    const articles = new Map((await store.readerArticles(user, items)).map((r) => [r.item, r]));
    const storyRefs = new Map((await store.readerStoryRefs(items)).map((r) => [r.item, r]));
    const states = new Map((await store.readerStates(user, [...storyRefs.keys()])).map((s) => [s.item, s]));
    const current = new Map((await deps.published()).map((p) => [p.summary.id, p]));
    const out: unknown[] = [];
    for (const item of items) {
      const a = articles.get(item);
      if (a) {
        out.push(articleItemJson(b, a, a.article, a.sourceId ? sources.get(a.sourceId) : undefined));
        continue;
      }
      const r = storyRefs.get(item);
      if (!r) continue;
      const live = current.get(r.storyId);
      const brief = live && live.brief.version === r.version ? live.brief : await store.getBrief(r.storyId, r.version);
      if (!brief) continue;
      const cited = live && live.brief.version === r.version ? live.articles : new Map((await store.getArticles(citedArticleIds(brief))).map((x) => [x.id, x]));
      const st = states.get(item);
      // A version that is no longer the story's current one counts as read unless marked otherwise.
      const read = st?.read ?? !(live && live.brief.version === r.version);
      const categories = [READING_LIST];
      if (read) categories.push(READ);
      if (st?.starred) categories.push(STARRED);
      const html = briefHtml(brief, cited, b);
      const link = `${b}/stories/${encodeURIComponent(r.storyId)}`;
      out.push({
        id: longItemId(item),
        crawlTimeMsec: String(Date.parse(brief.createdAt)),
        timestampUsec: String(Date.parse(brief.createdAt) * 1000),
        published: seconds(brief.createdAt),
        updated: seconds(brief.createdAt),
        title: brief.headline.text,
        author: 'storyline',
        categories,
        alternate: [{ href: link, type: 'text/html' }],
        canonical: [{ href: link }],
        summary: { direction: 'ltr', content: html },
        content: { direction: 'ltr', content: html },
        origin: { streamId: STORIES_STREAM, title: FEED_TITLE, htmlUrl: `${b}/` },
      });
    }
    return out;
  };

  const streamEnvelope = (c: Context, id: string, title: string, items: unknown[], continuation: string | null) => ({
    direction: 'ltr',
    id,
    title,
    self: [{ href: c.req.url }],
    updated: Math.floor(Date.now() / 1000),
    author: c.get('user'),
    items,
    ...(continuation ? { continuation } : {}),
  });

  app.get('/reader/api/0/stream/contents/*', async (c) => {
    // The stream id is the rest of the path, often percent-encoded (feed URLs, labels with spaces).
    const rest = c.req.path.slice('/reader/api/0/stream/contents/'.length);
    let streamId: string;
    try {
      streamId = decodeURIComponent(rest) || READING_LIST;
    } catch {
      return c.json({ error: { code: 'bad_stream', message: 'stream id is not valid percent-encoding' } }, 400);
    }
    const q = await streamQuery(c, streamId, CONTENTS_MAX);
    if (q instanceof Response) return q;
    const user = c.get('user');
    const got = await listStream(user, q);
    if (!got) return c.json({ error: { code: 'bad_continuation', message: 'continuation not recognised' } }, 400);
    const items = await itemsJson(
      c,
      user,
      got.entries.map((e) => e.item),
    );
    return c.json(streamEnvelope(c, streamId, streamId, items, got.continuation));
  });

  const itemContents = async (c: Context) => {
    const raw = await params(c, 'i');
    const items = raw
      .map(parseItemId)
      .filter((n): n is number => n !== null)
      .slice(0, CONTENTS_MAX);
    const json = await itemsJson(c, c.get('user'), items);
    return c.json(streamEnvelope(c, READING_LIST, 'Reading List', json, null));
  };
  app.post('/reader/api/0/stream/items/contents', itemContents);
  app.get('/reader/api/0/stream/items/contents', itemContents);

  app.get('/reader/api/0/unread-count', async (c) => {
    const user = c.get('user');
    const sources = new Map((await store.listSources()).map((s) => [s.id, s]));
    const counts = await store.readerUnreadCounts(user);
    const usec = (iso: string) => String(Date.parse(iso) * 1000);
    const out: { id: string; count: number; newestItemTimestampUsec: string }[] = [];
    const labels = new Map<string, { count: number; newest: string }>();
    let total = 0;
    let newest = '1970-01-01T00:00:00.000Z';
    for (const k of counts) {
      out.push({ id: feedStream(k.sourceId), count: k.count, newestItemTimestampUsec: usec(k.newest) });
      total += k.count;
      if (k.newest > newest) newest = k.newest;
      const folder = sources.get(k.sourceId)?.folder;
      if (folder) {
        const l = labels.get(folder) ?? { count: 0, newest: k.newest };
        l.count += k.count;
        if (k.newest > l.newest) l.newest = k.newest;
        labels.set(folder, l);
      }
    }
    const unreadStories = (await storyEntries(user)).filter((e) => !e.read);
    if (unreadStories.length) {
      const latest = unreadStories.reduce((m, e) => (e.time > m ? e.time : m), unreadStories[0].time);
      out.push({ id: STORIES_STREAM, count: unreadStories.length, newestItemTimestampUsec: usec(latest) });
      total += unreadStories.length;
      if (latest > newest) newest = latest;
    }
    for (const [f, l] of labels) out.push({ id: labelStream(f), count: l.count, newestItemTimestampUsec: usec(l.newest) });
    // A watchlist's articles are counted in their feeds already: not added to the total again.
    for (const w of await ownWatchlists(user)) {
      const unread = await store.readerItems({ user, watchlistId: w.id, read: false, order: 'newest', limit: WATCHLIST_UNREAD_COUNTED });
      if (unread.length) out.push({ id: watchlistStream(w.id), count: unread.length, newestItemTimestampUsec: usec(unread[0].fetched) });
    }
    out.push({ id: READING_LIST, count: total, newestItemTimestampUsec: usec(newest) });
    return c.json({ max: total, unreadcounts: out });
  });

  // ---- writes

  app.post('/reader/api/0/edit-tag', async (c) => {
    const user = c.get('user');
    const items = (await params(c, 'i')).map(parseItemId).filter((n): n is number => n !== null);
    const add = (await params(c, 'a')).map(parseStream);
    const remove = (await params(c, 'r')).map(parseStream);
    const patch: { read?: boolean; starred?: boolean } = {};
    for (const s of add) {
      if (s?.kind === 'read') patch.read = true;
      if (s?.kind === 'kept-unread') patch.read = false;
      if (s?.kind === 'starred') patch.starred = true;
    }
    for (const s of remove) {
      if (s?.kind === 'read') patch.read = false;
      if (s?.kind === 'kept-unread') patch.read = true;
      if (s?.kind === 'starred') patch.starred = false;
    }
    if (items.length && (patch.read !== undefined || patch.starred !== undefined)) await store.setReaderState(user, items, patch);
    return c.text('OK');
  });

  app.post('/reader/api/0/mark-all-as-read', async (c) => {
    const user = c.get('user');
    const stream = parseStream(await param(c, 's'));
    const before = isoFromSeconds(await param(c, 'ts'));
    if (!stream) return c.text('OK');
    const filter = await articleFilter(user, stream);
    if (filter) await store.markReaderRead({ ...filter, ...(before ? { fetchedBefore: before } : {}) });
    if (stream.kind === 'reading-list' || stream.kind === 'stories') {
      const unread = (await storyEntries(user)).filter((e) => !e.read && (!before || e.time < before));
      if (unread.length)
        await store.setReaderState(
          user,
          unread.map((e) => e.item),
          { read: true },
        );
    }
    return c.text('OK');
  });

  /** Checks that `url` serves a feed, then subscribes to it. */
  const subscribe = async (url: string, folder: string | null, title: string | null): Promise<SourceRecord | null> => {
    let feedTitle: string | null = null;
    try {
      const res = await fetchWithRetry(url, { allowPrivate: deps.allowPrivate, retries: 1, totalTimeoutMs: 20_000 });
      feedTitle = parseFeed(res.body, { url: res.finalUrl }).title || null;
    } catch (err) {
      log.info({ url, err: errorMessage(err) }, 'reader subscribe: not a feed');
      return null;
    }
    const source = await store.upsertSource({ url, kind: 'feed', title: title ?? feedTitle, folder, allowPrivate: deps.allowPrivate });
    deps.onSubscribe?.(source);
    return source;
  };

  const httpFeedUrl = (raw: string | undefined) => {
    const u = safeHref(raw?.trim().replace(/^feed\//, ''));
    return u;
  };
  const folderOf = (raw: string | undefined) => {
    const s = parseStream(raw);
    return s?.kind === 'label' ? s.folder : null;
  };

  app.post('/reader/api/0/subscription/quickadd', async (c) => {
    const query = (await param(c, 'quickadd')) ?? '';
    const url = httpFeedUrl(query);
    const source = url ? await subscribe(url, null, null) : null;
    if (!source) return c.json({ numResults: 0, query });
    return c.json({ numResults: 1, query, streamId: feedStream(source.id), streamName: source.title ?? source.url });
  });

  app.post('/reader/api/0/subscription/edit', async (c) => {
    const ac = await param(c, 'ac');
    const streams = await params(c, 's');
    const title = (await param(c, 't'))?.trim() || null;
    const addTo = folderOf(await param(c, 'a'));
    const removeFrom = folderOf(await param(c, 'r'));
    if (ac === 'subscribe') {
      const url = httpFeedUrl(streams[0]);
      if (!url || !(await subscribe(url, addTo, title))) return c.text('Error=NotAFeed\n', 400);
      return c.text('OK');
    }
    for (const s of streams) {
      const stream = parseStream(s);
      if (stream?.kind !== 'feed') continue;
      const source = await sourceOf(stream.ref);
      if (!source) continue;
      if (ac === 'unsubscribe') await store.removeSource(source.id);
      else if (ac === 'edit') {
        const folder = addTo ?? (removeFrom && source.folder === removeFrom ? null : source.folder);
        await store.upsertSource({ id: source.id, url: source.url, kind: source.kind, title: title ?? source.title, folder });
      }
    }
    return c.text('OK');
  });

  // Other Google Reader calls (preference lists, friends) answer empty, as other servers do, so a client
  // probing for them carries on.
  app.all('/reader/api/0/*', (c) => c.json([]));

  return app;
}
