// SQLite adapter of the Store interface, on better-sqlite3. The driver is synchronous; the methods are
// async only to fit the interface (a network database needs it). Multi-row writes run in one
// transaction each so a crash never leaves half an article or half a merge.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { deserialize } from 'node:v8';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import Database from 'better-sqlite3';
import type { Database as DB, Statement } from 'better-sqlite3';
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
import { SET_STATE_SQL, markReaderReadSql, readerArticlesSql, readerItemsSql, readerUnreadCountsSql, setStateParams } from '../reader-sql.ts';
import { deriveSourceId } from '../ids.ts';
import { applyMigrations } from './migrations.ts';
import { SOURCE_COLUMNS, bytesToSignature, checkedArticleId, serializeClusterState, signatureToBytes, toArticle, toQuote, toStoryRecord, toSource, type ArticleRow, type QuoteRow, type SourceRow } from '../rows.ts';
import { bandKey } from './band-key.ts';
import { rankStories, type StoryAggregate } from '../ranking.ts';
import { briefSearchText, ftsQuery } from '../text.ts';
import { decodeAnnotation, encodeAnnotation } from '../annotation-codec.ts';
import { longerForm, nameIndex, type KnownEntity, type NameIndex } from '../../nlp/resolve.ts';
import { planAnnotationEntities } from '../entity-plan.ts';
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

export class SqliteStore implements Store {
  readonly path: string;
  private readonly db: DB;
  private closed = false;
  /**
   * Index of stored entity names for cross-article resolution, kept in memory and updated by this
   * connection's own writes (reading every entity on each save made ingest slower as the store grew).
   * Rebuilt when another connection changed the database (PRAGMA data_version) or a write rolled back.
   */
  private names: { index: NameIndex; dataVersion: number } | null = null;
  /**
   * Prepared statements by SQL text. Compiling a statement costs about as much as running a simple one,
   * and ingest runs a dozen per article: preparing each time was ~7% of ingest CPU.
   */
  private readonly statements = new Map<string, Statement>();
  private readonly busyTimeoutMs: number;
  /** withWriterLock callers of this connection, one after another (the lock is a transaction on it). */
  private writerQueue: Promise<unknown> = Promise.resolve();

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

  private q(sql: string): Statement {
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
   * backoff. Inside withWriterLock it is a savepoint of the transaction holding the lock.
   */
  private write<T>(fn: () => T): Promise<T> {
    return retryWhileBusy(() => this.db.transaction(fn).immediate());
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
      this.names = null;
      if (this.db.inTransaction) this.db.exec('ROLLBACK');
      throw err;
    }
  }

  async migrate(): Promise<void> {
    // Two processes starting on a new database at once: the second waits, then finds the work done.
    await retryWhileBusy(() => applyMigrations(this.db));
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.db.close();
  }

  // ---- sources

  async upsertSource(src: Partial<SourceRecord> & { url: string; kind: SourceRecord['kind'] }): Promise<SourceRecord> {
    const url = src.url.trim();
    if (!url) throw new StorylineError('store', 'bad_source', 'source URL is empty');
    return this.write(() => {
      let existing = this.q('SELECT * FROM sources WHERE url = ?').get(url) as SourceRow | undefined;
      if (!existing && src.id) {
        // A known id with a new URL is a move (a feed's permanent redirect): the id, and with it the
        // articles and health, stay; only the address changes.
        existing = this.q('SELECT * FROM sources WHERE id = ?').get(src.id) as SourceRow | undefined;
        if (existing) this.q('UPDATE sources SET url = ? WHERE id = ?').run(url, existing.id);
      }
      let id = existing?.id ?? src.id ?? deriveSourceId(url);
      if (!existing) {
        // The derived id may belong to a source that has since moved away from this URL.
        for (let n = 2; !src.id && this.q('SELECT 1 FROM sources WHERE id = ?').get(id); n++) id = deriveSourceId(`${url}#${n}`);
        this.q('INSERT INTO sources (id, url, kind, created_at) VALUES (?, ?, ?, ?)')
          .run(id, url, src.kind, src.createdAt ?? new Date().toISOString());
      }
      const { id: _id, url: _url, createdAt: _c, ...patch } = src;
      if (existing) patch.kind = src.kind;
      this.patchSource(id, patch);
      return toSource(this.q('SELECT * FROM sources WHERE id = ?').get(id) as SourceRow);
    });
  }

  private patchSource(id: string, patch: Partial<SourceRecord>): void {
    const sets: string[] = [];
    const values: unknown[] = [];
    for (const [key, value] of Object.entries(patch)) {
      const col = SOURCE_COLUMNS[key];
      if (!col || value === undefined) continue;
      sets.push(`${col} = ?`);
      // SQLite has no boolean type; the driver refuses JS booleans.
      values.push(typeof value === 'boolean' ? Number(value) : value);
    }
    if (sets.length) this.q(`UPDATE sources SET ${sets.join(', ')} WHERE id = ?`).run(...values, id);
  }

  async listSources(): Promise<SourceRecord[]> {
    return (this.q('SELECT * FROM sources ORDER BY created_at, id').all() as SourceRow[]).map(toSource);
  }

  async getSource(id: string): Promise<SourceRecord | null> {
    const r = this.q('SELECT * FROM sources WHERE id = ?').get(id) as SourceRow | undefined;
    return r ? toSource(r) : null;
  }

  async updateSourceHealth(id: string, patch: Partial<Omit<SourceRecord, 'id' | 'url' | 'createdAt'>>): Promise<void> {
    await this.write(() => {
      if (!this.q('SELECT 1 FROM sources WHERE id = ?').get(id)) {
        throw new StorylineError('store', 'unknown_source', 'no such source', { input: id });
      }
      this.patchSource(id, patch);
    });
  }

  async removeSource(id: string): Promise<boolean> {
    return this.write(() => this.q('DELETE FROM sources WHERE id = ?').run(id).changes > 0);
  }

  // ---- articles

  private insertArticle(a: NewArticle): Article | null {
    const id = checkedArticleId(a);
    if (this.q('SELECT 1 FROM articles WHERE id = ?').get(id)) return null;
    let sourceName = a.source ?? null;
    if (a.sourceId) {
      const src = this.q('SELECT title FROM sources WHERE id = ?').get(a.sourceId) as { title: string | null } | undefined;
      if (!src) throw new StorylineError('store', 'unknown_source', `article refers to unknown source ${a.sourceId}`, { input: id });
      sourceName ??= src.title;
    }
    const row: ArticleRow = {
      id,
      url: a.url ?? null,
      canonical_url: a.canonicalUrl ?? a.url ?? null,
      title: a.title,
      text: a.text,
      published: a.published ?? null,
      fetched: a.fetched ?? new Date().toISOString(),
      lang: a.lang ?? null,
      byline: a.byline ?? null,
      source_id: a.sourceId ?? null,
      source_name: sourceName,
      partial: a.partial === true ? 1 : 0,
      partial_reason: a.partial === true && typeof a.partialReason === 'string' ? a.partialReason : null,
    };
    this.q(
      `INSERT INTO articles (id, url, canonical_url, title, text, published, fetched, lang, byline, source_id, source_name, partial, partial_reason)
       VALUES (@id, @url, @canonical_url, @title, @text, @published, @fetched, @lang, @byline, @source_id, @source_name, @partial, @partial_reason)`,
    ).run(row);
    return toArticle(row);
  }

  async addArticle(a: NewArticle): Promise<Article | null> {
    return this.write(() => this.insertArticle(a));
  }

  async getArticle(id: string): Promise<Article | null> {
    const r = this.q('SELECT * FROM articles WHERE id = ?').get(id) as ArticleRow | undefined;
    return r ? toArticle(r) : null;
  }

  async getArticles(ids: string[]): Promise<Article[]> {
    const stmt = this.q('SELECT * FROM articles WHERE id = ?');
    const out: Article[] = [];
    for (const id of ids) {
      const r = stmt.get(id) as ArticleRow | undefined;
      if (r) out.push(toArticle(r));
    }
    return out;
  }

  async countArticles(): Promise<number> {
    return (this.q('SELECT COUNT(*) AS n FROM articles').get() as { n: number }).n;
  }

  async articlesSince(seq: number, limit: number): Promise<SequencedArticle[]> {
    // Walks the rowid primary key from the watermark, so the cost is the rows returned, not the table.
    const rows = this.q(
      `SELECT a.rowid AS seq, a.*, c.canonical_id AS copy_canonical, sa.story_id AS assigned_story
       FROM articles a LEFT JOIN copies c ON c.article_id = a.id LEFT JOIN story_articles sa ON sa.article_id = a.id
       WHERE a.rowid > ? ORDER BY a.rowid LIMIT ?`,
    ).all(Math.floor(seq), Math.max(0, Math.floor(limit))) as (ArticleRow & { seq: number; copy_canonical: string | null; assigned_story: string | null })[];
    return rows.map((r) => ({ seq: r.seq, article: toArticle(r), canonicalId: r.copy_canonical, storyId: r.assigned_story }));
  }

  async latestArticleSeq(): Promise<number> {
    return (this.q('SELECT COALESCE(MAX(rowid), 0) AS n FROM articles').get() as { n: number }).n;
  }

  async commitArticle(rec: IngestRecord): Promise<Article | null> {
    return this.keepingNames(() =>
      this.write(() => {
        const article = this.insertArticle(rec.article);
        if (!article) return null;
        this.writeCopy(article.id, rec.textKey, rec.copy);
        this.writeAnnotation(article.id, rec.annotation);
        this.writeStoryAssignment(article.id, rec.storyId);
        return article;
      }),
    );
  }

  // ---- copies

  async findCopyCandidates(bands: string[]): Promise<{ articleId: string; signature: Uint32Array }[]> {
    if (bands.length === 0) return [];
    const seen = new Set<string>();
    const out: { articleId: string; signature: Uint32Array }[] = [];
    const stmt = this.q(
      'SELECT a.id AS id, c.signature AS sig FROM copy_bands b JOIN articles a ON a.rowid = b.article JOIN copies c ON c.article_id = a.id WHERE b.band = ?',
    );
    for (const band of new Set(bands)) {
      for (const r of stmt.all(bandKey(band)) as { id: string; sig: Buffer }[]) {
        if (seen.has(r.id)) continue;
        seen.add(r.id);
        out.push({ articleId: r.id, signature: bytesToSignature(r.sig) });
      }
    }
    return out;
  }

  async findExactCopy(textKey: string): Promise<string | null> {
    const r = this.q('SELECT canonical_id FROM copies WHERE text_key = ? LIMIT 1').get(textKey) as
      | { canonical_id: string }
      | undefined;
    return r?.canonical_id ?? null;
  }

  private writeCopy(articleId: string, textKey: string, info: CopyInfo): void {
    // A canonical that is itself a copy would make chains; point at the root instead.
    const root = this.q('SELECT canonical_id FROM copies WHERE article_id = ?').get(info.canonicalId) as
      | { canonical_id: string }
      | undefined;
    const canonical = root?.canonical_id ?? info.canonicalId;
    this.q('INSERT OR REPLACE INTO copies (article_id, canonical_id, text_key, signature) VALUES (?, ?, ?, ?)')
      .run(articleId, canonical, textKey, signatureToBytes(info.signature));
    // The copies row above already failed on its foreign key when the article is missing.
    const { rowid } = this.q('SELECT rowid FROM articles WHERE id = ?').get(articleId) as { rowid: number };
    this.q('DELETE FROM copy_bands WHERE article = ?').run(rowid);
    const ins = this.q('INSERT OR IGNORE INTO copy_bands (band, article) VALUES (?, ?)');
    for (const band of info.bands) ins.run(bandKey(band), rowid);
  }

  async recordCopy(articleId: string, textKey: string, info: CopyInfo): Promise<void> {
    await this.wrapForeignKey(articleId, () => this.write(() => this.writeCopy(articleId, textKey, info)));
  }

  async copiesOf(articleId: string): Promise<string[]> {
    const r = this.q('SELECT canonical_id FROM copies WHERE article_id = ?').get(articleId) as
      | { canonical_id: string }
      | undefined;
    if (!r) return (await this.getArticle(articleId)) ? [articleId] : [];
    const others = this.q('SELECT article_id FROM copies WHERE canonical_id = ? AND article_id <> ? ORDER BY rowid')
      .all(r.canonical_id, r.canonical_id) as { article_id: string }[];
    return [r.canonical_id, ...others.map((o) => o.article_id)];
  }

  // ---- annotations

  private writeAnnotation(articleId: string, ann: Annotation): void {
    const art = this.q('SELECT text FROM articles WHERE id = ?').get(articleId) as { text: string } | undefined;
    if (!art) throw new StorylineError('store', 'unknown_article', 'no such article', { input: articleId });
    this.q('INSERT OR REPLACE INTO annotations (article_id, json) VALUES (?, ?)').run(articleId, encodeAnnotation(ann, art.text));
    this.q('DELETE FROM mentions WHERE article_id = ?').run(articleId);
    this.q('DELETE FROM quotes WHERE article_id = ?').run(articleId);
    this.q('DELETE FROM entity_roles WHERE article_id = ?').run(articleId);
    // Across articles: "Putin" here joins the "Vladimir Putin" stored from another article (and a full name
    // arriving now collects the short entities stored before it), when exactly one longer name fits.
    const getEntity = this.q('SELECT id FROM entities WHERE canonical = ?');
    const ids = new Map<string, number>();
    const plan = planAnnotationEntities(this.nameIndex(), ann, (canonical) => {
      const row = getEntity.get(canonical) as { id: number } | undefined;
      if (row) ids.set(canonical, row.id);
      return row !== undefined;
    });
    // Entities, then folds, then rows: the rows go straight to the entity they end on (the plan followed the
    // folds), while each fold still moves what earlier articles stored under the short name.
    const insEntity = this.q('INSERT INTO entities (canonical, type) VALUES (?, ?)');
    for (const e of plan.entities) if (e.created) ids.set(e.canonical, Number(insEntity.run(e.canonical, e.type).lastInsertRowid));
    for (const f of plan.folds) this.foldEntity(f.short, ids.get(f.into)!, f.into);
    const insAlias = this.q('INSERT OR IGNORE INTO entity_aliases (entity_id, alias) VALUES (?, ?)');
    for (const a of plan.aliases) insAlias.run(ids.get(a.canonical), a.alias);
    const insRole = this.q('INSERT OR IGNORE INTO entity_roles (entity_id, article_id, role) VALUES (?, ?, ?)');
    for (const r of plan.roles) insRole.run(ids.get(r.canonical), articleId, r.role);
    const insMention = this.q('INSERT INTO mentions (article_id, entity_id, start, "end", text, role) VALUES (?, ?, ?, ?, ?, ?)');
    for (const m of plan.mentions) insMention.run(articleId, ids.get(m.canonical), m.start, m.end, m.text, m.role);
    const insQuote = this.q(
      `INSERT INTO quotes (article_id, start, "end", text, speaker, speaker_start, speaker_end, cue, kind, stance)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    ann.quotes.forEach((q, i) => {
      insQuote.run(articleId, q.start, q.end, q.text, plan.speakers[i], q.speakerStart, q.speakerEnd, q.cue, q.kind, q.stance ?? null);
    });
  }

  /** Moves everything of the entity named `short` onto entity `into` (named `intoName`) and drops it. */
  private foldEntity(short: string, into: number, intoName: string): void {
    const old = this.q('SELECT id FROM entities WHERE canonical = ?').get(short) as { id: number } | undefined;
    if (!old || old.id === into) return;
    this.q('INSERT OR IGNORE INTO entity_aliases (entity_id, alias) SELECT ?, alias FROM entity_aliases WHERE entity_id = ?').run(into, old.id);
    this.q('INSERT OR IGNORE INTO entity_aliases (entity_id, alias) VALUES (?, ?)').run(into, short);
    this.q('INSERT OR IGNORE INTO entity_roles (entity_id, article_id, role) SELECT ?, article_id, role FROM entity_roles WHERE entity_id = ?').run(into, old.id);
    this.q('UPDATE mentions SET entity_id = ? WHERE entity_id = ?').run(into, old.id);
    this.q('UPDATE quotes SET speaker = ? WHERE speaker = ? COLLATE NOCASE').run(intoName, short);
    this.q('DELETE FROM entities WHERE id = ?').run(old.id);
  }

  async saveAnnotation(articleId: string, ann: Annotation): Promise<void> {
    await this.keepingNames(() => this.wrapForeignKey(articleId, () => this.write(() => this.writeAnnotation(articleId, ann))));
  }

  private nameIndex(): NameIndex {
    const version = (this.q('PRAGMA data_version').get() as { data_version: number }).data_version;
    if (!this.names || this.names.dataVersion !== version) {
      this.names = { index: nameIndex(this.q('SELECT canonical, type FROM entities').all() as KnownEntity[]), dataVersion: version };
    }
    return this.names.index;
  }

  /** Runs a write; when it fails (and rolls back) the in-memory name index may hold names that never landed. */
  private async keepingNames<T>(write: () => Promise<T>): Promise<T> {
    try {
      return await write();
    } catch (err) {
      this.names = null;
      throw err;
    }
  }

  async getAnnotation(articleId: string): Promise<Annotation | null> {
    const r = this.q('SELECT n.json AS json, a.text AS text FROM annotations n JOIN articles a ON a.id = n.article_id WHERE n.article_id = ?')
      .get(articleId) as { json: Buffer | string; text: string } | undefined;
    return r ? decodeAnnotation(r.json, r.text) : null;
  }

  // ---- stories

  private writeStoryAssignment(articleId: string, storyId: string): void {
    const live = this.liveStoryId(storyId) ?? storyId;
    this.q('INSERT OR IGNORE INTO stories (id, created_at) VALUES (?, ?)').run(live, new Date().toISOString());
    this.q('INSERT INTO story_articles (article_id, story_id) VALUES (?, ?) ON CONFLICT (article_id) DO UPDATE SET story_id = excluded.story_id')
      .run(articleId, live);
  }

  async assignStory(articleId: string, storyId: string): Promise<void> {
    await this.wrapForeignKey(articleId, () => this.write(() => this.writeStoryAssignment(articleId, storyId)));
  }

  async mergeStories(from: string, into: string): Promise<void> {
    await this.write(() => {
      const target = this.liveStoryId(into);
      if (!target) throw new StorylineError('store', 'unknown_story', 'merge target does not exist', { input: into });
      const source = this.liveStoryId(from);
      if (!source) throw new StorylineError('store', 'unknown_story', 'merged story does not exist', { input: from });
      if (source === target) return;
      this.q('UPDATE story_articles SET story_id = ? WHERE story_id = ?').run(target, source);
      // Flatten: anything that redirected to the merged story now redirects straight to the target.
      this.q('UPDATE stories SET merged_into = ? WHERE merged_into = ?').run(target, source);
      this.q('UPDATE stories SET merged_into = ? WHERE id = ?').run(target, source);
      // A merged story is no longer searchable; its brief versions stay for the record.
      this.dropBriefSearchRow(source);
    });
  }

  /** Follows merged_into to the live story; null when the id is unknown. */
  private liveStoryId(id: string): string | null {
    const stmt = this.q('SELECT merged_into FROM stories WHERE id = ?');
    let cur = id;
    for (let hops = 0; hops < 64; hops++) {
      const r = stmt.get(cur) as { merged_into: string | null } | undefined;
      if (!r) return hops === 0 ? null : cur;
      if (!r.merged_into) return cur;
      cur = r.merged_into;
    }
    throw new StorylineError('store', 'merge_cycle', 'story redirects form a cycle', { input: id });
  }

  async resolveStory(id: string): Promise<string | null> {
    return this.liveStoryId(id);
  }

  async storyOf(articleId: string): Promise<string | null> {
    const r = this.q('SELECT story_id FROM story_articles WHERE article_id = ?').get(articleId) as
      | { story_id: string }
      | undefined;
    return r ? this.liveStoryId(r.story_id) : null;
  }

  async getStory(id: string): Promise<StoryRecord | null> {
    const s = this.q('SELECT id, created_at, merged_into FROM stories WHERE id = ?').get(id) as
      | { id: string; created_at: string; merged_into: string | null }
      | undefined;
    if (!s) return null;
    const mergedInto = s.merged_into ? this.liveStoryId(s.merged_into) : null;
    const rows = this.q(
      `SELECT a.id, a.published, a.fetched FROM story_articles sa JOIN articles a ON a.id = sa.article_id
       WHERE sa.story_id = ? ORDER BY COALESCE(a.published, a.fetched), a.rowid`,
    ).all(id) as { id: string; published: string | null; fetched: string }[];
    return toStoryRecord(s, rows, mergedInto);
  }

  private storyAggregates(): StoryAggregate[] {
    return this.q(
      `SELECT s.id AS id,
              COUNT(*) AS articles,
              COUNT(DISTINCT COALESCE(a.source_name, a.source_id)) AS sources,
              MAX(COALESCE(a.published, a.fetched)) AS updated,
              MIN(a.published) AS first,
              (SELECT b.headline FROM briefs b WHERE b.story_id = s.id ORDER BY b.version DESC LIMIT 1) AS briefHeadline,
              (SELECT a2.title FROM story_articles sa2 JOIN articles a2 ON a2.id = sa2.article_id
                WHERE sa2.story_id = s.id ORDER BY COALESCE(a2.published, a2.fetched) DESC, a2.rowid DESC LIMIT 1) AS latestTitle
       FROM stories s
       JOIN story_articles sa ON sa.story_id = s.id
       JOIN articles a ON a.id = sa.article_id
       WHERE s.merged_into IS NULL
       GROUP BY s.id`,
    ).all() as StoryAggregate[];
  }

  async listStories(opts: { limit: number; offset: number }): Promise<StorySummary[]> {
    const limit = Math.max(0, Math.floor(opts.limit));
    const offset = Math.max(0, Math.floor(opts.offset));
    return rankStories(this.storyAggregates()).slice(offset, offset + limit);
  }

  async countStories(): Promise<number> {
    return (
      this.q(
        `SELECT COUNT(*) AS n FROM stories s WHERE s.merged_into IS NULL
         AND EXISTS (SELECT 1 FROM story_articles sa WHERE sa.story_id = s.id)`,
      ).get() as { n: number }
    ).n;
  }

  async saveClusterState(state: unknown): Promise<void> {
    const blob = serializeClusterState(state);
    await this.write(() =>
      this.q(
        'INSERT INTO cluster_state (id, state, saved_at) VALUES (1, ?, ?) ON CONFLICT (id) DO UPDATE SET state = excluded.state, saved_at = excluded.saved_at',
      ).run(blob, new Date().toISOString()),
    );
  }

  async loadClusterState(): Promise<unknown | null> {
    const r = this.q('SELECT state FROM cluster_state WHERE id = 1').get() as { state: Buffer } | undefined;
    return r ? deserialize(r.state) : null;
  }

  // ---- briefs

  async saveBrief(storyId: string, brief: Brief): Promise<StoredBrief> {
    return this.write(() => {
      if (!this.q('SELECT 1 FROM stories WHERE id = ?').get(storyId)) {
        throw new StorylineError('store', 'unknown_story', 'cannot save a brief for a story that does not exist', { input: storyId });
      }
      const last = this.q('SELECT MAX(version) AS v FROM briefs WHERE story_id = ?').get(storyId) as { v: number | null };
      const version = (last.v ?? 0) + 1;
      const createdAt = new Date().toISOString();
      this.q('INSERT INTO briefs (story_id, version, headline, json, created_at) VALUES (?, ?, ?, ?, ?)')
        .run(storyId, version, brief.headline.text, deflateRawSync(JSON.stringify(brief)), createdAt);
      this.dropBriefSearchRow(storyId);
      const fts = this.q('INSERT INTO briefs_fts (story_id, headline, text) VALUES (?, ?, ?)').run(storyId, brief.headline.text, briefSearchText(brief));
      this.q('INSERT INTO briefs_fts_rows (story_id, fts_rowid) VALUES (?, ?)').run(storyId, fts.lastInsertRowid);
      return { ...brief, storyId, version, createdAt };
    });
  }

  /** Removes the story's row from brief search, found through briefs_fts_rows (briefs_fts has no index on story_id). */
  private dropBriefSearchRow(storyId: string): void {
    const r = this.q('DELETE FROM briefs_fts_rows WHERE story_id = ? RETURNING fts_rowid').get(storyId) as { fts_rowid: number } | undefined;
    if (r) this.q('DELETE FROM briefs_fts WHERE rowid = ?').run(r.fts_rowid);
  }

  async getBrief(storyId: string, version?: number): Promise<StoredBrief | null> {
    const r = (
      version === undefined
        ? this.q('SELECT version, json, created_at FROM briefs WHERE story_id = ? ORDER BY version DESC LIMIT 1').get(storyId)
        : this.q('SELECT version, json, created_at FROM briefs WHERE story_id = ? AND version = ?').get(storyId, version)
    ) as { version: number; json: Buffer | string; created_at: string } | undefined;
    if (!r) return null;
    // Versions pile up (one per rebuild), so they are stored deflated; plain JSON text is read as well.
    const json = typeof r.json === 'string' ? r.json : inflateRawSync(r.json).toString('utf8');
    return { ...(JSON.parse(json) as Brief), storyId, version: r.version, createdAt: r.created_at };
  }

  async listBriefVersions(storyId: string): Promise<{ version: number; createdAt: string }[]> {
    return (
      this.q('SELECT version, created_at FROM briefs WHERE story_id = ? ORDER BY version').all(storyId) as {
        version: number;
        created_at: string;
      }[]
    ).map((r) => ({ version: r.version, createdAt: r.created_at }));
  }

  // ---- entities and quotes

  /**
   * The entity a name denotes: its canonical, else the one entity carrying it as an alias, else the one
   * longer canonical it is a short form of ("Putin" → "Vladimir Putin", "NATO" → the full name).
   */
  private findEntity(name: string): { id: number; canonical: string; type: EntityType } | null {
    const n = name.trim();
    const exact = this.q('SELECT id, canonical, type FROM entities WHERE canonical = ?').get(n) as
      | { id: number; canonical: string; type: EntityType }
      | undefined;
    if (exact) return exact;
    const byAlias = this.q('SELECT DISTINCT e.id, e.canonical, e.type FROM entity_aliases al JOIN entities e ON e.id = al.entity_id WHERE al.alias = ? COLLATE NOCASE')
      .all(n) as { id: number; canonical: string; type: EntityType }[];
    if (byAlias.length === 1) return byAlias[0];
    if (byAlias.length > 1) return null;
    const index = this.nameIndex();
    const found = new Set((['PERSON', 'ORG', 'PLACE'] as EntityType[]).map((t) => longerForm(index, n, t)).filter((x): x is string => x !== null));
    if (found.size !== 1) return null;
    return (this.q('SELECT id, canonical, type FROM entities WHERE canonical = ?').get([...found][0]) as { id: number; canonical: string; type: EntityType } | undefined) ?? null;
  }

  async getEntity(canonical: string): Promise<EntityRecord | null> {
    const e = this.findEntity(canonical);
    if (!e) return null;
    const aliases = (this.q('SELECT alias FROM entity_aliases WHERE entity_id = ? ORDER BY alias').all(e.id) as { alias: string }[]).map(
      (r) => r.alias,
    );
    const roles = (
      this.q(
        `SELECT r.role, r.article_id FROM entity_roles r JOIN articles a ON a.id = r.article_id
         WHERE r.entity_id = ? ORDER BY COALESCE(a.published, a.fetched) DESC, r.role`,
      ).all(e.id) as { role: string; article_id: string }[]
    ).map((r) => ({ role: r.role, articleId: r.article_id }));
    const storyIds = (
      this.q(
        `SELECT sa.story_id AS id, MAX(COALESCE(a.published, a.fetched)) AS last FROM mentions m
         JOIN story_articles sa ON sa.article_id = m.article_id JOIN articles a ON a.id = m.article_id
         WHERE m.entity_id = ? GROUP BY sa.story_id ORDER BY last DESC`,
      ).all(e.id) as { id: string }[]
    ).map((r) => r.id);
    const mentions = (this.q('SELECT COUNT(*) AS n FROM mentions WHERE entity_id = ?').get(e.id) as { n: number }).n;
    return { canonical: e.canonical, type: e.type, aliases, roles, storyIds, mentions };
  }

  async quotesBy(canonical: string, limit: number): Promise<(Quote & { articleId: string })[]> {
    const speaker = this.findEntity(canonical)?.canonical ?? canonical.trim();
    const rows = this.q(
      `SELECT q.*, a.published AS published FROM quotes q JOIN articles a ON a.id = q.article_id
       WHERE q.speaker = ? ORDER BY COALESCE(a.published, a.fetched) DESC, q.article_id, q.start LIMIT ?`,
    ).all(speaker, Math.max(0, Math.floor(limit))) as QuoteRow[];
    return rows.map(toQuote);
  }

  // ---- search

  async search(q: string, limit: number): Promise<SearchHit[]> {
    const match = ftsQuery(q);
    const n = Math.max(0, Math.floor(limit));
    if (!match || n === 0) return [];
    const briefs = this.q(
      `SELECT f.story_id AS id, f.headline AS title, snippet(briefs_fts, 2, '', '', '…', 16) AS snippet, bm25(briefs_fts) AS rank
       FROM briefs_fts f WHERE briefs_fts MATCH ? ORDER BY rank LIMIT ?`,
    ).all(match, n) as { id: string; title: string; snippet: string; rank: number }[];
    const articles = this.q(
      `SELECT a.id AS id, a.title AS title, snippet(articles_fts, 1, '', '', '…', 16) AS snippet, bm25(articles_fts) AS rank,
              sa.story_id AS storyId
       FROM articles_fts JOIN articles a ON a.rowid = articles_fts.rowid
       LEFT JOIN story_articles sa ON sa.article_id = a.id
       WHERE articles_fts MATCH ? ORDER BY rank LIMIT ?`,
    ).all(match, n) as { id: string; title: string; snippet: string; rank: number; storyId: string | null }[];
    const hits = [
      ...briefs.map((b) => ({ rank: b.rank, hit: { kind: 'brief' as const, id: b.id, storyId: b.id, title: b.title, snippet: b.snippet } })),
      ...articles.map((a) => ({ rank: a.rank, hit: { kind: 'article' as const, id: a.id, storyId: a.storyId, title: a.title, snippet: a.snippet } })),
    ];
    // bm25() is lower-is-better in both tables; a brief wins ties because it speaks for a whole story.
    hits.sort((x, y) => x.rank - y.rank || (x.hit.kind === 'brief' ? -1 : 1));
    return hits.slice(0, n).map((h) => h.hit);
  }

  // ---- reader accounts

  async addToken(t: TokenRecord): Promise<void> {
    await this.write(() => this.q('INSERT INTO api_tokens (hash, name, created_at) VALUES (?, ?, ?)').run(t.hash, t.name, t.createdAt));
  }

  async tokenByHash(hash: string): Promise<TokenRecord | null> {
    const r = this.q('SELECT hash, name, created_at FROM api_tokens WHERE hash = ?').get(hash) as { hash: string; name: string; created_at: string } | undefined;
    return r ? { hash: r.hash, name: r.name, createdAt: r.created_at } : null;
  }

  async tokensNamed(name: string): Promise<TokenRecord[]> {
    const rows = this.q('SELECT hash, name, created_at FROM api_tokens WHERE name = ? ORDER BY created_at, hash').all(name) as { hash: string; name: string; created_at: string }[];
    return rows.map((r) => ({ hash: r.hash, name: r.name, createdAt: r.created_at }));
  }

  async readerItems(f: ReaderFilter & { order: 'newest' | 'oldest'; after?: number; limit: number }): Promise<ReaderItem[]> {
    const { text, params } = readerItemsSql('rowid', f);
    return (this.q(text).all(...params) as ReaderItemRow[]).map(toReaderItem);
  }

  async readerArticles(user: string, items: number[]): Promise<(ReaderItem & { article: Article })[]> {
    if (!items.length) return [];
    const { text, params } = readerArticlesSql('rowid', 'a.*', user, items);
    return (this.q(text).all(...params) as (ReaderItemRow & ArticleRow)[]).map((r) => ({ ...toReaderItem(r), article: toArticle(r) }));
  }

  async readerUnreadCounts(user: string): Promise<{ sourceId: string; count: number; newest: string }[]> {
    const { text, params } = readerUnreadCountsSql('rowid', user);
    return (this.q(text).all(...params) as { source_id: string; n: number; newest: string }[]).map((r) => ({ sourceId: r.source_id, count: r.n, newest: r.newest }));
  }

  async setReaderState(user: string, items: number[], patch: { read?: boolean; starred?: boolean }): Promise<void> {
    const now = new Date().toISOString();
    await this.write(() => {
      for (const item of items) this.q(SET_STATE_SQL).run(...setStateParams(user, item, patch, now));
    });
  }

  async markReaderRead(f: ReaderFilter): Promise<number> {
    const { text, params } = markReaderReadSql('rowid', f, new Date().toISOString());
    return this.write(() => this.q(text).run(...params).changes);
  }

  async readerStoryItems(refs: { storyId: string; version: number }[]): Promise<ReaderStoryItem[]> {
    if (!refs.length) return [];
    const now = new Date().toISOString();
    return this.write(() =>
      refs.map((r) => {
        this.q('INSERT INTO reader_story_items (story_id, version, created_at) VALUES (?, ?, ?) ON CONFLICT (story_id, version) DO NOTHING').run(r.storyId, r.version, now);
        const n = (this.q('SELECT n FROM reader_story_items WHERE story_id = ? AND version = ?').get(r.storyId, r.version) as { n: number }).n;
        return { item: READER_STORY_ITEM_BASE + n, storyId: r.storyId, version: r.version };
      }),
    );
  }

  async readerStoryRefs(items: number[]): Promise<ReaderStoryItem[]> {
    const ns = items.filter((i) => i > READER_STORY_ITEM_BASE).map((i) => i - READER_STORY_ITEM_BASE);
    if (!ns.length) return [];
    const rows = this.q(`SELECT n, story_id, version FROM reader_story_items WHERE n IN (${ns.map(() => '?').join(', ')})`).all(...ns) as { n: number; story_id: string; version: number }[];
    return rows.map((r) => ({ item: READER_STORY_ITEM_BASE + r.n, storyId: r.story_id, version: r.version }));
  }

  async readerStates(user: string, items: number[] | 'starredStories'): Promise<ReaderState[]> {
    const rows = (
      items === 'starredStories'
        ? this.q('SELECT item, read, starred FROM reader_state WHERE user_name = ? AND item > ? AND starred = 1 ORDER BY item DESC').all(user, READER_STORY_ITEM_BASE)
        : items.length
          ? this.q(`SELECT item, read, starred FROM reader_state WHERE user_name = ? AND item IN (${items.map(() => '?').join(', ')})`).all(user, ...items)
          : []
    ) as { item: number; read: number | null; starred: number }[];
    return rows.map((r) => ({ item: r.item, read: r.read === null ? null : r.read === 1, starred: r.starred === 1 }));
  }

  private async wrapForeignKey(articleId: string, fn: () => Promise<void>): Promise<void> {
    try {
      await fn();
    } catch (err) {
      if ((err as { code?: string }).code === 'SQLITE_CONSTRAINT_FOREIGNKEY') {
        // Only a missing article is the caller's mistake; any other broken reference is a store bug and
        // must not be reported as one.
        const exists = this.q('SELECT 1 FROM articles WHERE id = ?').get(articleId) !== undefined;
        if (!exists) throw new StorylineError('store', 'unknown_article', 'no such article', { input: articleId, cause: err });
        throw new StorylineError('store', 'integrity', `a write for this article broke a reference: ${errorMessage(err)}`, { input: articleId, cause: err });
      }
      throw err;
    }
  }
}

/** Opens (creating if needed) and migrates a SQLite store. */
export async function openSqliteStore(path: string, opts: SqliteStoreOptions = {}): Promise<SqliteStore> {
  const store = new SqliteStore(path, opts);
  try {
    await store.migrate();
  } catch (err) {
    await store.close();
    throw err instanceof StorylineError
      ? err
      : new StorylineError('store', 'migration_failed', `cannot migrate database: ${errorMessage(err)}`, { input: path, cause: err });
  }
  return store;
}

interface ReaderItemRow {
  item: number;
  article_id: string;
  source_id: string | null;
  fetched: string;
  is_read: number;
  is_starred: number;
  is_copy: number;
}

function toReaderItem(r: ReaderItemRow): ReaderItem {
  return { item: Number(r.item), articleId: r.article_id, sourceId: r.source_id, fetched: r.fetched, read: Number(r.is_read) === 1, starred: Number(r.is_starred) === 1, copy: Number(r.is_copy) === 1 };
}
