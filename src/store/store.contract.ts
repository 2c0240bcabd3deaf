// The contract every Store adapter must pass (one interface, several implementations, one test suite): each
// repository's contract (repositories/*.contract.ts), then what spans them (migration, the atomic commit of
// an ingested article, the replay order). An adapter's test file calls runStoreContract with a factory that
// returns a fresh, migrated, empty store.
import assert from 'node:assert/strict';
import type { Annotation } from '../types.ts';
import { contractCase, article, brief, sig, type MakeStore } from './repositories/contract-kit.ts';
import { rankStories } from './ranking.ts';
import { toAggregate } from './story-stats.ts';
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

  withStore('story stats equal a recount from the articles after commits, copies, briefs, merges, moves and a removed source', async (s) => {
    const ann: Annotation = { id: 'x', sentences: [], entities: [], quotes: [] };
    const titled = await s.upsertSource({ url: 'https://titled.example/feed', kind: 'feed', title: 'Titled Daily' });
    const untitled = await s.upsertSource({ url: 'https://untitled.example/feed', kind: 'feed' });
    let n = 0;
    const commit = async (id: string, storyId: string, over: Parameters<typeof article>[1] = {}, canonicalId = id) =>
      s.commitArticle({
        article: article(id, over),
        textKey: `key-${canonicalId}`,
        copy: { canonicalId, bands: [`band-${n++}`], signature: sig(n) },
        annotation: ann,
        storyId,
      });
    const same = async (when: string) => {
      const stored = await s.storyStats();
      assert.deepEqual(stored, await s.recountStoryStats(), `stored story stats differ from a recount ${when}`);
      // The pruned ranking of the stored figures is the ranking of every story's recount.
      const expected = rankStories((await s.recountStoryStats()).map(toAggregate));
      assert.deepEqual(await s.listStories({ limit: 100, offset: 0 }), expected, `ranking ${when}`);
      assert.equal(await s.countStories(), expected.length);
      return stored;
    };
    await commit('s1', 'A', { published: '2024-05-01T08:00:00Z', source: 'Wire' });
    await commit('s2', 'A', { published: '2024-05-03', source: 'Wire' }, 's1'); // a copy of s1, same outlet
    await commit('s3', 'A', { published: null, fetched: '2024-05-04T00:00:00.000Z', source: null, sourceId: titled.id });
    await commit('s4', 'B', { published: '2024-05-02', source: null, sourceId: untitled.id });
    await commit('s5', 'B', { published: '2024-05-02', source: null }); // no outlet at all; same date as s4, later: its title is the newest
    await commit('s6', 'C', { published: '2024-04-20', source: 'Local' });
    await s.addArticle(article('s7', { published: '2024-04-19', source: 'Local' }));
    await s.assignStory('s7', 'C');
    let stats = await same('after commits');
    const byId = new Map(stats.map((x) => [x.storyId, x]));
    assert.deepEqual(
      [byId.get('A')?.articles, byId.get('A')?.sources, byId.get('A')?.updated, byId.get('A')?.first],
      [3, 2, '2024-05-04T00:00:00.000Z', '2024-05-01T08:00:00Z'],
    );
    assert.equal(byId.get('B')?.sources, 1, 'an article without an outlet counts for none');
    assert.equal(byId.get('B')?.latestTitle, 'Title of s5', 'equal dates go to the later article');
    assert.equal(byId.get('C')?.first, '2024-04-19');

    await s.saveBrief('B', brief('Brief headline of B'));
    stats = await same('after a brief');
    assert.equal(stats.find((x) => x.storyId === 'B')?.briefHeadline, 'Brief headline of B');
    assert.equal((await s.listStories({ limit: 10, offset: 0 })).find((x) => x.id === 'B')?.headline, 'Brief headline of B');

    await s.mergeStories('A', 'B');
    await same('after a merge');
    await s.mergeStories('C', 'A'); // A redirects to B
    stats = await same('after a merge through a redirect');
    assert.deepEqual(
      stats.map((x) => [x.storyId, x.articles, x.sources]),
      [['B', 7, 4]],
    );
    await commit('s8', 'A', { published: '2024-05-05', source: 'Titled Daily' }); // filed under the live story, an outlet it has
    await s.assignStory('s6', 'D'); // moved out of B
    await s.assignStory('s7', 'D');
    stats = await same('after moves');
    assert.deepEqual(
      stats.map((x) => [x.storyId, x.articles, x.sources]),
      [
        ['B', 6, 3],
        ['D', 2, 1],
      ],
    );
    await s.mergeStories('B', 'D');
    await same('after merging into a smaller story');
    assert.equal(await s.removeSource(untitled.id), true);
    stats = await same('after removing a source its articles were counted under');
    assert.equal(stats[0].sources, 3);
  });

  withStore('articleDays counts stored articles per day as their date is written', async (s) => {
    assert.deepEqual(await s.articleDays(), []);
    const ann: Annotation = { id: 'x', sentences: [], entities: [], quotes: [] };
    await s.addArticle(article('d1', { published: '2024-05-01T23:30:00-05:00' }));
    await s.addArticle(article('d2', { published: '2024-05-01' }));
    await s.addArticle(article('d3', { published: null, fetched: '2024-05-03T10:00:00.000Z' }));
    await s.addArticle(article('d4', { published: 'May 2, 2024' })); // not YYYY-MM-DD: not counted
    await s.commitArticle({
      article: article('d5', { published: '2024-04-30' }),
      textKey: 'k5',
      copy: { canonicalId: 'd5', bands: [], signature: sig(5) },
      annotation: ann,
      storyId: 'S',
    });
    assert.equal(await s.addArticle(article('d2', { published: '2024-05-01' })), null); // already stored: counted once
    assert.deepEqual(await s.articleDays(), [
      { day: '2024-04-30', articles: 1 },
      { day: '2024-05-01', articles: 2 },
      { day: '2024-05-03', articles: 1 },
    ]);
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
