// `storyline serve`: the web server over the configured database. On first start (empty database) the
// demo corpus is imported in the background while the server already answers.
import type { Command } from 'commander';
import { loadConfig } from '../../config.ts';
import { createLogger } from '../../log.ts';
import { describeDatabase, openStore } from '../../store/open.ts';
import { StorylineError, errorMessage } from '../../errors.ts';
import { startServer } from '../../server/app.ts';
import { bootstrapIfEmpty, type ImportProgress } from '../../pipeline/bootstrap.ts';
import { DEMO_ATTRIBUTION_HTML } from '../../pipeline/corpus.ts';
import { startScheduler } from '../../pipeline/scheduler.ts';
import { startDeliverer } from '../../pipeline/watch/webhooks.ts';
import { defaultStages } from '../../pipeline/stages.ts';
import { parseJobs } from '../../pipeline/pool.ts';
import { flushIngest, ingestorFor } from '../../pipeline/ingest.ts';

export function register(program: Command): void {
  program
    .command('serve')
    .description('run the web server (imports the demo corpus on first start)')
    .option('--port <n>', 'port to listen on (default: $PORT or 8080)')
    .option('--host <host>', 'interface to listen on', '127.0.0.1')
    .option('--no-demo', 'do not import the demo corpus into an empty database')
    .option('--no-poll', 'do not poll feed sources in the background (also STORYLINE_POLL=0)')
    .option('--jobs <n>', 'threads for annotation and briefs of what serve imports (default: one per core)')
    .action(async (o: { port?: string; host: string; demo: boolean; poll: boolean; jobs?: string }) => {
      const jobs = parseJobs(o.jobs);
      const config = loadConfig(o.port === undefined ? process.env : { ...process.env, PORT: o.port });
      const log = createLogger(config.logLevel);
      const store = await openStore(config);
      // One ingestor per store, created with the first stages it is given: registering the writer's here,
      // before the poller or the demo import can ask, makes every brief of this process go through it.
      const stages = defaultStages({ writer: config.writer, log, jobs });
      ingestorFor(store, stages);
      if (config.writer)
        log.info({ stage: 'brief', writer: config.writer.model, url: config.writer.url }, 'briefs are rewritten by a writer model (grounding-checked)');
      const progress: ImportProgress = { importing: false, imported: 0, total: 0 };
      let server;
      try {
        server = await startServer({
          store,
          port: config.port,
          host: o.host,
          log,
          attributionHtml: DEMO_ATTRIBUTION_HTML,
          status: () => ({ ...progress }),
        });
      } catch (err) {
        await store.close();
        throw err instanceof StorylineError ? err : new StorylineError('server', 'start_failed', String(err), { cause: err });
      }
      log.info({ database: describeDatabase(config), port: server.port }, 'storyline is running');
      // Started before the demo import: the ingest pipeline serialises the two, and with no sources the poller only looks once a minute.
      const poller =
        o.poll && process.env.STORYLINE_POLL !== '0'
          ? startScheduler(store, { log, allowPrivate: process.env.STORYLINE_ALLOW_PRIVATE === '1', ingest: { stages } })
          : null;
      // Webhook calls the match scan queued (here, in an import, or by a worker) go out from the server process.
      const deliverer = startDeliverer(store, { log, allowPrivate: process.env.STORYLINE_ALLOW_PRIVATE === '1' });
      if (o.demo) await bootstrapIfEmpty(store, log, { progress, stages });

      let stopping = false;
      const stop = async (signal: string) => {
        if (stopping) return;
        stopping = true;
        log.info({ signal }, 'shutting down');
        // The import yields between articles and each article commits in one transaction, so closing
        // here can only lose the article in flight, never leave half of one.
        await server.close().catch(() => undefined);
        await poller?.stop().catch(() => undefined);
        await deliverer.stop().catch(() => undefined);
        // The clusterer state is saved every few thousand articles; saving the rest now spares the next start
        // a replay. Bounded: it waits for the batch in flight, and a replay recovers whatever it misses.
        await Promise.race([flushIngest(store), new Promise((r) => setTimeout(r, 10_000).unref())]).catch((err) =>
          log.warn({ err: errorMessage(err) }, 'cluster state not saved at shutdown; it is replayed on next start'),
        );
        await store.close().catch(() => undefined);
        process.exit(0);
      };
      process.once('SIGINT', () => void stop('SIGINT'));
      process.once('SIGTERM', () => void stop('SIGTERM'));
    });
}
