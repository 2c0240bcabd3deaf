// Watchlists over HTTP: the JSON API (/api/watchlists…), the pages (/watchlists…) and each watchlist's
// feeds (/feeds/watchlists/<id>.atom|.json). A watchlist belongs to a token name: the API and pages need
// the token (bearer, or Basic with the name and token, which browsers send), and an account sees only its
// own. A feed's URL carries the watchlist's random id, so a feed reader can follow it without a token
// (unless STORYLINE_PRIVATE=1, which puts every feed behind one).
import { randomBytes } from 'node:crypto';
import { Hono, type Context } from 'hono';
import type { Store } from '../store/store.ts';
import type { Delivery, WatchMatch, Watchlist, WatchTerms } from '../store/repositories/watchlists.ts';
import type { Article } from '../types.ts';
import { badParam, intParam } from './params.ts';
import { backfillWatchlist } from '../pipeline/watch/scan.ts';
import { webhookUrlProblem } from '../pipeline/watch/webhooks.ts';
import { storiesByIds } from './feeds/stories.ts';
import { storiesAtom, storiesJsonFeed, type FeedMeta } from './feeds/feeds.ts';
import { WatchlistPage, WatchlistsPage, type MatchView } from './pages/watchlists.tsx';
import { ErrorPage } from './pages/error.tsx';
import type { Chrome } from './pages/layout.tsx';

export const LIMITS = {
  name: 100,
  /** Terms of each kind per watchlist. */
  terms: 50,
  termChars: 200,
  urlChars: 2_000,
  /** Watchlists per account: each is checked against every arriving article. */
  perAccount: 100,
};
const LIST = { def: 50, min: 1, max: 200 };
const OFFSET = { def: 0, min: 0, max: 1_000_000 };
/** Matches a watchlist page shows; the API pages through the rest. */
const PAGE_MATCHES = 50;
const PAGE_DELIVERIES = 20;

/** The account a request was signed in as, set by the app's access check. */
const accounts = new WeakMap<Request, string>();
export function setAccount(req: Request, name: string): void {
  accounts.set(req, name);
}
export function accountOfRequest(req: Request): string | null {
  return accounts.get(req) ?? null;
}

/** Paths that always need a token: a watchlist is one account's. */
export function needsAccount(path: string): boolean {
  return path === '/api/watchlists' || path.startsWith('/api/watchlists/') || path === '/watchlists' || path.startsWith('/watchlists/');
}

export interface WatchlistInput {
  name: string;
  terms: WatchTerms;
  webhookUrl: string | null;
}

function termList(v: unknown, field: string): string[] {
  if (v === undefined || v === null) return [];
  const raw = typeof v === 'string' ? v.split(/[\n,]/) : Array.isArray(v) ? v : null;
  if (!raw) throw badParam(field, 'must be a list of strings (or, in a form, one per line or comma separated)');
  const out: string[] = [];
  for (const t of raw) {
    if (typeof t !== 'string') throw badParam(field, 'must be a list of strings');
    const s = t.trim().replace(/\s+/g, ' ');
    if (!s) continue;
    if (s.length > LIMITS.termChars) throw badParam(field, `each must be at most ${LIMITS.termChars} characters`);
    if (/[\u0000-\u001f\u007f]/.test(s)) throw badParam(field, 'must not contain control characters');
    if (!out.includes(s)) out.push(s);
  }
  if (out.length > LIMITS.terms) throw badParam(field, `at most ${LIMITS.terms} per watchlist`);
  return out;
}

/**
 * A watchlist as asked for (a JSON body or a form), checked: a name, at least one entity, keyword or
 * story, and an optional webhook URL. `base` fills what a partial update leaves out.
 */
export function parseWatchlistInput(body: unknown, base?: WatchlistInput): WatchlistInput {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw badParam('body', 'must be a JSON object');
  const b = body as Record<string, unknown>;
  for (const k of Object.keys(b)) {
    if (!['name', 'entities', 'keywords', 'stories', 'webhook'].includes(k))
      throw badParam(k, 'is not a watchlist field (name, entities, keywords, stories, webhook)');
  }
  let name = base?.name ?? '';
  if (b.name !== undefined) {
    if (typeof b.name !== 'string') throw badParam('name', 'must be a string');
    name = b.name.trim().replace(/\s+/g, ' ');
  }
  const terms: WatchTerms = {
    entities: b.entities === undefined && base ? base.terms.entities : termList(b.entities, 'entities'),
    keywords: b.keywords === undefined && base ? base.terms.keywords : termList(b.keywords, 'keywords'),
    stories: b.stories === undefined && base ? base.terms.stories : termList(b.stories, 'stories'),
  };
  if (!name) name = [...terms.entities, ...terms.keywords].slice(0, 3).join(', ') || (terms.stories.length ? `Story ${terms.stories[0]}` : '');
  if (!name) throw badParam('name', 'is required when there is nothing to follow yet');
  if (name.length > LIMITS.name) throw badParam('name', `must be at most ${LIMITS.name} characters`);
  if (!terms.entities.length && !terms.keywords.length && !terms.stories.length)
    throw badParam('entities', 'a watchlist follows at least one entity, keyword or story');
  let webhookUrl = base?.webhookUrl ?? null;
  if (b.webhook !== undefined) {
    if (b.webhook !== null && typeof b.webhook !== 'string') throw badParam('webhook', 'must be a URL or null');
    webhookUrl = typeof b.webhook === 'string' && b.webhook.trim() ? b.webhook.trim() : null;
    if (webhookUrl && webhookUrl.length > LIMITS.urlChars) throw badParam('webhook', `must be at most ${LIMITS.urlChars} characters`);
  }
  return { name, terms, webhookUrl };
}

export function watchlistFeedPaths(id: string): { atom: string; json: string } {
  const p = `/feeds/watchlists/${encodeURIComponent(id)}`;
  return { atom: `${p}.atom`, json: `${p}.json` };
}

export function watchlistJson(w: Watchlist, unseen: number, opts: { secret?: boolean } = {}) {
  return {
    id: w.id,
    name: w.name,
    entities: w.terms.entities,
    keywords: w.terms.keywords,
    stories: w.terms.stories,
    webhook: w.webhookUrl ? { url: w.webhookUrl, ...(opts.secret ? { secret: w.webhookSecret } : {}) } : null,
    createdAt: w.createdAt,
    updatedAt: w.updatedAt,
    seenAt: w.seenAt,
    new: unseen,
    feeds: watchlistFeedPaths(w.id),
  };
}

function matchJson(m: WatchMatch, seenAt: string, a: Article | undefined) {
  return {
    articleId: m.articleId,
    storyId: m.storyId,
    reasons: m.reasons,
    matchedAt: m.matchedAt,
    new: m.matchedAt > seenAt,
    article: a ? { title: a.title, url: a.url, source: a.sourceName, published: a.published } : null,
  };
}

export function deliveryJson(d: Delivery) {
  return {
    id: d.id,
    articleId: d.articleId,
    url: d.url,
    state: d.state,
    attempts: d.attempts,
    lastStatus: d.lastStatus,
    lastError: d.lastError,
    nextAttemptAt: d.state === 'pending' ? d.nextAttemptAt : null,
    createdAt: d.createdAt,
    deliveredAt: d.deliveredAt,
  };
}

export interface WatchlistDeps {
  store: Store;
  chrome: () => Chrome;
  allowPrivate: boolean;
  now?: () => Date;
}

export function newWatchlistId(): string {
  return 'wl_' + randomBytes(12).toString('hex');
}

function newSecret(): string {
  return 'whsec_' + randomBytes(24).toString('base64url');
}

export function watchlistRoutes(deps: WatchlistDeps): Hono {
  const { store } = deps;
  const repo = store.watchlists;
  const now = deps.now ?? (() => new Date());
  const app = new Hono();

  const account = (c: Context): string => {
    const a = accountOfRequest(c.req.raw);
    // The access check runs first and sets it; reaching here without one is a wiring fault.
    if (!a) throw new Error('watchlist route reached without a signed-in account');
    return a;
  };
  /** The account's watchlist, or null (another account's is as absent as a missing one). */
  const owned = async (c: Context): Promise<Watchlist | null> => {
    const w = await repo.get(c.req.param('id') ?? '');
    return w && w.owner === account(c) ? w : null;
  };
  const page = (c: Context, def = LIST) => ({ limit: intParam(c.req.query('limit'), 'limit', def), offset: intParam(c.req.query('offset'), 'offset', OFFSET) });
  const notFound = (c: Context) => c.json({ error: { code: 'not_found', message: 'no such watchlist for this account' } }, 404);

  const checkWebhook = async (input: WatchlistInput) => {
    if (!input.webhookUrl) return;
    const problem = await webhookUrlProblem(input.webhookUrl, deps.allowPrivate);
    if (problem) throw badParam('webhook', problem);
  };

  const create = async (owner: string, input: WatchlistInput): Promise<Watchlist> => {
    if ((await repo.listOwned(owner, { limit: 1, offset: 0 })).total >= LIMITS.perAccount) {
      throw badParam('name', `an account has at most ${LIMITS.perAccount} watchlists; delete one first`);
    }
    await checkWebhook(input);
    const at = now().toISOString();
    const w: Watchlist = {
      id: newWatchlistId(),
      owner,
      name: input.name,
      terms: input.terms,
      webhookUrl: input.webhookUrl,
      webhookSecret: input.webhookUrl ? newSecret() : null,
      createdAt: at,
      updatedAt: at,
      seenAt: at,
    };
    await repo.create(w);
    await backfillWatchlist(store, w);
    return w;
  };

  const jsonBody = async (c: Context): Promise<unknown> => {
    try {
      return await c.req.json();
    } catch {
      throw badParam('body', 'must be JSON (Content-Type: application/json)');
    }
  };

  const articlesOf = async (ms: WatchMatch[]) => new Map((await store.getArticles(ms.map((m) => m.articleId))).map((a) => [a.id, a]));

  // ---- JSON API

  app.get('/api/watchlists', async (c) => {
    const owner = account(c);
    const p = page(c);
    const got = await repo.listOwned(owner, p);
    const unseen = await repo.unseenCounts(owner);
    return c.json({ total: got.total, limit: p.limit, offset: p.offset, watchlists: got.items.map((w) => watchlistJson(w, unseen.get(w.id) ?? 0)) });
  });

  app.post('/api/watchlists', async (c) => {
    const w = await create(account(c), parseWatchlistInput(await jsonBody(c)));
    const n = (await repo.unseenCounts(w.owner)).get(w.id) ?? 0;
    c.header('Location', `/api/watchlists/${w.id}`);
    // The secret is shown here and on the watchlist's own GET, to its owner only.
    return c.json(watchlistJson(w, n, { secret: true }), 201);
  });

  app.get('/api/watchlists/:id', async (c) => {
    const w = await owned(c);
    if (!w) return notFound(c);
    return c.json(watchlistJson(w, (await repo.unseenCounts(w.owner)).get(w.id) ?? 0, { secret: true }));
  });

  app.patch('/api/watchlists/:id', async (c) => {
    const w = await owned(c);
    if (!w) return notFound(c);
    const input = parseWatchlistInput(await jsonBody(c), { name: w.name, terms: w.terms, webhookUrl: w.webhookUrl });
    await checkWebhook(input);
    const secret = input.webhookUrl ? (w.webhookSecret ?? newSecret()) : null;
    const up = await repo.update(w.id, { ...input, webhookSecret: secret, updatedAt: now().toISOString() });
    if (!up) return notFound(c);
    return c.json(watchlistJson(up, (await repo.unseenCounts(up.owner)).get(up.id) ?? 0, { secret: true }));
  });

  app.delete('/api/watchlists/:id', async (c) => {
    const w = await owned(c);
    if (!w || !(await repo.remove(w.id))) return notFound(c);
    return c.body(null, 204);
  });

  app.get('/api/watchlists/:id/matches', async (c) => {
    const w = await owned(c);
    if (!w) return notFound(c);
    const p = page(c);
    const only = c.req.query('new');
    if (only !== undefined && only !== '0' && only !== '1') throw badParam('new', 'must be 1 (only matches since last seen) or 0');
    const got = await repo.matches(w.id, { ...p, ...(only === '1' ? { after: w.seenAt } : {}) });
    const arts = await articlesOf(got.items);
    return c.json({
      total: got.total,
      limit: p.limit,
      offset: p.offset,
      seenAt: w.seenAt,
      matches: got.items.map((m) => matchJson(m, w.seenAt, arts.get(m.articleId))),
    });
  });

  app.post('/api/watchlists/:id/seen', async (c) => {
    const w = await owned(c);
    if (!w) return notFound(c);
    const at = now().toISOString();
    await repo.markSeen(w.id, at);
    return c.json({ seenAt: at > w.seenAt ? at : w.seenAt });
  });

  app.get('/api/watchlists/:id/deliveries', async (c) => {
    const w = await owned(c);
    if (!w) return notFound(c);
    const p = page(c);
    const got = await repo.deliveries(w.id, p);
    return c.json({ total: got.total, limit: p.limit, offset: p.offset, deliveries: got.items.map(deliveryJson) });
  });

  // ---- feeds: the stories of a watchlist's matches, most recently matched first

  app.get('/feeds/watchlists/:file', async (c) => {
    const m = /^(wl_[0-9a-f]{1,64})\.(atom|json)$/.exec(c.req.param('file'));
    const w = m ? await repo.get(m[1]) : null;
    if (!m || !w) return c.json({ error: { code: 'not_found', message: 'no such watchlist feed' } }, 404);
    const got = await repo.matches(w.id, { limit: 200, offset: 0 });
    const stories = await storiesByIds(
      store,
      got.items.map((x) => x.storyId).filter((s): s is string => !!s),
    );
    const base = new URL(c.req.url).origin;
    const paths = watchlistFeedPaths(w.id);
    const meta: FeedMeta = {
      title: `storyline: ${w.name}`,
      atomPath: paths.atom,
      homePath: `/watchlists/${w.id}`,
      idKey: `watchlist:${w.id}`,
      description: `Stories matching the watchlist "${w.name}", each as its cited brief; an item is updated as its story grows.`,
    };
    if (m[2] === 'atom') {
      c.header('Content-Type', 'application/atom+xml; charset=utf-8');
      return c.body(storiesAtom(stories, base, meta));
    }
    c.header('Content-Type', 'application/feed+json; charset=utf-8');
    return c.body(JSON.stringify(storiesJsonFeed(stories, base, meta)));
  });

  // ---- pages

  app.get('/watchlists', async (c) => {
    const owner = account(c);
    const got = await repo.listOwned(owner, { limit: LIMITS.perAccount, offset: 0 });
    c.header('Cache-Control', 'private, no-cache');
    return c.html(WatchlistsPage({ chrome: deps.chrome(), owner, watchlists: got.items, unseen: await repo.unseenCounts(owner), error: null, form: null }));
  });

  app.post('/watchlists', async (c) => {
    const owner = account(c);
    const form = await c.req.parseBody();
    const fields = { name: form.name, entities: form.entities, keywords: form.keywords, stories: form.stories, webhook: form.webhook };
    const strings = Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, typeof v === 'string' ? v : undefined]));
    try {
      const w = await create(owner, parseWatchlistInput(Object.fromEntries(Object.entries(strings).filter(([, v]) => v !== undefined))));
      return c.redirect(`/watchlists/${w.id}`, 303);
    } catch (err) {
      if (!(err instanceof Error && 'code' in err && err.code === 'bad_param')) throw err;
      // The form comes back with what was typed and what is wrong with it.
      const got = await repo.listOwned(owner, { limit: LIMITS.perAccount, offset: 0 });
      c.header('Cache-Control', 'private, no-cache');
      return c.html(
        WatchlistsPage({
          chrome: deps.chrome(),
          owner,
          watchlists: got.items,
          unseen: await repo.unseenCounts(owner),
          error: err.message,
          form: strings as Record<string, string | undefined>,
        }),
        400,
      );
    }
  });

  app.get('/watchlists/:id', async (c) => {
    const w = await owned(c);
    if (!w) return c.html(ErrorPage({ chrome: deps.chrome(), status: 404, message: 'There is no such watchlist for this account.' }), 404);
    const got = await repo.matches(w.id, { limit: PAGE_MATCHES, offset: 0 });
    const arts = await articlesOf(got.items);
    const matches: MatchView[] = got.items.map((m) => ({ match: m, article: arts.get(m.articleId) ?? null, fresh: m.matchedAt > w.seenAt }));
    const deliveries =
      w.webhookUrl || (await repo.deliveries(w.id, { limit: 1, offset: 0 })).total ? await repo.deliveries(w.id, { limit: PAGE_DELIVERIES, offset: 0 }) : null;
    // Opening the page is seeing its matches: the badges count from now on.
    await repo.markSeen(w.id, now().toISOString());
    c.header('Cache-Control', 'private, no-cache');
    return c.html(WatchlistPage({ chrome: deps.chrome(), watchlist: w, matches, total: got.total, deliveries }));
  });

  app.post('/watchlists/:id/delete', async (c) => {
    const w = await owned(c);
    if (w) await repo.remove(w.id);
    return c.redirect('/watchlists', 303);
  });

  return app;
}
