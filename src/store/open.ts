// Opens the store the configuration names. SQLite is the only adapter today; a PostgreSQL adapter
// would be chosen here from the configuration.
import type { Config } from '../config.ts';
import type { Store } from './store.ts';
import { openSqliteStore } from './sqlite/sqlite-store.ts';

export function openStore(config: Pick<Config, 'dbPath'>): Promise<Store> {
  return openSqliteStore(config.dbPath);
}
