// The storage interface callers get: one `Store` composed of small repositories, one per concern
// (repositories/: sources, articles, copies, entities, stories, cluster state, briefs, search, reader
// accounts), plus what spans them: opening and migrating, the writer lock, and the atomic commit of one
// ingested article. Both adapters (SQLite in sqlite/, PostgreSQL in postgres/) implement every repository
// and pass each repository's contract test (repositories/*.contract.ts, run by each adapter's test file);
// no SQL lives outside src/store/. Methods are async so that a network database fits the same interface.
// A caller that needs one concern takes that repository's interface, not the whole Store.
import type { Annotation, Article } from '../types.ts';
import type { ArticleRepository, NewArticle } from './repositories/articles.ts';
import type { BriefRepository } from './repositories/briefs.ts';
import type { ClusterStateRepository } from './repositories/cluster-state.ts';
import type { CopyInfo, CopyRepository } from './repositories/copies.ts';
import type { EntityRepository } from './repositories/entities.ts';
import type { ReaderRepository, TokenRepository } from './repositories/reader.ts';
import type { SearchRepository } from './repositories/search.ts';
import type { SourceRepository } from './repositories/sources.ts';
import type { StoryRepository } from './repositories/stories.ts';
import type { WatchlistRepository } from './repositories/watchlists.ts';

export type { SourceRecord, SourceRepository } from './repositories/sources.ts';
export type { ArticleDay, NewArticle, SequencedArticle, ArticleRepository } from './repositories/articles.ts';
export type { CopyInfo, CopyRepository } from './repositories/copies.ts';
export type { EntityRecord, EntityRepository } from './repositories/entities.ts';
export type { StoryRecord, StoryRepository } from './repositories/stories.ts';
export type { ClusterStateRepository } from './repositories/cluster-state.ts';
export type { BriefRepository } from './repositories/briefs.ts';
export type { SearchFilter, SearchHit, SearchRepository } from './repositories/search.ts';
export type { TokenRecord, TokenRepository, ReaderFilter, ReaderItem, ReaderState, ReaderStoryItem, ReaderRepository } from './repositories/reader.ts';
export { READER_STORY_ITEM_BASE } from './repositories/reader.ts';

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

export interface Store
  extends
    SourceRepository,
    ArticleRepository,
    CopyRepository,
    EntityRepository,
    StoryRepository,
    ClusterStateRepository,
    BriefRepository,
    SearchRepository,
    TokenRepository,
    ReaderRepository {
  /**
   * Watchlists, their matches and webhook deliveries: a repository object rather than methods, its SQL
   * written once for both adapters over the adapter's SqlRunner (repositories/watchlists.ts).
   */
  readonly watchlists: WatchlistRepository;
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
  /** Atomic insert of an article with its copy info, annotation and story; null when the id exists. */
  commitArticle(rec: IngestRecord): Promise<Article | null>;
}
