// `storyline worker` and `storyline queue`: worker processes sharing the pipeline through PostgreSQL's job
// queue (see src/pipeline/worker.ts), and the queue's counts. Both need STORYLINE_DATABASE_URL: SQLite has
// one machine, where `import --jobs N` uses its cores instead.
import type { Command } from 'commander';
import { hostname } from 'node:os';
import { loadConfig } from '../../config.ts';
import { createLogger } from '../../log.ts';
import { openStore } from '../../store/open.ts';
import { openJobQueue, DEFAULT_LEASE_MS, DEFAULT_MAX_ATTEMPTS, type JobQueueOptions } from '../../store/postgres/jobs.ts';
import { StorylineError, errorMessage } from '../../errors.ts';
import { defaultStages } from '../../pipeline/stages.ts';
import { parseJobs } from '../../pipeline/pool.ts';
import { WORKER_ROLES, runWorker, type WorkerRole } from '../../pipeline/worker.ts';
import { writeLine } from '../io.ts';

function databaseUrl(): string {
  const url = loadConfig().databaseUrl;
  if (!url) throw new StorylineError('cli', 'needs_postgres', 'workers share work through PostgreSQL: set STORYLINE_DATABASE_URL');
  return url;
}

function positive(name: string, v: string | undefined, fallback: number): number {
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new StorylineError('cli', 'bad_option', `${name} must be a whole number of at least 1`, { input: v });
  return n;
}

export function queueOptions(o: { leaseMs?: string; maxAttempts?: string }): JobQueueOptions {
  return {
    worker: `${hostname()}:${process.pid}`,
    leaseMs: positive('--lease-ms', o.leaseMs, DEFAULT_LEASE_MS),
    maxAttempts: positive('--max-attempts', o.maxAttempts, DEFAULT_MAX_ATTEMPTS),
  };
}

export function register(program: Command): void {
  program
    .command('worker')
    .description('work through the PostgreSQL job queue (roles: process, cluster, brief; all by default)')
    .option('--roles <list>', 'comma-separated roles this process takes', WORKER_ROLES.join(','))
    .option('--jobs <n>', 'threads for annotation and briefs (default: one per core)')
    .option('--lease-ms <n>', `how long a taken job stays this worker's without a heartbeat (default ${DEFAULT_LEASE_MS})`)
    .option('--max-attempts <n>', `tries before a job is dead (default ${DEFAULT_MAX_ATTEMPTS})`)
    .option('--exit-when-idle', 'stop once no job is pending or running')
    .action(async (o: { roles: string; jobs?: string; leaseMs?: string; maxAttempts?: string; exitWhenIdle?: boolean }) => {
      const roles = o.roles
        .split(',')
        .map((r) => r.trim())
        .filter(Boolean) as WorkerRole[];
      const bad = roles.filter((r) => !WORKER_ROLES.includes(r));
      if (bad.length || roles.length === 0) throw new StorylineError('cli', 'bad_option', `--roles takes ${WORKER_ROLES.join(', ')}`, { input: o.roles });
      const jobs = parseJobs(o.jobs);
      const config = loadConfig();
      const log = createLogger(config.logLevel);
      const url = databaseUrl();
      const store = await openStore(config);
      const queue = openJobQueue(url, queueOptions(o));
      const stop = new AbortController();
      process.once('SIGINT', () => stop.abort());
      process.once('SIGTERM', () => stop.abort());
      try {
        log.info({ roles, jobs, worker: queue.worker }, 'worker started');
        const summary = await runWorker(store, queue, {
          roles,
          stages: defaultStages({ writer: config.writer, log, jobs }),
          log,
          exitWhenIdle: o.exitWhenIdle,
          signal: stop.signal,
          holdKey: process.env.STORYLINE_WORKER_TEST_HOLD || undefined,
        });
        log.info(summary, 'worker stopped');
      } finally {
        await queue.close();
        await store.close().catch((err: unknown) => log.warn({ err: errorMessage(err) }, 'store not closed cleanly'));
      }
    });

  program
    .command('queue')
    .description('jobs on the PostgreSQL queue by kind: pending, running, done, dead (and the last dead ones)')
    .option('--json', 'print one JSON object')
    .action(async (o: { json?: boolean }) => {
      const url = databaseUrl();
      // Opening the store migrates a new database, so `queue` on it shows zeros instead of failing.
      const store = await openStore(loadConfig());
      await store.close();
      const queue = openJobQueue(url);
      try {
        const counts = await queue.counts();
        const dead = await queue.dead(10);
        if (o.json) writeLine({ counts, dead });
        else {
          process.stdout.write('kind     pending  running     done     dead\n');
          for (const c of counts) {
            process.stdout.write(`${c.kind.padEnd(7)} ${[c.pending, c.running, c.done, c.dead].map((n) => String(n).padStart(8)).join(' ')}\n`);
          }
          for (const d of dead) process.stdout.write(`dead ${d.kind} ${d.key} after ${d.attempts} tries: ${d.error ?? ''}\n`);
        }
      } finally {
        await queue.close();
      }
    });
}
