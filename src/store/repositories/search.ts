// The search repository: full-text search over articles and the latest brief of each live story.

export interface SearchHit {
  kind: 'article' | 'brief';
  id: string;
  storyId: string | null;
  title: string;
  snippet: string;
}

export interface SearchRepository {
  search(q: string, limit: number): Promise<SearchHit[]>;
}
