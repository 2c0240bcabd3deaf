// One SQLite connection (better-sqlite3) as every SQLite repository uses it: prepared statements cached by
// text, write transactions that take the write lock first and retry while another process holds it, and the
// writer lock across processes. The driver is synchronous; the repositories' methods are async only to fit
// the interface (a network database needs it).
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { Database as DB, Statement } from 'better-sqlite3';
import { StorylineError, errorMessage } from '../../errors.ts';
import { isBusyError, retryWhileBusy } from '../retry.ts';

export interface SqliteStoreOptions {
  /** Milliseconds one try of a write waits for a lock held by another connection (then it backs off and retries). */
  busyTimeoutMs?: number;
}

/**
 * Default busy timeout. SQLite's busy handler sleeps on the calling thread, which is the server's event loop
 * when `serve` ingests, so one try waits only this long; a longer wait is retried with async backoff
 * (retry.ts) up to its deadline. Longer than an article's commit (a few ms), so a collision rarely needs a retry.
 */
const SQLITE_BUSY_TIMEOUT_MS = 250;

/**
 * Page cache per connection, in KiB. Larger is slower here, not faster: at every commit SQLite drops the
 * cached pages numbered above the database's end, and this cache always holds one (page 262,145, the
 * lock-byte page at 4 KiB pages, seen with gdb), so each commit walks the whole cache's hash table. With
 * 64 MiB that walk was 28% of a commit's CPU at 40k stored articles, and commit CPU per article grew from
 * 1.9 ms at 10k to 3.1 ms at 100k as the cache filled (256 MiB: 2.2 → 7.2 ms). At 16 MiB (the driver's
 * default) the cache is full, and the walk short, from the first few thousand articles on: commit CPU held
 * at 1.6 ms/article from 10k to 100k, and lookups that miss it read the OS's file cache.
 */
const SQLITE_CACHE_KIB = 16 * 1024;
/**
 * WAL pages written before a checkpoint copies them into the database file (and syncs both). An article's
 * commit writes ~100 pages (the leaves of six indexes, its 32 band rows, an FTS segment), so the default
 * 1,000 meant a checkpoint every few articles; at 10,000 (~40 MiB of WAL) pages rewritten in between
 * (index interiors, FTS structure) are copied once, and commit CPU fell ~20%.
 */
const SQLITE_WAL_AUTOCHECKPOINT_PAGES = 10_000;

export class SqliteConnection {
  readonly path: string;
  readonly db: DB;
  private closed = false;
  /**
   * Prepared statements by SQL text. Compiling a statement costs about as much as running a simple one,
   * and ingest runs a dozen per article: preparing each time was ~7% of ingest CPU.
   */
  private readonly statements = new Map<string, Statement>();
  private readonly busyTimeoutMs: number;
  /** withWriterLock callers of this connection, one after another (the lock is a transaction on it). */
  private writerQueue: Promise<unknown> = Promise.resolve();
  /** Called when a write failed and rolled back: caches of what this connection wrote drop what never landed. */
  private readonly rollbackListeners: (() => void)[] = [];

  constructor(path: string, opts: SqliteStoreOptions = {}) {
    this.path = path;
    this.busyTimeoutMs = opts.busyTimeoutMs ?? SQLITE_BUSY_TIMEOUT_MS;
    try {
      if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
      this.db = new Database(path);
    } catch (err) {
      throw new StorylineError('store', 'open_failed', `cannot open database: ${errorMessage(err)}`, { input: path, cause: err });
    }
    // Set first: two processes opening a new database at once both switch it to WAL.
    this.db.pragma(`busy_timeout = ${this.busyTimeoutMs}`);
    if (path !== ':memory:') this.retryOpenStep(() => this.db.pragma('journal_mode = WAL'));
    this.db.pragma('foreign_keys = ON');
    // WAL + NORMAL stays consistent after a crash; only the last transactions before a power cut may be lost.
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma(`cache_size = -${SQLITE_CACHE_KIB}`);
    if (path !== ':memory:') this.db.pragma(`wal_autocheckpoint = ${SQLITE_WAL_AUTOCHECKPOINT_PAGES}`);
  }

  q(sql: string): Statement {
    let s = this.statements.get(sql);
    if (!s) {
      s = this.db.prepare(sql);
      this.statements.set(sql, s);
    }
    return s;
  }

  /** A step of opening that another process may hold the database for; the constructor cannot await, so it waits synchronously. */
  private retryOpenStep(step: () => void): void {
    const deadline = Date.now() + 30 * this.busyTimeoutMs;
    for (;;) {
      try {
        return step();
      } catch (err) {
        if (!isBusyError(err) || Date.now() > deadline) throw err;
      }
    }
  }

  /**
   * A write transaction: BEGIN IMMEDIATE takes the write lock before the first read, so the busy handler
   * waits for it. A deferred transaction that reads first and then writes fails at once with "database is
   * locked" when another connection committed meanwhile (SQLITE_BUSY_SNAPSHOT: waiting could not help it):
   * that was how two imports lost articles. Busy past the timeout, the whole transaction is retried with
   * backoff. Inside withWriterLock it is a savepoint of the transaction holding the lock. When it fails for
   * good (rolled back), the rollback listeners run.
   */
  async write<T>(fn: () => T): Promise<T> {
    try {
      return await retryWhileBusy(() => this.db.transaction(fn).immediate());
    } catch (err) {
      this.rolledBack();
      throw err;
    }
  }

  onRollback(listener: () => void): void {
    this.rollbackListeners.push(listener);
  }

  private rolledBack(): void {
    for (const l of this.rollbackListeners) l();
  }

  async withWriterLock<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.writerQueue.then(() => this.holdingWriteLock(fn));
    this.writerQueue = run.catch(() => undefined);
    return run;
  }

  private async holdingWriteLock<T>(fn: () => Promise<T>): Promise<T> {
    if (this.db.inTransaction) throw new StorylineError('store', 'nested_lock', 'withWriterLock called inside a transaction');
    await retryWhileBusy(() => this.db.exec('BEGIN IMMEDIATE'));
    let result: T;
    try {
      result = await fn();
    } catch (err) {
      // The writes inside were units of their own (savepoints): those that completed are kept, as they
      // would be without the lock.
      this.endLocked();
      throw err;
    }
    this.endLocked();
    return result;
  }

  private endLocked(): void {
    // An I/O error can have rolled the transaction back already.
    if (!this.db.inTransaction) return;
    try {
      this.db.exec('COMMIT');
    } catch (err) {
      this.rolledBack();
      if (this.db.inTransaction) this.db.exec('ROLLBACK');
      throw err;
    }
  }

  /**
   * Runs a write for one article, turning a broken foreign key into the store error it means: a missing
   * article is the caller's mistake (`unknown_article`); any other broken reference is a store bug and must
   * not be reported as one (`integrity`).
   */
  async forArticle(articleId: string, fn: () => Promise<void>): Promise<void> {
    try {
      await fn();
    } catch (err) {
      if ((err as { code?: string }).code === 'SQLITE_CONSTRAINT_FOREIGNKEY') {
        const exists = this.q('SELECT 1 FROM articles WHERE id = ?').get(articleId) !== undefined;
        if (!exists) throw new StorylineError('store', 'unknown_article', 'no such article', { input: articleId, cause: err });
        throw new StorylineError('store', 'integrity', `a write for this article broke a reference: ${errorMessage(err)}`, { input: articleId, cause: err });
      }
      throw err;
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.db.close();
  }
}
