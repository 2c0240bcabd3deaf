// The job queue worker processes share on PostgreSQL (table `jobs`, migration 3). A job is taken with
// FOR UPDATE SKIP LOCKED, so workers never wait on each other's rows, under a lease the holder renews
// (heartbeat); a job whose lease ran out is taken again by whoever asks next, so a worker killed mid-job
// delays its job by one lease, no more. A failed job is retried with exponential backoff and put in the
// dead state after `maxAttempts`. (kind, key) is unique: enqueueing the same work twice adds no row.
// Every time is the server's now(), so the workers' own clocks never matter.
import pg from 'pg';
import { StorylineError, errorMessage } from '../../errors.ts';
import { redactDatabaseUrl } from './postgres-store.ts';
import { checkout } from './checkout.ts';

/** process: an input to validate and annotate; cluster: an annotated article for the leader; brief: a story. */
export type JobKind = 'process' | 'cluster' | 'brief';
export const JOB_KINDS: JobKind[] = ['process', 'cluster', 'brief'];
export type JobState = 'pending' | 'running' | 'done' | 'dead';

export interface Job {
  id: number;
  kind: JobKind;
  key: string;
  payload: unknown;
  /** Tries so far, this one included. */
  attempts: number;
  /** Order the cluster leader follows: the id of the process job the article came from. */
  seq: number | null;
}

export interface NewJob {
  key: string;
  payload: unknown;
  seq?: number | null;
}

export interface JobQueueOptions {
  /** Worker name written on the jobs it holds (for `storyline queue` and the leases). */
  worker?: string;
  /** How long a taken job stays this worker's without a heartbeat (default 30 s). */
  leaseMs?: number;
  /** Tries before a job is dead (default 5). */
  maxAttempts?: number;
  /** First retry delay; doubled per try up to maxBackoffMs (defaults 1 s and 5 min). */
  backoffMs?: number;
  maxBackoffMs?: number;
}

export const DEFAULT_LEASE_MS = 30_000;
export const DEFAULT_MAX_ATTEMPTS = 5;
export const DEFAULT_BACKOFF_MS = 1_000;
export const DEFAULT_MAX_BACKOFF_MS = 5 * 60_000;

/** Key of the session advisory lock the cluster leader holds ("STORYLDR"); released when its session ends. */
const LEADER_LOCK = 0x5354_4f52_594c_4452n;

export interface QueueCounts {
  kind: JobKind;
  pending: number;
  running: number;
  done: number;
  dead: number;
}

interface JobRow {
  id: string;
  kind: JobKind;
  key: string;
  payload: unknown;
  attempts: number;
  seq: string | null;
}

const toJob = (r: JobRow): Job => ({
  id: Number(r.id),
  kind: r.kind,
  key: r.key,
  payload: r.payload,
  attempts: r.attempts,
  seq: r.seq === null ? null : Number(r.seq),
});

/** Brief jobs are re-armed when their story changes again, even one running now: its brief may predate the change. */
const REARM = `ON CONFLICT (kind, key) DO UPDATE SET state = 'pending', attempts = 0, run_after = now(), last_error = NULL, updated_at = now()
  WHERE jobs.state <> 'pending'`;

export class JobQueue {
  readonly worker: string;
  readonly leaseMs: number;
  readonly maxAttempts: number;
  private readonly backoffMs: number;
  private readonly maxBackoffMs: number;
  private readonly pool: pg.Pool;
  private readonly url: string;
  private readonly connectionString: string;
  private leader: pg.Client | null = null;
  private term = 0;

  constructor(url: string, opts: JobQueueOptions = {}) {
    this.url = redactDatabaseUrl(url);
    this.connectionString = url;
    this.worker = opts.worker ?? `pid-${process.pid}`;
    this.leaseMs = opts.leaseMs ?? DEFAULT_LEASE_MS;
    this.maxAttempts = opts.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
    this.backoffMs = opts.backoffMs ?? DEFAULT_BACKOFF_MS;
    this.maxBackoffMs = opts.maxBackoffMs ?? DEFAULT_MAX_BACKOFF_MS;
    this.pool = new pg.Pool({ connectionString: url, max: 4, application_name: `storyline-jobs ${this.worker}` });
    // A connection the server dropped (restart) is discarded by the pool; the next query opens a new one.
    this.pool.on('error', () => {});
  }

  private async q<R extends pg.QueryResultRow>(sql: string, params: unknown[] = []): Promise<pg.QueryResult<R>> {
    try {
      return await this.pool.query<R>(sql, params);
    } catch (err) {
      throw new StorylineError('store', 'db_error', `job queue: ${errorMessage(err)}`, { input: this.url, cause: err });
    }
  }

  /** Adds jobs; those whose (kind, key) exists already are left as they are. Returns how many were added. */
  async enqueue(kind: JobKind, jobs: NewJob[]): Promise<number> {
    let added = 0;
    // One statement per chunk: a file of 100k articles is not one 100k-row statement.
    for (let i = 0; i < jobs.length; i += ENQUEUE_CHUNK) {
      const chunk = jobs.slice(i, i + ENQUEUE_CHUNK);
      const r = await this.q(
        `INSERT INTO jobs (kind, key, payload, seq)
         SELECT $1, k, p, s FROM unnest($2::text[], $3::jsonb[], $4::bigint[]) AS t(k, p, s)
         ${kind === 'brief' ? REARM : 'ON CONFLICT (kind, key) DO NOTHING'}`,
        [kind, chunk.map((j) => j.key), chunk.map((j) => JSON.stringify(j.payload)), chunk.map((j) => j.seq ?? null)],
      );
      added += r.rowCount ?? 0;
    }
    return added;
  }

  /**
   * Takes up to `limit` jobs of these kinds, oldest first: pending ones that are due, and running ones whose
   * lease ran out (their worker died or lost its connection). Jobs out of tries are put in the dead state
   * first. Cluster jobs are taken only below the oldest unfinished process job, so the leader clusters
   * articles in the order they were enqueued, as one process would, whichever worker annotated them first;
   * and only below a cluster job waiting out its backoff or still held under a live lease by another worker
   * (a leader that lost its lock, or died, and whose lease has not run out): a new leader never clusters
   * past the articles its predecessor had in hand.
   */
  async claim(kind: JobKind, limit: number): Promise<Job[]> {
    await this.q(
      `UPDATE jobs SET state = 'dead', last_error = coalesce(last_error || '; ', '') || 'lease ran out on the last try', updated_at = now()
       WHERE kind = $1 AND state = 'running' AND lease_until < now() AND attempts >= $2`,
      [kind, this.maxAttempts],
    );
    const r = await this.q<JobRow>(
      `WITH c AS (
         SELECT id FROM jobs
         WHERE kind = $1 AND ((state = 'pending' AND run_after <= now()) OR (state = 'running' AND lease_until < now()))
           AND ($1 <> 'cluster' OR (seq < coalesce((SELECT min(id) FROM jobs WHERE kind = 'process' AND state IN ('pending', 'running')), 9223372036854775807)
             AND seq < coalesce((SELECT min(h.seq) FROM jobs h WHERE h.kind = 'cluster'
               AND ((h.state = 'pending' AND h.run_after > now()) OR (h.state = 'running' AND h.lease_until >= now() AND h.worker <> $4))), 9223372036854775807)))
         ORDER BY coalesce(seq, id) LIMIT $2 FOR UPDATE SKIP LOCKED)
       UPDATE jobs j SET state = 'running', attempts = j.attempts + 1, lease_until = now() + $3 * interval '1 millisecond', worker = $4, updated_at = now()
       FROM c WHERE j.id = c.id
       RETURNING j.id, j.kind, j.key, j.payload, j.attempts, j.seq`,
      [kind, limit, this.leaseMs, this.worker],
    );
    return r.rows.map(toJob).sort((a, b) => (a.seq ?? a.id) - (b.seq ?? b.id));
  }

  /** Renews the leases of jobs this worker still holds. */
  async heartbeat(ids: number[]): Promise<void> {
    if (!ids.length) return;
    await this.q(`UPDATE jobs SET lease_until = now() + $2 * interval '1 millisecond' WHERE id = ANY($1::bigint[]) AND state = 'running' AND worker = $3`, [
      ids,
      this.leaseMs,
      this.worker,
    ]);
  }

  /**
   * Marks a job done and enqueues what follows from it in the same transaction, so a crash leaves either
   * both or neither. A job another worker took over meanwhile (this one's lease ran out) is left to it.
   */
  async complete(job: Job, next?: { kind: JobKind; jobs: NewJob[] }): Promise<void> {
    const held = await checkout(this.pool).catch((err: unknown) => {
      throw new StorylineError('store', 'db_unreachable', `job queue: ${errorMessage(err)}`, { input: this.url, cause: err });
    });
    const c = held.client;
    let broken: unknown = undefined;
    try {
      await c.query('BEGIN');
      const r = await c.query(
        `UPDATE jobs SET state = 'done', lease_until = NULL, last_error = NULL, updated_at = now() WHERE id = $1 AND state = 'running' AND worker = $2`,
        [job.id, this.worker],
      );
      if (r.rowCount && next?.jobs.length) {
        await c.query(
          `INSERT INTO jobs (kind, key, payload, seq)
           SELECT $1, k, p, s FROM unnest($2::text[], $3::jsonb[], $4::bigint[]) AS t(k, p, s)
           ${next.kind === 'brief' ? REARM : 'ON CONFLICT (kind, key) DO NOTHING'}`,
          [next.kind, next.jobs.map((j) => j.key), next.jobs.map((j) => JSON.stringify(j.payload)), next.jobs.map((j) => j.seq ?? null)],
        );
      }
      await c.query('COMMIT');
    } catch (err) {
      await c.query('ROLLBACK').catch((rollbackErr: unknown) => {
        broken = rollbackErr;
      });
      throw new StorylineError('store', 'db_error', `job queue: ${errorMessage(err)}`, { input: this.url, cause: err });
    } finally {
      held.release(broken);
    }
  }

  /**
   * Gives a job back after a failure: pending again after a backoff that doubles per try, or dead once out
   * of tries, or at once when `permanent` (the input itself is bad and would fail the same way again).
   */
  async fail(job: Job, error: string, permanent = false): Promise<'retry' | 'dead'> {
    const dead = permanent || job.attempts >= this.maxAttempts;
    const delay = Math.min(this.maxBackoffMs, this.backoffMs * 2 ** Math.max(0, job.attempts - 1));
    await this.q(
      `UPDATE jobs SET state = $2, run_after = now() + $3 * interval '1 millisecond', lease_until = NULL, last_error = $4, updated_at = now()
       WHERE id = $1 AND state = 'running' AND worker = $5`,
      [job.id, dead ? 'dead' : 'pending', delay, error.slice(0, MAX_ERROR_CHARS), this.worker],
    );
    return dead ? 'dead' : 'retry';
  }

  async counts(): Promise<QueueCounts[]> {
    const r = await this.q<{ kind: JobKind; state: JobState; n: string }>(`SELECT kind, state, count(*) AS n FROM jobs GROUP BY kind, state`);
    return JOB_KINDS.map((kind) => {
      const row: QueueCounts = { kind, pending: 0, running: 0, done: 0, dead: 0 };
      for (const x of r.rows) if (x.kind === kind) row[x.state] = Number(x.n);
      return row;
    });
  }

  /** Dead jobs with their last error, newest first. */
  async dead(limit = 20): Promise<{ kind: JobKind; key: string; attempts: number; error: string | null }[]> {
    const r = await this.q<{ kind: JobKind; key: string; attempts: number; last_error: string | null }>(
      `SELECT kind, key, attempts, last_error FROM jobs WHERE state = 'dead' ORDER BY updated_at DESC, id DESC LIMIT $1`,
      [limit],
    );
    return r.rows.map((x) => ({ kind: x.kind, key: x.key, attempts: x.attempts, error: x.last_error }));
  }

  /** Whether no job of these kinds is pending or running (a running one may belong to a dead worker: it counts until retaken). */
  async idle(kinds: JobKind[]): Promise<boolean> {
    const r = await this.q<{ n: string }>(`SELECT count(*) AS n FROM jobs WHERE kind = ANY($1::text[]) AND state IN ('pending', 'running')`, [kinds]);
    return Number(r.rows[0].n) === 0;
  }

  /**
   * Tries to become the cluster leader: a session advisory lock on a connection of its own, held until
   * released or until the session ends (the process died, the connection dropped), when the next worker
   * that tries takes over. True while this worker holds it. A leader asks its own session each time
   * whether it still holds the lock, and stops leading at once when it does not (the connection dropped or
   * was terminated, or the answer did not come within a lease): the 'error' event alone may come late, or
   * never when the network is cut, and a second leader clustering beside it would split stories.
   * `leaderTerm` counts the times this worker became leader, so its caller knows to rebuild what it kept
   * in memory from the database (another leader may have clustered in between).
   */
  async tryLead(): Promise<boolean> {
    if (this.leader) {
      const held = await this.stillLeading(this.leader);
      if (held) return true;
      this.dropLeader();
    }
    const c = new pg.Client({ connectionString: this.connectionString, application_name: `storyline-leader ${this.worker}`, query_timeout: this.leaseMs });
    // A dropped connection ends the leadership: the lock went with the session, another worker may hold it now.
    c.on('error', () => {
      if (this.leader === c) this.leader = null;
    });
    c.on('end', () => {
      if (this.leader === c) this.leader = null;
    });
    try {
      await c.connect();
      const r = await c.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1::bigint) AS ok', [LEADER_LOCK.toString()]);
      if (r.rows[0].ok) {
        this.leader = c;
        this.term++;
        return true;
      }
    } catch {
      // Unreachable: not the leader this round; the next round tries again.
    }
    await c.end().catch(() => undefined);
    return false;
  }

  private async stillLeading(c: pg.Client): Promise<boolean> {
    try {
      const r = await c.query<{ held: boolean }>(
        `SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid() AND granted
           AND classid = $1::bigint::oid AND objid = $2::bigint::oid AND objsubid = 1) AS held`,
        [(LEADER_LOCK >> 32n).toString(), (LEADER_LOCK & 0xffff_ffffn).toString()],
      );
      return this.leader === c && r.rows[0].held;
    } catch {
      return false;
    }
  }

  private dropLeader(): void {
    const l = this.leader;
    this.leader = null;
    // Ending the session releases the lock if the server still counts it ours.
    l?.end().catch(() => undefined);
  }

  /** Gives up the leadership (the lock is released with the session). */
  resign(): void {
    this.dropLeader();
  }

  get leading(): boolean {
    return this.leader !== null;
  }

  /** How many times this queue became leader; changes whenever leadership was lost and taken again. */
  get leaderTerm(): number {
    return this.term;
  }

  async close(): Promise<void> {
    const l = this.leader;
    this.leader = null;
    await l?.end().catch(() => undefined);
    await this.pool.end().catch(() => undefined);
  }
}

/** Rows per INSERT when enqueueing. */
const ENQUEUE_CHUNK = 1_000;
/** Longest error text kept on a job. */
const MAX_ERROR_CHARS = 2_000;

export function openJobQueue(url: string, opts: JobQueueOptions = {}): JobQueue {
  return new JobQueue(url, opts);
}
