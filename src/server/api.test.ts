import { test } from 'node:test';
import assert from 'node:assert/strict';
import { seededApp, captureLog } from './testdata/harness.ts';
import { ARTICLES, BRIDGE, HOSTILE, MERGED, bridgeBrief, sentenceCite } from './testdata/seed.ts';
import type { Store } from '../store/store.ts';
import { createToken } from './auth.ts';

// The API's response shapes, as a client reads them.
interface Cite {
  articleId: string;
  start: number;
  end: number;
}
interface StoryItem {
  id: string;
  headline: string;
  articles: number;
  sources: number;
  updated: string | null;
}
interface StoryList {
  total: number;
  limit: number;
  offset: number;
  stories: StoryItem[];
}
interface ArticleRef {
  id: string;
  title: string;
  url: string | null;
  source: string | null;
  published: string | null;
}
interface StoryDetail {
  id: string;
  version: number | null;
  brief: {
    headline: string;
    lead: string;
    developments: { headline: string; text: string; citations: Cite[] }[];
  } | null;
  timeline: { date: string; text: string; citations: Cite[] }[];
  coverage: { source: string; articles: number; first: string | null }[];
  versions: { version: number; createdAt: string }[];
  articles: ArticleRef[];
}
interface ApiError {
  error: { code: string; message: string; param?: string };
}
interface SearchResult {
  q: string;
  results: {
    kind: 'article' | 'brief';
    id: string;
    storyId: string | null;
    title: string;
    snippet: string;
    source: string | null;
    storyTitle: string | null;
    published: string | null;
  }[];
}
interface ArticleDetail extends ArticleRef {
  text: string;
  storyId: string | null;
  sentences: { start: number; end: number; text: string }[];
  entities: { canonical: string }[];
  quotes: { text: string }[];
}
interface EntityDetail {
  canonical: string;
  type: string;
  mentions: number;
  roles: { role: string; articles: number }[];
  stories: { id: string; headline: string }[];
  quotes: { articleId: string; source: string | null }[];
}

const json = async <T>(r: Response): Promise<T> => (await r.json()) as T;

test('GET /api/stories: ranked list with numeric counts, default and explicit paging', async () => {
  const { app, store } = await seededApp({ filler: 3 });
  const r = await app.request('/api/stories');
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type') ?? '', /application\/json/);
  const body = await json<StoryList>(r);
  assert.equal(body.total, 5);
  assert.equal(body.limit, 50);
  assert.equal(body.stories.length, 5);
  const bridge = body.stories[0];
  assert.equal(bridge.id, BRIDGE, 'the four-article, two-source story ranks first');
  assert.equal(bridge.headline, bridgeBrief().headline.text);
  assert.equal(bridge.articles, 4, 'the merged story brought its article along');
  assert.equal(bridge.sources, 2);
  assert.equal(typeof bridge.articles, 'number');
  assert.equal(typeof bridge.sources, 'number');
  assert.equal(bridge.updated, ARTICLES.a3.published);
  assert.ok(!body.stories.some((s) => s.id === MERGED), 'merged stories are not listed');

  const page = await json<StoryList>(await app.request('/api/stories?limit=2&offset=1'));
  assert.deepEqual(
    page.stories.map((s) => s.id),
    body.stories.slice(1, 3).map((s) => s.id),
  );
  const past = await json<StoryList>(await app.request('/api/stories?offset=100'));
  assert.deepEqual(past.stories, []);
  await store.close();
});

test('GET /api/stories: bad limit/offset is a 400 naming the parameter', async () => {
  const { app, store } = await seededApp();
  for (const [qs, param] of [
    ['limit=0', 'limit'],
    ['limit=201', 'limit'],
    ['limit=ten', 'limit'],
    ['limit=-5', 'limit'],
    ['offset=-1', 'offset'],
    ['offset=1.5', 'offset'],
    ['limit=10&offset=x', 'offset'],
  ]) {
    const r = await app.request(`/api/stories?${qs}`);
    assert.equal(r.status, 400, qs);
    const body = await json<ApiError>(r);
    assert.equal(body.error.code, 'bad_param', qs);
    assert.equal(body.error.param, param, qs);
    assert.match(body.error.message, new RegExp(`^${param}:`), qs);
  }
  await store.close();
});

test('GET /api/stories/:id: brief as strings with citations, timeline, coverage, version, articles', async () => {
  const { app, store } = await seededApp();
  const r = await app.request(`/api/stories/${BRIDGE}`);
  assert.equal(r.status, 200);
  const s = await json<StoryDetail>(r);
  const b = bridgeBrief();
  assert.ok(s.brief);
  assert.equal(s.id, BRIDGE);
  assert.equal(s.version, 2, 'the latest of the two saved briefs');
  assert.equal(s.brief.headline, b.headline.text);
  assert.equal(s.brief.lead, b.lead.map((x) => x.text).join(' '));
  assert.equal(s.brief.developments.length, 2);
  const d0 = s.brief.developments[0];
  assert.equal(d0.headline, 'Costs rise');
  assert.equal(d0.text, b.developments[0].sentences.map((x) => x.text).join(' '));
  assert.deepEqual(d0.citations[0], sentenceCite('a2', 1));
  for (const c of d0.citations) assert.deepEqual(Object.keys(c).sort(), ['articleId', 'end', 'start']);
  assert.equal(s.timeline.length, 2);
  assert.deepEqual(s.timeline[0].citations, [sentenceCite('a1', 0)]);
  const events = (s as unknown as { events: { date: string; dating: string; said: string | null; text: string }[] }).events;
  assert.deepEqual(
    events.map((e) => [e.date, e.dating, e.said]),
    [
      ['2024-04-30', 'event', 'Tuesday'],
      ['2024-05-03', 'reported', null],
      ['2024-05-04', 'event', 'Saturday'],
    ],
    'the dated events the story page shows',
  );
  assert.deepEqual(
    s.coverage.map((c) => [c.source, c.articles]),
    [
      ['City Wire', 2],
      ['Harbour Gazette', 2],
    ],
  );
  assert.deepEqual(
    s.articles.map((a) => a.id),
    ['old1', 'a1', 'a2', 'a3'],
    'oldest first',
  );
  assert.deepEqual(s.articles[1], {
    id: 'a1',
    title: ARTICLES.a1.title,
    url: ARTICLES.a1.url,
    source: ARTICLES.a1.source,
    published: ARTICLES.a1.published,
  });
  assert.deepEqual(
    s.versions.map((v) => v.version),
    [1, 2],
  );

  const v1 = await json<StoryDetail>(await app.request(`/api/stories/${BRIDGE}?version=1`));
  assert.equal(v1.version, 1);
  assert.equal(v1.brief?.headline, 'Council set to approve harbour bridge');
  assert.equal((await app.request(`/api/stories/${BRIDGE}?version=7`)).status, 404);
  assert.equal((await app.request(`/api/stories/${BRIDGE}?version=first`)).status, 400);
  await store.close();
});

test('GET /api/stories/:id: a story without a brief yet has brief null and computed coverage', async () => {
  const { app, store } = await seededApp();
  const s = await json<StoryDetail>(await app.request(`/api/stories/${HOSTILE}`));
  assert.equal(s.brief, null);
  assert.equal(s.version, null);
  assert.deepEqual(s.coverage, [{ source: ARTICLES.evil.source, articles: 1, first: ARTICLES.evil.published }]);
  assert.equal(s.articles[0].title, ARTICLES.evil.title, 'JSON carries the raw title; escaping is the page’s job');
  await store.close();
});

test('GET /api/stories/:id: merged story redirects with 301, unknown is a 404 JSON', async () => {
  const { app, store } = await seededApp();
  const r = await app.request(`/api/stories/${MERGED}`);
  assert.equal(r.status, 301);
  assert.equal(r.headers.get('location'), `/api/stories/${BRIDGE}`);
  const missing = await app.request('/api/stories/st-nope');
  assert.equal(missing.status, 404);
  const err = await json<ApiError>(missing);
  assert.equal(err.error.code, 'not_found');
  assert.match(err.error.message, /st-nope/);
  await store.close();
});

test('GET /api/articles/:id: text, sentences with offsets, entities, story', async () => {
  const { app, store } = await seededApp();
  const a = await json<ArticleDetail>(await app.request('/api/articles/a1'));
  assert.equal(a.text, ARTICLES.a1.text);
  assert.equal(a.storyId, BRIDGE);
  assert.ok(a.sentences.length >= 3);
  for (const s of a.sentences) assert.equal(ARTICLES.a1.text.slice(s.start, s.end), s.text);
  assert.equal(a.entities[0].canonical, 'Mara Quinn');
  assert.equal(a.quotes[0].text, 'ends ten years of waiting');
  const a3 = await json<ArticleDetail>(await app.request('/api/articles/a3'));
  assert.equal(a3.sentences.length, 2, 'no annotation: sentences are split on the fly');
  assert.equal((await app.request('/api/articles/zzz')).status, 404);
  await store.close();
});

test('GET /api/entities/:name: roles, stories, quotes; unknown is 404', async () => {
  const { app, store } = await seededApp();
  const e = await json<EntityDetail>(await app.request('/api/entities/Mara%20Quinn'));
  assert.equal(e.canonical, 'Mara Quinn');
  assert.equal(e.type, 'PERSON');
  assert.equal(e.mentions, 2);
  assert.deepEqual(
    e.roles.map((r) => [r.role.toLowerCase(), r.articles]),
    [['mayor', 2]],
    '"Mayor" and "mayor" are one role',
  );
  assert.deepEqual(e.stories, [{ id: BRIDGE, headline: bridgeBrief().headline.text }]);
  assert.equal(e.quotes.length, 1);
  assert.equal(e.quotes[0].articleId, 'a1');
  assert.equal(e.quotes[0].source, 'Harbour Gazette');
  assert.equal((await app.request('/api/entities/Nobody%20Known')).status, 404);
  await store.close();
});

test('GET /api/search: results from briefs and articles; q required; limit bounded', async () => {
  const { app, store } = await seededApp();
  const r = await json<SearchResult>(await app.request('/api/search?q=harbour%20bridge'));
  assert.equal(r.q, 'harbour bridge');
  assert.ok(r.results.some((h) => h.kind === 'brief' && h.id === BRIDGE));
  assert.ok(r.results.some((h) => h.kind === 'article' && h.id === 'a1'));
  assert.equal((await json<SearchResult>(await app.request('/api/search?q=bridge&limit=1'))).results.length, 1);
  assert.deepEqual((await json<SearchResult>(await app.request('/api/search?q=%22%29(*'))).results, [], 'operators only: no error, no hits');
  const cw = await json<SearchResult & { filter: unknown }>(await app.request('/api/search?q=bridge&source=city+wire&to=2024-05-03'));
  assert.deepEqual(cw.filter, { to: '2024-05-03', source: 'city wire' });
  assert.deepEqual(cw.results.map((h) => [h.kind, h.id]).sort(), [
    ['article', 'a2'],
    ['article', 'old1'],
    ['brief', BRIDGE],
  ]);
  assert.ok(cw.results.filter((h) => h.kind === 'article').every((h) => h.source === 'City Wire' && h.storyTitle === bridgeBrief().headline.text));
  for (const qs of ['q=bridge&from=yesterday', 'q=bridge&to=2024-13-01', 'q=bridge&from=2024-05-04&to=2024-05-01', `q=bridge&entity=${'x'.repeat(201)}`]) {
    const bad = await app.request(`/api/search?${qs}`);
    assert.equal(bad.status, 400, qs);
    assert.match(JSON.stringify(await bad.json()), /"(from|to|entity): /, `${qs}: the message names the parameter`);
  }
  for (const qs of ['', 'q=', 'q=%20%20', 'q=bridge&limit=0', `q=${'x'.repeat(201)}`]) {
    assert.equal((await app.request(`/api/search?${qs}`)).status, 400, qs);
  }
  await store.close();
});

test('GET /healthz reports counts, and 503 when the store fails', async () => {
  const { app, store } = await seededApp({ status: () => ({ importing: true, imported: 2, total: 9 }) });
  const h = await json<unknown>(await app.request('/healthz'));
  assert.deepEqual(h, { status: 'ok', articles: 5, stories: 2, importing: true });
  const broken = failing(store, 'countArticles', 'disk gone');
  const { app: app2 } = await seededApp({ store: broken });
  const r = await app2.request('/healthz');
  assert.equal(r.status, 503);
  assert.equal((await json<{ status: string }>(r)).status, 'error');
  await store.close();
});

/** The store with one method rejecting. */
function failing(store: Store, method: keyof Store, message: string): Store {
  return new Proxy(store, {
    get(target, prop, recv) {
      if (prop === method) return async () => Promise.reject(new Error(message));
      const v = Reflect.get(target, prop, recv);
      return typeof v === 'function' ? v.bind(target) : v;
    },
  });
}

test('a store failure in an API route is a 500 JSON without internals, and is logged', async () => {
  const real = (await seededApp()).store;
  const broken = failing(real, 'listStories', 'SQLITE_CORRUPT: secret path /var/x');
  const { log, lines } = captureLog();
  const { app } = await seededApp({ store: broken, log });
  const r = await app.request('/api/stories');
  assert.equal(r.status, 500);
  const body = await r.text();
  assert.doesNotMatch(body, /SQLITE|secret/);
  assert.ok(lines.some((l) => l.msg === 'request failed' && JSON.stringify(l.err).includes('SQLITE_CORRUPT')));
  assert.ok(lines.some((l) => l.msg === 'request' && l.status === 500 && l.path === '/api/stories'));
  await real.close();
});

test('requests are logged with method, path, status and duration', async () => {
  const { log, lines } = captureLog();
  const { app, store } = await seededApp({ log });
  await app.request('/api/stories?limit=1');
  await app.request('/api/stories/none');
  const reqs = lines.filter((l) => l.msg === 'request');
  assert.deepEqual(
    reqs.map((l) => [l.method, l.path, l.status]),
    [
      ['GET', '/api/stories', 200],
      ['GET', '/api/stories/none', 404],
    ],
  );
  assert.ok(reqs.every((l) => typeof l.ms === 'number'));
  await store.close();
});

test('unknown API routes and methods are JSON 404s', async () => {
  const { app, store } = await seededApp();
  const r = await app.request('/api/nothing-here');
  assert.equal(r.status, 404);
  assert.match(r.headers.get('content-type') ?? '', /json/);
  // A write is checked for a token before routing (access.test.ts): with one, an unknown method is a 404.
  const { token } = await createToken(store, 'api-test');
  const post = await app.request('/api/stories', { method: 'POST', headers: { Authorization: `Bearer ${token}` } });
  assert.equal(post.status, 404);
  assert.match(post.headers.get('content-type') ?? '', /json/);
  await store.close();
});
