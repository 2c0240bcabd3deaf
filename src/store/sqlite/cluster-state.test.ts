// A damaged cluster-state row (bytes that are not a node:v8 serialisation) is a store.cluster_state_damaged
// error naming the database file and the command that clears it, not a bare v8 error; after that command
// the next ingest rebuilds the clusterer from the stored articles and keeps their stories.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { serialize } from 'node:v8';
import { captureLog } from '../../server/testdata/harness.ts';
import { openSqliteStore } from './sqlite-store.ts';
import { StorylineError } from '../../errors.ts';
import { flushIngest, ingestArticles } from '../../pipeline/ingest.ts';

const article = (id: string, day: number) => ({
  id,
  title: `Council approves harbour bridge plan ${id}`,
  text: `Mayor Mara Quinn said the harbour bridge would open in May. The council voted 7 to 2 for the plan on day ${day}.`,
  source: 'Harbour Times',
  published: `2024-03-0${day}`,
});

test('a cluster-state row that cannot be deserialised is store.cluster_state_damaged naming the file and what to do', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'storyline-cstate-'));
  const file = join(dir, 'storyline.db');
  try {
    let store = await openSqliteStore(file);
    await ingestArticles(store, [article('a1', 1)]);
    await flushIngest(store);
    assert.ok(await store.loadClusterState(), 'the state was saved');
    const story = await store.storyOf('a1');
    await store.close();

    const raw = new Database(file);
    raw.prepare('UPDATE cluster_state SET state = ? WHERE id = 1').run(Buffer.from('{"format": not json, not v8'));
    raw.close();

    store = await openSqliteStore(file);
    await assert.rejects(store.loadClusterState(), (err: unknown) => {
      assert.ok(err instanceof StorylineError, String(err));
      assert.equal(`${err.stage}.${err.code}`, 'store.cluster_state_damaged');
      assert.equal(err.input, file);
      assert.ok(err.message.includes(file), err.message);
      assert.match(err.message, /DELETE FROM cluster_state/);
      return true;
    });
    await store.close();

    // What the message says to do, then an ingest: the clusterer is rebuilt and the old story kept.
    const fix = new Database(file);
    fix.exec('DELETE FROM cluster_state');
    fix.close();
    store = await openSqliteStore(file);
    const res = await ingestArticles(store, [article('a2', 2)]);
    assert.deepEqual(res.errors, []);
    await flushIngest(store);
    assert.equal(await store.storyOf('a1'), story, 'the stored story is kept');
    assert.ok(await store.loadClusterState(), 'a new state was saved');
    await store.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a cluster state of a format this version does not read is rebuilt from the stored articles, with a warning saying so', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'storyline-cstate-'));
  const file = join(dir, 'storyline.db');
  try {
    let store = await openSqliteStore(file);
    await ingestArticles(store, [article('a1', 1), article('a2', 2)]);
    await flushIngest(store);
    const story = await store.storyOf('a1');
    assert.ok(story);
    await store.close();

    // As a later storyline would leave it: a sound v8 row, but a format this one does not know.
    const raw = new Database(file);
    raw.prepare('UPDATE cluster_state SET state = ? WHERE id = 1').run(serialize({ format: 'storyline-ingest-99', clusterer: { future: true } }));
    raw.close();

    store = await openSqliteStore(file);
    const { log, lines } = captureLog();
    const res = await ingestArticles(store, [article('a3', 3)], { log });
    assert.deepEqual(res.errors, []);
    await flushIngest(store);
    const warned = lines.filter((l) => l.level === 40 && /format "storyline-ingest-99"/.test(String(l.msg)));
    assert.equal(warned.length, 1, JSON.stringify(lines.map((l) => l.msg)));
    assert.match(String(warned[0].msg), /rebuilding it from the stored articles/);
    assert.equal(await store.storyOf('a1'), story, 'the stored story is kept');
    assert.equal(await store.storyOf('a3'), story, 'the new article joins it as before');
    const saved = (await store.loadClusterState()) as { format: string };
    assert.equal(saved.format, 'storyline-ingest-2', 'the state is saved again in this version’s format');
    await store.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
