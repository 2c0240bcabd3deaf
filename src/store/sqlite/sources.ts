// SQLite sources repository.
import { StorylineError } from '../../errors.ts';
import type { SourceRecord, SourceRepository } from '../repositories/sources.ts';
import { deriveSourceId } from '../ids.ts';
import { SOURCE_COLUMNS, toSource, type SourceRow } from '../rows.ts';
import type { SqliteConnection } from './connection.ts';
import { recountStory } from './story-stats.ts';

export class SqliteSources implements SourceRepository {
  constructor(private readonly c: SqliteConnection) {}

  async upsertSource(src: Partial<SourceRecord> & { url: string; kind: SourceRecord['kind'] }): Promise<SourceRecord> {
    const url = src.url.trim();
    if (!url) throw new StorylineError('store', 'bad_source', 'source URL is empty');
    const c = this.c;
    return c.write(() => {
      let existing = c.q('SELECT * FROM sources WHERE url = ?').get(url) as SourceRow | undefined;
      if (!existing && src.id) {
        // A known id with a new URL is a move (a feed's permanent redirect): the id, and with it the
        // articles and health, stay; only the address changes.
        existing = c.q('SELECT * FROM sources WHERE id = ?').get(src.id) as SourceRow | undefined;
        if (existing) c.q('UPDATE sources SET url = ? WHERE id = ?').run(url, existing.id);
      }
      let id = existing?.id ?? src.id ?? deriveSourceId(url);
      if (!existing) {
        // The derived id may belong to a source that has since moved away from this URL.
        for (let n = 2; !src.id && c.q('SELECT 1 FROM sources WHERE id = ?').get(id); n++) id = deriveSourceId(`${url}#${n}`);
        c.q('INSERT INTO sources (id, url, kind, created_at) VALUES (?, ?, ?, ?)').run(id, url, src.kind, src.createdAt ?? new Date().toISOString());
      }
      const { id: _id, url: _url, createdAt: _c, ...patch } = src;
      if (existing) patch.kind = src.kind;
      this.patchSource(id, patch);
      return toSource(c.q('SELECT * FROM sources WHERE id = ?').get(id) as SourceRow);
    });
  }

  private patchSource(id: string, patch: Partial<SourceRecord>): void {
    const sets: string[] = [];
    const values: unknown[] = [];
    for (const [key, value] of Object.entries(patch)) {
      const col = SOURCE_COLUMNS[key];
      if (!col || value === undefined) continue;
      sets.push(`${col} = ?`);
      // SQLite has no boolean type; the driver refuses JS booleans.
      values.push(typeof value === 'boolean' ? Number(value) : value);
    }
    if (sets.length) this.c.q(`UPDATE sources SET ${sets.join(', ')} WHERE id = ?`).run(...values, id);
  }

  async listSources(): Promise<SourceRecord[]> {
    return (this.c.q('SELECT * FROM sources ORDER BY created_at, id').all() as SourceRow[]).map(toSource);
  }

  async getSource(id: string): Promise<SourceRecord | null> {
    const r = this.c.q('SELECT * FROM sources WHERE id = ?').get(id) as SourceRow | undefined;
    return r ? toSource(r) : null;
  }

  async updateSourceHealth(id: string, patch: Partial<Omit<SourceRecord, 'id' | 'url' | 'createdAt'>>): Promise<void> {
    await this.c.write(() => {
      if (!this.c.q('SELECT 1 FROM sources WHERE id = ?').get(id)) {
        throw new StorylineError('store', 'unknown_source', 'no such source', { input: id });
      }
      this.patchSource(id, patch);
    });
  }

  async removeSource(id: string): Promise<boolean> {
    const c = this.c;
    return c.write(() => {
      // Articles keep the outlet name they were stored with; one stored without (a source with no title)
      // was counted under the source id, which the removal clears: its stories are counted again.
      const stories = c
        .q('SELECT DISTINCT sa.story_id FROM articles a JOIN story_articles sa ON sa.article_id = a.id WHERE a.source_id = ? AND a.source_name IS NULL')
        .all(id) as { story_id: string }[];
      const removed = c.q('DELETE FROM sources WHERE id = ?').run(id).changes > 0;
      for (const s of stories) recountStory(c, s.story_id);
      return removed;
    });
  }
}
