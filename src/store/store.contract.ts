// The contract every Store adapter must pass (one interface, several implementations, one test suite): each
// repository's contract (repositories/*.contract.ts), then what spans them (migration, the atomic commit of
// an ingested article, the replay order). An adapter's test file calls runStoreContract with a factory that
// returns a fresh, migrated, empty store.
import assert from 'node:assert/strict';
import type { Annotation } from '../types.ts';
import { contractCase, article, sig, type MakeStore } from './repositories/contract-kit.ts';
import { runSourcesContract } from './repositories/sources.contract.ts';
import { runArticlesContract } from './repositories/articles.contract.ts';
import { runCopiesContract } from './repositories/copies.contract.ts';
import { runEntitiesContract } from './repositories/entities.contract.ts';
import { runStoriesContract } from './repositories/stories.contract.ts';
import { runClusterStateContract } from './repositories/cluster-state.contract.ts';
import { runBriefsContract } from './repositories/briefs.contract.ts';
import { runSearchContract } from './repositories/search.contract.ts';
import { runReaderContract } from './repositories/reader.contract.ts';
import { runWatchlistsContract } from './repositories/watchlists.contract.ts';

export function runStoreContract(name: string, makeStore: MakeStore): void {
  const withStore = contractCase(name, makeStore);

  withStore('migrate is idempotent and an empty store is empty', async (s) => {
    await s.migrate();
    await s.migrate();
    assert.equal(await s.countArticles(), 0);
    assert.equal(await s.countStories(), 0);
    assert.deepEqual(await s.listStories({ limit: 10, offset: 0 }), []);
    assert.equal(await s.loadClusterState(), null);
  });

  withStore('commitArticle is atomic: a failing part leaves no article behind', async (s) => {
    const ann: Annotation = { id: 'x', sentences: [], entities: [], quotes: [] };
    const ok = await s.commitArticle({
      article: article('t1'),
      textKey: 'k1',
      copy: { canonicalId: 't1', bands: ['b'], signature: sig(1) },
      annotation: ann,
      storyId: 'S',
    });
    assert.equal(ok?.id, 't1');
    assert.equal(await s.storyOf('t1'), 'S');
    assert.deepEqual(await s.getAnnotation('t1'), ann);
    assert.equal(await s.findExactCopy('k1'), 't1');
    assert.equal(
      await s.commitArticle({
        article: article('t1'),
        textKey: 'k1',
        copy: { canonicalId: 't1', bands: [], signature: sig(1) },
        annotation: ann,
        storyId: 'S2',
      }),
      null,
    );
    assert.equal(await s.storyOf('t1'), 'S');
    // canonical id that does not exist violates a foreign key after the article row was written
    await assert.rejects(
      s.commitArticle({ article: article('t2'), textKey: 'k2', copy: { canonicalId: 'ghost', bands: [], signature: sig(1) }, annotation: ann, storyId: 'S' }),
    );
    assert.equal(await s.getArticle('t2'), null);
    assert.equal(await s.countArticles(), 1);
  });

  withStore('articlesSince pages through articles in insertion order with their copy group and story', async (s) => {
    assert.equal(await s.latestArticleSeq(), 0);
    assert.deepEqual(await s.articlesSince(0, 10), []);
    const ann: Annotation = { id: 'x', sentences: [], entities: [], quotes: [] };
    await s.commitArticle({ article: article('z1'), textKey: 'k1', copy: { canonicalId: 'z1', bands: [], signature: sig(1) }, annotation: ann, storyId: 'S1' });
    await s.addArticle(article('a0')); // stored outside ingest: no copy group, no story
    await s.commitArticle({ article: article('m2'), textKey: 'k1', copy: { canonicalId: 'z1', bands: [], signature: sig(1) }, annotation: ann, storyId: 'S1' });
    await s.commitArticle({ article: article('b3'), textKey: 'k3', copy: { canonicalId: 'b3', bands: [], signature: sig(3) }, annotation: ann, storyId: 'S2' });
    await s.mergeStories('S2', 'S1');
    const all = await s.articlesSince(0, 10);
    // Insertion order, not id order.
    assert.deepEqual(
      all.map((r) => r.article.id),
      ['z1', 'a0', 'm2', 'b3'],
    );
    assert.ok(all.every((r, i) => i === 0 || r.seq > all[i - 1].seq));
    assert.equal(await s.latestArticleSeq(), all[3].seq);
    assert.deepEqual(
      all.map((r) => r.canonicalId),
      ['z1', null, 'z1', 'b3'],
    );
    // A merge moves the article's row to the story it was merged into.
    assert.deepEqual(
      all.map((r) => r.storyId),
      ['S1', null, 'S1', 'S1'],
    );
    assert.equal(all[2].article.title, 'Title of m2');
    const page = await s.articlesSince(all[0].seq, 2);
    assert.deepEqual(
      page.map((r) => r.article.id),
      ['a0', 'm2'],
    );
    assert.deepEqual(await s.articlesSince(all[3].seq, 10), []);
  });

  runSourcesContract(name, makeStore);
  runArticlesContract(name, makeStore);
  runCopiesContract(name, makeStore);
  runEntitiesContract(name, makeStore);
  runStoriesContract(name, makeStore);
  runClusterStateContract(name, makeStore);
  runBriefsContract(name, makeStore);
  runSearchContract(name, makeStore);
  runReaderContract(name, makeStore);
  runWatchlistsContract(name, makeStore);
}
