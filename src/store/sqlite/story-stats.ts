// SQLite side of the per-story figures (../story-stats.ts): story_stats, story_outlets and article_days
// (migration 7), written inside the caller's transaction.
import type { Database } from 'better-sqlite3';
import { articleDayKey, statsFromRecount, statsWith, mergedStats, type StatsReader, type StoryStats } from '../story-stats.ts';
import type { SqliteConnection } from './connection.ts';

interface StatsRow {
  story_id: string;
  articles: number;
  sources: number;
  updated: string | null;
  updated_ms: number | null;
  first: string | null;
  latest_seq: number;
  latest_title: string | null;
  brief_headline: string | null;
  size_score: number;
}

const toStats = (r: StatsRow): StoryStats => ({
  storyId: r.story_id,
  articles: r.articles,
  sources: r.sources,
  updated: r.updated,
  updatedMs: r.updated_ms,
  first: r.first,
  latestSeq: r.latest_seq,
  latestTitle: r.latest_title,
  briefHeadline: r.brief_headline,
  sizeScore: r.size_score,
});

/** The figures of every story (or of one, `WHERE sa.story_id = ?` appended by recountSql), counted from its articles. */
const recountSql = (where: string) => `
SELECT r.*, (SELECT title FROM articles WHERE rowid = r.latest_seq) AS latest_title FROM (
  SELECT sa.story_id AS story_id,
         COUNT(*) AS articles,
         COUNT(DISTINCT COALESCE(a.source_name, a.source_id)) AS sources,
         MAX(COALESCE(a.published, a.fetched)) AS updated,
         MIN(a.published) AS first,
         (SELECT a2.rowid FROM story_articles sa2 JOIN articles a2 ON a2.id = sa2.article_id
           WHERE sa2.story_id = sa.story_id ORDER BY COALESCE(a2.published, a2.fetched) DESC, a2.rowid DESC LIMIT 1) AS latest_seq,
         (SELECT b.headline FROM briefs b WHERE b.story_id = sa.story_id ORDER BY b.version DESC LIMIT 1) AS brief_headline
  FROM story_articles sa JOIN articles a ON a.id = sa.article_id
  ${where}
  GROUP BY sa.story_id
) r ORDER BY r.story_id`;
const RECOUNT_ALL = recountSql('');
const RECOUNT_ONE = recountSql('WHERE sa.story_id = ?');

type RecountRow = Parameters<typeof statsFromRecount>[0];

const WRITE_STATS = `INSERT OR REPLACE INTO story_stats
  (story_id, articles, sources, updated, updated_ms, first, latest_seq, latest_title, brief_headline, size_score)
  VALUES (@storyId, @articles, @sources, @updated, @updatedMs, @first, @latestSeq, @latestTitle, @briefHeadline, @sizeScore)`;

/** Migration 7's backfill: every story's figures from its articles (the outlets and days are filled by its SQL). */
export function backfillStoryStats(db: Database): void {
  const write = db.prepare(WRITE_STATS);
  // all(), not iterate(): the connection cannot write while a statement of it is still reading.
  for (const r of db.prepare(RECOUNT_ALL).all() as RecountRow[]) write.run(statsFromRecount(r));
}

function readStats(c: SqliteConnection, storyId: string): StoryStats | null {
  const r = c.q('SELECT * FROM story_stats WHERE story_id = ?').get(storyId) as StatsRow | undefined;
  return r ? toStats(r) : null;
}

const writeStats = (c: SqliteConnection, s: StoryStats) => c.q(WRITE_STATS).run(s);

function latestBriefHeadline(c: SqliteConnection, storyId: string): string | null {
  const r = c.q('SELECT headline FROM briefs WHERE story_id = ? ORDER BY version DESC LIMIT 1').get(storyId) as { headline: string } | undefined;
  return r?.headline ?? null;
}

/** Counts a stored article under its day (inside insertArticle's transaction). */
export function countArticleDay(c: SqliteConnection, published: string | null, fetched: string): void {
  const day = articleDayKey(published, fetched);
  if (day) c.q('INSERT INTO article_days (day, articles) VALUES (?, 1) ON CONFLICT (day) DO UPDATE SET articles = articles + 1').run(day);
}

/** The article just filed under `storyId` (live) counts in its figures. */
export function addToStoryStats(c: SqliteConnection, articleId: string, storyId: string): void {
  const a = c.q('SELECT rowid AS seq, title, published, fetched, COALESCE(source_name, source_id) AS outlet FROM articles WHERE id = ?').get(articleId) as
    { seq: number; title: string; published: string | null; fetched: string; outlet: string | null } | undefined;
  if (!a) return;
  let newOutlet = false;
  if (a.outlet !== null) {
    const r = c
      .q(
        'INSERT INTO story_outlets (story_id, outlet, articles) VALUES (?, ?, 1) ON CONFLICT (story_id, outlet) DO UPDATE SET articles = articles + 1 RETURNING articles',
      )
      .get(storyId, a.outlet) as { articles: number };
    newOutlet = r.articles === 1;
  }
  const prev = readStats(c, storyId);
  writeStats(c, statsWith(prev, storyId, a, newOutlet, prev ? null : latestBriefHeadline(c, storyId)));
}

/** Recounts one story's figures and outlets from its articles (an article left it, or an outlet changed); drops them when it has none. */
export function recountStory(c: SqliteConnection, storyId: string): void {
  c.q('DELETE FROM story_outlets WHERE story_id = ?').run(storyId);
  c.q(
    `INSERT INTO story_outlets (story_id, outlet, articles)
     SELECT sa.story_id, COALESCE(a.source_name, a.source_id), COUNT(*) FROM story_articles sa JOIN articles a ON a.id = sa.article_id
     WHERE sa.story_id = ? AND COALESCE(a.source_name, a.source_id) IS NOT NULL GROUP BY 1, 2`,
  ).run(storyId);
  const r = c.q(RECOUNT_ONE).get(storyId) as RecountRow | undefined;
  if (r) writeStats(c, statsFromRecount(r));
  else c.q('DELETE FROM story_stats WHERE story_id = ?').run(storyId);
}

/** `source`'s articles have just moved to `target`: its figures and outlets join the target's. */
export function mergeStoryStats(c: SqliteConnection, source: string, target: string): void {
  const from = readStats(c, source);
  if (!from) return;
  c.q(
    `INSERT INTO story_outlets (story_id, outlet, articles) SELECT ?, outlet, articles FROM story_outlets WHERE story_id = ?
     ON CONFLICT (story_id, outlet) DO UPDATE SET articles = story_outlets.articles + excluded.articles`,
  ).run(target, source);
  c.q('DELETE FROM story_outlets WHERE story_id = ?').run(source);
  const sources = (c.q('SELECT COUNT(*) AS n FROM story_outlets WHERE story_id = ?').get(target) as { n: number }).n;
  const into = readStats(c, target);
  writeStats(c, mergedStats(into, from, target, sources, into ? null : latestBriefHeadline(c, target)));
  c.q('DELETE FROM story_stats WHERE story_id = ?').run(source);
}

/** A new brief version's headline is the story's (no-op for a story without articles, which is not listed). */
export function setBriefHeadline(c: SqliteConnection, storyId: string, headline: string): void {
  c.q('UPDATE story_stats SET brief_headline = ? WHERE story_id = ?').run(headline, storyId);
}

export function storedStats(c: SqliteConnection): StoryStats[] {
  return (c.q('SELECT * FROM story_stats ORDER BY story_id').all() as StatsRow[]).map(toStats);
}

export function recountedStats(c: SqliteConnection): StoryStats[] {
  return (c.q(RECOUNT_ALL).all() as RecountRow[]).map(statsFromRecount);
}

export function statsReader(c: SqliteConnection): StatsReader {
  const rows = (sql: string, ...args: unknown[]) => (c.q(sql).all(...args) as StatsRow[]).map(toStats);
  return {
    count: async () => (c.q('SELECT COUNT(*) AS n FROM story_stats').get() as { n: number }).n,
    all: async () => rows('SELECT * FROM story_stats'),
    span: async () => {
      // Two single-aggregate queries: each is one step down its index, where MIN and MAX together would scan.
      const newest = (c.q('SELECT MAX(updated_ms) AS t FROM story_stats').get() as { t: number | null }).t;
      const oldest = (c.q('SELECT MIN(updated_ms) AS t FROM story_stats').get() as { t: number | null }).t;
      return newest === null || oldest === null ? null : { newest, oldest };
    },
    bySize: async (n) => rows('SELECT * FROM story_stats ORDER BY size_score DESC LIMIT ?', n),
    since: async (ms) => rows('SELECT * FROM story_stats WHERE updated_ms >= ?', ms),
  };
}
