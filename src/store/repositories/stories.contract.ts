// Contract of the stories repository (repositories/stories.ts): every adapter's test file runs it (through runStoreContract).
import assert from 'node:assert/strict';
import { StorylineError } from '../../errors.ts';
import { contractCase, type MakeStore, article } from './contract-kit.ts';

export function runStoriesContract(name: string, makeStore: MakeStore): void {
  const withStore = contractCase(name, makeStore);

  withStore('stories: assignment, merge redirects, ranking by size, sources and recency', async (s) => {
    const add = async (id: string, story: string, published: string, source: string) => {
      await s.addArticle(article(id, { published, source }));
      await s.assignStory(id, story);
    };
    await add('r1', 'big', '2024-05-01', 'A');
    await add('r2', 'big', '2024-05-02', 'B');
    await add('r3', 'big', '2024-05-02', 'C');
    await add('r4', 'small', '2024-05-02', 'A');
    await add('r5', 'old', '2024-04-01', 'A');
    await add('r6', 'other', '2024-05-02', 'A');
    assert.equal(await s.countStories(), 4);
    const list = await s.listStories({ limit: 10, offset: 0 });
    assert.equal(list[0].id, 'big');
    assert.equal(list[0].articles, 3);
    assert.equal(list[0].sources, 3);
    assert.equal(list[0].first, '2024-05-01');
    assert.equal(list[0].updated, '2024-05-02');
    assert.equal(list.at(-1)!.id, 'old', 'an old single-article story ranks last');
    assert.equal(list[0].headline, 'Title of r3', 'without a brief the newest title stands in');
    assert.deepEqual(
      (await s.listStories({ limit: 2, offset: 1 })).map((x) => x.id),
      list.slice(1, 3).map((x) => x.id),
    );

    await s.mergeStories('small', 'other');
    await s.mergeStories('other', 'big');
    assert.equal(await s.countStories(), 2);
    assert.equal(await s.resolveStory('small'), 'big');
    assert.equal(await s.resolveStory('nope'), null);
    assert.equal(await s.storyOf('r4'), 'big');
    const merged = await s.getStory('small');
    assert.equal(merged?.mergedInto, 'big');
    assert.deepEqual(merged?.articleIds, []);
    const big = await s.getStory('big');
    assert.deepEqual(big?.articleIds, ['r1', 'r2', 'r3', 'r4', 'r6']);
    assert.deepEqual(big?.articleDates, ['2024-05-01', '2024-05-02', '2024-05-02', '2024-05-02', '2024-05-02'], 'one date per article, in the same order');
    assert.equal(big?.mergedInto, null);
    await s.assignStory('r5', 'small'); // assigning to a merged id lands in the live story
    assert.equal(await s.storyOf('r5'), 'big');
    await assert.rejects(s.mergeStories('big', 'ghost'), (e: unknown) => e instanceof StorylineError && e.code === 'unknown_story');
    await s.mergeStories('small', 'big'); // already merged: nothing to do
    assert.equal(await s.getStory('ghost'), null);
  });
}
