// SQLite adapter of the Store interface, on better-sqlite3: one connection (connection.ts) shared by one
// repository module per concern (sources.ts, articles.ts, copies.ts, entities.ts, stories.ts,
// cluster-state.ts, briefs.ts, search.ts, reader.ts), composed into one Store by ../compose.ts. Multi-row
// writes run in one transaction each so a crash never leaves half an article or half a merge.
import { StorylineError } from '../../errors.ts';
import type { Article } from '../../types.ts';
import type { IngestRecord, Store } from '../store.ts';
import { composeStore, migrated, translatingErrors, type StoreCore } from '../compose.ts';
import { applyMigrations } from './migrations.ts';
import { checkBeforeReplay, damagedDatabaseError } from './damaged.ts';
import { retryWhileBusy } from '../retry.ts';
import { SqliteConnection, type SqliteStoreOptions } from './connection.ts';
import { SqliteSources } from './sources.ts';
import { SqliteArticles, insertArticle } from './articles.ts';
import { SqliteCopies, writeCopy } from './copies.ts';
import { SqliteEntities } from './entities.ts';
import { SqliteStories, writeStoryAssignment } from './stories.ts';
import { SqliteClusterState } from './cluster-state.ts';
import { SqliteBriefs } from './briefs.ts';
import { SqliteSearch } from './search.ts';
import { SqliteReader, SqliteTokens } from './reader.ts';
import { sqliteRunner } from './runner.ts';
import { WatchlistRepository } from '../repositories/watchlists.ts';

export type { SqliteStoreOptions } from './connection.ts';

export type SqliteStore = Store & { readonly path: string };

/** Opening, migration, the writer lock and the atomic commit of an ingested article across repositories. */
function sqliteCore(c: SqliteConnection, entities: SqliteEntities): StoreCore {
  return {
    // Two processes starting on a new database at once: the second waits, then finds the work done.
    migrate: async () => {
      await retryWhileBusy(() => applyMigrations(c.db));
    },
    close: () => c.close(),
    withWriterLock: (fn) => c.withWriterLock(fn),
    commitArticle: (rec: IngestRecord): Promise<Article | null> =>
      c.write(() => {
        const article = insertArticle(c, rec.article);
        if (!article) return null;
        writeCopy(c, article.id, rec.textKey, rec.copy);
        entities.writeAnnotation(article.id, rec.annotation);
        writeStoryAssignment(c, article.id, rec.storyId);
        return article;
      }),
  };
}

/** A SQLite store on the file at `path` (':memory:' for a private in-memory one), not yet migrated. */
export function sqliteStore(path: string, opts: SqliteStoreOptions = {}): SqliteStore {
  const c = new SqliteConnection(path, opts);
  const entities = new SqliteEntities(c);
  const store = composeStore(
    sqliteCore(c, entities),
    {
      sources: new SqliteSources(c),
      articles: new SqliteArticles(c),
      copies: new SqliteCopies(c),
      entities,
      stories: new SqliteStories(c),
      clusterState: new SqliteClusterState(c),
      briefs: new SqliteBriefs(c),
      search: new SqliteSearch(c),
      tokens: new SqliteTokens(c),
      reader: new SqliteReader(c),
      watchlists: new WatchlistRepository(sqliteRunner(c)),
    },
    { path },
  );
  return translatingErrors(store, (err) => damagedDatabaseError(err, path) ?? err);
}

/** Opens (creating if needed) and migrates a SQLite store. */
export async function openSqliteStore(path: string, opts: SqliteStoreOptions = {}): Promise<SqliteStore> {
  let store: SqliteStore;
  try {
    checkBeforeReplay(path);
    store = sqliteStore(path, opts);
  } catch (err) {
    throw damagedDatabaseError(err, path) ?? err;
  }
  try {
    return await migrated(store, path);
  } catch (err) {
    // A damaged page read while migrating comes back wrapped as migration_failed: say what it really is.
    const cause = err instanceof StorylineError && err.code === 'migration_failed' ? err.cause : err;
    throw damagedDatabaseError(cause, path) ?? err;
  }
}
