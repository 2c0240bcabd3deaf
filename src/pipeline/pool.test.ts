// The stage pool must not change what ingest stores: the same input with one thread and with two gives
// the same stories (article by article), the same copies and the same briefs. Also: a stage error raised
// in a pool thread reaches the caller as the same StorylineError, and the pool lets the process exit.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openSqliteStore } from '../store/sqlite/sqlite-store.ts';
import { Ingestor } from './ingest.ts';
import { defaultStages } from './stages.ts';
import { loadDemoCorpus } from './corpus.ts';
import { StagePool, parseJobs } from './pool.ts';
import { StorylineError } from '../errors.ts';
import type { Store } from '../store/store.ts';

/** Enough demo articles for multi-article stories and copies; small enough to annotate twice in seconds. */
const ARTICLES = 150;
/** Several batches, so briefs are rebuilt for stories that grow across batches. */
const BATCH = 40;

async function snapshot(store: Store, ids: string[]) {
  const stories: Record<string, string | null> = {};
  const briefs: Record<string, unknown> = {};
  for (const id of ids) {
    const story = await store.storyOf(id);
    stories[id] = story;
    if (story && !(story in briefs)) {
      const b = await store.getBrief(story);
      briefs[story] = b && { headline: b.headline, lead: b.lead, developments: b.developments, version: b.version };
    }
  }
  return { stories, briefs, count: await store.countStories() };
}

async function ingestWith(jobs: number, inputs: ReturnType<typeof loadDemoCorpus>) {
  const store = await openSqliteStore(':memory:');
  const ing = new Ingestor(store, defaultStages({ jobs }));
  let added = 0;
  let copies = 0;
  for (let i = 0; i < inputs.length; i += BATCH) {
    const r = await ing.ingest(inputs.slice(i, i + BATCH));
    assert.deepEqual(
      r.errors.filter((e) => e.kind !== 'input'),
      [],
    );
    added += r.added;
    copies += r.copies;
  }
  const snap = await snapshot(
    store,
    inputs.map((a) => a.id!),
  );
  await store.close();
  return { added, copies, ...snap };
}

test('--jobs 2 stores exactly the stories, copies and briefs of --jobs 1 for the same input', { timeout: 300_000 }, async () => {
  const inputs = loadDemoCorpus().slice(0, ARTICLES);
  // One article twice (the second is a duplicate) and one copied under a new id: both paths go through the window.
  inputs.splice(20, 0, { ...inputs[3] }, { ...inputs[5], id: 'copy-of-5', label: 'copy' });
  const one = await ingestWith(1, inputs);
  const two = await ingestWith(2, inputs);
  assert.equal(one.added, ARTICLES + 1);
  assert.ok(one.copies >= 1, 'the copy was folded');
  assert.ok(one.count < ARTICLES, 'some stories hold several articles');
  assert.equal(two.added, one.added);
  assert.equal(two.copies, one.copies);
  assert.equal(two.count, one.count);
  assert.deepEqual(two.stories, one.stories);
  assert.deepEqual(two.briefs, one.briefs);
});

test('a stage error in a pool thread reaches the caller as the same StorylineError', { timeout: 60_000 }, async () => {
  const pool = new StagePool(2);
  try {
    await assert.rejects(
      pool.annotate({ id: 7 as unknown as string, text: 'x' }),
      (err: unknown) => err instanceof StorylineError && err.stage === 'nlp' && err.code === 'bad_document',
    );
    const a = await pool.annotate({ id: 'ok', title: 'Flood in Avalon', text: 'Ada Brook said the river rose overnight in Avalon.' });
    assert.ok(a.entities.some((e) => e.text === 'Ada Brook'));
  } finally {
    await pool.close();
  }
});

test('--jobs accepts whole numbers from 1 and refuses the rest by name', () => {
  assert.equal(parseJobs('3'), 3);
  assert.ok(parseJobs(undefined) >= 1);
  for (const bad of ['0', '-1', '1.5', 'many', '']) assert.throws(() => parseJobs(bad), /--jobs must be a whole number/);
});
