// The real clusterer's singleton absorption, end to end: the story it folds in is merged in the store, its
// article moves, its old id redirects to the story that absorbed it, and that story's brief is rebuilt.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openSqliteStore } from '../store/sqlite/sqlite-store.ts';
import { StoryClusterer, FEATURES } from '../cluster/stream.ts';
import { Ingestor } from './ingest.ts';
import { defaultStages, type Stages } from './stages.ts';

// Text similarity alone decides, so the test does not hang on the fitted weights.
const weights = { w: FEATURES.map((f) => (f === 'text' ? 10 : 0)), bias: -3, threshold: 0.5, mergeThreshold: 1.1, absorbThreshold: 0.5 };

const crane = 'A harbour crane collapsed at the Kelham docks on Monday, injuring four dockers. The crane operator was taken to hospital.';
const union = 'The dockers union demanded an inquiry and called for safety inspectors at Kelham. Union officials said warnings had been ignored.';
// Reworded, so copy detection does not fold it into either (it must reach the clusterer).
const both =
  'Four dockers were hurt when a crane collapsed at Kelham harbour on Monday; its operator is in hospital. Their union wants an inquiry and safety inspectors, saying officials ignored warnings.';

test('ingest: a singleton story the clusterer absorbs is merged in the store and its id redirects', async () => {
  const store = await openSqliteStore(':memory:');
  const stages: Stages = {
    ...defaultStages(),
    createClusterer: (state) => (state === null ? new StoryClusterer({ weights }) : StoryClusterer.fromState(state, { weights })),
  };
  const ing = new Ingestor(store, stages);
  await ing.ingest([{ id: 'crane', title: 'Crane collapses at Kelham docks', text: crane, published: '2026-03-02T09:00:00Z' }]);
  await ing.ingest([{ id: 'union', title: 'Dockers union demands inquiry', text: union, published: '2026-03-02T12:00:00Z' }]);
  const craneStory = (await store.storyOf('crane'))!;
  const unionStory = (await store.storyOf('union'))!;
  assert.notEqual(craneStory, unionStory, 'two stories before the bridging article');
  assert.ok(await store.getBrief(unionStory), 'the singleton had its own brief');

  const r = await ing.ingest([{ id: 'both', title: 'Kelham crane collapse: union demands inquiry', text: both, published: '2026-03-02T15:00:00Z' }]);
  assert.deepEqual(r.errors, []);
  assert.equal(r.copies, 0);
  const live = (await store.storyOf('both'))!;
  assert.equal(await store.storyOf('crane'), live);
  assert.equal(await store.storyOf('union'), live);
  const absorbed = unionStory === live ? craneStory : unionStory;
  assert.equal(await store.resolveStory(absorbed), live, 'the absorbed id redirects');
  assert.equal((await store.getStory(absorbed))?.mergedInto, live);
  assert.deepEqual([...(await store.getStory(live))!.articleIds].sort(), ['both', 'crane', 'union']);
  assert.equal(await store.countStories(), 1);
  const brief = await store.getBrief(live);
  assert.ok(brief, 'the merged story has a brief');
  assert.equal(brief!.storyId, live);
  const cited = new Set([brief!.headline, ...brief!.lead].flatMap((s) => s.citations.map((c) => c.articleId)));
  assert.ok(
    [...cited].every((id) => ['both', 'crane', 'union'].includes(id)),
    `cites only the story's articles: ${[...cited]}`,
  );
  await store.close();
});
