// SQLite briefs repository: versions numbered per story, stored deflated (they pile up, one per rebuild).
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { StorylineError } from '../../errors.ts';
import type { Brief, StoredBrief } from '../../types.ts';
import type { BriefRepository } from '../repositories/briefs.ts';
import type { SqliteConnection } from './connection.ts';
import { indexBrief } from './search.ts';
import { setBriefHeadline } from './story-stats.ts';

export class SqliteBriefs implements BriefRepository {
  constructor(private readonly c: SqliteConnection) {}

  async saveBrief(storyId: string, brief: Brief): Promise<StoredBrief> {
    const c = this.c;
    return c.write(() => {
      if (!c.q('SELECT 1 FROM stories WHERE id = ?').get(storyId)) {
        throw new StorylineError('store', 'unknown_story', 'cannot save a brief for a story that does not exist', { input: storyId });
      }
      const last = c.q('SELECT MAX(version) AS v FROM briefs WHERE story_id = ?').get(storyId) as { v: number | null };
      const version = (last.v ?? 0) + 1;
      const createdAt = new Date().toISOString();
      c.q('INSERT INTO briefs (story_id, version, headline, json, created_at) VALUES (?, ?, ?, ?, ?)').run(
        storyId,
        version,
        brief.headline.text,
        deflateRawSync(JSON.stringify(brief)),
        createdAt,
      );
      indexBrief(c, storyId, brief);
      setBriefHeadline(c, storyId, brief.headline.text);
      return { ...brief, storyId, version, createdAt };
    });
  }

  async getBrief(storyId: string, version?: number): Promise<StoredBrief | null> {
    const r = (
      version === undefined
        ? this.c.q('SELECT version, json, created_at FROM briefs WHERE story_id = ? ORDER BY version DESC LIMIT 1').get(storyId)
        : this.c.q('SELECT version, json, created_at FROM briefs WHERE story_id = ? AND version = ?').get(storyId, version)
    ) as { version: number; json: Buffer | string; created_at: string } | undefined;
    if (!r) return null;
    // Plain JSON text (older rows) is read as well as deflated.
    const json = typeof r.json === 'string' ? r.json : inflateRawSync(r.json).toString('utf8');
    return { ...(JSON.parse(json) as Brief), storyId, version: r.version, createdAt: r.created_at };
  }

  async listBriefVersions(storyId: string): Promise<{ version: number; createdAt: string }[]> {
    const rows = this.c.q('SELECT version, created_at FROM briefs WHERE story_id = ? ORDER BY version').all(storyId) as {
      version: number;
      created_at: string;
    }[];
    return rows.map((r) => ({ version: r.version, createdAt: r.created_at }));
  }
}
