import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Brief, BriefArticle, ClusterAssignment, ClusterDoc } from '../types.ts';
import { openSqliteStore } from '../store/sqlite/sqlite-store.ts';
import { Ingestor, flushIngest, ingestArticles, normaliseDate, type IngestInput } from './ingest.ts';
import { defaultStages, type Clusterer, type Stages } from './stages.ts';
import { splitSentences } from '../nlp/sentences.ts';

const fixtures = readFileSync(join(import.meta.dirname, 'testdata', 'articles.jsonl'), 'utf8')
  .trim()
  .split('\n')
  .map((l) => JSON.parse(l) as IngestInput);

/** A brief that cites each article's first sentence: enough to check what the pipeline passes in. */
function fakeBrief(articles: BriefArticle[]): Brief {
  const first = articles[0];
  const s = first.annotation.sentences[0];
  const cite = [{ articleId: first.id, start: s.start, end: s.end }];
  return {
    headline: { text: first.title, citations: cite },
    lead: articles.map((a) => ({
      text: a.annotation.sentences[0].text,
      citations: [{ articleId: a.id, start: a.annotation.sentences[0].start, end: a.annotation.sentences[0].end }],
    })),
    developments: [],
    timeline: [],
    coverage: [...new Set(articles.map((a) => a.source ?? ''))].map((source) => ({
      source,
      articles: articles.filter((a) => (a.source ?? '') === source).length,
      first: null,
    })),
    people: [],
  };
}

/** Clusters by a keyword; can be told to merge two stories on a given document. */
class KeywordClusterer implements Clusterer {
  private log: { from: string; into: string }[] = [];
  constructor(private mergeOn: string | null = null) {}
  add(doc: ClusterDoc): ClusterAssignment {
    const story = /bridge/i.test(doc.title) ? 'S-bridge' : /teskar/i.test(doc.title) ? 'S-volcano' : `S-${doc.id}`;
    if (doc.id === this.mergeOn) this.log.push({ from: 'S-volcano', into: 'S-bridge' });
    return { id: doc.id, story: this.log.some((m) => m.from === story) ? 'S-bridge' : story, score: 0.9, isNew: false };
  }
  exportState() {
    return { merges: this.log };
  }
  merges() {
    return [...this.log];
  }
}

/** Real copy folding; sentence-only annotation, so these tests check the pipeline, not the nlp models. */
function fakeStages(clusterer: Clusterer): Stages {
  return {
    ...defaultStages(),
    annotate: (d) => ({ id: d.id, sentences: splitSentences(d.text), entities: [], quotes: [] }),
    createClusterer: () => clusterer,
    buildBrief: fakeBrief,
  };
}

test('ingest: copies fold, two stories form, a bad article is reported, re-ingest adds nothing', async () => {
  const store = await openSqliteStore(':memory:');
  const stages = fakeStages(new KeywordClusterer());
  const r = await ingestArticles(store, fixtures, { stages });
  assert.equal(r.added, 5);
  assert.equal(r.copies, 1);
  assert.equal(r.duplicates, 0);
  assert.equal(r.errors.length, 1);
  assert.equal(r.errors[0].input, 'bad-1');
  assert.equal(r.errors[0].code, 'empty_text');
  assert.deepEqual(r.storiesTouched.sort(), ['S-bridge', 'S-volcano']);
  assert.equal(r.briefsBuilt, 2);

  assert.deepEqual(await store.copiesOf('bridge-1-copy'), ['bridge-1', 'bridge-1-copy']);
  assert.equal(await store.storyOf('bridge-1-copy'), 'S-bridge', 'the copy joins its original story');
  assert.equal(await store.getArticle('bad-1'), null);
  assert.equal(await store.countStories(), 2);
  const annotation = await store.getAnnotation('volcano-1');
  assert.ok(annotation && annotation.sentences.length >= 3, 'articles are stored with their annotation');
  const brief = await store.getBrief('S-bridge');
  assert.equal(brief?.version, 1);
  assert.deepEqual(brief?.coverage.map((c) => c.source).sort(), ['Daily Wire Service', 'Example Times', 'Northern Post']);
  assert.equal(await store.loadClusterState(), null, 'five articles are not worth a state save');
  await flushIngest(store);
  assert.ok(await store.loadClusterState(), 'flush saves the cluster state');

  const again = await ingestArticles(store, fixtures, { stages });
  assert.equal(again.added, 0);
  assert.equal(again.duplicates, 5);
  assert.equal(again.errors.length, 1);
  assert.equal(await store.countArticles(), 5);
  assert.equal((await store.listBriefVersions('S-bridge')).length, 1, 'nothing new, no new brief version');
  await store.close();
});

test('ingest: clusterer merges move the stories in the store', async () => {
  const store = await openSqliteStore(':memory:');
  const ing = new Ingestor(store, fakeStages(new KeywordClusterer('volcano-2')));
  const r = await ing.ingest(fixtures);
  assert.deepEqual(r.storiesTouched, ['S-bridge']);
  assert.equal((await store.getStory('S-volcano'))?.mergedInto, 'S-bridge');
  assert.equal(await store.storyOf('volcano-1'), 'S-bridge');
  assert.equal(await store.countStories(), 1);
  await store.close();
});

test('ingest: a failing brief is reported by story and the articles stay stored', async () => {
  const store = await openSqliteStore(':memory:');
  const stages: Stages = {
    ...fakeStages(new KeywordClusterer()),
    buildBrief: () => {
      throw new Error('writer broke');
    },
  };
  const r = await ingestArticles(store, fixtures.slice(0, 3), { stages });
  assert.equal(r.added, 3);
  assert.deepEqual(r.errors.map((e) => e.input).sort(), ['story S-bridge', 'story S-volcano']);
  assert.equal(await store.countArticles(), 3);
  await store.close();
});

test('ingest: inputs of the wrong shape name themselves; dates are normalised', async () => {
  const store = await openSqliteStore(':memory:');
  const stages = fakeStages(new KeywordClusterer());
  const r = await ingestArticles(
    store,
    [
      { title: 'No id', text: 5 as unknown as string, label: 'feed.jsonl:3' },
      { id: 'd1', title: 'Dated', text: 'A text with a date.', published: 'Tue, 05 Mar 2024 10:00:00 GMT' },
      { id: 'd2', title: 'Undated', text: 'A text with a bad date.', published: 'last Tuesday-ish' },
    ],
    { stages },
  );
  assert.equal(r.errors[0].input, 'feed.jsonl:3');
  assert.match(r.errors[0].error, /text must be a string/);
  assert.equal((await store.getArticle('d1'))?.published, '2024-03-05T10:00:00.000Z');
  assert.equal((await store.getArticle('d2'))?.published, null);
  assert.equal(normaliseDate('2024-02-30'), null);
  await store.close();
});

// Which later articles join is the clusterer's call (and its own tests' business); on five documents its
// statistics are thin, so only what the pipeline itself guarantees is checked here.
test('ingest: with the real stages the copy folds into its original story', async () => {
  const store = await openSqliteStore(':memory:');
  const stages: Stages = { ...defaultStages(), buildBrief: fakeBrief };
  const r = await ingestArticles(store, fixtures, { stages });
  assert.equal(r.added, 5);
  assert.equal(r.copies, 1);
  const bridge = await store.storyOf('bridge-1');
  const volcano = await store.storyOf('volcano-1');
  assert.notEqual(bridge, volcano);
  assert.equal(await store.storyOf('bridge-1-copy'), bridge);
  assert.equal((await store.getStory(bridge!))?.articleIds.includes('volcano-1'), false);
  await store.close();
});

test('ingest: a clusterer whose state is behind the store never reuses a story id', async () => {
  const store = await openSqliteStore(':memory:');
  // Hands out s1, s2, … from scratch every time, as a clusterer resumed from stale state would.
  const fresh = (): Clusterer => {
    let n = 0;
    return { add: (d) => ({ id: d.id, story: `s${++n}`, score: 0, isNew: true }), exportState: () => ({ n }), merges: () => [] };
  };
  const base = fakeStages(new KeywordClusterer());
  await new Ingestor(store, { ...base, createClusterer: fresh }).ingest([fixtures[0]]);
  assert.equal(await store.storyOf('bridge-1'), 's1');
  // A state saved before the watermark existed is taken as up to date, so nothing is replayed: here it is stale.
  await store.saveClusterState({ format: 'storyline-ingest-1', clusterer: null, renamed: [] });
  const r = await new Ingestor(store, { ...base, createClusterer: fresh }).ingest([fixtures[2]]);
  assert.equal(r.added, 1);
  const volcano = await store.storyOf('volcano-1');
  assert.notEqual(volcano, 's1');
  assert.match(volcano!, /^s1-/);
  assert.deepEqual((await store.getStory('s1'))?.articleIds, ['bridge-1']);
  await store.close();
});

/**
 * Joins the story of the latest article sharing the title's first word, else starts story c<n>: its
 * answers depend on everything it was fed, as the real clusterer's do.
 */
class FirstWordClusterer implements Clusterer {
  n: number;
  byWord: Map<string, string>;
  fed: string[];
  constructor(state: { n: number; byWord: [string, string][]; fed: string[] } | null) {
    this.n = state?.n ?? 0;
    this.byWord = new Map(state?.byWord ?? []);
    this.fed = [...(state?.fed ?? [])];
  }
  add(doc: ClusterDoc): ClusterAssignment {
    this.fed.push(doc.id);
    const w = doc.title.split(/\s+/)[0].toLowerCase();
    const known = this.byWord.get(w);
    if (known) return { id: doc.id, story: known, score: 1, isNew: false };
    const story = `c${++this.n}`;
    this.byWord.set(w, story);
    return { id: doc.id, story, score: 1, isNew: true };
  }
  exportState() {
    return { n: this.n, byWord: [...this.byWord], fed: [...this.fed] };
  }
  merges() {
    return [];
  }
}

const firstWordStages = (): Stages => ({
  ...fakeStages(new KeywordClusterer()),
  createClusterer: (state) => new FirstWordClusterer(state as ConstructorParameters<typeof FirstWordClusterer>[0]),
});

const doc = (id: string, title: string): IngestInput => ({ id, title, text: `${title}. Reported on ${id}.`, published: '2024-03-01' });

test('ingest: a crash between commit and state save loses nothing: later articles join the right stories', async () => {
  const stream = [
    doc('a1', 'Alpha storm hits coast'),
    doc('b1', 'Beta election called'),
    doc('a2', 'Alpha storm moves inland'),
    doc('c1', 'Gamma merger agreed'),
    doc('b2', 'Beta election results'),
    doc('a3', 'Alpha storm clean-up'),
    doc('c2', 'Gamma merger blocked'),
  ];
  const reference = await openSqliteStore(':memory:');
  await new Ingestor(reference, firstWordStages()).ingest(stream, { briefs: false });

  const store = await openSqliteStore(':memory:');
  const stages = firstWordStages();
  const first = new Ingestor(store, stages, { saveEveryArticles: 2 });
  for (const a of stream.slice(0, 3)) await first.ingest([a], { briefs: false });
  // The state was saved after a1+b1; a2 is stored but not in the saved state. `first` is dropped unflushed (the crash).
  const saved = (await store.loadClusterState()) as { clusterer: { fed: string[] } };
  assert.deepEqual(saved.clusterer.fed, ['a1', 'b1']);

  const second = new Ingestor(store, stages, { saveEveryArticles: 2 });
  const r = await second.ingest(stream.slice(3), { briefs: true });
  assert.equal(r.added, 4);
  for (const a of stream) assert.equal(await store.storyOf(a.id!), await reference.storyOf(a.id!), `${a.id} is in the same story as without the crash`);
  assert.deepEqual((await store.getStory('c1'))?.articleIds, ['a1', 'a2', 'a3']);
  // The replayed article reached the clusterer once, in store order, before the new ones.
  await second.flush();
  const after = (await store.loadClusterState()) as { clusterer: { fed: string[] } };
  assert.deepEqual(after.clusterer.fed, ['a1', 'b1', 'a2', 'c1', 'b2', 'a3', 'c2']);
  // The story only the replay saw gets its brief rebuilt too.
  assert.ok(await store.getBrief('c1'));
  await reference.close();
  await store.close();
});

test('ingest: with no saved state at all, the whole store is replayed; a stored story that differs is kept', async () => {
  const store = await openSqliteStore(':memory:');
  const stages = firstWordStages();
  await new Ingestor(store, stages).ingest([doc('a1', 'Alpha storm'), doc('b1', 'Beta vote')], { briefs: false });
  // An article filed by hand under another story than the clusterer would pick.
  await store.commitArticle({
    article: { id: 'x1', title: 'Gamma deal', text: 'Gamma deal. Text.' },
    textKey: 'kx',
    copy: { canonicalId: 'x1', bands: [], signature: Uint32Array.from([1]) },
    annotation: { id: 'x1', sentences: [], entities: [], quotes: [] },
    storyId: 'hand-made',
  });
  assert.equal(await store.loadClusterState(), null);
  const ing = new Ingestor(store, stages);
  await ing.ingest([doc('a2', 'Alpha storm again'), doc('x2', 'Gamma deal signed')], { briefs: false });
  assert.equal(await store.storyOf('a2'), 'c1');
  assert.equal(await store.storyOf('x1'), 'hand-made');
  assert.equal(await store.storyOf('x2'), 'hand-made', 'the clusterer story replay mapped onto the stored one');
  await store.close();
});

test('ingest: saves that take long are spread over more articles, keeping their share of ingest time', async () => {
  const store = await openSqliteStore(':memory:');
  let saves = 0;
  // The clock saves are timed on: a save moves it instead of taking real time.
  let costMs = 0;
  const save = store.saveClusterState.bind(store);
  store.saveClusterState = async (s: unknown) => {
    saves++;
    // Stands in for a large state: 45 ms per save against a budget of 10 ms per article.
    costMs += 45;
    return save(s);
  };
  const ing = new Ingestor(store, firstWordStages(), { saveEveryArticles: 1, saveEveryMs: Infinity, saveBudgetMsPerArticle: 10, costClock: () => costMs });
  assert.equal(ing.saveInterval, 1, 'no save measured yet: the count rule as configured');
  let n = 0;
  const one = () => ing.ingest([doc(`s${++n}`, `Word${n % 2} news ${n}`)], { briefs: false });
  await one();
  assert.equal(saves, 1);
  const interval = ing.saveInterval;
  assert.equal(interval, 5, 'a 45 ms save against 10 ms per article stretches the interval to 5 articles');
  for (let i = 1; i < interval; i++) await one();
  assert.equal(saves, 1, 'no save before the stretched interval is reached');
  await one();
  assert.equal(saves, 2);
  await store.close();
});

test('ingest: the state is saved by article count and by age, not after every batch', async () => {
  const store = await openSqliteStore(':memory:');
  let saves = 0;
  const save = store.saveClusterState.bind(store);
  store.saveClusterState = (s: unknown) => {
    saves++;
    return save(s);
  };
  let clock = 1_000_000;
  const ing = new Ingestor(store, firstWordStages(), { saveEveryArticles: 3, saveEveryMs: 60_000, now: () => clock });
  const batch = (i: number) => ing.ingest([doc(`n${i}`, `Word${i % 2} news ${i}`)], { briefs: false });
  await batch(1);
  await batch(2);
  assert.equal(saves, 0);
  await batch(3);
  assert.equal(saves, 1, 'the third article since the last save triggers one');
  await batch(4);
  clock += 59_000;
  await batch(5);
  assert.equal(saves, 1);
  clock += 2_000;
  await batch(6);
  assert.equal(saves, 2, 'an unsaved article older than a minute triggers one');
  await ing.ingest([doc('n6', 'Word0 news 6')], { briefs: false }); // a duplicate stores nothing
  await ing.flush();
  assert.equal(saves, 2, 'nothing unsaved, nothing to flush');
  await batch(7);
  await ing.flush();
  assert.equal(saves, 3);
  const state = (await store.loadClusterState()) as { watermark: number };
  assert.equal(state.watermark, await store.latestArticleSeq());
  await store.close();
});
