// Opens the store the configuration names: PostgreSQL when a database URL is configured
// (STORYLINE_DATABASE_URL), else the SQLite file in the data directory. The one place the CLI opens a store.
import type { Config } from '../config.ts';
import type { Store } from './store.ts';
import { openSqliteStore } from './sqlite/sqlite-store.ts';
import { openPostgresStore, redactDatabaseUrl } from './postgres/postgres-store.ts';
import { isPostgresUrl } from './postgres/connection.ts';

type StoreConfig = Pick<Config, 'dbPath'> & Partial<Pick<Config, 'databaseUrl'>>;

export function openStore(config: StoreConfig): Promise<Store> {
  if (isPostgresUrl(config.databaseUrl)) return openPostgresStore(config.databaseUrl.trim());
  return openSqliteStore(config.dbPath);
}

/** The database in use, for logs: the PostgreSQL URL with its password redacted, or the SQLite file. */
export function describeDatabase(config: StoreConfig): string {
  return isPostgresUrl(config.databaseUrl) ? redactDatabaseUrl(config.databaseUrl.trim()) : config.dbPath;
}
