// The top stories with their current briefs and the articles those cite: what the outbound feeds and the
// reader API's storyline:stories subscription publish.
import type { Store } from '../../store/store.ts';
import type { Article, StoredBrief, StorySummary } from '../../types.ts';
import { citedArticleIds } from './brief-html.ts';

export interface PublishedStory {
  summary: StorySummary;
  brief: StoredBrief;
  articles: Map<string, Article>;
}

/** How many stories a feed carries: a front page's worth, as readers keep what they have already fetched. */
export const FEED_STORIES = 30;

export async function topStories(
  store: Store,
  list: (o: { limit: number; offset: number }) => Promise<StorySummary[]>,
  limit = FEED_STORIES,
): Promise<PublishedStory[]> {
  return publish(store, await list({ limit, offset: 0 }));
}

/** These stories (merges followed, each once, in this order), as the feeds publish them: a watchlist's. */
export async function storiesByIds(store: Store, ids: string[], limit = FEED_STORIES): Promise<PublishedStory[]> {
  const summaries: StorySummary[] = [];
  const seen = new Set<string>();
  for (const id of ids) {
    if (summaries.length >= limit) break;
    const live = await store.resolveStory(id);
    const rec = live && !seen.has(live) ? await store.getStory(live) : null;
    if (!rec) continue;
    seen.add(rec.id);
    // Rank and headline are the listing's; a feed entry reads its brief's.
    summaries.push({ id: rec.id, headline: '', articles: rec.articleIds.length, sources: 0, updated: rec.updated, first: rec.first, score: 0 });
  }
  return publish(store, summaries);
}

async function publish(store: Store, summaries: StorySummary[]): Promise<PublishedStory[]> {
  const out: PublishedStory[] = [];
  for (const summary of summaries) {
    const brief = await store.getBrief(summary.id);
    // A story whose brief is not written yet has nothing to publish.
    if (!brief) continue;
    const articles = new Map((await store.getArticles(citedArticleIds(brief))).map((a) => [a.id, a]));
    out.push({ summary: { ...summary, headline: summary.headline || brief.headline.text }, brief, articles });
  }
  return out;
}
