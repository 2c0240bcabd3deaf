// The articles repository: stored articles in insertion order, the order a resumed clusterer replays.
import type { Article, ArticleInput } from '../../types.ts';

export interface NewArticle extends ArticleInput {
  /** Identity: when absent the store derives one from the canonical URL or the text. */
  id?: string;
  canonicalUrl?: string | null;
  sourceId?: string | null;
  fetched?: string;
  /** Stored with the article; see ArticleInput.partial (repeated here so the store's contract shows it). */
  partial?: boolean;
  partialReason?: string | null;
}

/** An article with its place in the store's insertion order and what ingest recorded for it. */
export interface SequencedArticle {
  /** Insertion sequence: grows with every article stored, so "after n" is a resume point. */
  seq: number;
  article: Article;
  /** Canonical of the copy group the article joined (itself when it started one); null when none recorded. */
  canonicalId: string | null;
  /** Story the article is filed under (a merge moves it; pass through resolveStory for the live id); null when none. */
  storyId: string | null;
}

export interface ArticleRepository {
  /** Inserts an article; returns null when an article with the same id already exists (nothing changes). */
  addArticle(a: NewArticle): Promise<Article | null>;
  getArticle(id: string): Promise<Article | null>;
  getArticles(ids: string[]): Promise<Article[]>;
  countArticles(): Promise<number>;
  /** Up to `limit` articles stored after sequence `seq`, oldest first (replay from a saved state's watermark). */
  articlesSince(seq: number, limit: number): Promise<SequencedArticle[]>;
  /** Sequence of the newest stored article; 0 when none. */
  latestArticleSeq(): Promise<number>;
  /**
   * Stored articles per day (YYYY-MM-DD, as the date is written: published, else fetched), oldest day
   * first, days with none left out, articles whose date does not start YYYY-MM-DD not counted. Kept as
   * articles are stored (table article_days), so it costs the days, not the articles.
   */
  articleDays(): Promise<ArticleDay[]>;
}

export interface ArticleDay {
  day: string;
  articles: number;
}
