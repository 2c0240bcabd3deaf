// A server over a large seeded store, run as a child process so a load generator in the parent measures
// the server's latency, not its own. Used by `npm run bench -- server`: fork it with `--import tsx`,
// pass LoadServerData as the first message, get LoadServerReady back; any later message closes it.
import { startServer } from '../app.ts';
import { largeStore } from './large.ts';
import { openSqliteStore } from '../../store/sqlite/sqlite-store.ts';

export interface LoadServerData {
  /** Articles of the recycled store seeded in memory (src/server/testdata/large.ts); unused with dbPath. */
  articles: number;
  /** Serve this SQLite file instead (a store generated beforehand, e.g. by bench/server-world.ts). */
  dbPath?: string;
  readCacheMs: number;
  /** Costly requests run at once; null turns the gate off (how the server ran before it). */
  costlyConcurrency: number | null;
}

export interface LoadServerReady {
  port: number;
  storyIds: string[];
  articleIds: string[];
}

if (process.send) {
  process.once('message', async (data: LoadServerData) => {
    const { store, storyIds, articleIds } = data.dbPath
      ? { store: await openSqliteStore(data.dbPath), storyIds: [], articleIds: [] }
      : await largeStore(data.articles);
    const srv = await startServer({
      store,
      port: 0,
      readCacheMs: data.readCacheMs,
      costly: { concurrency: data.costlyConcurrency === null ? Infinity : data.costlyConcurrency, maxQueue: 10_000 },
      // A load generator on loopback is one client sending thousands a second: the API rate limit would
      // answer most of it with 429, and the bench measures the server's latency, not the limiter.
      apiLimiter: null,
    });
    process.send!({ port: srv.port, storyIds, articleIds } satisfies LoadServerReady);
    process.once('message', async () => {
      await srv.close();
      await store.close();
      process.exit(0);
    });
  });
}
