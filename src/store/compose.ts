// The composition root both adapters share: one `Store` object whose methods forward to the adapter's
// repositories (one module each) and to its core (connection, writer lock, the cross-concern commit).
// Written once, so both adapters expose exactly the same methods, and the compiler checks every one.
import { StorylineError, errorMessage } from '../errors.ts';
import type { Store } from './store.ts';
import type { ArticleRepository } from './repositories/articles.ts';
import type { BriefRepository } from './repositories/briefs.ts';
import type { ClusterStateRepository } from './repositories/cluster-state.ts';
import type { CopyRepository } from './repositories/copies.ts';
import type { EntityRepository } from './repositories/entities.ts';
import type { ReaderRepository, TokenRepository } from './repositories/reader.ts';
import type { SearchRepository } from './repositories/search.ts';
import type { SourceRepository } from './repositories/sources.ts';
import type { StoryRepository } from './repositories/stories.ts';
import type { WatchlistRepository } from './repositories/watchlists.ts';

/** What a Store adds to its repositories. */
export type StoreCore = Pick<Store, 'migrate' | 'close' | 'withWriterLock' | 'commitArticle'>;

export interface Repositories {
  sources: SourceRepository;
  articles: ArticleRepository;
  copies: CopyRepository;
  entities: EntityRepository;
  stories: StoryRepository;
  clusterState: ClusterStateRepository;
  briefs: BriefRepository;
  search: SearchRepository;
  tokens: TokenRepository;
  reader: ReaderRepository;
  watchlists: WatchlistRepository;
}

/** The Store over `core` and `r`, with `extra` (an adapter's read-only facts: its path or redacted URL) beside. */
export function composeStore<E extends object>(core: StoreCore, r: Repositories, extra: E): Store & E {
  const store: Store = {
    watchlists: r.watchlists,
    migrate: () => core.migrate(),
    close: () => core.close(),
    withWriterLock: (fn) => core.withWriterLock(fn),
    commitArticle: (rec) => core.commitArticle(rec),

    upsertSource: (src) => r.sources.upsertSource(src),
    listSources: () => r.sources.listSources(),
    getSource: (id) => r.sources.getSource(id),
    updateSourceHealth: (id, patch) => r.sources.updateSourceHealth(id, patch),
    removeSource: (id) => r.sources.removeSource(id),

    addArticle: (a) => r.articles.addArticle(a),
    getArticle: (id) => r.articles.getArticle(id),
    getArticles: (ids) => r.articles.getArticles(ids),
    countArticles: () => r.articles.countArticles(),
    articlesSince: (seq, limit) => r.articles.articlesSince(seq, limit),
    latestArticleSeq: () => r.articles.latestArticleSeq(),
    articleDays: () => r.articles.articleDays(),

    findCopyCandidates: (bands) => r.copies.findCopyCandidates(bands),
    findExactCopy: (textKey) => r.copies.findExactCopy(textKey),
    recordCopy: (articleId, textKey, info) => r.copies.recordCopy(articleId, textKey, info),
    copiesOf: (articleId) => r.copies.copiesOf(articleId),

    saveAnnotation: (articleId, ann) => r.entities.saveAnnotation(articleId, ann),
    getAnnotation: (articleId) => r.entities.getAnnotation(articleId),
    getEntity: (canonical) => r.entities.getEntity(canonical),
    quotesBy: (canonical, limit) => r.entities.quotesBy(canonical, limit),

    assignStory: (articleId, storyId) => r.stories.assignStory(articleId, storyId),
    mergeStories: (from, into) => r.stories.mergeStories(from, into),
    getStory: (id) => r.stories.getStory(id),
    storyOf: (articleId) => r.stories.storyOf(articleId),
    resolveStory: (id) => r.stories.resolveStory(id),
    listStories: (opts) => r.stories.listStories(opts),
    countStories: () => r.stories.countStories(),
    storyStats: () => r.stories.storyStats(),
    recountStoryStats: () => r.stories.recountStoryStats(),

    saveClusterState: (state) => r.clusterState.saveClusterState(state),
    loadClusterState: () => r.clusterState.loadClusterState(),

    saveBrief: (storyId, brief) => r.briefs.saveBrief(storyId, brief),
    getBrief: (storyId, version) => r.briefs.getBrief(storyId, version),
    listBriefVersions: (storyId) => r.briefs.listBriefVersions(storyId),

    search: (q, limit, filter) => r.search.search(q, limit, filter),

    addToken: (t) => r.tokens.addToken(t),
    tokenByHash: (hash) => r.tokens.tokenByHash(hash),
    tokensNamed: (name) => r.tokens.tokensNamed(name),

    readerItems: (f) => r.reader.readerItems(f),
    readerArticles: (user, items) => r.reader.readerArticles(user, items),
    readerUnreadCounts: (user) => r.reader.readerUnreadCounts(user),
    setReaderState: (user, items, patch) => r.reader.setReaderState(user, items, patch),
    markReaderRead: (f) => r.reader.markReaderRead(f),
    readerStoryItems: (refs) => r.reader.readerStoryItems(refs),
    readerStoryRefs: (items) => r.reader.readerStoryRefs(items),
    readerStates: (user, items) => r.reader.readerStates(user, items),
  };
  return Object.assign(store, extra);
}

/**
 * `store` with every failure of its methods (and of its watchlists') passed through `translate`: the one
 * place where an adapter says what a driver error means, however long after opening it is met (a damaged
 * SQLite page is only read when a query needs it, perhaps days into a `serve`).
 */
export function translatingErrors<S extends Store>(store: S, translate: (err: unknown) => unknown): S {
  return methodsTranslating(store, translate, new Set(['watchlists']));
}

function methodsTranslating<T extends object>(target: T, translate: (err: unknown) => unknown, nested = new Set<string | symbol>()): T {
  return new Proxy(target, {
    get(t, key) {
      const value: unknown = Reflect.get(t, key, t);
      if (nested.has(key) && value && typeof value === 'object') return methodsTranslating(value, translate);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        try {
          const result: unknown = value.apply(t, args);
          return result instanceof Promise ? result.catch((err: unknown) => Promise.reject(translate(err))) : result;
        } catch (err) {
          throw translate(err);
        }
      };
    },
  });
}

/**
 * Migrates a store just opened (the one open-and-migrate path of both adapters): when migration fails the
 * store is closed and the error is `migration_failed` naming `input` (the file, or the redacted URL), unless
 * it is a store error that already says more (a database that is not UTF8, an unreachable server).
 */
export async function migrated<S extends Store>(store: S, input: string): Promise<S> {
  try {
    await store.migrate();
  } catch (err) {
    await store.close();
    if (err instanceof StorylineError && err.code !== 'db_error') throw err;
    throw new StorylineError('store', 'migration_failed', `cannot migrate database: ${errorMessage(err)}`, { input, cause: err });
  }
  return store;
}
