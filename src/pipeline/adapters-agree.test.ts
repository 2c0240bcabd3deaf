// The same stream ingested into SQLite and into PostgreSQL must come out the same: the same copy groups
// (LSH bands live in the database, so the band lookup is the adapter's work) and the same stories, after a
// restart from the saved clusterer state too. The store contract checks each method; this checks that the
// pipeline built on them cannot tell the adapters apart.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteStore } from '../store/sqlite/sqlite-store.ts';
import { openPostgresStore } from '../store/postgres/postgres-store.ts';
import { PG_UNAVAILABLE, testPgServer } from '../store/postgres/test-server.ts';
import type { Store } from '../store/store.ts';
import { loadDemoCorpus } from './corpus.ts';
import { Ingestor, type IngestInput } from './ingest.ts';

/**
 * 90 demo articles, oldest first, with 12 edited copies of earlier ones mixed in (headline changed, last
 * paragraph dropped, another outlet): what wire syndication looks like.
 */
function stream(): IngestInput[] {
  const base = loadDemoCorpus().slice(0, 90);
  const out: IngestInput[] = [];
  base.forEach((a, i) => {
    out.push(a);
    if (i % 7 === 3) {
      const paras = a.text.split('\n\n');
      out.push({
        ...a,
        id: `${a.id}-copy`,
        url: `https://syndicated.example/${a.id}`,
        source: 'Syndicated Wire',
        title: `UPDATE: ${a.title}`,
        text: paras.length > 2 ? paras.slice(0, -1).join('\n\n') : a.text,
      });
    }
  });
  return out;
}

/** Everything the pipeline decided, in adapter-neutral form. */
async function outcome(store: Store, ids: string[]) {
  const copies: string[] = [];
  const stories = new Map<string, string[]>();
  for (const id of ids) {
    copies.push(`${id}→${(await store.copiesOf(id))[0]}`);
    const s = await store.storyOf(id);
    assert.ok(s, `${id} has a story`);
    stories.set(s, [...(stories.get(s) ?? []), id]);
  }
  // Story ids are the clusterer's; compare the partition, not the names.
  const partition = [...stories.values()].map((m) => m.sort().join(' ')).sort();
  return { copies, partition, articles: await store.countArticles(), stories: await store.countStories() };
}

async function ingestInTwoRuns(open: () => Promise<Store>, inputs: IngestInput[]) {
  const half = Math.floor(inputs.length / 2);
  let store = await open();
  // Saves after every 10 articles, so the second run resumes from a saved state (and replays what came after it).
  let ing = new Ingestor(store, undefined, { saveEveryArticles: 10 });
  let copies = 0;
  for (let i = 0; i < half; i += 15) copies += (await ing.ingest(inputs.slice(i, Math.min(i + 15, half)), { briefs: false })).copies;
  await ing.flush();
  await store.close();
  store = await open();
  ing = new Ingestor(store, undefined, { saveEveryArticles: 10 });
  for (let i = half; i < inputs.length; i += 15) copies += (await ing.ingest(inputs.slice(i, i + 15), { briefs: false })).copies;
  await ing.flush();
  const result = {
    ...(await outcome(
      store,
      inputs.map((a) => a.id!),
    )),
    copiesFolded: copies,
  };
  await store.close();
  return result;
}

const server = await testPgServer();

if (!server) {
  test('pipeline on SQLite and PostgreSQL: same copies and stories', { skip: PG_UNAVAILABLE }, () => {});
} else {
  after(() => server.dropCreated());

  test('pipeline on SQLite and PostgreSQL: same copies and stories, across a restart', async () => {
    const inputs = stream();
    const dir = mkdtempSync(join(tmpdir(), 'storyline-agree-'));
    const sqlite = await ingestInTwoRuns(() => openSqliteStore(join(dir, 'agree.db')), inputs);
    const url = await server.freshDatabase('sl_agree');
    const postgres = await ingestInTwoRuns(() => openPostgresStore(url), inputs);
    rmSync(dir, { recursive: true, force: true });

    assert.equal(sqlite.articles, inputs.length);
    // Every edited copy was folded into its original on SQLite (the reference), so the comparison is not vacuous.
    assert.equal(sqlite.copiesFolded, inputs.filter((a) => a.id!.endsWith('-copy')).length);
    assert.ok(sqlite.stories < sqlite.articles - sqlite.copiesFolded, 'some articles share a story');
    assert.deepEqual(postgres.copies, sqlite.copies);
    assert.deepEqual(postgres.partition, sqlite.partition);
    assert.equal(postgres.copiesFolded, sqlite.copiesFolded);
    assert.equal(postgres.stories, sqlite.stories);
  });
}
