// Watchlists over HTTP: the API (per account, paged, checked input), the pages with their form, and the
// watchlist's feeds read as a validator would.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { seededApp } from './testdata/harness.ts';
import { createToken } from './auth.ts';
import { checkAtomRules, one, parseAtom } from './testdata/atom.ts';
import { BRIDGE } from './testdata/seed.ts';
import { ingestArticles } from '../pipeline/ingest.ts';

const basic = (name: string, token: string) => 'Basic ' + Buffer.from(`${name}:${token}`).toString('base64');

async function withAccounts() {
  const { app, store } = await seededApp({ allowPrivate: true });
  const ana = (await createToken(store, 'ana')).token;
  const ben = (await createToken(store, 'ben')).token;
  const as = (token: string, path: string, init: { method?: string; body?: unknown; headers?: Record<string, string> } = {}) =>
    app.request(path, {
      method: init.method ?? 'GET',
      headers: { Authorization: `Bearer ${token}`, ...(init.body !== undefined ? { 'Content-Type': 'application/json' } : {}), ...init.headers },
      ...(init.body !== undefined ? { body: typeof init.body === 'string' ? init.body : JSON.stringify(init.body) } : {}),
    });
  return { app, store, ana, ben, as };
}

interface WatchlistJson {
  id: string;
  name: string;
  entities: string[];
  keywords: string[];
  stories: string[];
  webhook: { url: string; secret?: string } | null;
  new: number;
  feeds: { atom: string; json: string };
}

test('watchlists need a token, even to read, and each account sees only its own', async () => {
  const { app, as, ana, ben } = await withAccounts();
  assert.equal((await app.request('/api/watchlists')).status, 401);
  assert.equal((await app.request('/watchlists')).status, 401);
  assert.match((await app.request('/watchlists')).headers.get('www-authenticate')!, /^Basic/);
  const res = await as(ana, '/api/watchlists', { method: 'POST', body: { name: 'Mayor', entities: ['Mara Quinn'] } });
  assert.equal(res.status, 201);
  const w = (await res.json()) as WatchlistJson;
  assert.match(w.id, /^wl_[0-9a-f]{24}$/);
  assert.equal(res.headers.get('location'), `/api/watchlists/${w.id}`);
  assert.deepEqual([w.name, w.entities, w.keywords, w.stories, w.webhook, w.new], ['Mayor', ['Mara Quinn'], [], [], null, 0]);
  assert.deepEqual(w.feeds, { atom: `/feeds/watchlists/${w.id}.atom`, json: `/feeds/watchlists/${w.id}.json` });
  assert.equal(((await (await as(ana, '/api/watchlists')).json()) as { total: number }).total, 1);
  const other = (await (await as(ben, '/api/watchlists')).json()) as { total: number; watchlists: unknown[] };
  assert.deepEqual([other.total, other.watchlists], [0, []]);
  for (const [method, path] of [
    ['GET', ''],
    ['PATCH', ''],
    ['DELETE', ''],
    ['GET', '/matches'],
    ['GET', '/deliveries'],
    ['POST', '/seen'],
  ]) {
    const r = await as(ben, `/api/watchlists/${w.id}${path}`, { method, ...(method === 'PATCH' ? { body: { name: 'x' } } : {}) });
    assert.equal(r.status, 404, `${method} ${path} of another account's watchlist`);
    assert.equal(((await r.json()) as { error: { code: string } }).error.code, 'not_found');
  }
});

test('a new watchlist starts with the stored articles it matches, paged, and they are not "new"', async () => {
  const { as, ana } = await withAccounts();
  const w = (await (await as(ana, '/api/watchlists', { method: 'POST', body: { entities: ['Mara Quinn'], keywords: ['protest'] } })).json()) as WatchlistJson;
  assert.equal(w.name, 'Mara Quinn, protest', 'named after its terms when no name is given');
  const got = (await (await as(ana, `/api/watchlists/${w.id}/matches`)).json()) as {
    total: number;
    matches: { articleId: string; reasons: string[]; new: boolean; storyId: string; article: { title: string } }[];
  };
  assert.deepEqual(got.matches.map((m) => m.articleId).sort(), ['a1', 'a2', 'a3']);
  assert.ok(got.matches.every((m) => !m.new));
  assert.deepEqual(got.matches.find((m) => m.articleId === 'a3')!.reasons, ['keyword:protest']);
  assert.equal(got.matches.find((m) => m.articleId === 'a1')!.article.title, 'Council approves harbour bridge');
  const p2 = (await (await as(ana, `/api/watchlists/${w.id}/matches?limit=2&offset=2`)).json()) as {
    total: number;
    limit: number;
    offset: number;
    matches: unknown[];
  };
  assert.deepEqual([p2.total, p2.limit, p2.offset, p2.matches.length], [3, 2, 2, 1]);
});

test('an arriving article matches, shows as new (API and page badge) until seen', async () => {
  const { store, as, ana, app } = await withAccounts();
  const w = (await (await as(ana, '/api/watchlists', { method: 'POST', body: { name: 'Trams', keywords: ['tram depot', 'trams'] } })).json()) as WatchlistJson;
  const before = ((await (await as(ana, `/api/watchlists/${w.id}/matches`)).json()) as { total: number }).total;
  await ingestArticles(
    store,
    [
      {
        id: 'n1',
        title: 'New trams ordered',
        text: 'The city ordered forty new trams for the harbour line on Friday. Delivery starts next year.',
        source: 'City Wire',
      },
    ],
    { briefs: false },
  );
  const list = (await (await as(ana, '/api/watchlists')).json()) as { watchlists: WatchlistJson[] };
  assert.equal(list.watchlists[0].new, 1);
  const fresh = (await (await as(ana, `/api/watchlists/${w.id}/matches?new=1`)).json()) as { total: number; matches: { articleId: string; new: boolean }[] };
  assert.deepEqual([fresh.total, fresh.matches.map((m) => [m.articleId, m.new])], [1, [['n1', true]]]);
  assert.equal(((await (await as(ana, `/api/watchlists/${w.id}/matches`)).json()) as { total: number }).total, before + 1);
  const page = await (await app.request('/watchlists', { headers: { Authorization: basic('ana', ana) } })).text();
  assert.match(page, /Trams<\/a><span class="badge"[^>]*>1 new<\/span>/);
  // Opening the watchlist's page marks it seen; the badge goes.
  const one = await (await app.request(`/watchlists/${w.id}`, { headers: { Authorization: basic('ana', ana) } })).text();
  assert.match(one, /New trams ordered<\/a><span class="badge">new<\/span>/);
  assert.equal(((await (await as(ana, '/api/watchlists')).json()) as { watchlists: WatchlistJson[] }).watchlists[0].new, 0);
  assert.equal((await as(ana, `/api/watchlists/${w.id}/seen`, { method: 'POST' })).status, 200);
});

test('bad watchlist input is a 400 naming the field; update and delete work', async () => {
  const { as, ana } = await withAccounts();
  const bad: [unknown, string][] = [
    ['not json', 'body'],
    [[1, 2], 'body'],
    [{}, 'name'],
    [{ name: 'Nothing' }, 'entities'],
    [{ name: 'x', entities: 'Mara Quinn', colour: 'red' }, 'colour'],
    [{ entities: [5] }, 'entities'],
    [{ keywords: ['x'.repeat(201)] }, 'keywords'],
    [{ keywords: Array.from({ length: 51 }, (_, i) => `k${i}`) }, 'keywords'],
    [{ name: 'y'.repeat(101), keywords: ['a'] }, 'name'],
    [{ keywords: ['a'], webhook: 'ftp://example.org/x' }, 'webhook'],
    [{ keywords: ['a'], webhook: 'not a url' }, 'webhook'],
    [{ keywords: ['a'], webhook: 42 }, 'webhook'],
  ];
  for (const [body, field] of bad) {
    const r = await as(ana, '/api/watchlists', { method: 'POST', body: typeof body === 'string' ? body : JSON.stringify(body) });
    assert.equal(r.status, 400, JSON.stringify(body));
    const e = (await r.json()) as { error: { code: string; message: string; param?: string } };
    assert.equal(e.error.code, 'bad_param');
    assert.match(e.error.message, new RegExp(`^${field}:`), JSON.stringify(body));
  }
  assert.equal((await as(ana, '/api/watchlists?limit=0')).status, 400);
  const w = (await (await as(ana, '/api/watchlists', { method: 'POST', body: { keywords: ['bridge'] } })).json()) as WatchlistJson;
  const up = await as(ana, `/api/watchlists/${w.id}`, { method: 'PATCH', body: { name: 'Bridge', webhook: 'http://127.0.0.1:9/hook' } });
  const u = (await up.json()) as WatchlistJson;
  assert.deepEqual([u.name, u.keywords, u.webhook?.url], ['Bridge', ['bridge'], 'http://127.0.0.1:9/hook']);
  assert.match(u.webhook!.secret!, /^whsec_/);
  assert.equal((await as(ana, `/api/watchlists/${w.id}`, { method: 'DELETE' })).status, 204);
  assert.equal((await as(ana, `/api/watchlists/${w.id}`)).status, 404);
});

test('a webhook to a private address is refused unless allowed', async () => {
  const { app, store } = await seededApp();
  const { token } = await createToken(store, 'ana');
  const r = await app.request('/api/watchlists', {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ keywords: ['a'], webhook: 'http://127.0.0.1:9/x' }),
  });
  assert.equal(r.status, 400);
  assert.match(((await r.json()) as { error: { message: string } }).error.message, /^webhook: points at a private or loopback address/);
});

test('the page form creates a watchlist (and refuses a post from another site); errors come back with what was typed', async () => {
  const { app, ana } = await withAccounts();
  const auth = { Authorization: basic('ana', ana) };
  const form = (fields: Record<string, string>, headers: Record<string, string> = {}) =>
    app.request('/watchlists', {
      method: 'POST',
      headers: { ...auth, 'Content-Type': 'application/x-www-form-urlencoded', ...headers },
      body: new URLSearchParams(fields).toString(),
    });
  const cross = await form({ name: 'x', entities: 'Mara Quinn' }, { 'Sec-Fetch-Site': 'cross-site', Origin: 'https://evil.example' });
  assert.equal(cross.status, 403);
  const created = await form({ name: 'Mayor watch', entities: 'Mara Quinn\nLeo Brandt', keywords: '' }, { 'Sec-Fetch-Site': 'same-origin' });
  assert.equal(created.status, 303);
  const where = created.headers.get('location')!;
  assert.match(where, /^\/watchlists\/wl_[0-9a-f]{24}$/);
  const page = await (await app.request(where, { headers: auth })).text();
  assert.match(page, /<h1>Mayor watch<\/h1>/);
  assert.match(page, /Council approves harbour bridge/);
  assert.match(page, /href="\/feeds\/watchlists\/wl_[0-9a-f]{24}\.atom"/);
  const bad = await form({ name: 'Empty one', entities: ' ' });
  assert.equal(bad.status, 400);
  const html = await bad.text();
  assert.match(html, /role="alert">entities: a watchlist follows at least one entity, keyword or story/);
  assert.match(html, /value="Empty one"/);
  assert.equal((await app.request(`${where}x`, { headers: auth })).status, 404);
  const del = await app.request(`${where}/delete`, { method: 'POST', headers: auth });
  assert.equal(del.status, 303);
  assert.equal((await app.request(where, { headers: auth })).status, 404);
});

test("a watchlist's Atom and JSON feeds carry its matched stories' briefs, with stable ids", async () => {
  const { app, as, ana } = await withAccounts();
  const w = (await (await as(ana, '/api/watchlists', { method: 'POST', body: { name: 'Mayor & co', entities: ['Mara Quinn'] } })).json()) as WatchlistJson;
  const res = await app.request(w.feeds.atom);
  assert.equal(res.status, 200, 'a feed reader follows the feed by its URL, no token');
  assert.match(res.headers.get('content-type')!, /^application\/atom\+xml/);
  const doc = parseAtom(await res.text());
  const entries = checkAtomRules(doc);
  assert.equal(one(doc.documentElement, 'title').textContent, 'storyline: Mayor & co');
  assert.equal(entries.length, 1, 'the bridge story, once, though two of its articles matched');
  assert.equal(one(entries[0], 'link').getAttribute('href'), `http://localhost/stories/${BRIDGE}`);
  const top = checkAtomRules(parseAtom(await (await app.request('/feeds/stories.atom')).text()));
  assert.equal(one(entries[0], 'id').textContent, one(top[0], 'id').textContent, 'an entry is the story: the same id in every feed');
  assert.notEqual(
    one(doc.documentElement, 'id').textContent,
    one(parseAtom(await (await app.request('/feeds/stories.atom')).text()).documentElement, 'id').textContent,
  );
  const json = (await (await app.request(w.feeds.json)).json()) as { version: string; feed_url: string; items: { id: string }[] };
  assert.equal(json.version, 'https://jsonfeed.org/version/1.1');
  assert.equal(json.feed_url, `http://localhost${w.feeds.json}`);
  assert.deepEqual(
    json.items.map((i) => i.id),
    [one(entries[0], 'id').textContent],
  );
  assert.equal((await app.request('/feeds/watchlists/wl_0000.atom')).status, 404);
  assert.equal((await app.request('/feeds/watchlists/nonsense')).status, 404);
});
