// Upgrading a database written by schema version 3, whose LSH bands are text: the bands become integer
// keys on the article's rowid, copies recorded before the upgrade are still found, and new ones too.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { applyMigrations, MIGRATIONS } from './migrations.ts';
import { openSqliteStore } from './sqlite-store.ts';
import { bandKey } from './band-key.ts';
import { lshBands, minhashSignature } from '../../dedup/minhash.ts';

test('band keys: minhash bands map exactly and apart from any other format', () => {
  assert.equal(bandKey('0:00000000'), 0);
  assert.equal(bandKey('3:0000000a'), 3 * 2 ** 32 + 10);
  assert.equal(bandKey('31:ffffffff'), 32 * 2 ** 32 - 1);
  for (const other of ['x', '', '3:abc', 'band-7', '3:0000000A']) {
    const k = bandKey(other);
    assert.ok(Number.isSafeInteger(k) && k < 0, `${other} -> ${k}`);
  }
  assert.notEqual(bandKey('band-7'), bandKey('band-8'));
});

test('migration 4 turns text bands into integer keys and keeps every recorded copy findable', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'storyline-mig4-'));
  try {
    const path = join(dir, 'v3.db');
    const db = new Database(path);
    db.pragma('foreign_keys = ON');
    assert.deepEqual(
      applyMigrations(
        db,
        MIGRATIONS.filter((m) => m.version <= 3),
      ),
      [1, 2, 3],
    );
    const text = 'The harbour crane at Kelham collapsed on Monday morning, injuring four dockers who were unloading a ship.';
    const sig = minhashSignature(text);
    const bands = lshBands(sig);
    db.prepare("INSERT INTO articles (id, title, text, fetched) VALUES ('old', 'Crane collapses', ?, '2026-01-01')").run(text);
    db.prepare("INSERT INTO copies (article_id, canonical_id, text_key, signature) VALUES ('old', 'old', 'k-old', ?)").run(Buffer.from(sig.buffer));
    const ins = db.prepare("INSERT INTO copy_bands (band, article_id) VALUES (?, 'old')");
    for (const b of bands) ins.run(b);
    // A band in some other format written by an older caller survives as a (hashed) key too.
    ins.run('legacy-band');
    db.close();

    const store = await openSqliteStore(path);
    try {
      const found = await store.findCopyCandidates([bands[5]]);
      assert.deepEqual(
        found.map((f) => f.articleId),
        ['old'],
      );
      assert.deepEqual([...found[0].signature], [...sig]);
      assert.deepEqual(
        (await store.findCopyCandidates(['legacy-band'])).map((f) => f.articleId),
        ['old'],
      );
      assert.deepEqual(await store.findCopyCandidates(['9:deadbeef']), []);

      await store.addArticle({ id: 'new', title: 'Crane collapses at Kelham', text });
      await store.recordCopy('new', 'k-old', { canonicalId: 'old', bands, signature: sig });
      assert.deepEqual((await store.findCopyCandidates(bands)).map((f) => f.articleId).sort(), ['new', 'old']);
      assert.deepEqual(await store.copiesOf('new'), ['old', 'new']);
    } finally {
      await store.close();
    }
    const after = new Database(path, { readonly: true });
    try {
      const cols = after.prepare("SELECT name, type FROM pragma_table_info('copy_bands')").all() as { name: string; type: string }[];
      assert.deepEqual(cols, [
        { name: 'band', type: 'INTEGER' },
        { name: 'article', type: 'INTEGER' },
      ]);
      const rows = after.prepare('SELECT COUNT(*) AS n, MIN(typeof(band)) AS t FROM copy_bands').get() as { n: number; t: string };
      assert.equal(rows.t, 'integer');
      assert.equal(rows.n, new Set(bands).size * 2 + 1);
      assert.deepEqual(after.pragma('foreign_key_check'), []);
    } finally {
      after.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
