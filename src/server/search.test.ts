// Search cost is bounded before the query reaches the store, so one hostile query cannot hold the
// event loop (and /healthz behind it) for seconds.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_SEARCH_TERMS, cachedSearch, groupByStory, searchTerms } from './search.ts';
import { highlight } from './highlight.ts';
import type { SearchHit, Store } from '../store/store.ts';
import { startServer } from './app.ts';
import { largeStore } from './testdata/large.ts';
import { seededApp } from './testdata/harness.ts';

test('searchTerms: dedupes case-insensitively, drops function words, caps the rest', () => {
  assert.deepEqual(searchTerms('the harbour Bridge bridge BRIDGE'), ['harbour', 'Bridge']);
  assert.deepEqual(searchTerms('the '.repeat(33)), [], 'a query of function words only searches for nothing');
  assert.deepEqual(searchTerms('a an the of to in on at by for said'), []);
  const many = Array.from({ length: 40 }, (_, i) => `word${i}`).join(' ');
  assert.deepEqual(
    searchTerms(many),
    Array.from({ length: MAX_SEARCH_TERMS }, (_, i) => `word${i}`),
  );
  assert.deepEqual(searchTerms('"quoted" NEAR(x) -minus* ^caret'), ['quoted', 'NEAR', 'x', 'minus', 'caret'], 'FTS operators become plain words');
  assert.deepEqual(searchTerms('… — !!'), []);
});

test('search: results still found through the cut-down query; punctuation-only queries find nothing', async () => {
  const { app, store } = await seededApp();
  try {
    const r = (await (await app.request('/api/search?q=' + encodeURIComponent('the the harbour bridge of the'))).json()) as {
      terms: string[];
      results: { id: string }[];
    };
    assert.deepEqual(r.terms, ['harbour', 'bridge']);
    assert.ok(
      r.results.some((h) => h.id === 'a1'),
      'the bridge article is found',
    );
    const none = (await (await app.request('/api/search?q=' + encodeURIComponent('!!! ???'))).json()) as { results: unknown[] };
    assert.deepEqual(none.results, []);
    const page = await app.request('/search?q=' + encodeURIComponent('the '.repeat(33)));
    assert.equal(page.status, 200);
    assert.match(await page.text(), /too common to search for/);
  } finally {
    await store.close();
  }
});

test('search: "the " x 33 on 5,000 articles is fast, and /healthz answers while it runs', { timeout: 60_000 }, async () => {
  const { store } = await largeStore(5000);
  const srv = await startServer({ store, port: 0 });
  const base = `http://127.0.0.1:${srv.port}`;
  const timed = async (path: string) => {
    const t = performance.now();
    const res = await fetch(base + path);
    await res.arrayBuffer();
    return { status: res.status, ms: performance.now() - t };
  };
  try {
    await timed('/healthz');
    // Before the bound this search took 5.8 s here, and the health check waited behind it.
    const q = encodeURIComponent('the '.repeat(33).trim());
    const [search, health] = await Promise.all([timed(`/api/search?q=${q}`), timed('/healthz')]);
    assert.equal(search.status, 200);
    assert.equal(health.status, 200);
    assert.ok(search.ms < 1000, `expensive search took ${Math.round(search.ms)} ms`);
    assert.ok(health.ms < 1000, `healthz beside it took ${Math.round(health.ms)} ms`);
    // Filters only narrow what the words matched, at a constant cost per match: a common word with every
    // filter stays within the same bound.
    const filtered = await timed(`/api/search?q=people+government&source=Outlet+3&from=2000-01-01&to=2030-12-31&entity=United+States`);
    assert.equal(filtered.status, 200);
    assert.ok(filtered.ms < 1000, `filtered search took ${Math.round(filtered.ms)} ms`);
  } finally {
    await srv.close();
    await store.close();
  }
});

test('cachedSearch: one query serves concurrent and repeated callers for the TTL, then runs again; failures are not kept', async () => {
  const calls: string[] = [];
  let fail = false;
  const store = {
    search: async (q: string, limit: number): Promise<SearchHit[]> => {
      calls.push(`${q}/${limit}`);
      if (fail) throw new Error('busy');
      return [{ kind: 'article', id: q, storyId: null, title: q, snippet: '', storyTitle: null, published: null, source: null }];
    },
  } as unknown as Store;
  let clock = 0;
  const search = cachedSearch(store, 1000, () => clock);
  const [a, b] = await Promise.all([search(['Bridge'], 20), search(['bridge'], 20)]);
  assert.deepEqual(a, b);
  assert.deepEqual(calls, ['Bridge/20'], 'concurrent callers, differently cased, share one query');
  await search(['bridge'], 10);
  assert.equal(calls.length, 2, 'another limit is another query');
  clock = 999;
  await search(['bridge'], 20);
  assert.equal(calls.length, 2, 'still fresh');
  clock = 1000;
  await search(['bridge'], 20);
  assert.equal(calls.length, 3, 'expired: runs again');
  assert.deepEqual(await search([], 20), [], 'no terms: no query');
  assert.equal(calls.length, 3);
  fail = true;
  clock = 5000;
  await assert.rejects(search(['ferry'], 20));
  fail = false;
  assert.equal((await search(['ferry'], 20)).length, 1, 'a failure is retried at once, not served for the TTL');
  assert.equal(cachedSearch(store, 0)(['x'], 1) instanceof Promise, true);
});

test('highlight: whole words folded as the index folds them, the snippet given back unchanged', () => {
  const snippet = '…the Région voted; regional bridges and the BRIDGE…';
  const pieces = highlight(snippet, ['region', 'bridge']);
  assert.equal(pieces.map((p) => p.text).join(''), snippet);
  assert.deepEqual(
    pieces.filter((p) => p.hit).map((p) => p.text),
    ['Région', 'BRIDGE'],
  );
  assert.deepEqual(highlight('', ['x']), []);
});

test('groupByStory: groups in the order of their best hit, the brief and the articles of a story together', () => {
  const hit = (kind: 'article' | 'brief', id: string, storyId: string | null, storyTitle: string | null = null) => ({
    kind,
    id,
    storyId,
    title: `t-${id}`,
    snippet: '',
    storyTitle,
    published: null,
    source: null,
  });
  const groups = groupByStory([
    hit('article', 'a1', 's2', 'Story two'),
    hit('brief', 's1', 's1', 't-s1'),
    hit('article', 'x', null),
    hit('article', 'a2', 's1', 't-s1'),
    hit('article', 'a3', 's2', 'Story two'),
    hit('article', 'y', null),
  ]);
  assert.deepEqual(
    groups.map((g) => [g.storyId, g.title, g.brief?.id ?? null, g.articles.map((a) => a.id)]),
    [
      ['s2', 'Story two', null, ['a1', 'a3']],
      ['s1', 't-s1', 's1', ['a2']],
      [null, '', null, ['x', 'y']],
    ],
  );
});
