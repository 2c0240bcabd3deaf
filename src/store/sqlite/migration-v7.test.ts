// Upgrading a database written by schema version 6: migration 7 fills the per-story figures, outlets and
// days from the stored rows, so the ranking, story count and articles per day read as before the upgrade.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { applyMigrations, MIGRATIONS } from './migrations.ts';
import { openSqliteStore } from './sqlite-store.ts';

test('migration 7 backfills story figures, outlets and article days of a version-6 database', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'storyline-mig7-'));
  try {
    const path = join(dir, 'v6.db');
    const db = new Database(path);
    assert.deepEqual(
      applyMigrations(
        db,
        MIGRATIONS.filter((m) => m.version <= 6),
      ),
      [1, 2, 3, 4, 5, 6],
    );
    const ins = (sql: string, ...args: unknown[]) => db.prepare(sql).run(...args);
    ins("INSERT INTO stories (id, created_at) VALUES ('st_a', '2026-01-01'), ('st_b', '2026-01-01'), ('st_gone', '2026-01-01')");
    ins("UPDATE stories SET merged_into = 'st_a' WHERE id = 'st_gone'");
    for (const [id, story, published, fetched, source] of [
      ['a1', 'st_a', '2026-01-02', '2026-01-02T08:00:00Z', 'Wire'],
      ['a2', 'st_a', null, '2026-01-03T09:00:00Z', 'Daily'],
      ['a3', 'st_a', '2026-01-01', '2026-01-03T10:00:00Z', 'Wire'],
      ['b1', 'st_b', '2026-01-03', '2026-01-03T11:00:00Z', null],
      ['loose', null, 'not a date', '2026-01-04T00:00:00Z', 'Wire'],
    ] as const) {
      ins(
        "INSERT INTO articles (id, title, text, published, fetched, source_name) VALUES (?, ?, 'Body.', ?, ?, ?)",
        id,
        `Title ${id}`,
        published,
        fetched,
        source,
      );
      if (story) ins('INSERT INTO story_articles (article_id, story_id) VALUES (?, ?)', id, story);
    }
    ins(
      "INSERT INTO briefs (story_id, version, headline, json, created_at) VALUES ('st_b', 1, 'Old headline', x'00', '2026-01-03'), ('st_b', 2, 'New headline', x'00', '2026-01-04')",
    );
    db.close();

    const store = await openSqliteStore(path);
    try {
      const stats = await store.storyStats();
      assert.deepEqual(stats, await store.recountStoryStats());
      assert.deepEqual(
        stats.map((s) => [s.storyId, s.articles, s.sources, s.updated, s.first, s.latestTitle, s.briefHeadline]),
        [
          ['st_a', 3, 2, '2026-01-03T09:00:00Z', '2026-01-01', 'Title a2', null],
          ['st_b', 1, 0, '2026-01-03', '2026-01-03', 'Title b1', 'New headline'],
        ],
      );
      assert.equal(await store.countStories(), 2);
      assert.deepEqual(
        (await store.listStories({ limit: 10, offset: 0 })).map((s) => [s.id, s.headline]),
        [
          ['st_a', 'Title a2'],
          ['st_b', 'New headline'],
        ],
      );
      assert.deepEqual(await store.articleDays(), [
        { day: '2026-01-01', articles: 1 },
        { day: '2026-01-02', articles: 1 },
        { day: '2026-01-03', articles: 2 },
      ]);
      // The outlets were counted too: a later article from a new outlet adds one, from a known one none.
      await store.addArticle({ id: 'a4', title: 'Title a4', text: 'Body.', published: '2026-01-05', source: 'Wire' });
      await store.assignStory('a4', 'st_gone');
      await store.addArticle({ id: 'a5', title: 'Title a5', text: 'Body.', published: '2026-01-05', source: 'Third' });
      await store.assignStory('a5', 'st_a');
      assert.deepEqual(await store.storyStats(), await store.recountStoryStats());
      assert.equal((await store.storyStats())[0].sources, 3);
    } finally {
      await store.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
