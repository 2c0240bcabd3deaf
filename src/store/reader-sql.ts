// The reader queries, written once for both adapters: placeholders are `?` (PostgreSQL's adapter numbers
// them), and the only difference is the column that numbers articles (SQLite's rowid, PostgreSQL's seq).
// Integers stand in for booleans so the same expressions read the same in both databases.
import type { ReaderFilter, ReaderItem } from './store.ts';

export interface ReaderSql {
  text: string;
  params: unknown[];
}

/**
 * Read unless marked otherwise, for a later copy of an article: the account has been given the story once
 * already, through the first copy stored.
 */
const COPY = `CASE WHEN c.canonical_id IS NOT NULL AND c.canonical_id <> a.id THEN 1 ELSE 0 END`;
const READ = `COALESCE(rs.read, ${COPY})`;

function from(item: string): string {
  return `FROM articles a
    JOIN sources s ON s.id = a.source_id
    LEFT JOIN copies c ON c.article_id = a.id
    LEFT JOIN reader_state rs ON rs.user_name = ? AND rs.item = a.${item}`;
}

function where(f: ReaderFilter, params: unknown[]): string {
  const w: string[] = ['1 = 1'];
  if (f.sourceId !== undefined) {
    w.push('a.source_id = ?');
    params.push(f.sourceId);
  }
  if (f.folder !== undefined) {
    w.push('s.folder = ?');
    params.push(f.folder);
  }
  if (f.watchlistId !== undefined) {
    w.push('a.id IN (SELECT m.article_id FROM watch_matches m WHERE m.watchlist_id = ?)');
    params.push(f.watchlistId);
  }
  if (f.read !== undefined) w.push(`${READ} = ${f.read ? 1 : 0}`);
  if (f.starred !== undefined) w.push(`COALESCE(rs.starred, 0) = ${f.starred ? 1 : 0}`);
  if (f.fetchedFrom !== undefined) {
    w.push('a.fetched >= ?');
    params.push(f.fetchedFrom);
  }
  if (f.fetchedBefore !== undefined) {
    w.push('a.fetched < ?');
    params.push(f.fetchedBefore);
  }
  return w.join(' AND ');
}

const COLUMNS = (item: string) =>
  `a.${item} AS item, a.id AS article_id, a.source_id, a.fetched, ${READ} AS is_read, COALESCE(rs.starred, 0) AS is_starred, ${COPY} AS is_copy`;

export function readerItemsSql(item: string, f: ReaderFilter & { order: 'newest' | 'oldest'; after?: number; limit: number }): ReaderSql {
  const params: unknown[] = [f.user];
  let w = where(f, params);
  if (f.after !== undefined) {
    w += ` AND a.${item} ${f.order === 'newest' ? '<' : '>'} ?`;
    params.push(Math.floor(f.after));
  }
  params.push(Math.max(0, Math.floor(f.limit)));
  return {
    text: `SELECT ${COLUMNS(item)} ${from(item)} WHERE ${w} ORDER BY a.${item} ${f.order === 'newest' ? 'DESC' : 'ASC'} LIMIT ?`,
    params,
  };
}

export function readerArticlesSql(item: string, articleColumns: string, user: string, items: number[]): ReaderSql {
  return {
    text: `SELECT ${COLUMNS(item)}, ${articleColumns} ${from(item)} WHERE a.${item} IN (${items.map(() => '?').join(', ')})`,
    params: [user, ...items],
  };
}

export function readerUnreadCountsSql(item: string, user: string): ReaderSql {
  return {
    text: `SELECT a.source_id, COUNT(*) AS n, MAX(a.fetched) AS newest ${from(item)} WHERE ${READ} = 0 GROUP BY a.source_id ORDER BY a.source_id`,
    params: [user],
  };
}

/** Marks read in one statement: the matching unread items gain (or update) a state row. */
export function markReaderReadSql(item: string, f: ReaderFilter, now: string): ReaderSql {
  const params: unknown[] = [f.user, now, f.user];
  const w = where({ ...f, read: false }, params);
  return {
    // "WHERE" is always present: SQLite needs it to tell the upsert's ON CONFLICT from a join constraint.
    text: `INSERT INTO reader_state (user_name, item, read, starred, updated_at)
      SELECT CAST(? AS TEXT), a.${item}, 1, COALESCE(rs.starred, 0), CAST(? AS TEXT) ${from(item)} WHERE ${w}
      ON CONFLICT (user_name, item) DO UPDATE SET read = 1, updated_at = excluded.updated_at`,
    params,
  };
}

export const SET_STATE_SQL = `INSERT INTO reader_state (user_name, item, read, starred, updated_at) VALUES (?, ?, ?, ?, ?)
  ON CONFLICT (user_name, item) DO UPDATE SET
    read = COALESCE(excluded.read, reader_state.read),
    starred = CASE WHEN CAST(? AS INTEGER) IS NULL THEN reader_state.starred ELSE excluded.starred END,
    updated_at = excluded.updated_at`;

/** SET_STATE_SQL's parameters for one item. */
export function setStateParams(user: string, item: number, patch: { read?: boolean; starred?: boolean }, now: string): unknown[] {
  const starred = patch.starred === undefined ? null : patch.starred ? 1 : 0;
  return [user, item, patch.read === undefined ? null : patch.read ? 1 : 0, starred ?? 0, now, starred];
}

/** `?` placeholders as PostgreSQL's `$1, $2, …` (the reader SQL has no `?` inside string literals). */
export function numbered(text: string): string {
  let n = 0;
  return text.replace(/\?/g, () => `$${++n}`);
}

/** A row of readerItemsSql/readerArticlesSql: the item number is text from PostgreSQL's bigint, flags 0/1. */
export interface ReaderItemRow {
  item: string | number;
  article_id: string;
  source_id: string | null;
  fetched: string;
  is_read: number;
  is_starred: number;
  is_copy: number;
}

export function toReaderItem(r: ReaderItemRow): ReaderItem {
  return {
    item: Number(r.item),
    articleId: r.article_id,
    sourceId: r.source_id,
    fetched: r.fetched,
    read: Number(r.is_read) === 1,
    starred: Number(r.is_starred) === 1,
    copy: Number(r.is_copy) === 1,
  };
}
