// PostgreSQL briefs repository: versions numbered per story under a row lock on the story, stored as jsonb;
// saving a brief makes it its story's searchable one (brief_search).
import { StorylineError } from '../../errors.ts';
import type { Brief, StoredBrief } from '../../types.ts';
import { setBriefHeadline } from './story-stats.ts';
import type { BriefRepository } from '../repositories/briefs.ts';
import { briefSearchText } from '../text.ts';
import { all, exec, noNul, one, type PgConnection } from './connection.ts';

export class PgBriefs implements BriefRepository {
  constructor(private readonly c: PgConnection) {}

  async saveBrief(storyId: string, brief: Brief): Promise<StoredBrief> {
    return this.c.tx(async (c) => {
      // The row lock numbers concurrent saves of one story's brief one after the other.
      if (!(await one(c, 'SELECT 1 FROM stories WHERE id = $1 FOR UPDATE', [storyId]))) {
        throw new StorylineError('store', 'unknown_story', 'cannot save a brief for a story that does not exist', { input: storyId });
      }
      const last = await one<{ v: number | null }>(c, 'SELECT MAX(version) AS v FROM briefs WHERE story_id = $1', [storyId]);
      const version = (last?.v ?? 0) + 1;
      const createdAt = new Date().toISOString();
      const doc = JSON.stringify(brief, (_k, v: unknown) => (typeof v === 'string' ? noNul(v) : v));
      await exec(c, 'INSERT INTO briefs (story_id, version, headline, doc, created_at) VALUES ($1, $2, $3, $4::jsonb, $5)', [
        storyId,
        version,
        noNul(brief.headline.text),
        doc,
        createdAt,
      ]);
      await exec(
        c,
        `INSERT INTO brief_search (story_id, headline, body) VALUES ($1, $2, $3)
         ON CONFLICT (story_id) DO UPDATE SET headline = excluded.headline, body = excluded.body`,
        [storyId, noNul(brief.headline.text), noNul(briefSearchText(brief))],
      );
      await setBriefHeadline(c, storyId, noNul(brief.headline.text));
      return { ...brief, storyId, version, createdAt };
    });
  }

  async getBrief(storyId: string, version?: number): Promise<StoredBrief | null> {
    // No stored version is fractional (SQLite finds no row either); PostgreSQL would reject the parameter.
    if (version !== undefined && !Number.isSafeInteger(version)) return null;
    const r = await this.c.read((db) =>
      version === undefined
        ? one<{ version: number; doc: Brief; created_at: string }>(
            db,
            'SELECT version, doc, created_at FROM briefs WHERE story_id = $1 ORDER BY version DESC LIMIT 1',
            [storyId],
          )
        : one<{ version: number; doc: Brief; created_at: string }>(db, 'SELECT version, doc, created_at FROM briefs WHERE story_id = $1 AND version = $2', [
            storyId,
            version,
          ]),
    );
    if (!r) return null;
    return { ...r.doc, storyId, version: r.version, createdAt: r.created_at };
  }

  async listBriefVersions(storyId: string): Promise<{ version: number; createdAt: string }[]> {
    const rows = await this.c.read((db) =>
      all<{ version: number; created_at: string }>(db, 'SELECT version, created_at FROM briefs WHERE story_id = $1 ORDER BY version', [storyId]),
    );
    return rows.map((r) => ({ version: r.version, createdAt: r.created_at }));
  }
}
