// Upgrading a database written by schema version 2: brief search rows written before the upgrade are
// linked to their stories, so a later brief or a merge replaces or drops them instead of leaving them behind.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Brief } from '../../types.ts';
import { applyMigrations, MIGRATIONS } from './migrations.ts';
import { openSqliteStore } from './sqlite-store.ts';

function brief(headline: string, lead: string): Brief {
  const cite = [{ articleId: 'a1', start: 0, end: 10 }];
  return { headline: { text: headline, citations: cite }, lead: [{ text: lead, citations: cite }], developments: [], timeline: [], coverage: [], people: [] };
}

test('migration 3 links brief search rows of a version-2 database to their stories', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'storyline-mig3-'));
  try {
    const path = join(dir, 'v2.db');
    const db = new Database(path);
    assert.deepEqual(
      applyMigrations(
        db,
        MIGRATIONS.filter((m) => m.version <= 2),
      ),
      [1, 2],
    );
    const ins = (sql: string, ...args: unknown[]) => db.prepare(sql).run(...args);
    for (const [article, story] of [
      ['a1', 'st_keep'],
      ['a2', 'st_merged'],
      ['a3', 'st_twice'],
    ]) {
      ins("INSERT INTO articles (id, title, text, fetched) VALUES (?, 'T', 'Body.', '2026-01-01')", article);
      ins("INSERT INTO stories (id, created_at) VALUES (?, '2026-01-01')", story);
      ins('INSERT INTO story_articles (article_id, story_id) VALUES (?, ?)', article, story);
    }
    const fts = (story: string, headline: string) => ins('INSERT INTO briefs_fts (story_id, headline, text) VALUES (?, ?, ?)', story, headline, 'old lead');
    fts('st_keep', 'Harbour ferry resumes');
    fts('st_merged', 'Ferry strike called');
    // A story with two search rows (a crash between delete and insert could leave that): the newer one stays.
    fts('st_twice', 'Lighthouse stale headline');
    fts('st_twice', 'Lighthouse restored');
    db.close();

    const store = await openSqliteStore(path);
    try {
      const titles = async (q: string) =>
        (await store.search(q, 10))
          .filter((h) => h.kind === 'brief')
          .map((h) => `${h.storyId}: ${h.title}`)
          .sort();
      assert.deepEqual(await titles('ferry'), ['st_keep: Harbour ferry resumes', 'st_merged: Ferry strike called'], 'old rows stay searchable');
      assert.deepEqual(await titles('lighthouse'), ['st_twice: Lighthouse restored']);

      await store.saveBrief('st_keep', brief('Harbour ferry timetable extended', 'The ferry runs hourly.'));
      assert.deepEqual(await titles('harbour'), ['st_keep: Harbour ferry timetable extended'], 'the pre-upgrade row was replaced, not kept beside');

      await store.mergeStories('st_merged', 'st_keep');
      assert.deepEqual(await titles('strike'), [], 'a merged story leaves search');
      assert.deepEqual(await titles('ferry'), ['st_keep: Harbour ferry timetable extended']);
    } finally {
      await store.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
