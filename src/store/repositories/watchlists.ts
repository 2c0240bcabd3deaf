// Watchlists, their matches and their webhook deliveries: one repository, its SQL written once for both
// adapters over a SqlRunner (SQLite migration 6, PostgreSQL migration 4). Matching itself is the
// pipeline's (pipeline/watch/); this keeps what it found, where the match scan stopped, and the outbox of
// webhook calls, so a delivery survives a restart and is retried until it lands or gives up.
import type { SqlRunner, SqlStatement } from '../sql-runner.ts';

/** What a watchlist follows. An article matches when any one of them does. */
export interface WatchTerms {
  /** Entity names, as the entity pages show them ("Vladimir Putin"); a mention's own text counts too ("Putin"). */
  entities: string[];
  /** Words or phrases, matched as whole words in an article's title and text, case and accents aside. */
  keywords: string[];
  /** Story ids: every article filed under the story (a merge followed) matches. */
  stories: string[];
}

export interface Watchlist {
  id: string;
  /** Token name of the account the watchlist belongs to. */
  owner: string;
  name: string;
  terms: WatchTerms;
  /** Where a match is POSTed, or null for none. */
  webhookUrl: string | null;
  /** Key of the HMAC-SHA256 signature over each webhook body. */
  webhookSecret: string | null;
  createdAt: string;
  updatedAt: string;
  /** When the owner last looked at the matches: those after it are "new". */
  seenAt: string;
}

export interface WatchMatch {
  watchlistId: string;
  articleId: string;
  /** The story the article was filed under when it matched. */
  storyId: string | null;
  /** Which terms matched: "entity:Vladimir Putin", "keyword:ceasefire", "story:s12". */
  reasons: string[];
  matchedAt: string;
}

export type DeliveryState = 'pending' | 'delivered' | 'failed';

export interface Delivery {
  id: string;
  watchlistId: string;
  articleId: string;
  url: string;
  /** The exact JSON body sent (and signed) on every attempt. */
  body: string;
  state: DeliveryState;
  attempts: number;
  /** When the next attempt is due (pending), else when the last one was made. */
  nextAttemptAt: string;
  lastStatus: number | null;
  lastError: string | null;
  createdAt: string;
  deliveredAt: string | null;
}

/** A match found by a scan, with the webhook call it queues when the watchlist has a webhook. */
export interface NewMatch extends WatchMatch {
  delivery: { id: string; url: string; body: string } | null;
}

export interface Page<T> {
  items: T[];
  total: number;
}

interface WatchlistRow {
  id: string;
  owner: string;
  name: string;
  terms: string;
  webhook_url: string | null;
  webhook_secret: string | null;
  created_at: string;
  updated_at: string;
  seen_at: string;
}

interface MatchRow {
  watchlist_id: string;
  article_id: string;
  story_id: string | null;
  reasons: string;
  matched_at: string;
}

interface DeliveryRow {
  id: string;
  watchlist_id: string;
  article_id: string;
  url: string;
  body: string;
  state: string;
  attempts: number | string;
  next_attempt_at: string;
  last_status: number | string | null;
  last_error: string | null;
  created_at: string;
  delivered_at: string | null;
}

function toWatchlist(r: WatchlistRow): Watchlist {
  const t = JSON.parse(r.terms) as Partial<WatchTerms>;
  return {
    id: r.id,
    owner: r.owner,
    name: r.name,
    terms: { entities: t.entities ?? [], keywords: t.keywords ?? [], stories: t.stories ?? [] },
    webhookUrl: r.webhook_url,
    webhookSecret: r.webhook_secret,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    seenAt: r.seen_at,
  };
}

function toMatch(r: MatchRow): WatchMatch {
  return { watchlistId: r.watchlist_id, articleId: r.article_id, storyId: r.story_id, reasons: JSON.parse(r.reasons) as string[], matchedAt: r.matched_at };
}

function toDelivery(r: DeliveryRow): Delivery {
  return {
    id: r.id,
    watchlistId: r.watchlist_id,
    articleId: r.article_id,
    url: r.url,
    body: r.body,
    state: r.state as DeliveryState,
    attempts: Number(r.attempts),
    nextAttemptAt: r.next_attempt_at,
    lastStatus: r.last_status === null ? null : Number(r.last_status),
    lastError: r.last_error,
    createdAt: r.created_at,
    deliveredAt: r.delivered_at,
  };
}

const WATCHLIST_COLUMNS = 'id, owner, name, terms, webhook_url, webhook_secret, created_at, updated_at, seen_at';
const MATCH_COLUMNS = 'watchlist_id, article_id, story_id, reasons, matched_at';
const DELIVERY_COLUMNS = 'id, watchlist_id, article_id, url, body, state, attempts, next_attempt_at, last_status, last_error, created_at, delivered_at';

export class WatchlistRepository {
  constructor(private readonly db: SqlRunner) {}

  // ---- watchlists

  async create(w: Watchlist): Promise<void> {
    await this.db.run(`INSERT INTO watchlists (${WATCHLIST_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, [
      w.id,
      w.owner,
      w.name,
      JSON.stringify(w.terms),
      w.webhookUrl,
      w.webhookSecret,
      w.createdAt,
      w.updatedAt,
      w.seenAt,
    ]);
  }

  async get(id: string): Promise<Watchlist | null> {
    const rows = await this.db.all<WatchlistRow>(`SELECT ${WATCHLIST_COLUMNS} FROM watchlists WHERE id = ?`, [id]);
    return rows.length ? toWatchlist(rows[0]) : null;
  }

  /** An account's watchlists, oldest first. */
  async listOwned(owner: string, page: { limit: number; offset: number }): Promise<Page<Watchlist>> {
    const rows = await this.db.all<WatchlistRow>(`SELECT ${WATCHLIST_COLUMNS} FROM watchlists WHERE owner = ? ORDER BY created_at, id LIMIT ? OFFSET ?`, [
      owner,
      page.limit,
      page.offset,
    ]);
    const [{ n }] = await this.db.all<{ n: number | string }>('SELECT count(*) AS n FROM watchlists WHERE owner = ?', [owner]);
    return { items: rows.map(toWatchlist), total: Number(n) };
  }

  /** Every watchlist (the match scan checks each article against all of them). */
  async all(): Promise<Watchlist[]> {
    return (await this.db.all<WatchlistRow>(`SELECT ${WATCHLIST_COLUMNS} FROM watchlists ORDER BY created_at, id`)).map(toWatchlist);
  }

  /** Replaces the name, terms and webhook; null when there is no such watchlist. */
  async update(id: string, patch: Pick<Watchlist, 'name' | 'terms' | 'webhookUrl' | 'webhookSecret' | 'updatedAt'>): Promise<Watchlist | null> {
    const n = await this.db.run('UPDATE watchlists SET name = ?, terms = ?, webhook_url = ?, webhook_secret = ?, updated_at = ? WHERE id = ?', [
      patch.name,
      JSON.stringify(patch.terms),
      patch.webhookUrl,
      patch.webhookSecret,
      patch.updatedAt,
      id,
    ]);
    return n ? this.get(id) : null;
  }

  /** Deletes the watchlist with its matches and deliveries; false when there was none. */
  async remove(id: string): Promise<boolean> {
    const [, , n] = await this.db.batch([
      { sql: 'DELETE FROM webhook_deliveries WHERE watchlist_id = ?', params: [id] },
      { sql: 'DELETE FROM watch_matches WHERE watchlist_id = ?', params: [id] },
      { sql: 'DELETE FROM watchlists WHERE id = ?', params: [id] },
    ]);
    return n > 0;
  }

  /** The owner has seen every match up to `at` (the "new" badges count from here). */
  async markSeen(id: string, at: string): Promise<void> {
    await this.db.run('UPDATE watchlists SET seen_at = ? WHERE id = ? AND seen_at < ?', [at, id, at]);
  }

  // ---- matches

  /** Store sequence up to which every article has been checked against the watchlists (0 before the first scan). */
  async scannedThrough(): Promise<number> {
    const rows = await this.db.all<{ seq: number | string }>('SELECT seq FROM watch_scan WHERE id = 1');
    return rows.length ? Number(rows[0].seq) : 0;
  }

  /**
   * Records matches, the webhook calls they queue, and how far the scan got, in one transaction. A match
   * already recorded (another process scanned the same articles) is left as it was and queues nothing
   * again; a watchlist deleted meanwhile gets nothing. Returns how many matches were new.
   */
  async record(matches: NewMatch[], scannedThrough: number | null): Promise<number> {
    const statements: SqlStatement[] = [];
    for (const m of matches) {
      // INSERT … SELECT from the watchlist: a watchlist deleted since it was loaded yields no row, not a failed batch.
      statements.push({
        sql: `INSERT INTO watch_matches (${MATCH_COLUMNS}) SELECT ?, ?, ?, ?, ? FROM watchlists WHERE id = ? ON CONFLICT DO NOTHING`,
        params: [m.watchlistId, m.articleId, m.storyId, JSON.stringify(m.reasons), m.matchedAt, m.watchlistId],
      });
      if (m.delivery) {
        statements.push({
          sql: `INSERT INTO webhook_deliveries (${DELIVERY_COLUMNS})
                SELECT ?, ?, ?, ?, ?, 'pending', 0, ?, NULL, NULL, ?, NULL FROM watchlists WHERE id = ? ON CONFLICT DO NOTHING`,
          params: [m.delivery.id, m.watchlistId, m.articleId, m.delivery.url, m.delivery.body, m.matchedAt, m.matchedAt, m.watchlistId],
        });
      }
    }
    if (scannedThrough !== null) {
      // Never moves back: two scanners finishing out of order keep the further one.
      statements.push({
        sql: 'INSERT INTO watch_scan (id, seq) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET seq = CASE WHEN excluded.seq > watch_scan.seq THEN excluded.seq ELSE watch_scan.seq END',
        params: [scannedThrough],
      });
    }
    if (!statements.length) return 0;
    const changed = await this.db.batch(statements);
    let added = 0;
    let i = 0;
    for (const m of matches) {
      added += changed[i++];
      if (m.delivery) i++;
    }
    return added;
  }

  /** A watchlist's matches, newest first; `after` keeps only those matched later than it (the "new" ones). */
  async matches(watchlistId: string, page: { limit: number; offset: number; after?: string }): Promise<Page<WatchMatch>> {
    const where = page.after === undefined ? 'watchlist_id = ?' : 'watchlist_id = ? AND matched_at > ?';
    const params = page.after === undefined ? [watchlistId] : [watchlistId, page.after];
    const rows = await this.db.all<MatchRow>(
      `SELECT ${MATCH_COLUMNS} FROM watch_matches WHERE ${where} ORDER BY matched_at DESC, article_id DESC LIMIT ? OFFSET ?`,
      [...params, page.limit, page.offset],
    );
    const [{ n }] = await this.db.all<{ n: number | string }>(`SELECT count(*) AS n FROM watch_matches WHERE ${where}`, params);
    return { items: rows.map(toMatch), total: Number(n) };
  }

  /** Matches per watchlist after its seen_at: the "new" badges of one account. */
  async unseenCounts(owner: string): Promise<Map<string, number>> {
    const rows = await this.db.all<{ id: string; n: number | string }>(
      `SELECT w.id AS id, count(m.article_id) AS n FROM watchlists w JOIN watch_matches m ON m.watchlist_id = w.id AND m.matched_at > w.seen_at
       WHERE w.owner = ? GROUP BY w.id`,
      [owner],
    );
    return new Map(rows.map((r) => [r.id, Number(r.n)]));
  }

  // ---- webhook deliveries

  /** Pending deliveries due at `now`, oldest due first, that no other deliverer holds. */
  async dueDeliveries(now: string, limit: number): Promise<Delivery[]> {
    const rows = await this.db.all<DeliveryRow>(
      `SELECT ${DELIVERY_COLUMNS} FROM webhook_deliveries WHERE state = 'pending' AND next_attempt_at <= ? AND (lease_until IS NULL OR lease_until <= ?)
       ORDER BY next_attempt_at, id LIMIT ?`,
      [now, now, limit],
    );
    return rows.map(toDelivery);
  }

  /** Takes a due delivery for one attempt until `leaseUntil`; false when another deliverer took it first. */
  async claim(id: string, now: string, leaseUntil: string): Promise<boolean> {
    const n = await this.db.run(
      `UPDATE webhook_deliveries SET lease_until = ? WHERE id = ? AND state = 'pending' AND (lease_until IS NULL OR lease_until <= ?)`,
      [leaseUntil, id, now],
    );
    return n === 1;
  }

  /** Records one attempt: delivered, failed for good, or pending again at `nextAttemptAt`. */
  async attempted(
    id: string,
    outcome: { state: DeliveryState; at: string; nextAttemptAt: string; status: number | null; error: string | null },
  ): Promise<void> {
    await this.db.run(
      `UPDATE webhook_deliveries SET state = ?, attempts = attempts + 1, next_attempt_at = ?, last_status = ?, last_error = ?, lease_until = NULL,
         delivered_at = CASE WHEN ? = 'delivered' THEN ? ELSE delivered_at END
       WHERE id = ?`,
      [outcome.state, outcome.nextAttemptAt, outcome.status, outcome.error, outcome.state, outcome.at, id],
    );
  }

  async deliveries(watchlistId: string, page: { limit: number; offset: number }): Promise<Page<Delivery>> {
    const rows = await this.db.all<DeliveryRow>(
      `SELECT ${DELIVERY_COLUMNS} FROM webhook_deliveries WHERE watchlist_id = ? ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?`,
      [watchlistId, page.limit, page.offset],
    );
    const [{ n }] = await this.db.all<{ n: number | string }>('SELECT count(*) AS n FROM webhook_deliveries WHERE watchlist_id = ?', [watchlistId]);
    return { items: rows.map(toDelivery), total: Number(n) };
  }
}

/** The schema, the same in both databases but for PostgreSQL's collation (see postgres/migrations.ts). */
export function watchlistSchema(text: string): string {
  return `
CREATE TABLE watchlists (
  id ${text} PRIMARY KEY,
  owner ${text} NOT NULL,
  name ${text} NOT NULL,
  terms ${text} NOT NULL,
  webhook_url ${text},
  webhook_secret ${text},
  created_at ${text} NOT NULL,
  updated_at ${text} NOT NULL,
  seen_at ${text} NOT NULL
);
CREATE INDEX watchlists_owner ON watchlists(owner, created_at);
CREATE TABLE watch_matches (
  watchlist_id ${text} NOT NULL REFERENCES watchlists(id) ON DELETE CASCADE,
  article_id ${text} NOT NULL,
  story_id ${text},
  reasons ${text} NOT NULL,
  matched_at ${text} NOT NULL,
  PRIMARY KEY (watchlist_id, article_id)
);
CREATE INDEX watch_matches_time ON watch_matches(watchlist_id, matched_at);
CREATE TABLE watch_scan (
  id integer PRIMARY KEY CHECK (id = 1),
  seq bigint NOT NULL
);
CREATE TABLE webhook_deliveries (
  id ${text} PRIMARY KEY,
  watchlist_id ${text} NOT NULL REFERENCES watchlists(id) ON DELETE CASCADE,
  article_id ${text} NOT NULL,
  url ${text} NOT NULL,
  body ${text} NOT NULL,
  state ${text} NOT NULL CHECK (state IN ('pending', 'delivered', 'failed')),
  attempts integer NOT NULL DEFAULT 0,
  next_attempt_at ${text} NOT NULL,
  lease_until ${text},
  last_status integer,
  last_error ${text},
  created_at ${text} NOT NULL,
  delivered_at ${text},
  UNIQUE (watchlist_id, article_id)
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries(state, next_attempt_at);
`;
}
