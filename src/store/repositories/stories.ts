// The stories repository: which story each article is filed under, merges (old ids redirect), and the
// ranked front-page list.
import type { StorySummary } from '../../types.ts';
import type { StoryStats } from '../story-stats.ts';

export interface StoryRecord {
  id: string;
  createdAt: string;
  updated: string | null;
  first: string | null;
  articleIds: string[];
  /** Each article's date as stored (published, else fetched), in the order of articleIds: what volume charts count. */
  articleDates: string[];
  /** When this story was merged into another, the id it redirects to. */
  mergedInto: string | null;
}

export interface StoryRepository {
  assignStory(articleId: string, storyId: string): Promise<void>;
  mergeStories(from: string, into: string): Promise<void>;
  getStory(id: string): Promise<StoryRecord | null>;
  /** Live story (merges followed) an article belongs to, or null. */
  storyOf(articleId: string): Promise<string | null>;
  /** Follows merged_into redirects to the live story id; null when the id was never a story. */
  resolveStory(id: string): Promise<string | null>;
  /** Stories ranked by recency, size and distinct sources. */
  listStories(opts: { limit: number; offset: number }): Promise<StorySummary[]>;
  countStories(): Promise<number>;
  /** The per-story figures the ranking reads (story-stats.ts), as stored, by story id. */
  storyStats(): Promise<StoryStats[]>;
  /** The same figures counted afresh from the articles and briefs (slow: a check that the stored ones are right). */
  recountStoryStats(): Promise<StoryStats[]>;
}
