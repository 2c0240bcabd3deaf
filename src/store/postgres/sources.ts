// PostgreSQL sources repository.
import { recountStory } from './story-stats.ts';
import { StorylineError } from '../../errors.ts';
import type { SourceRecord, SourceRepository } from '../repositories/sources.ts';
import { deriveSourceId } from '../ids.ts';
import { SOURCE_COLUMNS, toSource, type SourceRow } from '../rows.ts';
import { all, exec, noNul, one, type PgConnection, type Queryable } from './connection.ts';

export class PgSources implements SourceRepository {
  constructor(private readonly c: PgConnection) {}

  async upsertSource(src: Partial<SourceRecord> & { url: string; kind: SourceRecord['kind'] }): Promise<SourceRecord> {
    const url = src.url.trim();
    if (!url) throw new StorylineError('store', 'bad_source', 'source URL is empty');
    return this.c.tx(async (c) => {
      // Two processes adding the same feed at once: the loser's insert does nothing and it goes round again
      // to find the winner's row.
      for (let round = 0; ; round++) {
        let existing = await one<SourceRow>(c, 'SELECT * FROM sources WHERE url = $1 FOR UPDATE', [url]);
        if (!existing && src.id) {
          // A known id with a new URL is a move (a feed's permanent redirect): the id, and with it the
          // articles and health, stay; only the address changes.
          existing = await one<SourceRow>(c, 'SELECT * FROM sources WHERE id = $1 FOR UPDATE', [src.id]);
          if (existing) await exec(c, 'UPDATE sources SET url = $1 WHERE id = $2', [url, existing.id]);
        }
        let id = existing?.id ?? src.id ?? deriveSourceId(url);
        if (!existing) {
          // The derived id may belong to a source that has since moved away from this URL.
          for (let n = 2; !src.id && (await one(c, 'SELECT 1 FROM sources WHERE id = $1', [id])); n++) id = deriveSourceId(`${url}#${n}`);
          const inserted = await exec(c, 'INSERT INTO sources (id, url, kind, created_at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING', [
            id,
            url,
            src.kind,
            src.createdAt ?? new Date().toISOString(),
          ]);
          if (!inserted) {
            if (round < 3) continue;
            throw new StorylineError('store', 'bad_source', 'source id or URL is taken by a concurrent write', { input: url });
          }
        }
        const { id: _id, url: _url, createdAt: _c, ...patch } = src;
        if (existing) patch.kind = src.kind;
        await this.patchSource(c, id, patch);
        return toSource((await one<SourceRow>(c, 'SELECT * FROM sources WHERE id = $1', [id]))!);
      }
    });
  }

  private async patchSource(db: Queryable, id: string, patch: Partial<SourceRecord>): Promise<number> {
    const sets: string[] = [];
    const values: unknown[] = [];
    for (const [key, value] of Object.entries(patch)) {
      const col = SOURCE_COLUMNS[key];
      if (!col || value === undefined) continue;
      values.push(typeof value === 'string' ? noNul(value) : value);
      sets.push(`${col} = $${values.length}`);
    }
    if (!sets.length) return -1;
    values.push(id);
    return exec(db, `UPDATE sources SET ${sets.join(', ')} WHERE id = $${values.length}`, values);
  }

  async listSources(): Promise<SourceRecord[]> {
    return this.c.read(async (db) => (await all<SourceRow>(db, 'SELECT * FROM sources ORDER BY created_at, id')).map(toSource));
  }

  async getSource(id: string): Promise<SourceRecord | null> {
    return this.c.read(async (db) => {
      const r = await one<SourceRow>(db, 'SELECT * FROM sources WHERE id = $1', [id]);
      return r ? toSource(r) : null;
    });
  }

  async updateSourceHealth(id: string, patch: Partial<Omit<SourceRecord, 'id' | 'url' | 'createdAt'>>): Promise<void> {
    await this.c.read(async (db) => {
      // One statement: the row count says whether the source exists (an empty patch has to ask).
      const changed = await this.patchSource(db, id, patch);
      if (changed === 0 || (changed === -1 && !(await one(db, 'SELECT 1 FROM sources WHERE id = $1', [id])))) {
        throw new StorylineError('store', 'unknown_source', 'no such source', { input: id });
      }
    });
  }

  async removeSource(id: string): Promise<boolean> {
    return this.c.tx(async (c) => {
      // Articles keep the outlet name they were stored with; one stored without (a source with no title)
      // was counted under the source id, which the removal clears: its stories are counted again.
      const stories = await all<{ story_id: string }>(
        c,
        'SELECT DISTINCT sa.story_id FROM articles a JOIN story_articles sa ON sa.article_id = a.id WHERE a.source_id = $1 AND a.source_name IS NULL',
        [id],
      );
      const removed = (await exec(c, 'DELETE FROM sources WHERE id = $1', [id])) > 0;
      for (const s of stories) await recountStory(c, s.story_id);
      return removed;
    });
  }
}
