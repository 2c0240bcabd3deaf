// PostgreSQL side of the per-story figures (../story-stats.ts): story_stats, story_outlets and article_days
// (migration 5), written inside the caller's transaction. Writers of one story's figures take turns on its
// stories row (FOR NO KEY UPDATE, which foreign-key checks do not wait for); a merge holds the merge lock,
// so no assignment runs beside it.
import type { PoolClient } from 'pg';
import { articleDayKey, statsFromRecount, statsWith, mergedStats, type StatsReader, type StoryStats } from '../story-stats.ts';
import { all, exec, one, type Queryable } from './connection.ts';

interface StatsRow {
  story_id: string;
  articles: number;
  sources: number;
  updated: string | null;
  updated_ms: number | null;
  first: string | null;
  latest_seq: string;
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
  latestSeq: Number(r.latest_seq),
  latestTitle: r.latest_title,
  briefHeadline: r.brief_headline,
  sizeScore: r.size_score,
});

const recountSql = (where: string) => `
SELECT r.*, (SELECT title FROM articles WHERE seq = r.latest_seq) AS latest_title FROM (
  SELECT sa.story_id AS story_id,
         COUNT(*) AS articles,
         COUNT(DISTINCT COALESCE(a.source_name, a.source_id)) AS sources,
         MAX(COALESCE(a.published, a.fetched)) AS updated,
         MIN(a.published) AS first,
         (SELECT a2.seq FROM story_articles sa2 JOIN articles a2 ON a2.id = sa2.article_id
           WHERE sa2.story_id = sa.story_id ORDER BY COALESCE(a2.published, a2.fetched) DESC, a2.seq DESC LIMIT 1) AS latest_seq,
         (SELECT b.headline FROM briefs b WHERE b.story_id = sa.story_id ORDER BY b.version DESC LIMIT 1) AS brief_headline
  FROM story_articles sa JOIN articles a ON a.id = sa.article_id
  ${where}
  GROUP BY sa.story_id
) r ORDER BY r.story_id`;
const RECOUNT_ALL = recountSql('');
const RECOUNT_ONE = recountSql('WHERE sa.story_id = $1');

type RecountRow = Parameters<typeof statsFromRecount>[0];

const WRITE_STATS = `INSERT INTO story_stats
  (story_id, articles, sources, updated, updated_ms, first, latest_seq, latest_title, brief_headline, size_score)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
  ON CONFLICT (story_id) DO UPDATE SET articles = excluded.articles, sources = excluded.sources, updated = excluded.updated,
    updated_ms = excluded.updated_ms, first = excluded.first, latest_seq = excluded.latest_seq, latest_title = excluded.latest_title,
    brief_headline = excluded.brief_headline, size_score = excluded.size_score`;

const writeStats = (c: Queryable, s: StoryStats) =>
  exec(c, WRITE_STATS, [s.storyId, s.articles, s.sources, s.updated, s.updatedMs, s.first, s.latestSeq, s.latestTitle, s.briefHeadline, s.sizeScore]);

/** Migration 5's backfill: every story's figures from its articles (the outlets and days are filled by its SQL). */
export async function backfillStoryStats(c: PoolClient): Promise<void> {
  for (const r of await all<RecountRow>(c, RECOUNT_ALL)) await writeStats(c, statsFromRecount(r));
}

async function readStats(c: Queryable, storyId: string): Promise<StoryStats | null> {
  const r = await one<StatsRow>(c, 'SELECT * FROM story_stats WHERE story_id = $1', [storyId]);
  return r ? toStats(r) : null;
}

async function latestBriefHeadline(c: Queryable, storyId: string): Promise<string | null> {
  const r = await one<{ headline: string }>(c, 'SELECT headline FROM briefs WHERE story_id = $1 ORDER BY version DESC LIMIT 1', [storyId]);
  return r?.headline ?? null;
}

/**
 * Counts a stored article under its day. The day's row stays locked to the end of the transaction, so a
 * caller runs this as its last write: concurrent commits then wait on it only for their commit.
 */
export async function countArticleDay(c: PoolClient, published: string | null, fetched: string): Promise<void> {
  const day = articleDayKey(published, fetched);
  if (day) await exec(c, 'INSERT INTO article_days (day, articles) VALUES ($1, 1) ON CONFLICT (day) DO UPDATE SET articles = article_days.articles + 1', [day]);
}

/** The article just filed under `storyId` (live) counts in its figures. */
export async function addToStoryStats(c: PoolClient, articleId: string, storyId: string): Promise<void> {
  await exec(c, 'SELECT 1 FROM stories WHERE id = $1 FOR NO KEY UPDATE', [storyId]);
  const a = await one<{ seq: string; title: string; published: string | null; fetched: string; outlet: string | null }>(
    c,
    'SELECT seq, title, published, fetched, COALESCE(source_name, source_id) AS outlet FROM articles WHERE id = $1',
    [articleId],
  );
  if (!a) return;
  let newOutlet = false;
  if (a.outlet !== null) {
    const r = await one<{ articles: number }>(
      c,
      `INSERT INTO story_outlets (story_id, outlet, articles) VALUES ($1, $2, 1)
       ON CONFLICT (story_id, outlet) DO UPDATE SET articles = story_outlets.articles + 1 RETURNING articles`,
      [storyId, a.outlet],
    );
    newOutlet = r?.articles === 1;
  }
  const prev = await readStats(c, storyId);
  const article = { seq: Number(a.seq), title: a.title, published: a.published, fetched: a.fetched };
  await writeStats(c, statsWith(prev, storyId, article, newOutlet, prev ? null : await latestBriefHeadline(c, storyId)));
}

/** Recounts one story's figures and outlets from its articles; drops them when it has none. */
export async function recountStory(c: PoolClient, storyId: string): Promise<void> {
  await exec(c, 'SELECT 1 FROM stories WHERE id = $1 FOR NO KEY UPDATE', [storyId]);
  await exec(c, 'DELETE FROM story_outlets WHERE story_id = $1', [storyId]);
  await exec(
    c,
    `INSERT INTO story_outlets (story_id, outlet, articles)
     SELECT sa.story_id, COALESCE(a.source_name, a.source_id), COUNT(*) FROM story_articles sa JOIN articles a ON a.id = sa.article_id
     WHERE sa.story_id = $1 AND COALESCE(a.source_name, a.source_id) IS NOT NULL GROUP BY 1, 2`,
    [storyId],
  );
  const r = await one<RecountRow>(c, RECOUNT_ONE, [storyId]);
  if (r) await writeStats(c, statsFromRecount(r));
  else await exec(c, 'DELETE FROM story_stats WHERE story_id = $1', [storyId]);
}

/** `source`'s articles have just moved to `target` (under the merge lock): its figures and outlets join the target's. */
export async function mergeStoryStats(c: PoolClient, source: string, target: string): Promise<void> {
  const from = await readStats(c, source);
  if (!from) return;
  await exec(
    c,
    `INSERT INTO story_outlets (story_id, outlet, articles) SELECT $1, outlet, articles FROM story_outlets WHERE story_id = $2
     ON CONFLICT (story_id, outlet) DO UPDATE SET articles = story_outlets.articles + excluded.articles`,
    [target, source],
  );
  await exec(c, 'DELETE FROM story_outlets WHERE story_id = $1', [source]);
  const sources = Number((await one<{ n: string }>(c, 'SELECT COUNT(*) AS n FROM story_outlets WHERE story_id = $1', [target]))!.n);
  const into = await readStats(c, target);
  await writeStats(c, mergedStats(into, from, target, sources, into ? null : await latestBriefHeadline(c, target)));
  await exec(c, 'DELETE FROM story_stats WHERE story_id = $1', [source]);
}

/** A new brief version's headline is the story's (the caller holds the story's row lock). */
export async function setBriefHeadline(c: PoolClient, storyId: string, headline: string): Promise<void> {
  await exec(c, 'UPDATE story_stats SET brief_headline = $1 WHERE story_id = $2', [headline, storyId]);
}

export async function storedStats(db: Queryable): Promise<StoryStats[]> {
  return (await all<StatsRow>(db, 'SELECT * FROM story_stats ORDER BY story_id')).map(toStats);
}

export async function recountedStats(db: Queryable): Promise<StoryStats[]> {
  return (await all<RecountRow>(db, RECOUNT_ALL)).map(statsFromRecount);
}

export function statsReader(read: <T>(fn: (db: Queryable) => Promise<T>) => Promise<T>): StatsReader {
  const rows = (sql: string, args: unknown[] = []) => read(async (db) => (await all<StatsRow>(db, sql, args)).map(toStats));
  return {
    count: () => read(async (db) => Number((await one<{ n: string }>(db, 'SELECT COUNT(*) AS n FROM story_stats'))!.n)),
    all: () => rows('SELECT * FROM story_stats'),
    span: () =>
      read(async (db) => {
        const r = await one<{ newest: number | null; oldest: number | null }>(
          db,
          'SELECT MAX(updated_ms) AS newest, MIN(updated_ms) AS oldest FROM story_stats',
        );
        return r && r.newest !== null && r.oldest !== null ? { newest: r.newest, oldest: r.oldest } : null;
      }),
    bySize: (n) => rows('SELECT * FROM story_stats ORDER BY size_score DESC LIMIT $1', [n]),
    since: (ms) => rows('SELECT * FROM story_stats WHERE updated_ms >= $1', [ms]),
  };
}
