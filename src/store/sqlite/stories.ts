// SQLite stories repository: story membership, merges as redirects (merged_into), the ranked list.
import { StorylineError } from '../../errors.ts';
import type { StorySummary } from '../../types.ts';
import type { StoryRecord, StoryRepository } from '../repositories/stories.ts';
import { rankFromStats, type StoryStats } from '../story-stats.ts';
import { toStoryRecord } from '../rows.ts';
import type { SqliteConnection } from './connection.ts';
import { dropBriefSearchRow } from './search.ts';
import { addToStoryStats, mergeStoryStats, recountStory, recountedStats, statsReader, storedStats } from './story-stats.ts';

/** Follows merged_into to the live story; null when the id is unknown. */
function liveStoryId(c: SqliteConnection, id: string): string | null {
  const stmt = c.q('SELECT merged_into FROM stories WHERE id = ?');
  let cur = id;
  for (let hops = 0; hops < 64; hops++) {
    const r = stmt.get(cur) as { merged_into: string | null } | undefined;
    if (!r) return hops === 0 ? null : cur;
    if (!r.merged_into) return cur;
    cur = r.merged_into;
  }
  throw new StorylineError('store', 'merge_cycle', 'story redirects form a cycle', { input: id });
}

/** Files the article under the live story of `storyId` (created when new), inside the caller's transaction. */
export function writeStoryAssignment(c: SqliteConnection, articleId: string, storyId: string): void {
  const live = liveStoryId(c, storyId) ?? storyId;
  c.q('INSERT OR IGNORE INTO stories (id, created_at) VALUES (?, ?)').run(live, new Date().toISOString());
  const prev = c.q('SELECT story_id FROM story_articles WHERE article_id = ?').get(articleId) as { story_id: string } | undefined;
  if (prev?.story_id === live) return;
  c.q('INSERT INTO story_articles (article_id, story_id) VALUES (?, ?) ON CONFLICT (article_id) DO UPDATE SET story_id = excluded.story_id').run(
    articleId,
    live,
  );
  addToStoryStats(c, articleId, live);
  // Moved out of another story: that one is counted again without it.
  if (prev) recountStory(c, prev.story_id);
}

export class SqliteStories implements StoryRepository {
  constructor(private readonly c: SqliteConnection) {}

  async assignStory(articleId: string, storyId: string): Promise<void> {
    await this.c.forArticle(articleId, () => this.c.write(() => writeStoryAssignment(this.c, articleId, storyId)));
  }

  async mergeStories(from: string, into: string): Promise<void> {
    const c = this.c;
    await c.write(() => {
      const target = liveStoryId(c, into);
      if (!target) throw new StorylineError('store', 'unknown_story', 'merge target does not exist', { input: into });
      const source = liveStoryId(c, from);
      if (!source) throw new StorylineError('store', 'unknown_story', 'merged story does not exist', { input: from });
      if (source === target) return;
      c.q('UPDATE story_articles SET story_id = ? WHERE story_id = ?').run(target, source);
      mergeStoryStats(c, source, target);
      // Flatten: anything that redirected to the merged story now redirects straight to the target.
      c.q('UPDATE stories SET merged_into = ? WHERE merged_into = ?').run(target, source);
      c.q('UPDATE stories SET merged_into = ? WHERE id = ?').run(target, source);
      // A merged story is no longer searchable; its brief versions stay for the record.
      dropBriefSearchRow(c, source);
    });
  }

  async resolveStory(id: string): Promise<string | null> {
    return liveStoryId(this.c, id);
  }

  async storyOf(articleId: string): Promise<string | null> {
    const r = this.c.q('SELECT story_id FROM story_articles WHERE article_id = ?').get(articleId) as { story_id: string } | undefined;
    return r ? liveStoryId(this.c, r.story_id) : null;
  }

  async getStory(id: string): Promise<StoryRecord | null> {
    const s = this.c.q('SELECT id, created_at, merged_into FROM stories WHERE id = ?').get(id) as
      { id: string; created_at: string; merged_into: string | null } | undefined;
    if (!s) return null;
    const mergedInto = s.merged_into ? liveStoryId(this.c, s.merged_into) : null;
    const rows = this.c
      .q(
        `SELECT a.id, a.published, a.fetched FROM story_articles sa JOIN articles a ON a.id = sa.article_id
       WHERE sa.story_id = ? ORDER BY COALESCE(a.published, a.fetched), a.rowid`,
      )
      .all(id) as { id: string; published: string | null; fetched: string }[];
    return toStoryRecord(s, rows, mergedInto);
  }

  async listStories(opts: { limit: number; offset: number }): Promise<StorySummary[]> {
    return rankFromStats(statsReader(this.c), opts);
  }

  async countStories(): Promise<number> {
    return statsReader(this.c).count();
  }

  async storyStats(): Promise<StoryStats[]> {
    return storedStats(this.c);
  }

  async recountStoryStats(): Promise<StoryStats[]> {
    return recountedStats(this.c);
  }
}
