// One PostgreSQL pool (node-postgres) as every PostgreSQL repository uses it: reads that turn driver errors
// into store errors, transactions on one pooled client retried whole on serialisation failures and
// deadlocks, the writer lock across processes, and the query helpers and advisory lock keys the
// repositories share.
import { createHash } from 'node:crypto';
import pg from 'pg';
import type { PoolClient, QueryResultRow } from 'pg';
import { StorylineError, errorMessage } from '../../errors.ts';
import { retryWhileBusy } from '../retry.ts';
import { checkout, type Checkout } from './checkout.ts';

export interface PostgresStoreOptions {
  /** Connections in this process's pool. */
  poolSize?: number;
  /** How long to wait for a connection before reporting the database unreachable, in milliseconds. */
  connectTimeoutMs?: number;
  /** Shown in pg_stat_activity, to tell workers apart. */
  applicationName?: string;
}

/** Key of the advisory lock that serialises migrations across processes (any constant unlikely to clash). */
export const MIGRATION_LOCK = 0x5354_4f52_594c_494en; // "STORYLIN"
/** Held exclusively by a story merge and shared by story assignments, so an assignment never lands in a story being merged away. */
export const MERGE_LOCK = 0x5354_4f52_594d_5247n; // "STORYMRG"
/**
 * Key of the session advisory lock withWriterLock holds: ingest writers in every process take turns on it
 * for the catch-up, clustering and commit of one article (a lock space apart from the others').
 */
const WRITER_LOCK = 0x5354_4f52_5957_5254n; // "STORYWRT"

/** The URL with its password replaced, for messages and logs. */
export function redactDatabaseUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    const q = u.searchParams;
    if (q.has('password')) q.set('password', '***');
    return u.toString();
  } catch {
    return url.replace(/\/\/([^:/@]*):[^@/]*@/, '//$1:***@');
  }
}

/** Whether `url` names a PostgreSQL database (anything else in the database URL is a configuration error). */
export function isPostgresUrl(url: string | null | undefined): url is string {
  return !!url && /^postgres(ql)?:\/\//i.test(url.trim());
}

/**
 * PostgreSQL text cannot hold U+0000, which SQLite stores without complaint. It becomes U+FFFD, one UTF-16
 * unit like the character it replaces, so the annotation offsets into an article's text stay right.
 */
export function noNul(s: string): string;
export function noNul(s: string | null): string | null;
export function noNul(s: string | null): string | null {
  return s !== null && s.includes('\u0000') ? s.replaceAll('\u0000', '\uFFFD') : s;
}

/** Connection-level failures: the server is down, refuses us, or the database is not there. */
function isConnectionError(err: unknown): boolean {
  const e = err as { code?: string; message?: string };
  const code = typeof e?.code === 'string' ? e.code : '';
  if (['ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'ETIMEDOUT', 'ECONNRESET', 'EAI_AGAIN', 'EPIPE'].includes(code)) return true;
  // 08: connection exception; 28: invalid authorisation; 3D000: no such database; 57P0x: server shutting down.
  if (/^(08|28)/.test(code) || code === '3D000' || /^57P0[1-3]$/.test(code)) return true;
  const msg = typeof e?.message === 'string' ? e.message : '';
  return /timeout exceeded when trying to connect|Connection terminated|connect ECONNREFUSED/i.test(msg);
}

// ---- queries

export type Queryable = pg.Pool | PoolClient;

/** Statements are prepared once per connection under a name derived from their text. */
function statement(text: string, values: unknown[]): pg.QueryConfig {
  return { name: 'sl_' + createHash('sha1').update(text).digest('hex').slice(0, 16), text, values };
}

export async function all<T extends QueryResultRow>(db: Queryable, text: string, values: unknown[] = []): Promise<T[]> {
  return (await db.query<T>(statement(text, values))).rows;
}

export async function one<T extends QueryResultRow>(db: Queryable, text: string, values: unknown[] = []): Promise<T | undefined> {
  return (await db.query<T>(statement(text, values))).rows[0];
}

export async function exec(db: Queryable, text: string, values: unknown[] = []): Promise<number> {
  return (await db.query(statement(text, values))).rowCount ?? 0;
}

export class PgConnection {
  /** The database URL with the password redacted, for logs and messages. */
  readonly url: string;
  readonly pool: pg.Pool;
  private closed = false;

  constructor(url: string, opts: PostgresStoreOptions = {}) {
    this.url = redactDatabaseUrl(url);
    if (!isPostgresUrl(url)) {
      throw new StorylineError('store', 'bad_database_url', 'a PostgreSQL URL starts with postgres:// or postgresql://', { input: this.url });
    }
    try {
      new URL(url);
    } catch {
      throw new StorylineError('store', 'bad_database_url', 'the database URL cannot be parsed (a password with "@", ":" or "/" must be percent-encoded)', {
        input: this.url,
      });
    }
    this.pool = new pg.Pool({
      connectionString: url,
      max: opts.poolSize ?? 10,
      connectionTimeoutMillis: opts.connectTimeoutMs ?? 10_000,
      application_name: opts.applicationName ?? 'storyline',
    });
    // An idle connection the server drops (restart, idle timeout) is reported here; the pool discards it and
    // the next query opens a new one, so there is nothing to do but keep the process alive.
    this.pool.on('error', () => {});
  }

  /** Runs a read or a single statement, turning driver errors into store errors. */
  async read<T>(fn: (db: Queryable) => Promise<T>): Promise<T> {
    try {
      return await fn(this.pool);
    } catch (err) {
      throw this.storeError(err);
    }
  }

  /**
   * Runs `fn` in one transaction on one client: committed when it returns, rolled back when it throws.
   * `assigns`: the transaction files articles under stories, so it takes the shared side of the merge lock
   * with BEGIN, in the same round trip.
   */
  async tx<T>(fn: (c: PoolClient) => Promise<T>, opts: { assigns?: boolean } = {}): Promise<T> {
    // Serialisation failures and deadlocks retry the whole transaction with backoff (retry.ts): a fixed
    // four immediate attempts could all land in the same collision when several workers run.
    try {
      return await retryWhileBusy(() => this.txOnce(fn, opts));
    } catch (err) {
      throw this.storeError(err);
    }
  }

  private async txOnce<T>(fn: (c: PoolClient) => Promise<T>, opts: { assigns?: boolean }): Promise<T> {
    const held = await checkout(this.pool);
    const client = held.client;
    let broken: unknown = undefined;
    try {
      await client.query(opts.assigns ? `BEGIN; SELECT pg_advisory_xact_lock_shared(${MERGE_LOCK})` : 'BEGIN');
      const result = await fn(client);
      await client.query('COMMIT');
      return result;
    } catch (err) {
      try {
        await client.query('ROLLBACK');
      } catch (rollbackErr) {
        // A connection that cannot roll back is not handed to the next caller.
        broken = rollbackErr;
      }
      throw err;
    } finally {
      held.release(broken);
    }
  }

  /** Callers in this process queue here, so at most one pooled client waits on the writer lock at a time. */
  private writerQueue: Promise<unknown> = Promise.resolve();

  async withWriterLock<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.writerQueue.then(() => this.holdingWriterLock(fn));
    this.writerQueue = run.catch(() => undefined);
    return run;
  }

  private async holdingWriterLock<T>(fn: () => Promise<T>): Promise<T> {
    let held: Checkout;
    try {
      held = await checkout(this.pool);
    } catch (err) {
      throw this.storeError(err);
    }
    try {
      await held.client.query('SELECT pg_advisory_lock($1::bigint)', [WRITER_LOCK.toString()]);
    } catch (err) {
      held.release(err);
      throw this.storeError(err);
    }
    let broken: unknown = undefined;
    let result: T;
    try {
      result = await fn();
    } finally {
      try {
        await held.client.query('SELECT pg_advisory_unlock($1::bigint)', [WRITER_LOCK.toString()]);
      } catch (err) {
        // A session lock dies with its connection: dropping the client releases it.
        broken = err;
      }
      held.release(broken);
    }
    // The lock's connection dropped while fn ran: another writer may have taken the lock meanwhile, so what
    // fn did is reported as failed (the caller rebuilds what it holds in memory from the database).
    const lost = held.lost ?? broken;
    if (lost) throw this.storeError(lost);
    return result;
  }

  storeError(err: unknown, input?: string): Error {
    if (err instanceof StorylineError) return err;
    if (isConnectionError(err)) {
      return new StorylineError('store', 'db_unreachable', `cannot reach the database: ${errorMessage(err)}`, { input: this.url, cause: err });
    }
    const code = (err as { code?: string }).code;
    return new StorylineError('store', 'db_error', `database error${code ? ` ${code}` : ''}: ${errorMessage(err)}`, { input: input ?? this.url, cause: err });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool.end();
  }

  /**
   * Runs a write for one article, turning a broken foreign key into the store error it means: a missing
   * article is the caller's mistake (`unknown_article`); any other broken reference is a store fault.
   * `inserted`: the article row was written in this very transaction, so it exists.
   */
  async forArticle<T>(articleId: string, fn: () => Promise<T>, inserted = false): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      if ((err as { code?: string }).code !== '23503') throw err;
      // The transaction is aborted, so the question goes through the pool, on another connection.
      if (!inserted && (await one(this.pool, 'SELECT 1 FROM articles WHERE id = $1', [articleId])) === undefined) {
        throw new StorylineError('store', 'unknown_article', 'no such article', { input: articleId, cause: err });
      }
      // Only a missing article is the caller's mistake; any other broken reference (a canonical copy that
      // does not exist, a row removed concurrently) is a fault and must not be reported as one.
      const constraint = (err as { constraint?: string }).constraint ?? 'foreign key';
      throw new StorylineError('store', 'integrity', `a write for this article broke a reference (${constraint}): ${errorMessage(err)}`, {
        input: articleId,
        cause: err,
      });
    }
  }
}
