// PostgreSQL stories repository: story membership, merges as redirects (merged_into) under the merge lock,
// the ranked list.
import type { PoolClient } from 'pg';
import { StorylineError } from '../../errors.ts';
import type { StorySummary } from '../../types.ts';
import type { StoryRecord, StoryRepository } from '../repositories/stories.ts';
import { rankFromStats, type StoryStats } from '../story-stats.ts';
import { toStoryRecord } from '../rows.ts';
import { addToStoryStats, mergeStoryStats, recountStory, recountedStats, statsReader, storedStats } from './story-stats.ts';
import { MERGE_LOCK, all, exec, noNul, one, type PgConnection, type Queryable } from './connection.ts';

/** Follows merged_into to the live story; null when the id is unknown. */
async function liveStoryId(db: Queryable, id: string): Promise<string | null> {
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
export async function writeStoryAssignment(c: PoolClient, articleId: string, storyId: string): Promise<void> {
  const live = (await liveStoryId(c, storyId)) ?? noNul(storyId);
  const prev = await one<{ story_id: string }>(c, 'SELECT story_id FROM story_articles WHERE article_id = $1 FOR UPDATE', [articleId]);
  if (prev?.story_id === live) return;
  await exec(
    c,
    `WITH story AS (INSERT INTO stories (id, created_at) VALUES ($2, $3) ON CONFLICT DO NOTHING)
     INSERT INTO story_articles (article_id, story_id) VALUES ($1, $2) ON CONFLICT (article_id) DO UPDATE SET story_id = excluded.story_id`,
    [articleId, live, new Date().toISOString()],
  );
  await addToStoryStats(c, articleId, live);
  // Moved out of another story: that one is counted again without it.
  if (prev) await recountStory(c, prev.story_id);
}

export class PgStories implements StoryRepository {
  constructor(private readonly c: PgConnection) {}

  async assignStory(articleId: string, storyId: string): Promise<void> {
    await this.c.tx((c) => this.c.forArticle(articleId, () => writeStoryAssignment(c, articleId, storyId)), { assigns: true });
  }

  async mergeStories(from: string, into: string): Promise<void> {
    await this.c.tx(async (c) => {
      await exec(c, 'SELECT pg_advisory_xact_lock($1::bigint)', [MERGE_LOCK.toString()]);
      const target = await liveStoryId(c, into);
      if (!target) throw new StorylineError('store', 'unknown_story', 'merge target does not exist', { input: into });
      const source = await liveStoryId(c, from);
      if (!source) throw new StorylineError('store', 'unknown_story', 'merged story does not exist', { input: from });
      if (source === target) return;
      await exec(c, 'UPDATE story_articles SET story_id = $1 WHERE story_id = $2', [target, source]);
      await mergeStoryStats(c, source, target);
      // Flatten: anything that redirected to the merged story now redirects straight to the target.
      await exec(c, 'UPDATE stories SET merged_into = $1 WHERE merged_into = $2 OR id = $2', [target, source]);
      // A merged story is no longer searchable; its brief versions stay for the record.
      await exec(c, 'DELETE FROM brief_search WHERE story_id = $1', [source]);
    });
  }

  async resolveStory(id: string): Promise<string | null> {
    return this.c.read((db) => liveStoryId(db, id));
  }

  async storyOf(articleId: string): Promise<string | null> {
    return this.c.read(async (db) => {
      const r = await one<{ story_id: string }>(db, 'SELECT story_id FROM story_articles WHERE article_id = $1', [articleId]);
      return r ? liveStoryId(db, r.story_id) : null;
    });
  }

  async getStory(id: string): Promise<StoryRecord | null> {
    return this.c.read(async (db) => {
      const s = await one<{ id: string; created_at: string; merged_into: string | null }>(db, 'SELECT id, created_at, merged_into FROM stories WHERE id = $1', [
        id,
      ]);
      if (!s) return null;
      const mergedInto = s.merged_into ? await liveStoryId(db, s.merged_into) : null;
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
    return rankFromStats(
      statsReader((fn) => this.c.read(fn)),
      opts,
    );
  }

  async countStories(): Promise<number> {
    return statsReader((fn) => this.c.read(fn)).count();
  }

  async storyStats(): Promise<StoryStats[]> {
    return this.c.read((db) => storedStats(db));
  }

  async recountStoryStats(): Promise<StoryStats[]> {
    return this.c.read((db) => recountedStats(db));
  }
}
