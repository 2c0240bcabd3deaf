// Web server: does every citation on a story page land on the cited text, and how fast are the pages.
// A slice of the Wikinews demo corpus goes through the real ingest pipeline into an in-memory SQLite
// store; then every story page is rendered and each citation link followed to its article page.
//  - citation anchors: share of citation links whose #s-<start>-<end> target exists on the article page
//    and holds exactly the cited text. Baseline: anchors on the annotation's sentences only (what a page
//    without the cited-span fallback of segmentText would offer).
//  - latency: story page (HTML) p50/p95 beside the JSON API for the same stories, which reads the same
//    data without rendering, so the gap is the cost of the page itself.
//  - mixed load: a server over 5,000 articles in a child process, 2,000 requests at concurrency 50 of
//    front page, story page, search and API, with /healthz among them; each route's p50/p99 beside the
//    same route requested one at a time on the idle server in the same run, then /healthz while
//    expensive searches run. The whole mix is also run against a server with the read cache and the
//    gate for costly routes off (how it served before them).
import { join } from 'node:path';
import { fork } from 'node:child_process';
import { parseHTML } from 'linkedom';
import { dataset, median, percentile, skip, type BenchResult } from './common.ts';
import { openSqliteStore } from '../src/store/sqlite/sqlite-store.ts';
import { loadDemoCorpus } from '../src/pipeline/corpus.ts';
import { ingestArticles } from '../src/pipeline/ingest.ts';
import { createApp, DEFAULT_COSTLY } from '../src/server/app.ts';
import type { LoadServerData, LoadServerReady } from '../src/server/testdata/load-server.ts';
import { rng } from '../eval/rng.ts';

/** The newest articles of the corpus: 2019-2020 holds most of its multi-article stories. */
const ARTICLES = 180;

/** The load of issue 17's report: 2,000 requests, 50 at a time, on 5,000 articles. */
const LOAD_ARTICLES = 5_000;
const LOAD_REQUESTS = 2_000;
const LOAD_CONCURRENCY = 50;
/** Requests per route for the idle baseline: enough for a p99 that is not just the maximum of a few. */
const IDLE_PER_ROUTE = 100;
/** Expensive searches run side by side while /healthz is probed, and how many times over. */
const HEAVY_SEARCHES = 20;
const HEAVY_ROUNDS = 10;

type Route = 'front' | 'story' | 'search' | 'api' | 'healthz';


const SEARCH_WORDS = ['president', 'election', 'police', 'government', 'earthquake', 'football', 'court', 'minister', 'storm', 'police chief', 'world cup', 'the election'];
/** The server's longest accepted query (its q parameter limit). */
const MAX_QUERY_CHARS = 200;

/**
 * Costly searches, all different so no two share a cached result: hostile repetitions of function words,
 * and single very common content words (each matches most articles, and every match is ranked).
 */
const HEAVY_QUERIES = [
  'the '.repeat(33).trim(),
  'a '.repeat(99).trim(),
  'of the and to in a is was for on '.repeat(5).trim(),
  ...['people', 'year', 'new', 'first', 'time', 'two', 'one', 'government', 'world', 'news', 'city', 'state', 'three', 'last', 'country', 'day', 'week'].map((w) => `the ${w} `.repeat(Math.floor(MAX_QUERY_CHARS / (w.length + 5))).trim()),
];

function pick<T>(xs: readonly T[], r: () => number): T {
  return xs[Math.floor(r() * xs.length)];
}

function requestFor(route: Route, ready: LoadServerReady, r: () => number): string {
  switch (route) {
    case 'front':
      return r() < 0.5 ? '/' : `/?page=${1 + Math.floor(r() * 10)}`;
    case 'story':
      return `/stories/${encodeURIComponent(pick(ready.storyIds, r))}`;
    case 'search':
      return `${r() < 0.5 ? '/search' : '/api/search'}?q=${encodeURIComponent(pick(SEARCH_WORDS, r))}`;
    case 'api':
      return r() < 0.5 ? `/api/stories?offset=${Math.floor(r() * 200)}` : `/api/stories/${encodeURIComponent(pick(ready.storyIds, r))}`;
    case 'healthz':
      return '/healthz';
  }
}

/** The mix: front page, story, search and API a fifth each, with /healthz probes as the last fifth. */
const MIX: Route[] = ['front', 'story', 'search', 'api', 'healthz'];

async function timedGet(base: string, path: string): Promise<number> {
  const t = performance.now();
  const res = await fetch(base + path);
  await res.arrayBuffer();
  if (res.status !== 200) throw new Error(`load: ${path} answered ${res.status}`);
  return performance.now() - t;
}

async function withLoadServer<T>(data: LoadServerData, f: (base: string, ready: LoadServerReady) => Promise<T>): Promise<T> {
  const child = fork(new URL('../src/server/testdata/load-server.ts', import.meta.url), { execArgv: ['--import', 'tsx'], stdio: 'inherit' });
  try {
    const ready = await new Promise<LoadServerReady>((resolve, reject) => {
      child.once('message', (m) => resolve(m as LoadServerReady));
      child.once('exit', (code) => reject(new Error(`load server exited (${code}) before listening`)));
      child.send(data);
    });
    return await f(`http://127.0.0.1:${ready.port}`, ready);
  } finally {
    const exited = new Promise((done) => child.once('exit', done));
    if (child.connected) child.send('close');
    else child.kill();
    await exited;
  }
}

type Latencies = Record<Route, number[]>;

const emptyLatencies = (): Latencies => ({ front: [], story: [], search: [], api: [], healthz: [] });

/** LOAD_REQUESTS requests of the mix, LOAD_CONCURRENCY in flight at any time. */
async function mixedLoad(base: string, ready: LoadServerReady): Promise<{ by: Latencies; all: number[] }> {
  const r = rng(17);
  const plan = Array.from({ length: LOAD_REQUESTS }, () => {
    const route = pick(MIX, r);
    return { route, path: requestFor(route, ready, r) };
  });
  const by = emptyLatencies();
  const all: number[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: LOAD_CONCURRENCY }, async () => {
      while (next < plan.length) {
        const { route, path } = plan[next++];
        const ms = await timedGet(base, path);
        by[route].push(ms);
        all.push(ms);
      }
    }),
  );
  return { by, all };
}

/** Each route requested one at a time on the otherwise idle server. */
async function idle(base: string, ready: LoadServerReady): Promise<Latencies> {
  const r = rng(3);
  const by = emptyLatencies();
  for (let i = 0; i < IDLE_PER_ROUTE; i++) for (const route of MIX) by[route].push(await timedGet(base, requestFor(route, ready, r)));
  return by;
}

/**
 * /healthz probed one after another while expensive searches are kept in flight, HEAVY_SEARCHES at a
 * time for HEAVY_ROUNDS rounds. Every query differs (the repetition count changes per round), so none is
 * answered from the read cache.
 */
async function healthzBesideHeavySearch(base: string): Promise<{ healthz: number[]; search: number[] }> {
  const search: number[] = [];
  let running = true;
  const heavy = (async () => {
    for (let round = 0; round < HEAVY_ROUNDS; round++) {
      await Promise.all(
        Array.from({ length: HEAVY_SEARCHES }, (_, i) => {
          const q = HEAVY_QUERIES[i % HEAVY_QUERIES.length];
          // Drop `round` leading words: still costly, never the same query twice.
          const varied = q.split(' ').slice(round).join(' ');
          return timedGet(base, `/api/search?q=${encodeURIComponent(varied)}`).then((ms) => search.push(ms));
        }),
      );
    }
  })().finally(() => (running = false));
  const healthz: number[] = [];
  while (running) healthz.push(await timedGet(base, '/healthz'));
  await heavy;
  return { healthz, search };
}

async function loadRows(): Promise<BenchResult[]> {
  const name = `${LOAD_ARTICLES.toLocaleString('en')} recycled demo articles (src/server/testdata/large.ts), ${LOAD_REQUESTS.toLocaleString('en')} requests at concurrency ${LOAD_CONCURRENCY}`;
  const current = await withLoadServer({ articles: LOAD_ARTICLES, readCacheMs: 1_000, costlyConcurrency: DEFAULT_COSTLY.concurrency }, async (base, ready) => {
    await idle(base, ready); // warm-up: JIT, SQLite page cache
    const loaded = await mixedLoad(base, ready);
    const heavy = await healthzBesideHeavySearch(base);
    return { loaded, heavy };
  });
  // The idle baseline is taken here, with no read cache: one request at a time would otherwise be
  // answered from the cache the load filled, and look cheaper than the route is.
  const before = await withLoadServer({ articles: LOAD_ARTICLES, readCacheMs: 0, costlyConcurrency: null }, async (base, ready) => {
    await idle(base, ready);
    const quiet = await idle(base, ready);
    return { quiet, ...(await mixedLoad(base, ready)) };
  });
  const quiet = before.quiet;
  const IDLE = 'same route, one request at a time on an idle server (no read cache)';
  const rows: BenchResult[] = [];
  for (const [route, label] of [
    ['story', 'story page'],
    ['search', 'search (page and API)'],
    ['healthz', '/healthz'],
  ] as const) {
    for (const p of [50, 99]) {
      rows.push({ stage: 'server', metric: `${label} p${p} ms under mixed load`, project: percentile(current.loaded.by[route], p), baseline: percentile(quiet[route], p), baselineName: IDLE, dataset: `${name} (${current.loaded.by[route].length} of them ${route})` });
    }
  }
  const BEFORE = 'same load, no read cache and no gate (as before)';
  for (const p of [50, 99]) {
    rows.push({ stage: 'server', metric: `all routes p${p} ms under mixed load`, project: percentile(current.loaded.all, p), baseline: percentile(before.all, p), baselineName: BEFORE, dataset: name });
  }
  for (const [route, label] of [
    ['healthz', '/healthz'],
    ['story', 'story page'],
  ] as const) {
    for (const p of [50, 99]) {
      rows.push({ stage: 'server', metric: `${label} p${p} ms under mixed load, vs before`, project: percentile(current.loaded.by[route], p), baseline: percentile(before.by[route], p), baselineName: BEFORE, dataset: name });
    }
  }
  for (const p of [50, 99]) {
    rows.push({ stage: 'server', metric: `/healthz p${p} ms while expensive searches run, ${HEAVY_SEARCHES} at a time`, project: percentile(current.heavy.healthz, p), baseline: percentile(quiet.healthz, p), baselineName: 'idle /healthz', dataset: `${LOAD_ARTICLES.toLocaleString('en')} articles; "the " x 33 and common words such as "the people " repeated to 200 characters, all different ${HEAVY_ROUNDS} rounds (${current.heavy.healthz.length} probes)` });
  }
  rows.push({ stage: 'server', metric: `expensive search p99 ms, ${HEAVY_SEARCHES} at a time`, project: percentile(current.heavy.search, 99), baseline: percentile(quiet.search, 99), baselineName: 'idle ordinary search', dataset: `${LOAD_ARTICLES.toLocaleString('en')} articles; "the " x 33 and common words such as "the people " repeated to 200 characters, all different` });
  return rows;
}

export async function run(): Promise<BenchResult[]> {
  const load = await loadRows();
  const dir = dataset('wikinews');
  if (!dir) return [...load, skip('server', 'wikinews')];
  const inputs = loadDemoCorpus(join(dir, 'articles.jsonl')).slice(-ARTICLES);
  const store = await openSqliteStore(':memory:');
  try {
    const ingested = await ingestArticles(store, inputs);
    // Rows over an empty store would read as NaN; say why instead.
    if (ingested.added === 0) throw new Error(`ingest added no article: ${ingested.errors[0]?.error ?? 'no error reported'}`);
    const app = createApp({ store });
    const stories = await store.listStories({ limit: 10_000, offset: 0 });
    const failed = ingested.errors.length ? `, ${ingested.errors.length} failed to ingest` : '';
    const name = `wikinews newest ${inputs.length} articles${failed}, ${stories.length} stories`;

    const html: number[] = [];
    const api: number[] = [];
    const articlePages = new Map<string, { ids: Set<string>; text: string; sentences: Set<string> }>();
    let links = 0;
    let landed = 0;
    let baseline = 0;
    const timed = async (path: string): Promise<number> => {
      const t = performance.now();
      await (await app.request(path)).text();
      return performance.now() - t;
    };
    // Three rounds in alternating order, each story's median kept, so neither side always meets a cold
    // cache or an unwarmed JIT first.
    for (const s of stories) {
      const id = encodeURIComponent(s.id);
      const h: number[] = [];
      const j: number[] = [];
      for (let round = 0; round < 3; round++) {
        if (round % 2 === 0) {
          h.push(await timed(`/stories/${id}`));
          j.push(await timed(`/api/stories/${id}`));
        } else {
          j.push(await timed(`/api/stories/${id}`));
          h.push(await timed(`/stories/${id}`));
        }
      }
      html.push(median(h));
      api.push(median(j));
    }
    for (const s of stories) {
      const page = await (await app.request(`/stories/${encodeURIComponent(s.id)}`)).text();
      for (const a of parseHTML(page).document.querySelectorAll('a.s, sup.c a')) {
        const m = /^\/articles\/([^#]+)#s-(\d+)-(\d+)$/.exec(a.getAttribute('href') ?? '');
        links++;
        if (!m) continue;
        const id = decodeURIComponent(m[1]);
        let art = articlePages.get(id);
        if (!art) {
          const doc = parseHTML(await (await app.request(`/articles/${m[1]}`)).text()).document;
          const ids = new Map<string, string>();
          for (const el of doc.querySelectorAll('.article-text span.s')) ids.set(el.id, el.textContent ?? '');
          const stored = await store.getArticle(id);
          const ann = await store.getAnnotation(id);
          art = {
            ids: new Set([...ids].filter(([k, v]) => stored && v === stored.text.slice(...spanOf(k))).map(([k]) => k)),
            text: stored?.text ?? '',
            sentences: new Set((ann?.sentences ?? []).map((x) => `s-${x.start}-${x.end}`)),
          };
          articlePages.set(id, art);
        }
        const anchor = `s-${m[2]}-${m[3]}`;
        if (art.ids.has(anchor)) landed++;
        if (art.sentences.has(anchor)) baseline++;
      }
    }
    const cites = `${name}, ${links} citation links`;
    return [
      ...load,
      {
        stage: 'server',
        metric: 'citation links landing on the cited text',
        project: links ? landed / links : NaN,
        baseline: links ? baseline / links : NaN,
        baselineName: 'anchors on annotation sentences only',
        dataset: cites,
      },
      { stage: 'server', metric: 'story page p50 ms', project: median(html), baseline: median(api), baselineName: 'JSON API, same story', dataset: name },
      { stage: 'server', metric: 'story page p95 ms', project: percentile(html, 95), baseline: percentile(api, 95), baselineName: 'JSON API, same story', dataset: name },
    ];
  } finally {
    await store.close();
  }
}

function spanOf(anchor: string): [number, number] {
  const m = /^s-(\d+)-(\d+)$/.exec(anchor);
  return m ? [Number(m[1]), Number(m[2])] : [0, 0];
}
