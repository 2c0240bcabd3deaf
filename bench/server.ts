// Web server: does every citation on a story page land on the cited text, and how fast are the pages.
// A slice of the Wikinews demo corpus goes through the real ingest pipeline into an in-memory SQLite
// store; then every story page is rendered and each citation link followed to its article page.
//  - citation anchors: share of citation links whose #s-<start>-<end> target exists on the article page
//    and holds exactly the cited text. Baseline: anchors on the annotation's sentences only (what a page
//    without the cited-span fallback of segmentText would offer).
//  - latency: story page (HTML) p50/p95 beside the JSON API for the same stories, which reads the same
//    data without rendering, so the gap is the cost of the page itself.
import { join } from 'node:path';
import { parseHTML } from 'linkedom';
import { dataset, median, percentile, skip, type BenchResult } from './common.ts';
import { openSqliteStore } from '../src/store/sqlite/sqlite-store.ts';
import { loadDemoCorpus } from '../src/pipeline/corpus.ts';
import { ingestArticles } from '../src/pipeline/ingest.ts';
import { createApp } from '../src/server/app.ts';

/** The newest articles of the corpus: 2019-2020 holds most of its multi-article stories. */
const ARTICLES = 180;

export async function run(): Promise<BenchResult[]> {
  const dir = dataset('wikinews');
  if (!dir) return [skip('server', 'wikinews')];
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
