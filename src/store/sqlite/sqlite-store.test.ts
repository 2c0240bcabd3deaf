import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { runStoreContract } from '../store.contract.ts';
import { openSqliteStore } from './sqlite-store.ts';
import { MIGRATIONS } from './migrations.ts';

const dir = mkdtempSync(join(tmpdir(), 'storyline-sqlite-'));
let n = 0;
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));

runStoreContract('sqlite', () => openSqliteStore(join(dir, `contract-${n++}.db`)));

test('sqlite: file uses WAL and foreign keys, migrations are recorded once', async () => {
  const path = join(dir, 'pragmas.db');
  const s = await openSqliteStore(path);
  await s.close();
  const again = await openSqliteStore(path);
  await again.close();
  const db = new Database(path, { readonly: true });
  try {
    assert.equal(db.pragma('journal_mode', { simple: true }), 'wal');
    const rows = db.prepare('SELECT version FROM schema_migrations ORDER BY version').all() as { version: number }[];
    assert.deepEqual(
      rows.map((r) => r.version),
      MIGRATIONS.map((m) => m.version),
    );
  } finally {
    db.close();
  }
});

test('sqlite: data survives reopening', async () => {
  const path = join(dir, 'reopen.db');
  const s = await openSqliteStore(path);
  await s.addArticle({ id: 'p1', title: 'Kept', text: 'Still here after a restart.' });
  await s.assignStory('p1', 'st');
  await s.saveClusterState({ n: 1 });
  await s.close();
  const t = await openSqliteStore(path);
  try {
    assert.equal((await t.getArticle('p1'))?.title, 'Kept');
    assert.equal(await t.storyOf('p1'), 'st');
    assert.deepEqual(await t.loadClusterState(), { n: 1 });
  } finally {
    await t.close();
  }
});

test('sqlite: an unopenable path is a store error naming it', async () => {
  const file = join(dir, 'plain-file');
  writeFileSync(file, 'not a directory');
  const bad = join(file, 'sub', 'here.db');
  await assert.rejects(openSqliteStore(bad), (e: unknown) => {
    const err = e as { stage?: string; code?: string; input?: string };
    return err.stage === 'store' && err.code === 'open_failed' && err.input === bad;
  });
});

test('sqlite: names another connection stored are seen by the cached name index', async () => {
  const path = join(dir, 'names.db');
  const a = await openSqliteStore(path);
  const b = await openSqliteStore(path);
  try {
    const text = 'Vladimir Putin spoke. Putin replied.';
    const mention = (name: string, start: number) => ({ start, end: start + name.length, text: name, type: 'PERSON' as const, canonical: name, role: null });
    for (const s of [a, b]) await s.addArticle({ id: s === a ? 'na' : 'nb', title: 't', text, published: null, url: null });
    // b builds its index while the store holds no names at all.
    await b.saveAnnotation('nb', { id: 'nb', sentences: [], entities: [], quotes: [] });
    await a.saveAnnotation('na', { id: 'na', sentences: [], entities: [mention('Vladimir Putin', 0)], quotes: [] });
    await b.saveAnnotation('nb', { id: 'nb', sentences: [], entities: [mention('Putin', 22)], quotes: [] });
    const e = await b.getEntity('Putin');
    assert.equal(e?.canonical, 'Vladimir Putin', 'the short name written through b joined the full name a stored');
    assert.ok(e?.aliases.includes('Putin'));
  } finally {
    await a.close();
    await b.close();
  }
});
