// PostgreSQL adapter of the Store interface, on node-postgres (pg.Pool), for installs that run several
// worker processes against one database: one pool (connection.ts) shared by one repository module per
// concern (sources.ts, articles.ts, copies.ts, entities.ts, stories.ts, cluster-state.ts, briefs.ts,
// search.ts, reader.ts), composed into one Store by ../compose.ts. It answers exactly as the SQLite adapter
// does (the shared contract test pins that); what differs is what a shared server needs:
// - no in-process state that another process could make stale: the entity-name index SQLite keeps in
//   memory is loaded here per annotation, only for the keys (words, acronyms) the annotation can match;
// - multi-statement writes run in one transaction on one pooled client, rolled back on any error;
// - articlesSince's sequence is numbered in commit order (see article_order in migrations.ts), so a reader
//   resuming from a watermark never skips an article another worker committed late;
// - concurrent inserts of the same row settle through ON CONFLICT instead of failing, story merges
//   exclude concurrent assignments with an advisory lock, and brief versions are numbered under a row
//   lock on their story;
// - deadlocks and serialisation failures, which concurrency makes possible, are retried.
import { StorylineError } from '../../errors.ts';
import type { Article } from '../../types.ts';
import type { IngestRecord, Store } from '../store.ts';
import { composeStore, migrated, type StoreCore } from '../compose.ts';
import { PG_MIGRATIONS, type PgMigration } from './migrations.ts';
import { MIGRATION_LOCK, PgConnection, type PostgresStoreOptions } from './connection.ts';
import { PgSources } from './sources.ts';
import { PgArticles, insertArticle } from './articles.ts';
import { PgCopies, writeCopy } from './copies.ts';
import { PgEntities, writeAnnotation } from './entities.ts';
import { PgStories, writeStoryAssignment } from './stories.ts';
import { countArticleDay } from './story-stats.ts';
import { PgClusterState } from './cluster-state.ts';
import { PgBriefs } from './briefs.ts';
import { PgSearch } from './search.ts';
import { PgReader, PgTokens } from './reader.ts';
import { pgRunner } from './runner.ts';
import { WatchlistRepository } from '../repositories/watchlists.ts';

export type { PostgresStoreOptions } from './connection.ts';
export { redactDatabaseUrl } from './connection.ts';
export { entityNameKeys } from './entities.ts';
export { snippetOf } from './search.ts';

export type PostgresStore = Store & {
  /** The database URL with the password redacted, for logs and messages. */
  readonly url: string;
};

/** Migration, the writer lock and the atomic commit of an ingested article across repositories. */
function pgCore(c: PgConnection): StoreCore {
  return {
    migrate: async () => {
      await applyPgMigrations(c);
    },
    close: () => c.close(),
    withWriterLock: (fn) => c.withWriterLock(fn),
    commitArticle: (rec: IngestRecord): Promise<Article | null> =>
      c.tx(
        async (tx) => {
          const article = await insertArticle(tx, rec.article);
          if (!article) return null;
          await c.forArticle(
            article.id,
            async () => {
              await writeCopy(tx, article.id, rec.textKey, rec.copy, true);
              await writeAnnotation(tx, article.id, rec.annotation, article.text, true);
              await writeStoryAssignment(tx, article.id, rec.storyId);
            },
            true,
          );
          await countArticleDay(tx, article.published, article.fetched);
          return article;
        },
        { assigns: true },
      ),
  };
}

/** A PostgreSQL store on the database at `url`, not yet connected or migrated. */
export function postgresStore(url: string, opts: PostgresStoreOptions = {}): PostgresStore {
  const c = new PgConnection(url, opts);
  return composeStore(
    pgCore(c),
    {
      sources: new PgSources(c),
      articles: new PgArticles(c),
      copies: new PgCopies(c),
      entities: new PgEntities(c),
      stories: new PgStories(c),
      clusterState: new PgClusterState(c),
      briefs: new PgBriefs(c),
      search: new PgSearch(c),
      tokens: new PgTokens(c),
      reader: new PgReader(c),
      watchlists: new WatchlistRepository(pgRunner(c)),
    },
    { url: c.url },
  );
}

/**
 * Applies every migration not yet recorded, all in one transaction under an advisory lock: processes that
 * start together queue on the lock, and the later ones find the work done. Returns the versions applied.
 */
export async function applyPgMigrations(conn: PgConnection, migrations: PgMigration[] = PG_MIGRATIONS): Promise<number[]> {
  return conn.tx(async (c) => {
    await c.query('SELECT pg_advisory_xact_lock($1::bigint)', [MIGRATION_LOCK.toString()]);
    const enc = (await c.query<{ server_encoding: string }>('SHOW server_encoding')).rows[0].server_encoding;
    if (enc.toUpperCase() !== 'UTF8') {
      throw new StorylineError(
        'store',
        'bad_database',
        `the database must use UTF8 encoding, not ${enc} (CREATE DATABASE … ENCODING 'UTF8' TEMPLATE template0)`,
        {
          input: conn.url,
        },
      );
    }
    await c.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version integer PRIMARY KEY, name text NOT NULL, applied_at text NOT NULL)`);
    const done = new Set((await c.query<{ version: number }>('SELECT version FROM schema_migrations')).rows.map((r) => r.version));
    const applied: number[] = [];
    for (const m of [...migrations].sort((a, b) => a.version - b.version)) {
      if (done.has(m.version)) continue;
      await c.query(m.sql);
      await m.fill?.(c);
      await c.query('INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)', [m.version, m.name, new Date().toISOString()]);
      applied.push(m.version);
    }
    return applied;
  });
}

/** Connects to (and migrates) a PostgreSQL store. Errors name the URL with its password redacted. */
export async function openPostgresStore(url: string, opts: PostgresStoreOptions = {}): Promise<PostgresStore> {
  const store = postgresStore(url, opts);
  return migrated(store, store.url);
}
