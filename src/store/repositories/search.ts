// The search repository: full-text search over articles and the latest brief of each live story.

export interface SearchHit {
  kind: 'article' | 'brief';
  id: string;
  storyId: string | null;
  title: string;
  snippet: string;
  /** The headline of the hit's story (its latest brief's), null when the story has no brief or there is no story. */
  storyTitle: string | null;
  /** For an article: its date (published, else fetched) and outlet; null for a brief. */
  published: string | null;
  source: string | null;
}

/** What narrows a search: only articles in the date range (days, inclusive), from the outlet, naming the entity. */
export interface SearchFilter {
  /** YYYY-MM-DD: articles dated on or after this day. */
  from?: string;
  /** YYYY-MM-DD: articles dated on or before this day. */
  to?: string;
  /** Outlet name as shown on articles, any case. */
  source?: string;
  /** Canonical entity name, any case. */
  entity?: string;
}

export interface SearchRepository {
  /**
   * Articles and latest briefs matching every word, best first. A filter keeps the articles that pass it
   * and the briefs of stories holding one that does; it never makes the query match more.
   */
  search(q: string, limit: number, filter?: SearchFilter): Promise<SearchHit[]>;
}
