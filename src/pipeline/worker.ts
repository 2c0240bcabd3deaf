// `storyline worker` on PostgreSQL: processes that share the ingest pipeline through the job queue
// (store/postgres/jobs.ts), in roles that may run in separate processes or together:
//   process: validate and annotate an input (the costly part), hand it on as a cluster job;
//   cluster: the one leader (advisory lock) folds copies, clusters and commits, in enqueue order;
//   brief:   rebuild the brief of a story that changed.
// Every write is idempotent, so a job done twice (its worker died after the write, before marking it
// done) changes nothing: a process job re-adds a cluster job that exists already, a cluster job finds its
// article stored and counts a duplicate, a brief job finds the brief unchanged.
import type { Logger } from 'pino';
import type { Annotation } from '../types.ts';
import type { Store } from '../store/store.ts';
import type { Job, JobKind, JobQueue } from '../store/postgres/jobs.ts';
import { StorylineError, errorMessage } from '../errors.ts';
import { Ingestor, checkAnnotation, isRefusedInput, labelOf, rebuildBrief, validateInput, type IngestInput } from './ingest.ts';
import type { Stages } from './stages.ts';

export type WorkerRole = 'process' | 'cluster' | 'brief';
export const WORKER_ROLES: WorkerRole[] = ['process', 'cluster', 'brief'];

export interface WorkerOptions {
  roles: WorkerRole[];
  stages: Stages;
  log?: Logger;
  /** Cluster jobs the leader takes at once (one clusterer pass, one state-save check). */
  clusterBatch?: number;
  /** How often an idle worker looks for work again, ms. */
  pollMs?: number;
  /** Stop once no job is pending or running (bench, tests, one-off loads). */
  exitWhenIdle?: boolean;
  signal?: AbortSignal;
  /** Test hook: a job with this key is taken and then held (heartbeats go on) until the process is killed. */
  holdKey?: string;
}

export const CLUSTER_BATCH = 64;
/** Idle poll: short enough that a queue fed by an import starts at once, long enough to cost nothing. */
export const WORKER_POLL_MS = 250;

interface ClusterPayload {
  input: IngestInput;
  annotation: Annotation;
}

export interface WorkerSummary {
  processed: number;
  clustered: number;
  briefs: number;
  failed: number;
}

export async function runWorker(store: Store, queue: JobQueue, o: WorkerOptions): Promise<WorkerSummary> {
  const log = o.log;
  const summary: WorkerSummary = { processed: 0, clustered: 0, briefs: 0, failed: 0 };
  const held = new Set<number>();
  // Leases are renewed at a third of their length: two heartbeats may be lost before another worker takes over.
  const beat = setInterval(
    () => {
      queue.heartbeat([...held]).catch((err) => log?.warn({ err: errorMessage(err) }, 'heartbeat failed'));
    },
    Math.max(50, Math.floor(queue.leaseMs / 3)),
  );
  beat.unref();
  const parallel = Math.max(1, o.stages.parallelism ?? 1);
  const hold = async (job: Job) => {
    if (o.holdKey && job.key === o.holdKey) {
      process.stderr.write(`storyline worker: holding ${job.kind} job ${job.key}\n`);
      await new Promise(() => {});
    }
  };
  // A job whose input can never succeed (malformed, over a limit, refused by a stage) is dead at once: its
  // retries would only fail the same way, and a cluster job that waits on them holds back every later one.
  const failJob = async (job: Job, err: unknown, permanent = isRefusedInput(err)) => {
    summary.failed++;
    const outcome = await queue.fail(job, errorMessage(err), permanent);
    log?.warn({ job: job.id, kind: job.kind, key: job.key, attempts: job.attempts, outcome, err: errorMessage(err) }, 'job failed');
  };
  const taking = async (kind: JobKind, limit: number, run: (jobs: Job[]) => Promise<void>): Promise<number> => {
    const jobs = await queue.claim(kind, limit);
    for (const j of jobs) held.add(j.id);
    try {
      if (jobs.length) await run(jobs);
    } finally {
      for (const j of jobs) held.delete(j.id);
    }
    return jobs.length;
  };

  const processJobs = () =>
    taking('process', parallel * 2, async (jobs) => {
      await Promise.all(
        jobs.map(async (job) => {
          await hold(job);
          const input = job.payload as IngestInput;
          try {
            const label = labelOf(input, 0);
            const article = validateInput(input, label);
            const annotation = await o.stages.annotate({ id: article.id!, title: article.title, text: article.text, published: article.published });
            checkAnnotation(annotation, label);
            const payload: ClusterPayload = { input, annotation };
            await queue.complete(job, { kind: 'cluster', jobs: [{ key: job.key, payload, seq: job.id }] });
            summary.processed++;
          } catch (err) {
            await failJob(job, err);
          }
        }),
      );
    });

  // The leader's clusterer lives as long as its leadership; its state is saved in the database (cluster_state)
  // with the watermark of what it has seen, so the next leader resumes from it and replays the rest.
  const annotations = new Map<string, Annotation>();
  const leaderStages: Stages = {
    ...o.stages,
    annotate: (doc) => {
      const a = annotations.get(doc.id);
      if (!a) throw new StorylineError('store', 'no_annotation', 'cluster job without its annotation', { input: doc.id });
      return a;
    },
  };
  let ingestor = null as Ingestor | null;
  let term = -1;
  const clusterJobs = async (): Promise<number> => {
    if (!(await queue.tryLead())) {
      if (ingestor) log?.warn({ worker: queue.worker }, 'cluster leadership lost; no longer clustering');
      ingestor = null;
      return 0;
    }
    // Leading again after a loss: another leader may have clustered meanwhile, so the clusterer is loaded
    // afresh from the saved state and the articles stored since.
    if (queue.leaderTerm !== term) {
      ingestor = null;
      term = queue.leaderTerm;
      log?.info({ worker: queue.worker, term }, 'cluster leader');
    }
    ingestor ??= new Ingestor(store, leaderStages, { log });
    const ing = ingestor;
    return taking('cluster', o.clusterBatch ?? CLUSTER_BATCH, async (jobs) => {
      for (const job of jobs) await hold(job);
      annotations.clear();
      const inputs: IngestInput[] = jobs.map((job) => {
        const p = job.payload as ClusterPayload;
        annotations.set(job.key, p.annotation);
        return { ...p.input, label: job.key };
      });
      const r = await ing.ingest(inputs, { briefs: false, log });
      annotations.clear();
      const failed = new Map(r.errors.filter((e) => e.kind !== 'state').map((e) => [e.input, e]));
      for (const job of jobs) {
        const e = failed.get(job.key);
        if (e) {
          await failJob(job, new StorylineError('store', e.code ?? 'ingest_failed', e.error, { input: job.key }), e.kind === 'input');
          continue;
        }
        // The brief of its story is enqueued with the job's completion: a job retaken after a crash finds
        // its article stored (a duplicate) and still makes sure the brief is written.
        const story = await store.storyOf(job.key);
        const live = story ? await store.resolveStory(story) : null;
        await queue.complete(job, live ? { kind: 'brief', jobs: [{ key: live, payload: { story: live } }] } : undefined);
        summary.clustered++;
      }
    });
  };

  const briefJobs = () =>
    taking('brief', parallel * 2, async (jobs) => {
      await Promise.all(
        jobs.map(async (job) => {
          await hold(job);
          try {
            const live = await store.resolveStory(job.key);
            if (live) await rebuildBrief(store, live, o.stages);
            await queue.complete(job, live && live !== job.key ? { kind: 'brief', jobs: [{ key: live, payload: { story: live } }] } : undefined);
            summary.briefs++;
          } catch (err) {
            await failJob(job, err);
          }
        }),
      );
    });

  const upstream: Record<WorkerRole, JobKind[]> = { process: ['process'], cluster: ['process', 'cluster'], brief: ['process', 'cluster', 'brief'] };
  const watch = [...new Set(o.roles.flatMap((r) => upstream[r]))];
  try {
    while (!o.signal?.aborted) {
      let did = 0;
      try {
        if (o.roles.includes('process')) did += await processJobs();
        if (o.roles.includes('cluster')) did += await clusterJobs();
        if (o.roles.includes('brief')) did += await briefJobs();
      } catch (err) {
        // The database went away (restart, network): wait and go on; leases cover what was in hand.
        log?.warn({ err: errorMessage(err) }, 'worker round failed; retrying');
      }
      if (did > 0) continue;
      if (o.exitWhenIdle && (await queue.idle(watch).catch(() => false))) break;
      await new Promise<void>((r) => {
        const t = setTimeout(r, o.pollMs ?? WORKER_POLL_MS);
        o.signal?.addEventListener('abort', () => (clearTimeout(t), r()), { once: true });
      });
    }
  } finally {
    clearInterval(beat);
    await ingestor?.flush().catch((err: unknown) => log?.warn({ err: errorMessage(err) }, 'cluster state not saved'));
  }
  return summary;
}
