// The one storage interface. Every adapter (SQLite now, PostgreSQL later) implements it and passes the
// shared contract test (store.contract.ts); no SQL lives outside src/store/.
// Methods are async so that a network database fits the same interface.
import type {
  Article,
  ArticleInput,
  Annotation,
  Brief,
  StoredBrief,
  StorySummary,
  EntityType,
  Quote,
} from '../types.ts';

export interface SourceRecord {
  id: string;
  url: string;
  title: string | null;
  kind: 'feed' | 'page' | 'file' | 'corpus';
  etag: string | null;
  lastModified: string | null;
  lastSuccess: string | null;
  lastError: string | null;
  lastErrorCode: string | null;
  consecutiveFailures: number;
  nextCheck: string | null;
  intervalSeconds: number | null;
  createdAt: string;
  /** Folder path from an OPML import ("News/World"), or null for top level. */
  folder: string | null;
  /** This source (and its pages on the same host) may be fetched from private/loopback addresses. */
  allowPrivate: boolean;
}

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

export interface CopyInfo {
  /** Id of the canonical article of the copy group this article joined (itself if it started one). */
  canonicalId: string;
  /** LSH band keys of this article's MinHash signature. */
  bands: string[];
  /** The MinHash signature, kept to verify band candidates. */
  signature: Uint32Array;
}

export interface StoryRecord {
  id: string;
  createdAt: string;
  updated: string | null;
  first: string | null;
  articleIds: string[];
  /** When this story was merged into another, the id it redirects to. */
  mergedInto: string | null;
}

export interface EntityRecord {
  canonical: string;
  type: EntityType;
  aliases: string[];
  roles: { role: string; articleId: string }[];
  storyIds: string[];
  mentions: number;
}

export interface SearchHit {
  kind: 'article' | 'brief';
  id: string;
  storyId: string | null;
  title: string;
  snippet: string;
}

/**
 * Everything the ingest pipeline learned about one new article, written in a single transaction so
 * that a crash never leaves an article without its copy group, annotation or story.
 */
export interface IngestRecord {
  article: NewArticle;
  /** Exact-text key (normalised text hash) for exact copy lookup. */
  textKey: string;
  copy: CopyInfo;
  annotation: Annotation;
  /** Story the article joins (created when new). */
  storyId: string;
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

export interface Store {
  /** Applies pending migrations; safe to call on every start. */
  migrate(): Promise<void>;
  close(): Promise<void>;
  /**
   * Runs `fn` while no other caller, in this process or another on the same database, runs one: ingest's
   * read-modify-write of the story stream (catch up on what others stored, cluster, commit) goes inside,
   * so concurrent writers cluster as one writer would. Writes inside stay units of their own; those that
   * completed are kept when `fn` throws. Not re-entrant.
   */
  withWriterLock<T>(fn: () => Promise<T>): Promise<T>;

  // sources
  upsertSource(src: Partial<SourceRecord> & { url: string; kind: SourceRecord['kind'] }): Promise<SourceRecord>;
  listSources(): Promise<SourceRecord[]>;
  getSource(id: string): Promise<SourceRecord | null>;
  updateSourceHealth(id: string, patch: Partial<Omit<SourceRecord, 'id' | 'url' | 'createdAt'>>): Promise<void>;
  removeSource(id: string): Promise<boolean>;

  // articles
  /** Inserts an article; returns null when an article with the same id already exists (nothing changes). */
  addArticle(a: NewArticle): Promise<Article | null>;
  getArticle(id: string): Promise<Article | null>;
  getArticles(ids: string[]): Promise<Article[]>;
  countArticles(): Promise<number>;
  /** Up to `limit` articles stored after sequence `seq`, oldest first (replay from a saved state's watermark). */
  articlesSince(seq: number, limit: number): Promise<SequencedArticle[]>;
  /** Sequence of the newest stored article; 0 when none. */
  latestArticleSeq(): Promise<number>;
  /** Atomic insert of an article with its copy info, annotation and story; null when the id exists. */
  commitArticle(rec: IngestRecord): Promise<Article | null>;

  // copies (near-duplicate folding); bands are stored so LSH works the same on every adapter
  findCopyCandidates(bands: string[]): Promise<{ articleId: string; signature: Uint32Array }[]>;
  findExactCopy(textKey: string): Promise<string | null>;
  recordCopy(articleId: string, textKey: string, info: CopyInfo): Promise<void>;
  /** Ids of every article in the same copy group (the canonical first). */
  copiesOf(articleId: string): Promise<string[]>;

  // nlp results
  saveAnnotation(articleId: string, ann: Annotation): Promise<void>;
  getAnnotation(articleId: string): Promise<Annotation | null>;

  // stories
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
  /** Opaque clusterer state, saved now and then so a restart resumes the stream (ingest replays what came after). */
  saveClusterState(state: unknown): Promise<void>;
  loadClusterState(): Promise<unknown | null>;

  // briefs (versioned)
  saveBrief(storyId: string, brief: Brief): Promise<StoredBrief>;
  getBrief(storyId: string, version?: number): Promise<StoredBrief | null>;
  listBriefVersions(storyId: string): Promise<{ version: number; createdAt: string }[]>;

  // entities and quotes, per article, for entity pages
  getEntity(canonical: string): Promise<EntityRecord | null>;
  quotesBy(canonical: string, limit: number): Promise<(Quote & { articleId: string })[]>;

  // full-text search over articles and briefs
  search(q: string, limit: number): Promise<SearchHit[]>;
}
