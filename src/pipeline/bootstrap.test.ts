import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { pino } from 'pino';
import type { Brief, BriefArticle, ClusterDoc } from '../types.ts';
import { openSqliteStore } from '../store/sqlite/sqlite-store.ts';
import { bootstrapIfEmpty, DEMO_SOURCE_URL, type ImportProgress } from './bootstrap.ts';
import { DEMO_ATTRIBUTION, DEMO_ATTRIBUTION_HTML, DEMO_CORPUS_PATH, loadDemoCorpus } from './corpus.ts';
import { defaultStages, type Stages } from './stages.ts';

const corpusPath = join(import.meta.dirname, 'testdata', 'corpus.jsonl');
const silent = pino({ level: 'silent' });

function stages(): Stages {
  let n = 0;
  const seen = new Map<string, string>();
  return {
    ...defaultStages(),
    annotate: (d) => ({ id: d.id, sentences: [{ start: 0, end: d.text.length, text: d.text }], entities: [], quotes: [] }),
    createClusterer: () => ({
      add: (doc: ClusterDoc) => {
        const key = doc.title.split(' ')[0];
        if (!seen.has(key)) seen.set(key, `s${++n}`);
        return { id: doc.id, story: seen.get(key)!, score: 1, isNew: false };
      },
      exportState: () => ({ n }),
      merges: () => [],
    }),
    buildBrief: (as: BriefArticle[]): Brief => {
      const c = [{ articleId: as[0].id, start: 0, end: 5 }];
      return { headline: { text: as[0].title, citations: c }, lead: [], developments: [], timeline: [], coverage: [], people: [] };
    },
  };
}

test('bootstrap: an empty database gets the corpus in the background, with progress', async () => {
  const store = await openSqliteStore(':memory:');
  const progress: ImportProgress = { importing: false, imported: 0, total: 0 };
  const h = await bootstrapIfEmpty(store, silent, { corpusPath, stages: stages(), firstBatch: 2, batchSize: 2, progress });
  assert.equal(h.started, true);
  assert.equal(progress.importing, true, 'the import runs after bootstrapIfEmpty returns');
  const s = await h.done;
  assert.equal(s?.added, 5);
  assert.deepEqual(progress, { importing: false, imported: 5, total: 5 });
  assert.equal(await store.countArticles(), 5);
  assert.equal((await store.getArticle('volcano-1'))?.sourceName, 'Wikinews');
  const src = (await store.listSources()).find((x) => x.url === DEMO_SOURCE_URL);
  assert.ok(src?.lastSuccess, 'a finished import is recorded');
  const again = await bootstrapIfEmpty(store, silent, { corpusPath, stages: stages() });
  assert.equal(again.started, false);
  await store.close();
});

test('bootstrap: an import cut short resumes on the next start', async () => {
  const store = await openSqliteStore(':memory:');
  await store.upsertSource({ url: DEMO_SOURCE_URL, kind: 'corpus', title: 'Wikinews' });
  await store.addArticle({ id: 'bridge-1', title: 'x', text: 'already here' });
  const h = await bootstrapIfEmpty(store, silent, { corpusPath, stages: stages() });
  assert.equal(h.started, true);
  const s = await h.done;
  assert.equal(s?.duplicates, 1);
  assert.equal(s?.added, 4);
  await store.close();
});

test('bootstrap: a missing corpus is logged, not thrown', async () => {
  const store = await openSqliteStore(':memory:');
  const h = await bootstrapIfEmpty(store, silent, { corpusPath: '/nonexistent/corpus.jsonl', stages: stages() });
  assert.equal(await h.done, null);
  await store.close();
});

test('corpus: the bundled demo corpus loads, oldest first, with its attribution', () => {
  const all = loadDemoCorpus(DEMO_CORPUS_PATH);
  assert.equal(all.length, 477);
  assert.ok(all.every((a, i) => i === 0 || (all[i - 1].published ?? '') <= (a.published ?? '')));
  assert.ok(all.every((a) => a.source === 'Wikinews' && a.url?.startsWith('https://en.wikinews.org/')));
  assert.match(DEMO_ATTRIBUTION, /Creative Commons Attribution 2\.5/);
  assert.match(DEMO_ATTRIBUTION_HTML, /<a href="https:\/\/creativecommons.org\/licenses\/by\/2.5\/">/);
});
