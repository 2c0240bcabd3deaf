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

/** An API token: only the SHA-256 of the secret is kept; the name is the reader account it belongs to. */
export interface TokenRecord {
  name: string;
  hash: string;
  createdAt: string;
}

/**
 * Reader items (the Google Reader API's) are integers: an article's is its place in the store's insertion
 * order, so it never changes and newer items have higher numbers; a story brief's is this base plus the
 * number allotted to that story version, a range article numbers never reach.
 */
export const READER_STORY_ITEM_BASE = 2 ** 48;

/** Which reader items one account asks for. */
export interface ReaderFilter {
  /** Token name whose read and starred state applies. */
  user: string;
  sourceId?: string;
  /** Sources filed under exactly this OPML folder. */
  folder?: string;
  /** true: read items only; false: unread only. */
  read?: boolean;
  starred?: boolean;
  /** Items fetched at or after / before this ISO time. */
  fetchedFrom?: string;
  fetchedBefore?: string;
}

export interface ReaderItem {
  item: number;
  articleId: string;
  sourceId: string | null;
  fetched: string;
  /** Explicit state, or for an item never marked: read when it is a copy of an article stored before it. */
  read: boolean;
  starred: boolean;
  /** A later copy of another article (delivered read). */
  copy: boolean;
}

export interface ReaderStoryItem {
  item: number;
  storyId: string;
  version: number;
}

export interface ReaderState {
  item: number;
  /** null when never marked. */
  read: boolean | null;
  starred: boolean;
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

  // reader accounts (API tokens) and the Google Reader API's per-account state
  addToken(t: TokenRecord): Promise<void>;
  tokenByHash(hash: string): Promise<TokenRecord | null>;
  tokensNamed(name: string): Promise<TokenRecord[]>;
  /** Article items of sources matching `f`, newest first (or oldest), strictly past `after` when given. */
  readerItems(f: ReaderFilter & { order: 'newest' | 'oldest'; after?: number; limit: number }): Promise<ReaderItem[]>;
  /** These article items (unknown numbers left out) with their articles, for the account's state. */
  readerArticles(user: string, items: number[]): Promise<(ReaderItem & { article: Article })[]>;
  /** Unread article items per source. */
  readerUnreadCounts(user: string): Promise<{ sourceId: string; count: number; newest: string }[]>;
  /** Sets read and/or starred on these items (articles or story items) for the account. */
  setReaderState(user: string, items: number[], patch: { read?: boolean; starred?: boolean }): Promise<void>;
  /** Marks every unread article item matching `f` read; returns how many. */
  markReaderRead(f: ReaderFilter): Promise<number>;
  /** The item number of each story version, allotted on first ask. */
  readerStoryItems(refs: { storyId: string; version: number }[]): Promise<ReaderStoryItem[]>;
  /** The story versions behind these item numbers (unknown ones left out). */
  readerStoryRefs(items: number[]): Promise<ReaderStoryItem[]>;
  /** Recorded state of these items; `starredStories` instead lists every starred story item of the account. */
  readerStates(user: string, items: number[] | 'starredStories'): Promise<ReaderState[]>;
}
