// PostgreSQL articles repository. The insertion sequence is article_order, numbered at commit (see
// migrations.ts), so a reader resuming from a watermark never skips an article another worker committed late.
import type { PoolClient } from 'pg';
import { StorylineError } from '../../errors.ts';
import type { Article } from '../../types.ts';
import type { ArticleDay, ArticleRepository, NewArticle, SequencedArticle } from '../repositories/articles.ts';
import { checkedArticleId, toArticle, type ArticleRow } from '../rows.ts';
import { all, noNul, one, type PgConnection } from './connection.ts';
import { countArticleDay } from './story-stats.ts';

// The generated search vector is never read back: naming the columns keeps it off the wire.
export const ARTICLE_COLUMNS = 'id, url, canonical_url, title, text, published, fetched, lang, byline, source_id, source_name, partial, partial_reason';
export const ARTICLE_COLUMNS_A = ARTICLE_COLUMNS.split(', ')
  .map((c) => `a.${c}`)
  .join(', ');

/**
 * Inserts the article row inside the caller's transaction; null when the id exists. Returns the stored
 * article. The caller counts it under its day (countArticleDay) as its transaction's last write.
 */
export async function insertArticle(c: PoolClient, a: NewArticle): Promise<Article | null> {
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
      [
        row.id,
        row.url,
        row.canonical_url,
        row.title,
        row.text,
        row.published,
        row.fetched,
        row.lang,
        row.byline,
        row.source_id,
        row.source_name,
        row.partial,
        row.partial_reason,
      ],
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

export class PgArticles implements ArticleRepository {
  constructor(private readonly c: PgConnection) {}

  async addArticle(a: NewArticle): Promise<Article | null> {
    return this.c.tx(async (c) => {
      const article = await insertArticle(c, a);
      if (article) await countArticleDay(c, article.published, article.fetched);
      return article;
    });
  }

  async getArticle(id: string): Promise<Article | null> {
    return this.c.read(async (db) => {
      const r = await one<ArticleRow>(db, `SELECT ${ARTICLE_COLUMNS} FROM articles WHERE id = $1`, [id]);
      return r ? toArticle(r) : null;
    });
  }

  async getArticles(ids: string[]): Promise<Article[]> {
    if (!ids.length) return [];
    return this.c.read(async (db) => {
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
    return this.c.read(async (db) => Number((await one<{ n: string }>(db, 'SELECT COUNT(*) AS n FROM articles'))!.n));
  }

  async articlesSince(seq: number, limit: number): Promise<SequencedArticle[]> {
    return this.c.read(async (db) => {
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
    return this.c.read(async (db) => Number((await one<{ n: string }>(db, 'SELECT COALESCE(MAX(seq), 0) AS n FROM article_order'))!.n));
  }

  async articleDays(): Promise<ArticleDay[]> {
    return this.c.read(async (db) => all<ArticleDay>(db, 'SELECT day, articles FROM article_days ORDER BY day'));
  }
}
