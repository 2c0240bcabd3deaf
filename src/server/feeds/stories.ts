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

export async function topStories(store: Store, list: (o: { limit: number; offset: number }) => Promise<StorySummary[]>, limit = FEED_STORIES): Promise<PublishedStory[]> {
  const out: PublishedStory[] = [];
  for (const summary of await list({ limit, offset: 0 })) {
    const brief = await store.getBrief(summary.id);
    // A story whose brief is not written yet has nothing to publish.
    if (!brief) continue;
    const articles = new Map((await store.getArticles(citedArticleIds(brief))).map((a) => [a.id, a]));
    out.push({ summary, brief, articles });
  }
  return out;
}
