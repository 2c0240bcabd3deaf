// The web server: a JSON API and server-rendered pages over the Store, on hono. Pages are plain HTML
// with one inlined stylesheet and one inlined script (keyboard shortcuts, keys.ts), each allowed by its
// hash, so a strict CSP (default-src 'self', no inline code but those two) holds everywhere.
import { Hono, type Context } from 'hono';
import { secureHeaders } from 'hono/secure-headers';
import { etag, RETAINED_304_HEADERS } from 'hono/etag';
import { getCookie, setCookie } from 'hono/cookie';
import { serve } from '@hono/node-server';
import type { Socket } from 'node:net';
import type { Logger } from 'pino';
import type { Store } from '../store/store.ts';
import { StorylineError, errorMessage } from '../errors.ts';
import { silentLogger } from '../log.ts';
import { CSS_HASH } from './style.ts';
import { KEYS_HASH } from './keys.ts';
import { badParam, dayParam, focusParam, intParam, textParam, timeParam } from './params.ts';
import { MAX_FOCUS_CHARS } from '../brief/focus.ts';
import { articleJson, arrivedSince, entityJson, loadArticle, loadEntity, loadStory, loadStoryCards, storyJson, type Loaded, type StoryCard } from './views.ts';
import { cachedSearch, groupByStory, searchTerms } from './search.ts';
import type { SearchFilter } from '../store/store.ts';
import { rankedStories } from './ranked.ts';
import { createGate } from './gate.ts';
import { ttlMemo } from './ttl.ts';
import { SEEN_COOKIE, SEEN_MAX_AGE, parseSeen, serialiseSeen } from './seen.ts';
import type { Chrome, ServerStatus } from './pages/layout.tsx';
import { FrontPage } from './pages/front.tsx';
import { StoryPage } from './pages/story.tsx';
import { ArticlePage } from './pages/article.tsx';
import { SearchPage } from './pages/search.tsx';
import { EntityPage } from './pages/entity.tsx';
import { ErrorPage } from './pages/error.tsx';
import { SourcesPage } from './pages/sources.tsx';
import { sourceHealthJson } from '../pipeline/source-health.ts';
import { LoginLimiter, RequestLimiter, accountOf, apiLimiterFromEnv, presentedSecret } from './auth.ts';
import { clientAddress, readerRoutes } from './greader/routes.ts';
import { topStories, type PublishedStory } from './feeds/stories.ts';
import { storiesAtom, storiesJsonFeed } from './feeds/feeds.ts';
import type { SourceRecord } from '../store/store.ts';
import type { ArticleDay } from '../store/store.ts';
import { volumeOfDays } from './volume.ts';
import { needsAccount, setAccount, watchlistRoutes } from './watchlists.ts';
import { openApiDocument } from './openapi.ts';

export type { ServerStatus } from './pages/layout.tsx';

export interface AppDeps {
  store: Store;
  log?: Logger;
  /** Trusted HTML for the footer (the demo corpus licence line); never built from article data. */
  attributionHtml?: string;
  /** First-start import progress, polled on every page request. */
  status?: () => ServerStatus;
  /**
   * How long one ranking of the stories serves the front page and /api/stories (ranked.ts), and one
   * search's results serve the same search (search.ts). Off (0) unless given, so a caller that writes
   * and reads straight after sees its write; startServer turns it on.
   */
  readCacheMs?: number;
  /** Costly store reads (ranking, search, focused briefs) run at once, and waiting (gate.ts). */
  costly?: { concurrency: number; maxQueue: number };
  /** Reading the JSON API, pages and feeds needs a token too (STORYLINE_PRIVATE=1); writes always do. */
  private?: boolean;
  /** Subscriptions added by reader apps may be on private addresses (STORYLINE_ALLOW_PRIVATE=1). */
  allowPrivate?: boolean;
  onSubscribe?: (source: SourceRecord) => void;
  /** Failed sign-ins allowed per client address per minute (ClientLogin, bad tokens). */
  loginLimiter?: LoginLimiter;
  /** Requests per client address to /api/ and the reader API; none unless given (startServer gives one). */
  apiLimiter?: RequestLimiter | null;
}

export const DEFAULT_COSTLY = {
  // SQLite answers one query at a time on this thread anyway; a second slot only lets an async store
  // (PostgreSQL) overlap a query with rendering. More slots would put more work ahead of cheap requests.
  concurrency: 2,
  // Twice the connections one client may hold (see DEFAULT_LIMITS): a burst from a proxy still queues,
  // a flood beyond it is told to come back instead of waiting minutes.
  maxQueue: 256,
};

const API_LIMIT = { def: 50, min: 1, max: 200 };
const OFFSET = { def: 0, min: 0, max: 1_000_000 };
const SEARCH_LIMIT = { def: 20, min: 1, max: 100 };
/** Hits one search reads at most, for every page of it: two pages of the widest. */
const SEARCH_DEPTH = 200;
const SEARCH_OFFSET = { def: 0, min: 0, max: SEARCH_DEPTH };
/** A feed list is short (an OPML file's worth); one page holds a typical one whole. */
const SOURCES_LIMIT = { def: 200, min: 1, max: 1000 };
const VERSION = { def: 0, min: 1, max: 1_000_000 };
const PAGE = { def: 1, min: 1, max: 100_000 };
const PER_PAGE = 20;
const MAX_QUERY = 200;
/** Front pages whose cards are kept: people read the first few; deep pages are rare and cheap to redo. */
const FRONT_PAGES_CACHED = 32;
const MAX_FOCUS = MAX_FOCUS_CHARS;

/** The story routes' parameters: a version, or a focus statement (a brief rebuilt now), and a time to mark news since. */
function storyParams(c: Context): { version: number | undefined; focus: string | null; since: Date | null } {
  const version = optionalInt(c.req.query('version'), 'version', VERSION);
  const focus = focusParam(c.req.query('focus'), 'focus', MAX_FOCUS);
  if (focus && version !== undefined) throw badParam('focus', 'cannot be combined with version (a focused brief is always built from the current articles)');
  return { version, focus, since: timeParam(c.req.query('since'), 'since') };
}

/** The search filters of a request (from, to, source, entity); from after to is a 400. */
function searchFilter(c: Context): SearchFilter {
  const f: SearchFilter = {};
  const from = dayParam(c.req.query('from'), 'from');
  const to = dayParam(c.req.query('to'), 'to');
  const source = textParam(c.req.query('source'), 'source', { maxLength: MAX_QUERY });
  const entity = textParam(c.req.query('entity'), 'entity', { maxLength: MAX_QUERY });
  if (from && to && from > to) throw badParam('from', `must not be after to (${from} > ${to})`);
  if (from) f.from = from;
  if (to) f.to = to;
  if (source) f.source = source;
  if (entity) f.entity = entity;
  return f;
}

/** The query string of the request, kept across a redirect to a merged story's new id. */
function queryOf(c: Context): string {
  return new URL(c.req.url).search;
}

export function createApp(deps: AppDeps): Hono {
  const { store } = deps;
  const log = deps.log ?? silentLogger;
  const app = new Hono();
  const costly = createGate(deps.costly?.concurrency ?? DEFAULT_COSTLY.concurrency, deps.costly?.maxQueue ?? DEFAULT_COSTLY.maxQueue);
  // Only the store work behind a cache miss waits at the gate: a cached answer costs nothing and must
  // not queue behind anything. (Gated calls never nest, so one slot cannot deadlock.)
  const gatedReads = {
    listStories: (o: { limit: number; offset: number }) => costly.run(() => store.listStories(o)),
    search: (q: string, n: number, f?: SearchFilter) => costly.run(() => store.search(q, n, f)),
  };
  const listStories = rankedStories(gatedReads, deps.readCacheMs ?? 0);
  const search = cachedSearch(gatedReads, deps.readCacheMs ?? 0);
  /** A story rebuilt for a focus runs the brief builder: costly, never cached. */
  const story = (id: string, version: number | undefined, focus: string | null) =>
    focus ? costly.run(() => loadStory(store, id, version, { focus })) : loadStory(store, id, version, { focus });
  // A front page's cards read one brief per story (20 inflated JSON documents); they follow the ranking,
  // so they may be as old as it is.
  const frontCards = ttlMemo<StoryCard[]>(deps.readCacheMs ?? 0, FRONT_PAGES_CACHED);
  // The stream's articles per day for the front page's chart: one row a day from the store (article_days).
  const streamDays = ttlMemo<ArticleDay[]>(deps.readCacheMs ?? 0, 1);

  const status = (): ServerStatus | null => {
    try {
      return deps.status?.() ?? null;
    } catch (err) {
      // A broken progress callback must not take the pages down with it.
      log.warn({ err: errorMessage(err) }, 'status callback failed');
      return null;
    }
  };
  const chrome = (): Chrome => ({ attributionHtml: deps.attributionHtml ?? null, status: status() });
  const isApi = (c: Context) => c.req.path.startsWith('/api/');
  const errorPage = (c: Context, code: 400 | 404 | 500 | 503, message: string) => {
    try {
      return c.html(ErrorPage({ chrome: chrome(), status: code, message }), code);
    } catch (err) {
      // A page that cannot render must still answer through this app (and so with its security headers),
      // not fall through to the framework's bare 500.
      log.error({ err: errorMessage(err), status: code }, 'error page failed to render');
      return c.text(message, code);
    }
  };

  app.use(async (c, next) => {
    const t0 = performance.now();
    await next();
    const ms = Math.round((performance.now() - t0) * 10) / 10;
    const line = { method: c.req.method, path: c.req.path, status: c.res.status, ms };
    if (c.res.status >= 500) log.error(line, 'request');
    else log.info(line, 'request');
  });

  app.use(
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        styleSrc: [CSS_HASH],
        scriptSrc: [KEYS_HASH],
        objectSrc: ["'none'"],
        baseUri: ["'none'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
      // Served over plain HTTP on a local network by default; HSTS belongs to a TLS proxy in front.
      strictTransportSecurity: false,
      referrerPolicy: 'no-referrer',
    }),
  );

  // ---- access: writes to the JSON API take a token (Authorization: Bearer), and with `private` so does
  // every read but /healthz. The reader API checks its own session tokens (greader/routes.ts).
  const limiter = deps.loginLimiter ?? new LoginLimiter();
  const apiLimiter = deps.apiLimiter ?? null;
  if (apiLimiter) {
    app.use(async (c, next) => {
      const p = c.req.path;
      if (!(p.startsWith('/api/') || p.startsWith('/reader/') || p.startsWith('/accounts/'))) return next();
      const wait = apiLimiter.take(clientAddress(c));
      if (!wait) return next();
      c.header('Retry-After', String(Math.ceil(wait / 1000)));
      return c.json(
        { error: { code: 'rate_limited', message: `too many requests from this address (${apiLimiter.perMinute} a minute); try again later` } },
        429,
      );
    });
  }
  app.use(async (c, next) => {
    const path = c.req.path;
    if (path === '/healthz' || path.startsWith('/reader/') || path.startsWith('/accounts/')) return next();
    const write = c.req.method !== 'GET' && c.req.method !== 'HEAD';
    const personal = needsAccount(path);
    if (!(write && isApi(c)) && !deps.private && !personal) return next();
    if (personal && write && !isApi(c) && !sameSite(c)) {
      // A page form posted from another site with the browser's remembered Basic credentials (CSRF).
      return c.text('This form can only be sent from this site.', 403);
    }
    const client = clientAddress(c);
    const wait = limiter.retryAfter(client);
    if (wait) {
      c.header('Retry-After', String(Math.ceil(wait / 1000)));
      return c.json({ error: { code: 'rate_limited', message: 'too many failed sign-ins from this address; try again later' } }, 429);
    }
    const secret = presentedSecret(c.req.header('authorization'));
    const user = secret ? await accountOf(store, secret) : null;
    if (user) {
      setAccount(c.req.raw, user);
      return next();
    }
    if (secret) limiter.fail(client);
    const message = secret ? 'the token is not valid' : 'this needs a token: Authorization: Bearer <token> (storyline token create --name NAME)';
    if (isApi(c) || path.startsWith('/feeds/')) {
      // Feed readers can send Basic credentials (token name and token) where they cannot send a bearer token.
      if (path.startsWith('/feeds/')) c.header('WWW-Authenticate', 'Basic realm="storyline"');
      return c.json({ error: { code: 'unauthorized', message } }, 401);
    }
    c.header('WWW-Authenticate', 'Basic realm="storyline"');
    return c.text(
      deps.private
        ? 'This storyline is private: sign in with a token name and token.'
        : 'Watchlists belong to an account: sign in with a token name and token (storyline token create --name NAME).',
      401,
    );
  });

  // Every GET answers with an ETag (a hash of the body) and a 304 to a matching If-None-Match: a feed
  // reader polling every few minutes, or a browser revalidating a page it holds, gets no body when nothing
  // changed. The visit cookie of a story page rides along on a 304, so "new since you last looked" moves on.
  app.use(etag({ retainedHeaders: [...RETAINED_304_HEADERS, 'set-cookie'] }));

  // ---- outbound feeds and the Google Reader API

  const publishedMemo = ttlMemo<PublishedStory[]>(deps.readCacheMs ?? 0, 1);
  const published = () => publishedMemo('top', () => topStories(store, listStories));
  const origin = (c: Context) => new URL(c.req.url).origin;

  app.get('/feeds/stories.atom', async (c) => {
    c.header('Content-Type', 'application/atom+xml; charset=utf-8');
    return c.body(storiesAtom(await published(), origin(c)));
  });

  app.get('/feeds/stories.json', async (c) => {
    c.header('Content-Type', 'application/feed+json; charset=utf-8');
    return c.body(JSON.stringify(storiesJsonFeed(await published(), origin(c))));
  });

  app.route('/', watchlistRoutes({ store, chrome, allowPrivate: deps.allowPrivate ?? false }));

  app.route(
    '/',
    readerRoutes({
      store,
      log,
      listStories,
      published,
      limiter,
      allowPrivate: deps.allowPrivate ?? false,
      ...(deps.onSubscribe ? { onSubscribe: deps.onSubscribe } : {}),
    }),
  );

  // ---- JSON API

  app.get('/healthz', async (c) => {
    try {
      const articles = await store.countArticles();
      const stories = await store.countStories();
      const st = status();
      return c.json({ status: 'ok', articles, stories, importing: st?.importing ?? false });
    } catch (err) {
      const damaged = err instanceof StorylineError && err.code === 'damaged';
      log.error({ err: errorMessage(err) }, 'health check failed');
      return c.json({ status: 'error', error: damaged ? 'store damaged' : 'store unavailable' }, 503);
    }
  });

  app.get('/api/stories', async (c) => {
    const limit = intParam(c.req.query('limit'), 'limit', API_LIMIT);
    const offset = intParam(c.req.query('offset'), 'offset', OFFSET);
    const list = await listStories({ limit, offset });
    const total = await store.countStories();
    return c.json({
      total,
      limit,
      offset,
      stories: list.map((s) => ({
        id: s.id,
        headline: s.headline,
        articles: s.articles,
        sources: s.sources,
        updated: s.updated,
        first: s.first,
        score: s.score,
      })),
    });
  });

  app.get('/api/stories/:id', async (c) => {
    const { version, focus, since } = storyParams(c);
    const got = await story(c.req.param('id'), version, focus);
    return apiResult(
      c,
      got,
      (to) => `/api/stories/${encodeURIComponent(to)}${queryOf(c)}`,
      (v) => storyJson(v, since),
    );
  });

  app.get('/api/articles/:id', async (c) => apiResult(c, await loadArticle(store, c.req.param('id')), null, articleJson));

  app.get('/api/entities/:name', async (c) => apiResult(c, await loadEntity(store, c.req.param('name')), null, entityJson));

  app.get('/api/openapi.json', (c) => c.json(openApiDocument()));

  app.get('/api/search', async (c) => {
    const q = textParam(c.req.query('q'), 'q', { required: true, maxLength: MAX_QUERY })!;
    const limit = intParam(c.req.query('limit'), 'limit', SEARCH_LIMIT);
    const offset = intParam(c.req.query('offset'), 'offset', SEARCH_OFFSET);
    if (offset + limit > SEARCH_DEPTH) throw badParam('offset', `offset + limit must be at most ${SEARCH_DEPTH} (search reads the best ${SEARCH_DEPTH} hits)`);
    const terms = searchTerms(q);
    const filter = searchFilter(c);
    // The store ranks hits but does not skip them: a deeper page costs its offset in snippets, hence the cap.
    const hits = await search(terms, offset + limit, filter);
    return c.json({ q, terms, filter, limit, offset, results: hits.slice(offset) });
  });

  app.get('/api/sources', async (c) => {
    const limit = intParam(c.req.query('limit'), 'limit', SOURCES_LIMIT);
    const offset = intParam(c.req.query('offset'), 'offset', OFFSET);
    const sources = await store.listSources();
    return c.json({ total: sources.length, limit, offset, sources: sources.slice(offset, offset + limit).map(sourceHealthJson) });
  });

  // ---- pages

  app.get('/sources', async (c) => c.html(SourcesPage({ chrome: chrome(), sources: await store.listSources() })));

  app.get('/', async (c) => {
    const page = intParam(c.req.query('page'), 'page', PAGE);
    const total = await store.countStories();
    const pages = Math.max(1, Math.ceil(total / PER_PAGE));
    if (page > pages) return errorPage(c, 404, `There is no page ${page}; the front page has ${pages}.`);
    const cards = await frontCards(String(page), () => loadStoryCards(store, PER_PAGE, (page - 1) * PER_PAGE, listStories));
    const volume = volumeOfDays(await streamDays('all', () => store.articleDays()));
    return c.html(FrontPage({ chrome: chrome(), cards, page, pages, total, volume }));
  });

  app.get('/stories/:id', async (c) => {
    const { version, focus, since } = storyParams(c);
    const got = await story(c.req.param('id'), version, focus);
    if (got.kind === 'redirect') return c.redirect(`/stories/${encodeURIComponent(got.to)}${queryOf(c)}`, 301);
    if (got.kind === 'missing') return errorPage(c, 404, capitalise(got.why) + '.');
    const view = got.value;
    // "New since you last looked": the visit before this one, from the cookie, unless ?since says otherwise;
    // then this visit is recorded. A first visit marks nothing, since everything is new to it.
    const now = Date.now();
    const seen = parseSeen(getCookie(c, SEEN_COOKIE), now);
    const last = seen.get(view.id);
    const from = since ?? (last !== undefined ? new Date(last) : null);
    seen.set(view.id, now);
    setCookie(c, SEEN_COOKIE, serialiseSeen(seen), { path: '/', httpOnly: true, sameSite: 'Lax', maxAge: SEEN_MAX_AGE });
    // The page differs per visitor: no shared cache may keep it.
    c.header('Cache-Control', 'private, no-cache');
    return c.html(StoryPage({ chrome: chrome(), view, since: from, fresh: arrivedSince(view, from) }));
  });

  app.get('/articles/:id', async (c) => {
    const got = await loadArticle(store, c.req.param('id'));
    if (got.kind !== 'ok') return errorPage(c, 404, capitalise(got.kind === 'missing' ? got.why : 'not found') + '.');
    return c.html(ArticlePage({ chrome: chrome(), view: got.value }));
  });

  app.get('/entities/:name', async (c) => {
    const got = await loadEntity(store, c.req.param('name'));
    if (got.kind !== 'ok') return errorPage(c, 404, capitalise(got.kind === 'missing' ? got.why : 'not found') + '.');
    return c.html(EntityPage({ chrome: chrome(), view: got.value }));
  });

  app.get('/search', async (c) => {
    const q = textParam(c.req.query('q'), 'q', { maxLength: MAX_QUERY });
    const terms = q ? searchTerms(q) : [];
    const filter = searchFilter(c);
    // One page of hits, as the front page shows stories: each hit costs a snippet of its whole text.
    const hits = await search(terms, SEARCH_LIMIT.def, filter);
    // Outlets to pick from: the feeds followed and those of the hits (imported articles have no feed).
    const outlets = [
      ...new Set([...(await store.listSources()).map((src) => src.title ?? '').filter(Boolean), ...hits.map((h) => h.source ?? '').filter(Boolean)]),
    ].sort();
    return c.html(SearchPage({ chrome: chrome(), q, terms, filter, groups: groupByStory(hits), outlets, tooCommon: !!q && terms.length === 0 }));
  });

  // ---- errors

  app.notFound((c) =>
    isApi(c) ? apiError(c, 404, 'not_found', `no route for ${c.req.method} ${c.req.path}`) : errorPage(c, 404, 'There is no page at this address.'),
  );

  // A damaged database fails every request that reads the damaged pages: the operator is told once, with the
  // file and what to do; readers are told it is the server's trouble, without the server's paths.
  let damageLogged = false;
  app.onError((err, c) => {
    if (err instanceof StorylineError && err.code === 'damaged') {
      if (!damageLogged) log.error({ err, input: err.input, method: c.req.method, path: c.req.path }, `store damaged: ${err.message}`);
      damageLogged = true;
      const message = 'The database is damaged, so this cannot be read. The server log names the file and what to do.';
      return isApi(c) ? apiError(c, 503, 'damaged', message) : errorPage(c, 503, message);
    }
    if (err instanceof StorylineError && err.code === 'busy') {
      c.header('Retry-After', '1');
      return isApi(c) ? apiError(c, 503, 'busy', err.message) : errorPage(c, 503, err.message);
    }
    if (err instanceof StorylineError && err.code === 'bad_param') {
      return isApi(c) ? apiError(c, 400, 'bad_param', err.message, err.input ?? null) : errorPage(c, 400, err.message);
    }
    log.error({ err, method: c.req.method, path: c.req.path }, 'request failed');
    return isApi(c) ? apiError(c, 500, 'internal', 'internal error') : errorPage(c, 500, 'The server could not build this page. The error has been logged.');
  });

  return app;
}

/** A browser's form post from this site: Sec-Fetch-Site says so, or (older browsers) Origin is ours, or neither is sent (not a browser). */
function sameSite(c: Context): boolean {
  const site = c.req.header('sec-fetch-site');
  if (site) return site === 'same-origin' || site === 'none';
  const origin = c.req.header('origin');
  return !origin || origin === new URL(c.req.url).origin;
}

/** Every API error has this one shape: {error: {code, message}}, with the parameter at fault for a bad_param. */
function apiError(c: Context, status: 400 | 404 | 500 | 503, code: string, message: string, param?: string | null) {
  return c.json({ error: { code, message, ...(param !== undefined ? { param } : {}) } }, status);
}

function optionalInt(value: string | undefined, name: string, range: { def: number; min: number; max: number }): number | undefined {
  return value === undefined || value === '' ? undefined : intParam(value, name, range);
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function apiResult<T>(c: Context, got: Loaded<T>, redirect: ((to: string) => string) | null, toJson: (v: T) => unknown) {
  if (got.kind === 'redirect') return c.redirect(redirect ? redirect(got.to) : '/', 301);
  if (got.kind === 'missing') return apiError(c, 404, 'not_found', got.why);
  return c.json(toJson(got.value));
}

/**
 * How long a client may take, and how many connections it may hold. Defaults suit a server answering a
 * few people on a local network; the tests shrink them to stay fast.
 */
export interface ServerLimits {
  /** Time to receive the complete request headers; slow-header (slowloris) clients are cut off after it. */
  headersTimeoutMs: number;
  /** Time to receive the whole request, body included. */
  requestTimeoutMs: number;
  /** How long an idle keep-alive connection stays open between requests. */
  keepAliveTimeoutMs: number;
  /** How often Node checks open connections against the two timeouts above (their granularity). */
  checkIntervalMs: number;
  /** Open connections one client address may hold; more are refused at accept. */
  maxConnectionsPerClient: number;
}

export const DEFAULT_LIMITS: ServerLimits = {
  // Browsers send their headers in one packet; 10 s is generous even on a bad mobile link.
  headersTimeoutMs: 10_000,
  // Every route is a GET with no body, so a request that takes 30 s to arrive is not a person.
  requestTimeoutMs: 30_000,
  // Node's own default: long enough to reuse a connection for a page and its next click.
  keepAliveTimeoutMs: 5_000,
  // Node checks every 30 s by default, which would let a slow client hold a socket up to 40 s.
  checkIntervalMs: 1_000,
  // A browser opens at most 6 connections per host. A reverse proxy in front makes every visitor one
  // address, so the cap is set for a proxy's connection pool, not a person: still far below the process's
  // file-descriptor limit (1,024 by default), so one client cannot take them all.
  maxConnectionsPerClient: 128,
};

export interface StartOptions extends AppDeps {
  port: number;
  /** Interface to listen on; loopback unless the operator asks for more. */
  host?: string;
  limits?: Partial<ServerLimits>;
}

export interface RunningServer {
  /** The port actually bound (differs from the one asked for when that was 0). */
  port: number;
  close(): Promise<void>;
}

/**
 * A served front page or search may be this far behind the store: news ranks by the hour, and one
 * ranking (or one run of a popular search) a second keeps its cost flat however many people ask.
 */
export const DEFAULT_READ_CACHE_MS = 1_000;

export async function startServer(opts: StartOptions): Promise<RunningServer> {
  const app = createApp({
    ...opts,
    readCacheMs: opts.readCacheMs ?? DEFAULT_READ_CACHE_MS,
    private: opts.private ?? process.env.STORYLINE_PRIVATE === '1',
    allowPrivate: opts.allowPrivate ?? process.env.STORYLINE_ALLOW_PRIVATE === '1',
    apiLimiter: opts.apiLimiter === undefined ? apiLimiterFromEnv(process.env.STORYLINE_API_RATE) : opts.apiLimiter,
  });
  const host = opts.host ?? '127.0.0.1';
  const log = opts.log ?? silentLogger;
  const limits = { ...DEFAULT_LIMITS, ...opts.limits };
  return new Promise((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException) => {
      const reason = err.code === 'EADDRINUSE' ? 'the port is already in use' : err.code === 'EACCES' ? 'permission denied' : errorMessage(err);
      reject(new StorylineError('server', 'listen_failed', `cannot listen: ${reason}`, { input: `${host}:${opts.port}`, cause: err }));
    };
    const server = serve(
      {
        fetch: app.fetch,
        port: opts.port,
        hostname: host,
        serverOptions: {
          // Node requires headersTimeout <= requestTimeout (0 disables the latter, and then the former).
          headersTimeout: Math.min(limits.headersTimeoutMs, limits.requestTimeoutMs),
          requestTimeout: limits.requestTimeoutMs,
          keepAliveTimeout: limits.keepAliveTimeoutMs,
          connectionsCheckingInterval: limits.checkIntervalMs,
        },
      },
      (info) => {
        server.off('error', onError);
        server.on('error', (err) => log.error({ err }, 'server error'));
        log.info({ url: `http://${info.family === 'IPv6' ? `[${info.address}]` : info.address}:${info.port}/` }, 'listening');
        resolve({
          port: info.port,
          close: () =>
            new Promise<void>((done, fail) => {
              server.close((err) => (err ? fail(err) : done()));
              // Idle keep-alive connections would otherwise hold close() open for seconds.
              if ('closeAllConnections' in server) server.closeAllConnections();
            }),
        });
      },
    );
    limitPerClient(server, limits.maxConnectionsPerClient, log);
    server.once('error', onError);
  });
}

/** Refuses a client's connection beyond `max` open ones from the same address. */
function limitPerClient(server: { on(event: 'connection', fn: (socket: Socket) => void): unknown }, max: number, log: Logger): void {
  const open = new Map<string, number>();
  let warned = 0;
  server.on('connection', (socket) => {
    const addr = socket.remoteAddress ?? 'unknown';
    const n = (open.get(addr) ?? 0) + 1;
    if (n > max) {
      // Logged once per second at most: a flood must not turn into a flood of log lines.
      const now = Date.now();
      if (now - warned > 1000) {
        warned = now;
        log.warn({ client: addr, max }, 'connection refused: too many open connections from this client');
      }
      socket.destroy();
      return;
    }
    open.set(addr, n);
    socket.once('close', () => {
      const left = (open.get(addr) ?? 1) - 1;
      if (left <= 0) open.delete(addr);
      else open.set(addr, left);
    });
  });
}
