// Upgrading a database written by schema version 1: rows written before the upgrade stay readable and
// read as full (not partial) articles and ordinary (public-only, unfiled) sources.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { applyMigrations, MIGRATIONS } from './migrations.ts';
import { openSqliteStore } from './sqlite-store.ts';

test('migration 2 upgrades a version-1 database in place', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'storyline-mig2-'));
  try {
    const path = join(dir, 'v1.db');
    const db = new Database(path);
    assert.deepEqual(
      applyMigrations(
        db,
        MIGRATIONS.filter((m) => m.version === 1),
      ),
      [1],
    );
    db.prepare("INSERT INTO sources (id, url, kind, created_at) VALUES ('src_1', 'https://feeds.example/rss', 'feed', '2026-01-01')").run();
    db.prepare(
      "INSERT INTO articles (id, title, text, fetched, source_id) VALUES ('a_old', 'Old', 'Written before the upgrade.', '2026-01-01', 'src_1')",
    ).run();
    db.close();

    const store = await openSqliteStore(path);
    try {
      const a = await store.getArticle('a_old');
      assert.equal(a?.text, 'Written before the upgrade.');
      assert.equal(a?.partial, false);
      assert.equal(a?.partialReason, null);
      const s = await store.getSource('src_1');
      assert.equal(s?.allowPrivate, false);
      assert.equal(s?.folder, null);
      assert.equal(
        (await store.addArticle({ id: 'a_new', title: 'New', text: 'Only a teaser.', partial: true, partialReason: 'too_little_text' }))?.partial,
        true,
      );
    } finally {
      await store.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
