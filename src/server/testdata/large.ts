// A store of several thousand articles for load tests and the server bench: the bundled Wikinews demo
// corpus, recycled under new ids, written straight through the Store (no NLP, no clustering) so seeding
// 5,000 articles takes seconds. Every story gets a small brief citing the first sentence of each of its
// articles, so story pages, search over briefs and the front page all have real work to do.
import type { Brief, BriefSentence, Citation } from '../../types.ts';
import type { Store } from '../../store/store.ts';
import { openSqliteStore } from '../../store/sqlite/sqlite-store.ts';
import { loadDemoCorpus } from '../../pipeline/corpus.ts';
import { splitSentences } from '../../nlp/sentences.ts';

/** Articles per story: close to the demo corpus's larger stories. */
const PER_STORY = 5;

export interface LargeWorld {
  store: Store;
  storyIds: string[];
  articleIds: string[];
}

export async function largeStore(articles: number): Promise<LargeWorld> {
  const corpus = loadDemoCorpus();
  const store = await openSqliteStore(':memory:');
  const storyIds: string[] = [];
  const articleIds: string[] = [];
  let cites: Citation[] = [];
  let firsts: string[] = [];
  const flush = async (storyId: string) => {
    if (!cites.length) return;
    const bs = (text: string, c: Citation): BriefSentence => ({ text, citations: [c] });
    const brief: Brief = {
      headline: bs(firsts[0].slice(0, 120), cites[0]),
      lead: [bs(firsts[0], cites[0])],
      developments: cites
        .slice(1)
        .map((c, i) => ({ headline: bs(firsts[i + 1].slice(0, 80), c), sentences: [bs(firsts[i + 1], c)], date: null, articleIds: [c.articleId] })),
      timeline: [],
      coverage: [],
      people: [],
    };
    await store.saveBrief(storyId, brief);
    cites = [];
    firsts = [];
  };
  for (let i = 0; i < articles; i++) {
    const src = corpus[i % corpus.length];
    const round = Math.floor(i / corpus.length);
    const id = `big${i}`;
    const storyId = `st-big${Math.floor(i / PER_STORY)}`;
    if (i % PER_STORY === 0) {
      await flush(storyIds[storyIds.length - 1]);
      storyIds.push(storyId);
    }
    const text = src.text;
    const added = await store.addArticle({
      id,
      url: `https://recycled.example/${round}/${encodeURIComponent(src.id ?? String(i))}`,
      title: round ? `${src.title} (${round})` : src.title,
      text,
      published: src.published ?? null,
      source: `Outlet ${i % 17}`,
    });
    if (!added) continue;
    articleIds.push(id);
    await store.assignStory(id, storyId);
    const first = splitSentences(text)[0];
    if (first) {
      cites.push({ articleId: id, start: first.start, end: first.end });
      firsts.push(text.slice(first.start, first.end));
    }
  }
  await flush(storyIds[storyIds.length - 1]);
  return { store, storyIds, articleIds };
}
