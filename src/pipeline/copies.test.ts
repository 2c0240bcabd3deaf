// One copy finder, two sources: the in-memory DuplicateIndex (batch commands, the near-duplicate bench) and
// the store's tables as ingest reads them must fold the same articles into the same copy groups, or the
// bench's recall would describe code the product does not run.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { openSqliteStore } from '../store/sqlite/sqlite-store.ts';
import { DuplicateIndex } from '../dedup/index.ts';
import { Ingestor } from './ingest.ts';
import { defaultStages } from './stages.ts';

const docs = JSON.parse(readFileSync(join(import.meta.dirname, '..', 'dedup', 'testdata', 'same-story.json'), 'utf8')) as {
  id: string;
  title: string;
  text: string;
}[];
const paras = (t: string) => t.split('\n\n');

// Originals, then copies as syndication makes them: re-cased, trimmed, re-datelined, and a copy of a copy.
const stream = [
  ...docs,
  { id: 'a-exact', title: docs[0].title, text: docs[0].text.toUpperCase() },
  { id: 'a-trim', title: 'Harwick bridge shut', text: paras(docs[0].text).slice(0, 4).join('\n\n') },
  { id: 'a-trim2', title: 'Harwick bridge', text: paras(docs[0].text).slice(0, 3).join('\n\n') },
  { id: 'b-line', title: docs[1].title, text: `HARWICK (Wire) — ${docs[1].text}` },
].map((d, i) => ({ ...d, published: `2026-03-0${1 + Math.floor(i / 3)}T10:00:00Z` }));

/** Copy groups as sorted lists of sorted ids, so two partitions compare with deepEqual. */
function partition(groupOf: Map<string, string>): string[][] {
  const groups = new Map<string, string[]>();
  for (const [id, g] of groupOf) (groups.get(g) ?? groups.set(g, []).get(g)!).push(id);
  return [...groups.values()].map((g) => g.sort()).sort((a, b) => a[0].localeCompare(b[0]));
}

test('copies: the in-memory index and the store-backed ingest fold the same copy groups', async () => {
  const idx = new DuplicateIndex();
  const inMemory = new Map<string, string>();
  for (const d of stream) inMemory.set(d.id, (await idx.add(d.id, d.text))?.of ?? d.id);

  const store = await openSqliteStore(':memory:');
  const r = await new Ingestor(store, defaultStages()).ingest(stream);
  assert.deepEqual(r.errors, []);
  const stored = new Map<string, string>();
  for (const d of stream) stored.set(d.id, (await store.copiesOf(d.id))[0] ?? d.id);
  await store.close();

  const expected = partition(inMemory);
  assert.deepEqual(partition(stored), expected);
  // Not a vacuous agreement: the copies really were found, and the originals kept apart.
  assert.ok(
    expected.some((g) => g.includes('a') && g.includes('a-exact') && g.includes('a-trim') && g.includes('a-trim2')),
    JSON.stringify(expected),
  );
  assert.ok(
    expected.some((g) => g.includes('b') && g.includes('b-line')),
    JSON.stringify(expected),
  );
  assert.equal(expected.length, docs.length);
  assert.equal(r.copies, 4);
});
