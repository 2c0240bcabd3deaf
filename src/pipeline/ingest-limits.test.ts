// Limits on what one article may bring: title and text length, entities and quotes. Each refusal names
// the input, is marked as the input's own (not the store's), and the rest of the batch is stored.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openSqliteStore } from '../store/sqlite/sqlite-store.ts';
import { Ingestor, MAX_ENTITIES_PER_ARTICLE, MAX_QUOTES_PER_ARTICLE, MAX_TEXT_CHARS, MAX_TITLE_CHARS } from './ingest.ts';
import { defaultStages, type Stages } from './stages.ts';

const text = (id: string) => `Maria Lopez opened the new library in Santa Rosa on Tuesday. "It is for everyone," Lopez said of the ${id} building.`;

test('ingest: over-long titles and texts, and too many entities or quotes, are refused by name; the batch goes on', async () => {
  const store = await openSqliteStore(':memory:');
  const base = defaultStages();
  // Padding the real annotation stands in for an article that yields thousands of names or quotes.
  const stages: Stages = {
    ...base,
    annotate: async (doc) => {
      const a = await base.annotate(doc);
      if (doc.id === 'many-names') return { ...a, entities: Array.from({ length: MAX_ENTITIES_PER_ARTICLE + 1 }, () => a.entities[0]) };
      if (doc.id === 'many-quotes') return { ...a, quotes: Array.from({ length: MAX_QUOTES_PER_ARTICLE + 1 }, () => a.quotes[0]) };
      return a;
    },
  };
  const ing = new Ingestor(store, stages);
  const r = await ing.ingest([
    { id: 'ok-1', title: 'Library opens', text: text('ok-1') },
    { id: 'long-title', title: 'T'.repeat(MAX_TITLE_CHARS + 1), text: text('long-title') },
    { id: 'long-text', title: 'Long', text: 'word '.repeat(MAX_TEXT_CHARS / 5 + 1), label: 'big.jsonl:3' },
    { id: 'many-names', title: 'Names', text: text('many-names') },
    { id: 'many-quotes', title: 'Quotes', text: text('many-quotes') },
    { id: 'ok-2', title: 'Library busy', text: text('ok-2') },
  ]);
  assert.equal(r.added, 2);
  assert.deepEqual(
    r.errors.map((e) => [e.input, e.code, e.kind]),
    [
      ['long-title', 'too_long', 'input'],
      ['big.jsonl:3', 'too_long', 'input'],
      ['many-names', 'too_many_entities', 'input'],
      ['many-quotes', 'too_many_quotes', 'input'],
    ],
  );
  assert.match(r.errors[0].error, /title longer than 2,000 characters/);
  assert.match(r.errors[1].error, /text longer than 300,000 characters \(300,005\)/);
  assert.match(r.errors[2].error, /5,001 entities, more than the 5,000/);
  assert.match(r.errors[3].error, /2,001 quotes, more than the 2,000/);
  assert.ok(await store.getArticle('ok-2'), 'the article after the refused ones is stored');
  assert.equal(await store.getArticle('many-names'), null);
  await store.close();
});

test('ingest: a failure of the store is marked as such, not as a bad input', async () => {
  const store = await openSqliteStore(':memory:');
  const commit = store.commitArticle.bind(store);
  store.commitArticle = async (rec) => {
    if (rec.article.id === 'b') throw Object.assign(new Error('disk I/O error'), { code: 'SQLITE_IOERR' });
    return commit(rec);
  };
  const r = await new Ingestor(store).ingest([
    { id: 'a', title: 'One', text: text('a') },
    { id: 'b', title: 'Two', text: text('b') },
  ]);
  assert.equal(r.added, 1);
  assert.deepEqual(
    r.errors.map((e) => [e.input, e.kind]),
    [['b', 'store']],
  );
  await store.close();
});
