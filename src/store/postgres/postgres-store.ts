// PostgreSQL adapter of the Store interface, on node-postgres (pg.Pool), for installs that run several
// worker processes against one database. It answers exactly as the SQLite adapter does (the shared contract
// test pins that); what differs is what a shared server needs:
// - no in-process state that another process could make stale: the entity-name index SQLite keeps in
//   memory is loaded here per annotation, only for the keys (words, acronyms) the annotation can match;
// - multi-statement writes run in one transaction on one pooled client, rolled back on any error;
// - articlesSince's sequence is numbered in commit order (see article_order in migrations.ts), so a reader
//   resuming from a watermark never skips an article another worker committed late;
// - concurrent inserts of the same row settle through ON CONFLICT instead of failing, story merges
//   exclude concurrent assignments with an advisory lock, and brief versions are numbered under a row
//   lock on their story;
// - deadlocks and serialisation failures, which concurrency makes possible, are retried.
import { createHash } from 'node:crypto';
import { deserialize } from 'node:v8';
import pg from 'pg';
import type { PoolClient, QueryResultRow } from 'pg';
import { StorylineError, errorMessage } from '../../errors.ts';
import type { Annotation, Article, Brief, Quote, StoredBrief, StorySummary, EntityType } from '../../types.ts';
import type {
  CopyInfo,
  EntityRecord,
  IngestRecord,
  NewArticle,
  SearchHit,
  SequencedArticle,
  SourceRecord,
  Store,
  StoryRecord,
  TokenRecord,
  ReaderFilter,
  ReaderItem,
  ReaderState,
  ReaderStoryItem,
} from '../store.ts';
import { READER_STORY_ITEM_BASE } from '../store.ts';
import { SET_STATE_SQL, markReaderReadSql, numbered, readerArticlesSql, readerItemsSql, readerUnreadCountsSql, setStateParams, toReaderItem, type ReaderItemRow } from '../reader-sql.ts';
import { deriveSourceId } from '../ids.ts';
import { rankStories, type StoryAggregate } from '../ranking.ts';
import { briefSearchText, ftsQuery } from '../text.ts';
import { decodeAnnotation, encodeAnnotation } from '../annotation-codec.ts';
import { acronymOf, addToIndex, cleanName, longerForm, type KnownEntity } from '../../nlp/resolve.ts';
import { planAnnotationEntities, type EntityPlan } from '../entity-plan.ts';
import { PG_MIGRATIONS, type PgMigration } from './migrations.ts';
import { retryWhileBusy } from '../retry.ts';
import { SOURCE_COLUMNS, bytesToSignature, checkedArticleId, serializeClusterState, signatureToBytes, toArticle, toQuote, toStoryRecord, toSource, type ArticleRow, type QuoteRow, type SourceRow } from '../rows.ts';

export interface PostgresStoreOptions {
  /** Connections in this process's pool. */
  poolSize?: number;
  /** How long to wait for a connection before reporting the database unreachable, in milliseconds. */
  connectTimeoutMs?: number;
  /** Shown in pg_stat_activity, to tell workers apart. */
  applicationName?: string;
}

/** Key of the advisory lock that serialises migrations across processes (any constant unlikely to clash). */
const MIGRATION_LOCK = 0x5354_4f52_594c_494en; // "STORYLIN"
/** Held exclusively by a story merge and shared by story assignments, so an assignment never lands in a story being merged away. */
const MERGE_LOCK = 0x5354_4f52_594d_5247n; // "STORYMRG"
/**
 * Class of the per-name-key advisory locks (the two-int form, a lock space apart from MERGE_LOCK's). A writer
 * locks every name key before it reads the names filed under it and every key it files a new entity under, and
 * holds them to commit: two workers storing "Kovac" and "Ivana Kovac" at once then take turns, and the second
 * resolves its name against what the first stored, as one writer would. Without them each planned against names
 * read before the other committed, and "Kovac" stayed an entity of its own beside "Ivana Kovac".
 */
const NAME_LOCK_CLASS = 0x534c_4e4b; // "SLNK"
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

function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//i.test(url.trim());
}

// The generated search vector is never read back: naming the columns keeps it off the wire.
const ARTICLE_COLUMNS = 'id, url, canonical_url, title, text, published, fetched, lang, byline, source_id, source_name, partial, partial_reason';
const ARTICLE_COLUMNS_A = ARTICLE_COLUMNS.split(', ').map((c) => `a.${c}`).join(', ');

/**
 * PostgreSQL text cannot hold U+0000, which SQLite stores without complaint. It becomes U+FFFD, one UTF-16
 * unit like the character it replaces, so the annotation offsets into an article's text stay right.
 */
function noNul(s: string): string;
function noNul(s: string | null): string | null;
function noNul(s: string | null): string | null {
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

/** Characters of a hit's text searched for its snippet; a longer text's snippet comes from its start. */
const SNIPPET_SCAN_CHARS = 20_000;
const SNIPPET_WORDS = 16;

/** Lower-cased without diacritics, like storyline_fold() and the index's lower-casing. */
const foldWord = (w: string) => (/[^\x00-\x7f]/.test(w) ? w.normalize('NFD').replace(/\p{M}+/gu, '').toLowerCase() : w.toLowerCase());

/**
 * The shape of FTS5's snippet(): up to 16 words around the densest run of query words, with "…" where the
 * text was cut. Cut here rather than with ts_headline, which re-parsed each whole article (10 ms of a
 * 13 ms search over 20 hits) and, reading unfolded text, missed "région" for "region".
 */
export function snippetOf(text: string, terms: string[]): string {
  const tokens = [...text.matchAll(/[\p{L}\p{N}]+/gu)];
  if (!tokens.length) return '';
  const want = new Set(terms.map(foldWord));
  // Each token folded once; the query word it matches, or null.
  const matched = tokens.map((t) => {
    const f = foldWord(t[0]);
    return want.has(f) ? f : null;
  });
  let best = 0;
  let bestScore = 0;
  for (let i = 0; i < tokens.length; i++) {
    if (matched[i] === null) continue;
    // A window opening a couple of words before a match, so the match is read in context.
    const start = Math.max(0, Math.min(i - 2, tokens.length - SNIPPET_WORDS));
    const seen = new Set<string>();
    for (let k = start; k < Math.min(tokens.length, start + SNIPPET_WORDS); k++) if (matched[k] !== null) seen.add(matched[k]!);
    if (seen.size > bestScore) {
      bestScore = seen.size;
      best = start;
      if (bestScore === want.size) break;
    }
  }
  const end = Math.min(tokens.length, best + SNIPPET_WORDS);
  const from = best === 0 ? 0 : tokens[best].index!;
  const to = end === tokens.length ? text.length : tokens[end - 1].index! + tokens[end - 1][0].length;
  return (best > 0 ? '…' : '') + text.slice(from, to).trim() + (end < tokens.length ? '…' : '');
}

// ---- entity names: what the name index needs, loaded from the database by key

/**
 * The keys nlp/resolve.ts files a canonical under in its NameIndex (lower-cased words, and a NUL-prefixed
 * acronym for non-people); stored per entity so that only the names sharing a key are loaded. A test checks
 * these against nameIndex() so the two cannot drift apart silently.
 */
export function entityNameKeys(canonical: string, type: EntityType): string[] {
  const name = cleanName(canonical);
  const keys = name.split(/\s+/).filter(Boolean).map((w) => w.toLowerCase());
  if (type !== 'PERSON') {
    const acr = acronymOf(name);
    if (acr.length >= 2) keys.push('\u0000' + acr);
  }
  return [...new Set(keys)];
}

// PostgreSQL text has no NUL; the index's acronym marker is stored as U+0001, which no word begins with.
const toDbKey = (k: string) => (k.startsWith('\u0000') ? '\u0001' + k.slice(1) : k);

/**
 * A NameIndex whose lists are loaded from the database on demand. Reads of keys not loaded yet are noted,
 * so a dry run of the resolution shows which keys to load before the real run.
 */
class LoadedNames extends Map<string, KnownEntity[]> {
  readonly loaded = new Set<string>();
  missing = new Set<string>();
  private quiet = false;

  override get(key: string): KnownEntity[] | undefined {
    if (!this.quiet && !this.loaded.has(key)) this.missing.add(key);
    return super.get(key);
  }

  /** A copy to dry-run on: the resolution edits the index it works on. Lists are never mutated in place. */
  copy(): LoadedNames {
    const c = new LoadedNames(this);
    for (const k of this.loaded) c.loaded.add(k);
    return c;
  }

  /** Loads the names filed under `keys`; `lock` (writers, inside a transaction) takes the keys' name locks first. */
  async load(db: Queryable, keys: Iterable<string>, lock = false): Promise<boolean> {
    const want = [...new Set(keys)].filter((k) => !this.loaded.has(k));
    if (!want.length) return false;
    if (lock) await lockNameKeys(db, want);
    const rows = await all<{ canonical: string; type: EntityType }>(
      db,
      'SELECT canonical, type FROM entities WHERE id IN (SELECT entity_id FROM entity_keys WHERE key = ANY($1::text[]))',
      [want.map(toDbKey)],
    );
    this.quiet = true;
    try {
      for (const r of rows) addToIndex({ byKey: this }, r);
    } finally {
      this.quiet = false;
    }
    for (const k of want) this.loaded.add(k);
    return true;
  }
}

/**
 * Takes the name locks of `keys` (see NAME_LOCK_CLASS) until the transaction ends. In hash order, so two writers
 * wanting overlapping keys in one call queue instead of deadlocking; a deadlock across calls is 40P01, retried.
 */
async function lockNameKeys(db: Queryable, keys: string[]): Promise<void> {
  await exec(
    db,
    `SELECT pg_advisory_xact_lock(${NAME_LOCK_CLASS}, h)
     FROM (SELECT DISTINCT hashtext(k) AS h FROM unnest($1::text[]) AS k ORDER BY 1) AS s`,
    [keys.map(toDbKey)],
  );
}

/** Keys longerForm() reads for a name, before following a chain. */
function lookupKeys(name: string): string[] {
  const clean = cleanName(name);
  const w = clean.split(/\s+/).filter(Boolean);
  if (!w.length) return [];
  return [w.at(-1)!.toLowerCase(), w[0].toLowerCase(), '\u0000' + clean.replace(/\./g, '')];
}

/** Lower-cases ASCII only, as lower() does under COLLATE "C" (and SQLite's NOCASE). */
const asciiLower = (s: string) => s.replace(/[A-Z]+/g, (m) => m.toLowerCase());

/** Whether the loaded names hold `canonical`: a dry run's answer to "is it stored?", read from the index. */
function loadedHas(names: LoadedNames, canonical: string): boolean {
  const lower = canonical.toLowerCase();
  const first = entityNameKeys(canonical, 'MISC')[0];
  return first !== undefined && (names.get(first) ?? []).some((e) => e.canonical.toLowerCase() === lower);
}

type EntityIds = Map<string, { id: string; created: boolean }>;

/**
 * A row of this annotation referring to an entity that is gone: another transaction folded it away (deleted
 * it) after this one read it. A serialisation failure in effect, so it is reported as one (SQLSTATE 40001)
 * and the transaction retried, planning again on the names as they are now.
 */
function retryIfNamesChanged(err: unknown): unknown {
  const e = err as { code?: string; constraint?: string };
  if (e.code !== '23503' || !/_entity_id_fkey$/.test(e.constraint ?? '')) return err;
  return Object.assign(new Error(`an entity this annotation uses was removed meanwhile: ${errorMessage(err)}`, { cause: err }), { code: '40001' });
}

// ---- queries

type Queryable = pg.Pool | PoolClient;

/** Statements are prepared once per connection under a name derived from their text. */
function statement(text: string, values: unknown[]): pg.QueryConfig {
  return { name: 'sl_' + createHash('sha1').update(text).digest('hex').slice(0, 16), text, values };
}

async function all<T extends QueryResultRow>(db: Queryable, text: string, values: unknown[] = []): Promise<T[]> {
  return (await db.query<T>(statement(text, values))).rows;
}

async function one<T extends QueryResultRow>(db: Queryable, text: string, values: unknown[] = []): Promise<T | undefined> {
  return (await db.query<T>(statement(text, values))).rows[0];
}

async function exec(db: Queryable, text: string, values: unknown[] = []): Promise<number> {
  return (await db.query(statement(text, values))).rowCount ?? 0;
}

export class PostgresStore implements Store {
  /** The database URL with the password redacted, for logs and messages. */
  readonly url: string;
  private readonly pool: pg.Pool;
  private closed = false;

  constructor(url: string, opts: PostgresStoreOptions = {}) {
    this.url = redactDatabaseUrl(url);
    if (!isPostgresUrl(url)) {
      throw new StorylineError('store', 'bad_database_url', 'a PostgreSQL URL starts with postgres:// or postgresql://', { input: this.url });
    }
    try {
      new URL(url);
    } catch {
      throw new StorylineError('store', 'bad_database_url', 'the database URL cannot be parsed (a password with "@", ":" or "/" must be percent-encoded)', { input: this.url });
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
  private async read<T>(fn: (db: Queryable) => Promise<T>): Promise<T> {
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
  private async tx<T>(fn: (c: PoolClient) => Promise<T>, opts: { assigns?: boolean } = {}): Promise<T> {
    // Serialisation failures and deadlocks retry the whole transaction with backoff (retry.ts): a fixed
    // four immediate attempts could all land in the same collision when several workers run.
    try {
      return await retryWhileBusy(() => this.txOnce(fn, opts));
    } catch (err) {
      throw this.storeError(err);
    }
  }

  private async txOnce<T>(fn: (c: PoolClient) => Promise<T>, opts: { assigns?: boolean }): Promise<T> {
    const client = await this.pool.connect();
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
      client.release(broken === undefined ? undefined : (broken as Error));
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
    let client: PoolClient;
    try {
      client = await this.pool.connect();
    } catch (err) {
      throw this.storeError(err);
    }
    try {
      await client.query('SELECT pg_advisory_lock($1::bigint)', [WRITER_LOCK.toString()]);
    } catch (err) {
      client.release(err as Error);
      throw this.storeError(err);
    }
    let broken: unknown = undefined;
    try {
      return await fn();
    } finally {
      try {
        await client.query('SELECT pg_advisory_unlock($1::bigint)', [WRITER_LOCK.toString()]);
      } catch (err) {
        // A session lock dies with its connection: dropping the client releases it.
        broken = err;
      }
      client.release(broken === undefined ? undefined : (broken as Error));
    }
  }

  private storeError(err: unknown, input?: string): Error {
    if (err instanceof StorylineError) return err;
    if (isConnectionError(err)) {
      return new StorylineError('store', 'db_unreachable', `cannot reach the database: ${errorMessage(err)}`, { input: this.url, cause: err });
    }
    const code = (err as { code?: string }).code;
    return new StorylineError('store', 'db_error', `database error${code ? ` ${code}` : ''}: ${errorMessage(err)}`, { input: input ?? this.url, cause: err });
  }

  async migrate(): Promise<void> {
    await applyPgMigrations(this);
  }

  /** For applyPgMigrations: a transaction on this store's pool. */
  async transaction<T>(fn: (c: PoolClient) => Promise<T>): Promise<T> {
    return this.tx(fn);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool.end();
  }

  // ---- sources

  async upsertSource(src: Partial<SourceRecord> & { url: string; kind: SourceRecord['kind'] }): Promise<SourceRecord> {
    const url = src.url.trim();
    if (!url) throw new StorylineError('store', 'bad_source', 'source URL is empty');
    return this.tx(async (c) => {
      // Two processes adding the same feed at once: the loser's insert does nothing and it goes round again
      // to find the winner's row.
      for (let round = 0; ; round++) {
        let existing = await one<SourceRow>(c, 'SELECT * FROM sources WHERE url = $1 FOR UPDATE', [url]);
        if (!existing && src.id) {
          // A known id with a new URL is a move (a feed's permanent redirect): the id, and with it the
          // articles and health, stay; only the address changes.
          existing = await one<SourceRow>(c, 'SELECT * FROM sources WHERE id = $1 FOR UPDATE', [src.id]);
          if (existing) await exec(c, 'UPDATE sources SET url = $1 WHERE id = $2', [url, existing.id]);
        }
        let id = existing?.id ?? src.id ?? deriveSourceId(url);
        if (!existing) {
          // The derived id may belong to a source that has since moved away from this URL.
          for (let n = 2; !src.id && (await one(c, 'SELECT 1 FROM sources WHERE id = $1', [id])); n++) id = deriveSourceId(`${url}#${n}`);
          const inserted = await exec(c, 'INSERT INTO sources (id, url, kind, created_at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING', [
            id,
            url,
            src.kind,
            src.createdAt ?? new Date().toISOString(),
          ]);
          if (!inserted) {
            if (round < 3) continue;
            throw new StorylineError('store', 'bad_source', 'source id or URL is taken by a concurrent write', { input: url });
          }
        }
        const { id: _id, url: _url, createdAt: _c, ...patch } = src;
        if (existing) patch.kind = src.kind;
        await this.patchSource(c, id, patch);
        return toSource((await one<SourceRow>(c, 'SELECT * FROM sources WHERE id = $1', [id]))!);
      }
    });
  }

  private async patchSource(db: Queryable, id: string, patch: Partial<SourceRecord>): Promise<number> {
    const sets: string[] = [];
    const values: unknown[] = [];
    for (const [key, value] of Object.entries(patch)) {
      const col = SOURCE_COLUMNS[key];
      if (!col || value === undefined) continue;
      values.push(typeof value === 'string' ? noNul(value) : value);
      sets.push(`${col} = $${values.length}`);
    }
    if (!sets.length) return -1;
    values.push(id);
    return exec(db, `UPDATE sources SET ${sets.join(', ')} WHERE id = $${values.length}`, values);
  }

  async listSources(): Promise<SourceRecord[]> {
    return this.read(async (db) => (await all<SourceRow>(db, 'SELECT * FROM sources ORDER BY created_at, id')).map(toSource));
  }

  async getSource(id: string): Promise<SourceRecord | null> {
    return this.read(async (db) => {
      const r = await one<SourceRow>(db, 'SELECT * FROM sources WHERE id = $1', [id]);
      return r ? toSource(r) : null;
    });
  }

  async updateSourceHealth(id: string, patch: Partial<Omit<SourceRecord, 'id' | 'url' | 'createdAt'>>): Promise<void> {
    await this.read(async (db) => {
      // One statement: the row count says whether the source exists (an empty patch has to ask).
      const changed = await this.patchSource(db, id, patch);
      if (changed === 0 || (changed === -1 && !(await one(db, 'SELECT 1 FROM sources WHERE id = $1', [id])))) {
        throw new StorylineError('store', 'unknown_source', 'no such source', { input: id });
      }
    });
  }

  async removeSource(id: string): Promise<boolean> {
    return this.read(async (db) => (await exec(db, 'DELETE FROM sources WHERE id = $1', [id])) > 0);
  }

  // ---- articles

  /** Inserts the article row; null when the id exists. Returns the stored article. */
  private async insertArticle(c: PoolClient, a: NewArticle): Promise<Article | null> {
    const id = checkedArticleId(a);
    const row: ArticleRow = {
      id,
      url: noNul(a.url ?? null),
      canonical_url: noNul(a.canonicalUrl ?? a.url ?? null),
      title: noNul(a.title),
      text: noNul(a.text),
      published: noNul(a.published ?? null),
      fetched: a.fetched ?? new Date().toISOString(),
      lang: noNul(a.lang ?? null),
      byline: noNul(a.byline ?? null),
      source_id: a.sourceId ?? null,
      source_name: noNul(a.source ?? null),
      partial: a.partial === true,
      partial_reason: a.partial === true && typeof a.partialReason === 'string' ? noNul(a.partialReason) : null,
    };
    // One statement: ON CONFLICT makes an existing id (or a concurrent insert of it, which is waited for) a
    // no-op that reads as "already exists" (and checks no source, as SQLite answers null first); the foreign
    // key check locks the source row until commit, so a concurrent removal cannot orphan the reference.
    let inserted: { source_name: string | null } | undefined;
    try {
      inserted = await one<{ source_name: string | null }>(
        c,
        `INSERT INTO articles (${ARTICLE_COLUMNS})
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, COALESCE($11, (SELECT title FROM sources WHERE id = $10)), $12, $13)
         ON CONFLICT (id) DO NOTHING RETURNING source_name`,
        [row.id, row.url, row.canonical_url, row.title, row.text, row.published, row.fetched, row.lang, row.byline, row.source_id, row.source_name, row.partial, row.partial_reason],
      );
    } catch (err) {
      const e = err as { code?: string; constraint?: string };
      if (e.code === '23503' && e.constraint === 'articles_source_id_fkey') {
        throw new StorylineError('store', 'unknown_source', `article refers to unknown source ${a.sourceId}`, { input: id, cause: err });
      }
      throw err;
    }
    return inserted ? toArticle({ ...row, source_name: inserted.source_name }) : null;
  }

  async addArticle(a: NewArticle): Promise<Article | null> {
    return this.tx((c) => this.insertArticle(c, a));
  }

  async getArticle(id: string): Promise<Article | null> {
    return this.read(async (db) => {
      const r = await one<ArticleRow>(db, `SELECT ${ARTICLE_COLUMNS} FROM articles WHERE id = $1`, [id]);
      return r ? toArticle(r) : null;
    });
  }

  async getArticles(ids: string[]): Promise<Article[]> {
    if (!ids.length) return [];
    return this.read(async (db) => {
      const rows = await all<ArticleRow>(db, `SELECT ${ARTICLE_COLUMNS} FROM articles WHERE id = ANY($1::text[])`, [ids]);
      const byId = new Map(rows.map((r) => [r.id, r]));
      // The caller's order (and repeats), as the SQLite adapter returns them.
      return ids.flatMap((id) => {
        const r = byId.get(id);
        return r ? [toArticle(r)] : [];
      });
    });
  }

  async countArticles(): Promise<number> {
    return this.read(async (db) => Number((await one<{ n: string }>(db, 'SELECT COUNT(*) AS n FROM articles'))!.n));
  }

  async articlesSince(seq: number, limit: number): Promise<SequencedArticle[]> {
    return this.read(async (db) => {
      const rows = await all<ArticleRow & { seq: string; copy_canonical: string | null; assigned_story: string | null }>(
        db,
        `SELECT o.seq, ${ARTICLE_COLUMNS_A}, c.canonical_id AS copy_canonical, sa.story_id AS assigned_story
         FROM article_order o JOIN articles a ON a.id = o.article_id
         LEFT JOIN copies c ON c.article_id = a.id LEFT JOIN story_articles sa ON sa.article_id = a.id
         WHERE o.seq > $1 ORDER BY o.seq LIMIT $2`,
        [Math.floor(seq), Math.max(0, Math.floor(limit))],
      );
      return rows.map((r) => ({ seq: Number(r.seq), article: toArticle(r), canonicalId: r.copy_canonical, storyId: r.assigned_story }));
    });
  }

  async latestArticleSeq(): Promise<number> {
    return this.read(async (db) => Number((await one<{ n: string }>(db, 'SELECT COALESCE(MAX(seq), 0) AS n FROM article_order'))!.n));
  }

  async commitArticle(rec: IngestRecord): Promise<Article | null> {
    return this.tx(
      async (c) => {
        const article = await this.insertArticle(c, rec.article);
        if (!article) return null;
        await this.wrapForeignKey(
          article.id,
          async () => {
            await this.writeCopy(c, article.id, rec.textKey, rec.copy, true);
            await this.writeAnnotation(c, article.id, rec.annotation, article.text, true);
            await this.writeStoryAssignment(c, article.id, rec.storyId);
          },
          true,
        );
        return article;
      },
      { assigns: true },
    );
  }

  // ---- copies

  async findCopyCandidates(bands: string[]): Promise<{ articleId: string; signature: Uint32Array }[]> {
    if (bands.length === 0) return [];
    return this.read(async (db) => {
      const rows = await all<{ article_id: string; signature: Buffer }>(
        db,
        `SELECT c.article_id, c.signature FROM copies c
         WHERE c.article_id IN (SELECT b.article_id FROM copy_bands b WHERE b.band = ANY($1::text[])) ORDER BY c.seq`,
        [[...new Set(bands)]],
      );
      return rows.map((r) => ({ articleId: r.article_id, signature: bytesToSignature(r.signature) }));
    });
  }

  async findExactCopy(textKey: string): Promise<string | null> {
    return this.read(async (db) => {
      const r = await one<{ canonical_id: string }>(db, 'SELECT canonical_id FROM copies WHERE text_key = $1 ORDER BY seq LIMIT 1', [textKey]);
      return r?.canonical_id ?? null;
    });
  }

  /** `fresh`: the article row was inserted in this transaction, so it has no copy rows to replace. */
  private async writeCopy(c: PoolClient, articleId: string, textKey: string, info: CopyInfo, fresh: boolean): Promise<void> {
    // A canonical that is itself a copy would make chains; point at the root instead. Re-recording moves the
    // row to the end of its group (seq = DEFAULT), as SQLite's INSERT OR REPLACE gives it a new rowid.
    if (!fresh) await exec(c, 'DELETE FROM copy_bands WHERE article_id = $1', [articleId]);
    await exec(
      c,
      `WITH copy AS (
         INSERT INTO copies (article_id, canonical_id, text_key, signature)
         VALUES ($1, COALESCE((SELECT canonical_id FROM copies WHERE article_id = $2), $2), $3, $4)
         ON CONFLICT (article_id) DO UPDATE SET canonical_id = excluded.canonical_id, text_key = excluded.text_key,
           signature = excluded.signature, seq = DEFAULT
       )
       INSERT INTO copy_bands (band, article_id) SELECT DISTINCT unnest($5::text[]), $1 ON CONFLICT DO NOTHING`,
      [articleId, info.canonicalId, noNul(textKey), signatureToBytes(info.signature), info.bands.map((b) => noNul(b))],
    );
  }

  async recordCopy(articleId: string, textKey: string, info: CopyInfo): Promise<void> {
    await this.tx((c) => this.wrapForeignKey(articleId, () => this.writeCopy(c, articleId, textKey, info, false)));
  }

  async copiesOf(articleId: string): Promise<string[]> {
    return this.read(async (db) => {
      const r = await one<{ canonical_id: string }>(db, 'SELECT canonical_id FROM copies WHERE article_id = $1', [articleId]);
      if (!r) return (await one(db, 'SELECT 1 FROM articles WHERE id = $1', [articleId])) ? [articleId] : [];
      const others = await all<{ article_id: string }>(db, 'SELECT article_id FROM copies WHERE canonical_id = $1 AND article_id <> $1 ORDER BY seq', [r.canonical_id]);
      return [r.canonical_id, ...others.map((o) => o.article_id)];
    });
  }

  // ---- annotations

  /** `text`: the article's stored text when the caller has it; `fresh`: no earlier annotation rows exist. */
  private async writeAnnotation(c: PoolClient, articleId: string, ann: Annotation, text: string | null, fresh: boolean): Promise<void> {
    if (text === null) {
      const art = await one<{ text: string }>(c, 'SELECT text FROM articles WHERE id = $1', [articleId]);
      if (!art) throw new StorylineError('store', 'unknown_article', 'no such article', { input: articleId });
      text = art.text;
    }
    if (!fresh) {
      await exec(
        c,
        `WITH m AS (DELETE FROM mentions WHERE article_id = $1), q AS (DELETE FROM quotes WHERE article_id = $1)
         DELETE FROM entity_roles WHERE article_id = $1`,
        [articleId],
      );
    }
    const { names, plan: dry } = await this.namesFor(c, ann);
    const known: EntityIds = dry?.entities.length ? await this.createEntities(c, dry.entities) : new Map();
    const plan = await this.settlePlan(c, names, ann, dry, known);
    const idOf = (canonical: string) => known.get(asciiLower(noNul(canonical)))!.id;
    try {
      for (const f of plan.folds) await this.foldEntity(c, f.short, idOf(f.into), f.into);
      // Entities created for a plan the final one does not follow would be names with no mention.
      const used = new Set(plan.entities.map((e) => idOf(e.canonical)));
      const unused = [...known.values()].filter((p) => p.created && !used.has(p.id)).map((p) => p.id);
      if (unused.length) await exec(c, 'DELETE FROM entities WHERE id = ANY($1::bigint[])', [unused]);
      const qs = ann.quotes;
      // Every row of the annotation in one statement (one round trip); empty arrays insert nothing.
      await exec(
        c,
        `WITH ann AS (
           INSERT INTO annotations (article_id, packed) VALUES ($1, $2) ON CONFLICT (article_id) DO UPDATE SET packed = excluded.packed
         ), aliases AS (
           INSERT INTO entity_aliases (entity_id, alias) SELECT DISTINCT e, a FROM unnest($3::bigint[], $4::text[]) AS t(e, a) ON CONFLICT DO NOTHING
         ), roles AS (
           INSERT INTO entity_roles (entity_id, article_id, role) SELECT DISTINCT e, $1, r FROM unnest($5::bigint[], $6::text[]) AS t(e, r) ON CONFLICT DO NOTHING
         ), ments AS (
           INSERT INTO mentions (article_id, entity_id, start, "end", text, role)
           SELECT $1, e, s, x, t, r FROM unnest($7::bigint[], $8::int[], $9::int[], $10::text[], $11::text[]) WITH ORDINALITY AS m(e, s, x, t, r, n) ORDER BY n
         )
         INSERT INTO quotes (article_id, start, "end", text, speaker, speaker_start, speaker_end, cue, kind, stance)
         SELECT $1, s, x, t, sp, ss, se, cu, k, st
         FROM unnest($12::int[], $13::int[], $14::text[], $15::text[], $16::int[], $17::int[], $18::text[], $19::text[], $20::text[]) WITH ORDINALITY AS q(s, x, t, sp, ss, se, cu, k, st, n)
         ORDER BY n`,
        [
          articleId,
          encodeAnnotation(ann, text),
          plan.aliases.map((x) => idOf(x.canonical)),
          plan.aliases.map((x) => noNul(x.alias)),
          plan.roles.map((x) => idOf(x.canonical)),
          plan.roles.map((x) => noNul(x.role)),
          plan.mentions.map((m) => idOf(m.canonical)),
          plan.mentions.map((m) => m.start),
          plan.mentions.map((m) => m.end),
          plan.mentions.map((m) => noNul(m.text)),
          plan.mentions.map((m) => noNul(m.role)),
          qs.map((q) => q.start),
          qs.map((q) => q.end),
          qs.map((q) => noNul(q.text)),
          plan.speakers.map((sp) => noNul(sp)),
          qs.map((q) => q.speakerStart),
          qs.map((q) => q.speakerEnd),
          qs.map((q) => noNul(q.cue)),
          qs.map((q) => q.kind),
          qs.map((q) => q.stance ?? null),
        ],
      );
    } catch (err) {
      throw retryIfNamesChanged(err);
    }
  }

  /**
   * The stored names this annotation's resolution can touch. A dry run on a copy of the index reports the
   * keys it read that were not loaded; they are loaded and the dry run repeated until it reads nothing new
   * (once or twice: a name's longer forms share its words).
   */
  private async namesFor(c: PoolClient, ann: Annotation): Promise<{ names: LoadedNames; plan: EntityPlan | null }> {
    const names = new LoadedNames();
    const first = new Set<string>();
    // What longerForm reads for each name, and what shortFormsOf reads should the name be new, so the first
    // dry run seldom finds a key missing.
    for (const m of ann.entities) {
      const name = m.canonical?.trim() || m.text.trim();
      for (const k of [...lookupKeys(name), ...entityNameKeys(name, m.type), acronymOf(cleanName(name)).toLowerCase()]) first.add(k);
    }
    for (const q of ann.quotes) if (q.speaker) for (const k of lookupKeys(q.speaker)) first.add(k);
    await names.load(c, first, true);
    for (let round = 0; round < 8; round++) {
      const dry = names.copy();
      const plan = planAnnotationEntities({ byKey: dry }, ann, (canonical) => loadedHas(dry, canonical));
      if (!(await names.load(c, dry.missing, true))) return { names, plan };
    }
    return { names, plan: null };
  }

  /**
   * The plan the writes follow: the dry run's when creating its entities found each one stored or not as the
   * loaded names said. Otherwise another transaction stored (or folded away) one of them meanwhile: planned
   * again with the database's answers, and names that then come up off the plan are created one round at a
   * time until every name the plan uses has the database's answer.
   */
  private async settlePlan(c: PoolClient, names: LoadedNames, ann: Annotation, dry: EntityPlan | null, known: EntityIds): Promise<EntityPlan> {
    const key = (canonical: string) => asciiLower(noNul(canonical));
    const agrees = (p: EntityPlan) => p.entities.every((e) => known.get(key(e.canonical))?.created === e.created);
    let plan = dry;
    while (!plan || !agrees(plan)) {
      plan = planAnnotationEntities({ byKey: names.copy() }, ann, (canonical) => known.get(key(canonical))?.created === false);
      const off = plan.entities.filter((e) => !known.has(key(e.canonical)));
      if (off.length) for (const [k, v] of await this.createEntities(c, off)) known.set(k, v);
    }
    return plan;
  }

  /**
   * Creates (or finds, case-insensitively) entities with their name keys, in two statements however many
   * there are. Keyed by the lower-cased name; `created`: this call inserted it.
   */
  private async createEntities(c: PoolClient, list: KnownEntity[]): Promise<Map<string, { id: string; created: boolean }>> {
    const out = new Map<string, { id: string; created: boolean }>();
    // Readers of these keys wait for this transaction, so none plans against a state without these names.
    await lockNameKeys(c, list.flatMap((e) => entityNameKeys(e.canonical, e.type)));
    const rows = list.map((e, ord) => ({ canonical: noNul(e.canonical), type: e.type, keys: entityNameKeys(e.canonical, e.type).map(toDbKey), ord }));
    // The second half reads the names that existed before this statement (it cannot see the rows the first
    // half inserts, so nothing comes twice); a name a concurrent transaction committed meanwhile is found by
    // the follow-up query below.
    const got = await all<{ id: string; canonical: string; created: boolean }>(
      c,
      `WITH w AS (SELECT * FROM jsonb_to_recordset($1::jsonb) AS w(canonical text, type text, keys jsonb, ord int)),
       ins AS (
         INSERT INTO entities (canonical, type) SELECT w.canonical, w.type FROM w ORDER BY w.ord
         ON CONFLICT ((lower(canonical))) DO NOTHING RETURNING id, canonical
       ),
       k AS (
         INSERT INTO entity_keys (key, entity_id)
         SELECT DISTINCT jsonb_array_elements_text(w.keys), ins.id FROM ins JOIN w ON w.canonical = ins.canonical
       )
       SELECT id, canonical, true AS created FROM ins
       UNION ALL
       SELECT e.id, e.canonical, false FROM entities e WHERE lower(e.canonical) IN (SELECT lower(w.canonical COLLATE "C") FROM w)`,
      [JSON.stringify(rows)],
    );
    for (const r of got) out.set(asciiLower(r.canonical), { id: r.id, created: r.created });
    const rest = rows.map((r) => r.canonical).filter((n) => !out.has(asciiLower(n)));
    if (rest.length) {
      const found = await all<{ id: string; canonical: string }>(
        c,
        'SELECT id, canonical FROM entities WHERE lower(canonical) = ANY (SELECT lower(x COLLATE "C") FROM unnest($1::text[]) AS x)',
        [rest],
      );
      for (const r of found) out.set(asciiLower(r.canonical), { id: r.id, created: false });
    }
    return out;
  }

  /** Moves everything of the entity named `short` onto entity `into` (named `intoName`) and drops it. */
  private async foldEntity(c: PoolClient, short: string, into: string, intoName: string): Promise<void> {
    const old = await one<{ id: string }>(c, 'SELECT id FROM entities WHERE lower(canonical) = lower($1::text COLLATE "C") FOR UPDATE', [noNul(short)]);
    if (!old || old.id === into) return;
    await exec(
      c,
      `INSERT INTO entity_aliases (entity_id, alias)
       SELECT $1::bigint, alias FROM entity_aliases WHERE entity_id = $2 UNION SELECT $1::bigint, $3::text
       ON CONFLICT DO NOTHING`,
      [into, old.id, noNul(short)],
    );
    await exec(c, 'INSERT INTO entity_roles (entity_id, article_id, role) SELECT $1::bigint, article_id, role FROM entity_roles WHERE entity_id = $2 ON CONFLICT DO NOTHING', [into, old.id]);
    await exec(c, 'UPDATE mentions SET entity_id = $1 WHERE entity_id = $2', [into, old.id]);
    await exec(c, 'UPDATE quotes SET speaker = $1 WHERE lower(speaker) = lower($2::text COLLATE "C")', [noNul(intoName), noNul(short)]);
    await exec(c, 'DELETE FROM entities WHERE id = $1', [old.id]);
  }

  async saveAnnotation(articleId: string, ann: Annotation): Promise<void> {
    await this.tx((c) => this.wrapForeignKey(articleId, () => this.writeAnnotation(c, articleId, ann, null, false)));
  }

  async getAnnotation(articleId: string): Promise<Annotation | null> {
    return this.read(async (db) => {
      const r = await one<{ packed: Buffer; text: string }>(
        db,
        'SELECT n.packed, a.text FROM annotations n JOIN articles a ON a.id = n.article_id WHERE n.article_id = $1',
        [articleId],
      );
      return r ? decodeAnnotation(r.packed, r.text) : null;
    });
  }

  // ---- stories

  /** Follows merged_into to the live story; null when the id is unknown. */
  private async liveStoryId(db: Queryable, id: string): Promise<string | null> {
    const r = await one<{ id: string; merged_into: string | null }>(
      db,
      `WITH RECURSIVE chain (id, merged_into, hops) AS (
         SELECT id, merged_into, 0 FROM stories WHERE id = $1
         UNION ALL
         SELECT s.id, s.merged_into, chain.hops + 1 FROM chain JOIN stories s ON s.id = chain.merged_into WHERE chain.hops < 64
       ) SELECT id, merged_into FROM chain ORDER BY hops DESC LIMIT 1`,
      [id],
    );
    if (!r) return null;
    if (r.merged_into !== null) throw new StorylineError('store', 'merge_cycle', 'story redirects form a cycle', { input: id });
    return r.id;
  }

  /** Runs in a transaction opened with `assigns` (holding the shared merge lock), so no merge moves the story meanwhile. */
  private async writeStoryAssignment(c: PoolClient, articleId: string, storyId: string): Promise<void> {
    const live = (await this.liveStoryId(c, storyId)) ?? noNul(storyId);
    await exec(
      c,
      `WITH story AS (INSERT INTO stories (id, created_at) VALUES ($2, $3) ON CONFLICT DO NOTHING)
       INSERT INTO story_articles (article_id, story_id) VALUES ($1, $2) ON CONFLICT (article_id) DO UPDATE SET story_id = excluded.story_id`,
      [articleId, live, new Date().toISOString()],
    );
  }

  async assignStory(articleId: string, storyId: string): Promise<void> {
    await this.tx((c) => this.wrapForeignKey(articleId, () => this.writeStoryAssignment(c, articleId, storyId)), { assigns: true });
  }

  async mergeStories(from: string, into: string): Promise<void> {
    await this.tx(async (c) => {
      await exec(c, 'SELECT pg_advisory_xact_lock($1::bigint)', [MERGE_LOCK.toString()]);
      const target = await this.liveStoryId(c, into);
      if (!target) throw new StorylineError('store', 'unknown_story', 'merge target does not exist', { input: into });
      const source = await this.liveStoryId(c, from);
      if (!source) throw new StorylineError('store', 'unknown_story', 'merged story does not exist', { input: from });
      if (source === target) return;
      await exec(c, 'UPDATE story_articles SET story_id = $1 WHERE story_id = $2', [target, source]);
      // Flatten: anything that redirected to the merged story now redirects straight to the target.
      await exec(c, 'UPDATE stories SET merged_into = $1 WHERE merged_into = $2 OR id = $2', [target, source]);
      // A merged story is no longer searchable; its brief versions stay for the record.
      await exec(c, 'DELETE FROM brief_search WHERE story_id = $1', [source]);
    });
  }

  async resolveStory(id: string): Promise<string | null> {
    return this.read((db) => this.liveStoryId(db, id));
  }

  async storyOf(articleId: string): Promise<string | null> {
    return this.read(async (db) => {
      const r = await one<{ story_id: string }>(db, 'SELECT story_id FROM story_articles WHERE article_id = $1', [articleId]);
      return r ? this.liveStoryId(db, r.story_id) : null;
    });
  }

  async getStory(id: string): Promise<StoryRecord | null> {
    return this.read(async (db) => {
      const s = await one<{ id: string; created_at: string; merged_into: string | null }>(db, 'SELECT id, created_at, merged_into FROM stories WHERE id = $1', [id]);
      if (!s) return null;
      const mergedInto = s.merged_into ? await this.liveStoryId(db, s.merged_into) : null;
      const rows = await all<{ id: string; published: string | null; fetched: string }>(
        db,
        `SELECT a.id, a.published, a.fetched FROM story_articles sa JOIN articles a ON a.id = sa.article_id
         WHERE sa.story_id = $1 ORDER BY COALESCE(a.published, a.fetched), a.seq`,
        [id],
      );
      return toStoryRecord(s, rows, mergedInto);
    });
  }

  async listStories(opts: { limit: number; offset: number }): Promise<StorySummary[]> {
    const limit = Math.max(0, Math.floor(opts.limit));
    const offset = Math.max(0, Math.floor(opts.offset));
    const rows = await this.read((db) =>
      all<Omit<StoryAggregate, 'articles' | 'sources'> & { articles: string; sources: string }>(
        db,
        `SELECT s.id AS id,
                COUNT(*) AS articles,
                COUNT(DISTINCT COALESCE(a.source_name, a.source_id)) AS sources,
                MAX(COALESCE(a.published, a.fetched)) AS updated,
                MIN(a.published) AS first,
                (SELECT b.headline FROM briefs b WHERE b.story_id = s.id ORDER BY b.version DESC LIMIT 1) AS "briefHeadline",
                (SELECT a2.title FROM story_articles sa2 JOIN articles a2 ON a2.id = sa2.article_id
                  WHERE sa2.story_id = s.id ORDER BY COALESCE(a2.published, a2.fetched) DESC, a2.seq DESC LIMIT 1) AS "latestTitle"
         FROM stories s
         JOIN story_articles sa ON sa.story_id = s.id
         JOIN articles a ON a.id = sa.article_id
         WHERE s.merged_into IS NULL
         GROUP BY s.id`,
      ),
    );
    const aggregates: StoryAggregate[] = rows.map((r) => ({ ...r, articles: Number(r.articles), sources: Number(r.sources) }));
    return rankStories(aggregates).slice(offset, offset + limit);
  }

  async countStories(): Promise<number> {
    return this.read(async (db) =>
      Number(
        (await one<{ n: string }>(
          db,
          `SELECT COUNT(*) AS n FROM stories s WHERE s.merged_into IS NULL
           AND EXISTS (SELECT 1 FROM story_articles sa WHERE sa.story_id = s.id)`,
        ))!.n,
      ),
    );
  }

  async saveClusterState(state: unknown): Promise<void> {
    const blob = serializeClusterState(state);
    await this.read((db) =>
      exec(db, 'INSERT INTO cluster_state (id, state, saved_at) VALUES (1, $1, $2) ON CONFLICT (id) DO UPDATE SET state = excluded.state, saved_at = excluded.saved_at', [
        blob,
        new Date().toISOString(),
      ]),
    );
  }

  async loadClusterState(): Promise<unknown | null> {
    const r = await this.read((db) => one<{ state: Buffer }>(db, 'SELECT state FROM cluster_state WHERE id = 1'));
    return r ? deserialize(r.state) : null;
  }

  // ---- briefs

  async saveBrief(storyId: string, brief: Brief): Promise<StoredBrief> {
    return this.tx(async (c) => {
      // The row lock numbers concurrent saves of one story's brief one after the other.
      if (!(await one(c, 'SELECT 1 FROM stories WHERE id = $1 FOR UPDATE', [storyId]))) {
        throw new StorylineError('store', 'unknown_story', 'cannot save a brief for a story that does not exist', { input: storyId });
      }
      const last = await one<{ v: number | null }>(c, 'SELECT MAX(version) AS v FROM briefs WHERE story_id = $1', [storyId]);
      const version = (last?.v ?? 0) + 1;
      const createdAt = new Date().toISOString();
      const doc = JSON.stringify(brief, (_k, v: unknown) => (typeof v === 'string' ? noNul(v) : v));
      await exec(c, 'INSERT INTO briefs (story_id, version, headline, doc, created_at) VALUES ($1, $2, $3, $4::jsonb, $5)', [
        storyId,
        version,
        noNul(brief.headline.text),
        doc,
        createdAt,
      ]);
      await exec(
        c,
        `INSERT INTO brief_search (story_id, headline, body) VALUES ($1, $2, $3)
         ON CONFLICT (story_id) DO UPDATE SET headline = excluded.headline, body = excluded.body`,
        [storyId, noNul(brief.headline.text), noNul(briefSearchText(brief))],
      );
      return { ...brief, storyId, version, createdAt };
    });
  }

  async getBrief(storyId: string, version?: number): Promise<StoredBrief | null> {
    // No stored version is fractional (SQLite finds no row either); PostgreSQL would reject the parameter.
    if (version !== undefined && !Number.isSafeInteger(version)) return null;
    const r = await this.read((db) =>
      version === undefined
        ? one<{ version: number; doc: Brief; created_at: string }>(db, 'SELECT version, doc, created_at FROM briefs WHERE story_id = $1 ORDER BY version DESC LIMIT 1', [storyId])
        : one<{ version: number; doc: Brief; created_at: string }>(db, 'SELECT version, doc, created_at FROM briefs WHERE story_id = $1 AND version = $2', [storyId, version]),
    );
    if (!r) return null;
    return { ...r.doc, storyId, version: r.version, createdAt: r.created_at };
  }

  async listBriefVersions(storyId: string): Promise<{ version: number; createdAt: string }[]> {
    const rows = await this.read((db) => all<{ version: number; created_at: string }>(db, 'SELECT version, created_at FROM briefs WHERE story_id = $1 ORDER BY version', [storyId]));
    return rows.map((r) => ({ version: r.version, createdAt: r.created_at }));
  }

  // ---- entities and quotes

  /**
   * The entity a name denotes: its canonical, else the one entity carrying it as an alias, else the one
   * longer canonical it is a short form of ("Putin" → "Vladimir Putin", "NATO" → the full name).
   */
  private async findEntity(db: Queryable, name: string): Promise<{ id: string; canonical: string; type: EntityType } | null> {
    const n = noNul(name.trim());
    const exact = await one<{ id: string; canonical: string; type: EntityType }>(db, 'SELECT id, canonical, type FROM entities WHERE lower(canonical) = lower($1::text COLLATE "C")', [n]);
    if (exact) return exact;
    const byAlias = await all<{ id: string; canonical: string; type: EntityType }>(
      db,
      'SELECT DISTINCT e.id, e.canonical, e.type FROM entity_aliases al JOIN entities e ON e.id = al.entity_id WHERE lower(al.alias) = lower($1::text COLLATE "C")',
      [n],
    );
    if (byAlias.length === 1) return byAlias[0];
    if (byAlias.length > 1) return null;
    const names = new LoadedNames();
    const ask = () => new Set((['PERSON', 'ORG', 'PLACE'] as EntityType[]).map((t) => longerForm({ byKey: names }, n, t)).filter((x): x is string => x !== null));
    let found = new Set<string>();
    let keys = lookupKeys(n);
    // Load what longerForm reads until it reads nothing new (chains follow the longer names' words).
    for (let round = 0; round < 8 && (await names.load(db, keys)); round++) {
      names.missing = new Set();
      found = ask();
      keys = [...names.missing];
    }
    if (found.size !== 1) return null;
    return (await one<{ id: string; canonical: string; type: EntityType }>(db, 'SELECT id, canonical, type FROM entities WHERE lower(canonical) = lower($1::text COLLATE "C")', [[...found][0]])) ?? null;
  }

  async getEntity(canonical: string): Promise<EntityRecord | null> {
    return this.read(async (db) => {
      const e = await this.findEntity(db, canonical);
      if (!e) return null;
      const aliases = (await all<{ alias: string }>(db, 'SELECT alias FROM entity_aliases WHERE entity_id = $1 ORDER BY alias', [e.id])).map((r) => r.alias);
      const roles = (
        await all<{ role: string; article_id: string }>(
          db,
          `SELECT r.role, r.article_id FROM entity_roles r JOIN articles a ON a.id = r.article_id
           WHERE r.entity_id = $1 ORDER BY COALESCE(a.published, a.fetched) DESC, r.role`,
          [e.id],
        )
      ).map((r) => ({ role: r.role, articleId: r.article_id }));
      const storyIds = (
        await all<{ id: string }>(
          db,
          `SELECT sa.story_id AS id, MAX(COALESCE(a.published, a.fetched)) AS last FROM mentions m
           JOIN story_articles sa ON sa.article_id = m.article_id JOIN articles a ON a.id = m.article_id
           WHERE m.entity_id = $1 GROUP BY sa.story_id ORDER BY last DESC`,
          [e.id],
        )
      ).map((r) => r.id);
      const mentions = Number((await one<{ n: string }>(db, 'SELECT COUNT(*) AS n FROM mentions WHERE entity_id = $1', [e.id]))!.n);
      return { canonical: e.canonical, type: e.type, aliases, roles, storyIds, mentions };
    });
  }

  async quotesBy(canonical: string, limit: number): Promise<(Quote & { articleId: string })[]> {
    return this.read(async (db) => {
      const speaker = (await this.findEntity(db, canonical))?.canonical ?? noNul(canonical.trim());
      const rows = await all<QuoteRow>(
        db,
        `SELECT q.article_id, q.start, q."end", q.text, q.speaker, q.speaker_start, q.speaker_end, q.cue, q.kind, q.stance
         FROM quotes q JOIN articles a ON a.id = q.article_id
         WHERE lower(q.speaker) = lower($1::text COLLATE "C") ORDER BY COALESCE(a.published, a.fetched) DESC, q.article_id, q.start LIMIT $2`,
        [speaker, Math.max(0, Math.floor(limit))],
      );
      return rows.map(toQuote);
    });
  }

  // ---- search

  async search(q: string, limit: number): Promise<SearchHit[]> {
    // ftsQuery reduces the input to quoted words (or null); plainto_tsquery reads them as words joined by
    // AND and ignores the quotes, so nothing a person types can be an operator here either.
    const words = ftsQuery(q);
    const n = Math.max(0, Math.floor(limit));
    if (!words || n === 0) return [];
    const terms = words.slice(1, -1).split('" "');
    const [briefs, articles] = await this.read((db) =>
      Promise.all([
        all<{ id: string; title: string; body: string; rank: number }>(
          db,
          `SELECT b.story_id AS id, b.headline AS title, left(b.body, ${SNIPPET_SCAN_CHARS}) AS body, ts_rank(b.search, q, 1) AS rank
           FROM brief_search b, plainto_tsquery('simple', storyline_fold($1)) q
           WHERE b.search @@ q ORDER BY rank DESC, b.story_id LIMIT $2`,
          [noNul(words), n],
        ),
        all<{ id: string; title: string; body: string; rank: number; storyId: string | null }>(
          db,
          `SELECT hit.id, hit.title, hit.body, hit.rank, sa.story_id AS "storyId"
           FROM (SELECT a.id, a.title, left(a.text, ${SNIPPET_SCAN_CHARS}) AS body, a.seq, ts_rank(a.search, q, 1) AS rank
                 FROM articles a, plainto_tsquery('simple', storyline_fold($1)) q
                 WHERE a.search @@ q ORDER BY rank DESC, a.seq LIMIT $2) hit
           LEFT JOIN story_articles sa ON sa.article_id = hit.id
           ORDER BY hit.rank DESC, hit.seq`,
          [noNul(words), n],
        ),
      ]),
    );
    const hits = [
      ...briefs.map((b) => ({ rank: b.rank, hit: { kind: 'brief' as const, id: b.id, storyId: b.id, title: b.title, snippet: snippetOf(b.body, terms) } })),
      ...articles.map((a) => ({ rank: a.rank, hit: { kind: 'article' as const, id: a.id, storyId: a.storyId, title: a.title, snippet: snippetOf(a.body, terms) } })),
    ];
    // ts_rank is higher-is-better in both tables; a brief wins ties because it speaks for a whole story.
    hits.sort((x, y) => y.rank - x.rank || (x.hit.kind === 'brief' ? -1 : 1));
    return hits.slice(0, n).map((h) => h.hit);
  }

  /**
   * Maps a foreign-key violation by a write for `articleId` to the caller's mistake (no such article) or a
   * store fault. `inserted`: the article row was written in this very transaction, so it exists.
   */
  // ---- reader accounts

  async addToken(t: TokenRecord): Promise<void> {
    await this.read((db) => exec(db, 'INSERT INTO api_tokens (hash, name, created_at) VALUES ($1, $2, $3)', [t.hash, t.name, t.createdAt]));
  }

  async tokenByHash(hash: string): Promise<TokenRecord | null> {
    const r = await this.read((db) => one<{ hash: string; name: string; created_at: string }>(db, 'SELECT hash, name, created_at FROM api_tokens WHERE hash = $1', [hash]));
    return r ? { hash: r.hash, name: r.name, createdAt: r.created_at } : null;
  }

  async tokensNamed(name: string): Promise<TokenRecord[]> {
    const rows = await this.read((db) => all<{ hash: string; name: string; created_at: string }>(db, 'SELECT hash, name, created_at FROM api_tokens WHERE name = $1 ORDER BY created_at, hash', [name]));
    return rows.map((r) => ({ hash: r.hash, name: r.name, createdAt: r.created_at }));
  }

  async readerItems(f: ReaderFilter & { order: 'newest' | 'oldest'; after?: number; limit: number }): Promise<ReaderItem[]> {
    const { text, params } = readerItemsSql('seq', f);
    return (await this.read((db) => all<ReaderItemRow>(db, numbered(text), params))).map(toReaderItem);
  }

  async readerArticles(user: string, items: number[]): Promise<(ReaderItem & { article: Article })[]> {
    if (!items.length) return [];
    const { text, params } = readerArticlesSql('seq', ARTICLE_COLUMNS_A, user, items);
    const rows = await this.read((db) => all<ReaderItemRow & ArticleRow>(db, numbered(text), params));
    return rows.map((r) => ({ ...toReaderItem(r), article: toArticle(r) }));
  }

  async readerUnreadCounts(user: string): Promise<{ sourceId: string; count: number; newest: string }[]> {
    const { text, params } = readerUnreadCountsSql('seq', user);
    const rows = await this.read((db) => all<{ source_id: string; n: string; newest: string }>(db, numbered(text), params));
    return rows.map((r) => ({ sourceId: r.source_id, count: Number(r.n), newest: r.newest }));
  }

  async setReaderState(user: string, items: number[], patch: { read?: boolean; starred?: boolean }): Promise<void> {
    const now = new Date().toISOString();
    await this.tx(async (c) => {
      for (const item of items) await exec(c, numbered(SET_STATE_SQL), setStateParams(user, item, patch, now));
    });
  }

  async markReaderRead(f: ReaderFilter): Promise<number> {
    const { text, params } = markReaderReadSql('seq', f, new Date().toISOString());
    return this.read((db) => exec(db, numbered(text), params));
  }

  async readerStoryItems(refs: { storyId: string; version: number }[]): Promise<ReaderStoryItem[]> {
    if (!refs.length) return [];
    const now = new Date().toISOString();
    return this.tx(async (c) => {
      const out: ReaderStoryItem[] = [];
      for (const r of refs) {
        await exec(c, 'INSERT INTO reader_story_items (story_id, version, created_at) VALUES ($1, $2, $3) ON CONFLICT (story_id, version) DO NOTHING', [r.storyId, r.version, now]);
        const row = await one<{ n: string }>(c, 'SELECT n FROM reader_story_items WHERE story_id = $1 AND version = $2', [r.storyId, r.version]);
        out.push({ item: READER_STORY_ITEM_BASE + Number(row!.n), storyId: r.storyId, version: r.version });
      }
      return out;
    });
  }

  async readerStoryRefs(items: number[]): Promise<ReaderStoryItem[]> {
    const ns = items.filter((i) => i > READER_STORY_ITEM_BASE).map((i) => i - READER_STORY_ITEM_BASE);
    if (!ns.length) return [];
    const rows = await this.read((db) => all<{ n: string; story_id: string; version: number }>(db, 'SELECT n, story_id, version FROM reader_story_items WHERE n = ANY($1::bigint[])', [ns]));
    return rows.map((r) => ({ item: READER_STORY_ITEM_BASE + Number(r.n), storyId: r.story_id, version: r.version }));
  }

  async readerStates(user: string, items: number[] | 'starredStories'): Promise<ReaderState[]> {
    if (items !== 'starredStories' && !items.length) return [];
    const rows = await this.read((db) =>
      items === 'starredStories'
        ? all<{ item: string; read: number | null; starred: number }>(db, 'SELECT item, read, starred FROM reader_state WHERE user_name = $1 AND item > $2 AND starred = 1 ORDER BY item DESC', [user, READER_STORY_ITEM_BASE])
        : all<{ item: string; read: number | null; starred: number }>(db, 'SELECT item, read, starred FROM reader_state WHERE user_name = $1 AND item = ANY($2::bigint[])', [user, items]),
    );
    return rows.map((r) => ({ item: Number(r.item), read: r.read === null ? null : r.read === 1, starred: r.starred === 1 }));
  }

  private async wrapForeignKey<T>(articleId: string, fn: () => Promise<T>, inserted = false): Promise<T> {
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

/**
 * Applies every migration not yet recorded, all in one transaction under an advisory lock: processes that
 * start together queue on the lock, and the later ones find the work done. Returns the versions applied.
 */
export async function applyPgMigrations(store: PostgresStore, migrations: PgMigration[] = PG_MIGRATIONS): Promise<number[]> {
  return store.transaction(async (c) => {
    await c.query('SELECT pg_advisory_xact_lock($1::bigint)', [MIGRATION_LOCK.toString()]);
    const enc = (await c.query<{ server_encoding: string }>('SHOW server_encoding')).rows[0].server_encoding;
    if (enc.toUpperCase() !== 'UTF8') {
      throw new StorylineError('store', 'bad_database', `the database must use UTF8 encoding, not ${enc} (CREATE DATABASE … ENCODING 'UTF8' TEMPLATE template0)`, {
        input: store.url,
      });
    }
    await c.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version integer PRIMARY KEY, name text NOT NULL, applied_at text NOT NULL)`);
    const done = new Set((await c.query<{ version: number }>('SELECT version FROM schema_migrations')).rows.map((r) => r.version));
    const applied: number[] = [];
    for (const m of [...migrations].sort((a, b) => a.version - b.version)) {
      if (done.has(m.version)) continue;
      await c.query(m.sql);
      await c.query('INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)', [m.version, m.name, new Date().toISOString()]);
      applied.push(m.version);
    }
    return applied;
  });
}

/** Connects to (and migrates) a PostgreSQL store. Errors name the URL with its password redacted. */
export async function openPostgresStore(url: string, opts: PostgresStoreOptions = {}): Promise<PostgresStore> {
  const store = new PostgresStore(url, opts);
  try {
    await store.migrate();
  } catch (err) {
    await store.close();
    if (err instanceof StorylineError && err.code !== 'db_error') throw err;
    throw new StorylineError('store', 'migration_failed', `cannot migrate database: ${errorMessage(err)}`, { input: store.url, cause: err });
  }
  return store;
}
