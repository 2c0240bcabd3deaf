// SQLite search repository: FTS5 tables over articles (kept by triggers) and over the latest brief of each
// live story (kept here: saving a brief replaces its story's row, a merge drops the merged story's).
import type { Brief } from '../../types.ts';
import type { SearchFilter, SearchHit, SearchRepository } from '../repositories/search.ts';
import { briefSearchText, ftsQuery, mergeSearchHits } from '../text.ts';
import { articleFilterSql, storyFilterSql } from '../search-filter.ts';

/** An entity's id by canonical name: the column is COLLATE NOCASE, so `=` folds case through its unique index. */
const SQLITE_ENTITY_ID = 'SELECT id FROM entities WHERE canonical = ?';
import type { SqliteConnection } from './connection.ts';

/** Makes `brief` its story's searchable brief, inside the caller's transaction. */
export function indexBrief(c: SqliteConnection, storyId: string, brief: Brief): void {
  dropBriefSearchRow(c, storyId);
  const fts = c.q('INSERT INTO briefs_fts (story_id, headline, text) VALUES (?, ?, ?)').run(storyId, brief.headline.text, briefSearchText(brief));
  c.q('INSERT INTO briefs_fts_rows (story_id, fts_rowid) VALUES (?, ?)').run(storyId, fts.lastInsertRowid);
}

/** Removes the story's row from brief search, found through briefs_fts_rows (briefs_fts has no index on story_id). */
export function dropBriefSearchRow(c: SqliteConnection, storyId: string): void {
  const r = c.q('DELETE FROM briefs_fts_rows WHERE story_id = ? RETURNING fts_rowid').get(storyId) as { fts_rowid: number } | undefined;
  if (r) c.q('DELETE FROM briefs_fts WHERE rowid = ?').run(r.fts_rowid);
}

export class SqliteSearch implements SearchRepository {
  constructor(private readonly c: SqliteConnection) {}

  async search(q: string, limit: number, filter?: SearchFilter): Promise<SearchHit[]> {
    const match = ftsQuery(q);
    const n = Math.max(0, Math.floor(limit));
    if (!match || n === 0) return [];
    const story = storyFilterSql('f.story_id', filter, SQLITE_ENTITY_ID);
    const briefs = this.c
      .q(
        `SELECT f.story_id AS id, f.headline AS title, snippet(briefs_fts, 2, '', '', '…', 16) AS snippet, bm25(briefs_fts) AS rank
       FROM briefs_fts f WHERE briefs_fts MATCH ?${story.text} ORDER BY rank LIMIT ?`,
      )
      .all(match, ...story.params, n) as { id: string; title: string; snippet: string; rank: number }[];
    const art = articleFilterSql(filter, SQLITE_ENTITY_ID);
    const articles = this.c
      .q(
        `SELECT a.id AS id, a.title AS title, snippet(articles_fts, 1, '', '', '…', 16) AS snippet, bm25(articles_fts) AS rank,
              sa.story_id AS storyId, COALESCE(a.published, a.fetched) AS published, a.source_name AS source,
              (SELECT b.headline FROM briefs b WHERE b.story_id = sa.story_id ORDER BY b.version DESC LIMIT 1) AS storyTitle
       FROM articles_fts JOIN articles a ON a.rowid = articles_fts.rowid
       LEFT JOIN story_articles sa ON sa.article_id = a.id
       WHERE articles_fts MATCH ?${art.text} ORDER BY rank LIMIT ?`,
      )
      .all(match, ...art.params, n) as {
      id: string;
      title: string;
      snippet: string;
      rank: number;
      storyId: string | null;
      published: string | null;
      source: string | null;
      storyTitle: string | null;
    }[];
    return mergeSearchHits(briefs, articles, n, true);
  }
}
