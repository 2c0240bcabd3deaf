// SQLite articles repository. The insertion sequence is the rowid.
import { StorylineError } from '../../errors.ts';
import type { Article } from '../../types.ts';
import type { ArticleDay, ArticleRepository, NewArticle, SequencedArticle } from '../repositories/articles.ts';
import { checkedArticleId, toArticle, type ArticleRow } from '../rows.ts';
import type { SqliteConnection } from './connection.ts';
import { countArticleDay } from './story-stats.ts';

/** Inserts the article row inside the caller's transaction; null when the id exists. */
export function insertArticle(c: SqliteConnection, a: NewArticle): Article | null {
  const id = checkedArticleId(a);
  if (c.q('SELECT 1 FROM articles WHERE id = ?').get(id)) return null;
  let sourceName = a.source ?? null;
  if (a.sourceId) {
    const src = c.q('SELECT title FROM sources WHERE id = ?').get(a.sourceId) as { title: string | null } | undefined;
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
  c.q(
    `INSERT INTO articles (id, url, canonical_url, title, text, published, fetched, lang, byline, source_id, source_name, partial, partial_reason)
     VALUES (@id, @url, @canonical_url, @title, @text, @published, @fetched, @lang, @byline, @source_id, @source_name, @partial, @partial_reason)`,
  ).run(row);
  countArticleDay(c, row.published, row.fetched);
  return toArticle(row);
}

export class SqliteArticles implements ArticleRepository {
  constructor(private readonly c: SqliteConnection) {}

  async addArticle(a: NewArticle): Promise<Article | null> {
    return this.c.write(() => insertArticle(this.c, a));
  }

  async getArticle(id: string): Promise<Article | null> {
    const r = this.c.q('SELECT * FROM articles WHERE id = ?').get(id) as ArticleRow | undefined;
    return r ? toArticle(r) : null;
  }

  async getArticles(ids: string[]): Promise<Article[]> {
    const stmt = this.c.q('SELECT * FROM articles WHERE id = ?');
    const out: Article[] = [];
    for (const id of ids) {
      const r = stmt.get(id) as ArticleRow | undefined;
      if (r) out.push(toArticle(r));
    }
    return out;
  }

  async countArticles(): Promise<number> {
    return (this.c.q('SELECT COUNT(*) AS n FROM articles').get() as { n: number }).n;
  }

  async articlesSince(seq: number, limit: number): Promise<SequencedArticle[]> {
    // Walks the rowid primary key from the watermark, so the cost is the rows returned, not the table.
    const rows = this.c
      .q(
        `SELECT a.rowid AS seq, a.*, c.canonical_id AS copy_canonical, sa.story_id AS assigned_story
       FROM articles a LEFT JOIN copies c ON c.article_id = a.id LEFT JOIN story_articles sa ON sa.article_id = a.id
       WHERE a.rowid > ? ORDER BY a.rowid LIMIT ?`,
      )
      .all(Math.floor(seq), Math.max(0, Math.floor(limit))) as (ArticleRow & { seq: number; copy_canonical: string | null; assigned_story: string | null })[];
    return rows.map((r) => ({ seq: r.seq, article: toArticle(r), canonicalId: r.copy_canonical, storyId: r.assigned_story }));
  }

  async latestArticleSeq(): Promise<number> {
    return (this.c.q('SELECT COALESCE(MAX(rowid), 0) AS n FROM articles').get() as { n: number }).n;
  }

  async articleDays(): Promise<ArticleDay[]> {
    return this.c.q('SELECT day, articles FROM article_days ORDER BY day').all() as ArticleDay[];
  }
}
