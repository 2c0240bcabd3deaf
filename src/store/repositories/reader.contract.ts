// Contract of the reader repository (repositories/reader.ts: tokens, per-account item state, story items):
// every adapter's test file runs it (through runStoreContract).
import assert from 'node:assert/strict';
import { READER_STORY_ITEM_BASE, type NewArticle, type Store } from '../store.ts';
import { contractCase, type MakeStore } from './contract-kit.ts';

const sig = Uint32Array.from([1, 2, 3]);

async function seed(s: Store) {
  const world = await s.upsertSource({ url: 'https://world.example/rss', kind: 'feed', title: 'World', folder: 'News' });
  const tech = await s.upsertSource({ url: 'https://tech.example/rss', kind: 'feed', title: 'Tech' });
  const add = async (id: string, sourceId: string, fetched: string, over: Partial<NewArticle> = {}) => {
    const a = await s.addArticle({ id, title: `Title ${id}`, text: `Text of ${id}.`, sourceId, fetched, ...over });
    assert.ok(a, id);
  };
  await add('w1', world.id, '2024-05-01T10:00:00.000Z');
  await add('t1', tech.id, '2024-05-01T11:00:00.000Z');
  // t2 is a later copy of w1 (syndicated from the world desk into the tech feed).
  await add('t2', tech.id, '2024-05-01T12:00:00.000Z');
  await s.recordCopy('w1', 'k1', { canonicalId: 'w1', bands: [], signature: sig });
  await s.recordCopy('t2', 'k1', { canonicalId: 'w1', bands: [], signature: sig });
  const items = await s.readerItems({ user: 'ana', order: 'oldest', limit: 10 });
  const byId = new Map(items.map((i) => [i.articleId, i.item]));
  return { world, tech, w1: byId.get('w1')!, t1: byId.get('t1')!, t2: byId.get('t2')! };
}

export function runReaderContract(name: string, makeStore: MakeStore): void {
  const withStore = contractCase(`${name}: reader`, makeStore);

  withStore('tokens are found by hash and by name, never by anything else', async (s) => {
    await s.addToken({ name: 'ana', hash: 'h1', createdAt: '2024-05-01T00:00:00.000Z' });
    await s.addToken({ name: 'ana', hash: 'h2', createdAt: '2024-05-02T00:00:00.000Z' });
    await s.addToken({ name: 'ben', hash: 'h3', createdAt: '2024-05-01T00:00:00.000Z' });
    assert.deepEqual(await s.tokenByHash('h2'), { name: 'ana', hash: 'h2', createdAt: '2024-05-02T00:00:00.000Z' });
    assert.equal(await s.tokenByHash('nope'), null);
    assert.deepEqual(
      (await s.tokensNamed('ana')).map((t) => t.hash),
      ['h1', 'h2'],
    );
    assert.deepEqual(await s.tokensNamed('carl'), []);
    await assert.rejects(s.addToken({ name: 'carl', hash: 'h1', createdAt: '2024-05-03T00:00:00.000Z' }));
  });

  withStore('items come in arrival order, page past a cursor, and a later copy arrives read', async (s) => {
    const { w1, t1, t2 } = await seed(s);
    assert.ok(w1 < t1 && t1 < t2, 'numbers grow with arrival');
    const newest = await s.readerItems({ user: 'ana', order: 'newest', limit: 2 });
    assert.deepEqual(
      newest.map((i) => [i.articleId, i.read, i.copy]),
      [
        ['t2', true, true],
        ['t1', false, false],
      ],
    );
    const next = await s.readerItems({ user: 'ana', order: 'newest', limit: 2, after: newest[1].item });
    assert.deepEqual(
      next.map((i) => i.articleId),
      ['w1'],
    );
    assert.deepEqual(
      (await s.readerItems({ user: 'ana', order: 'newest', limit: 10, read: false })).map((i) => i.articleId),
      ['t1', 'w1'],
    );
    assert.deepEqual(
      (await s.readerItems({ user: 'ana', order: 'newest', limit: 10, folder: 'News' })).map((i) => i.articleId),
      ['w1'],
    );
    const tech = (await s.listSources()).find((x) => x.title === 'Tech')!;
    assert.deepEqual(
      (await s.readerItems({ user: 'ana', order: 'oldest', limit: 10, sourceId: tech.id })).map((i) => i.articleId),
      ['t1', 't2'],
    );
    assert.deepEqual(
      (
        await s.readerItems({ user: 'ana', order: 'oldest', limit: 10, fetchedFrom: '2024-05-01T11:00:00.000Z', fetchedBefore: '2024-05-01T12:00:00.000Z' })
      ).map((i) => i.articleId),
      ['t1'],
    );
  });

  withStore("a watchlist's items are the articles it matched, and marking them read touches no other", async (s) => {
    await seed(s);
    const at = '2024-05-01T13:00:00.000Z';
    const terms = { entities: [], keywords: ['text'], stories: [] };
    for (const id of ['wl1', 'wl2'])
      await s.watchlists.create({ id, owner: 'ana', name: id, terms, webhookUrl: null, webhookSecret: null, createdAt: at, updatedAt: at, seenAt: at });
    const match = (watchlistId: string, articleId: string) => ({
      watchlistId,
      articleId,
      storyId: null,
      reasons: ['keyword:text'],
      matchedAt: at,
      delivery: null,
    });
    await s.watchlists.record([match('wl1', 'w1'), match('wl1', 't2'), match('wl2', 't1')], null);
    assert.deepEqual(
      (await s.readerItems({ user: 'ana', order: 'oldest', limit: 10, watchlistId: 'wl1' })).map((i) => i.articleId),
      ['w1', 't2'],
    );
    assert.equal(await s.markReaderRead({ user: 'ana', watchlistId: 'wl1' }), 1, 'w1 (t2, a copy, arrives read)');
    assert.deepEqual(
      (await s.readerItems({ user: 'ana', order: 'oldest', limit: 10, read: false })).map((i) => i.articleId),
      ['t1'],
    );
    assert.deepEqual(await s.readerItems({ user: 'ana', order: 'oldest', limit: 10, watchlistId: 'nope' }), []);
  });

  withStore('read and starred state is kept per account', async (s) => {
    const { w1, t1, t2 } = await seed(s);
    await s.setReaderState('ana', [w1], { read: true });
    await s.setReaderState('ana', [t1], { starred: true });
    // Marking a copy unread overrides its default.
    await s.setReaderState('ana', [t2], { read: false });
    const ana = new Map((await s.readerItems({ user: 'ana', order: 'oldest', limit: 10 })).map((i) => [i.articleId, [i.read, i.starred]]));
    assert.deepEqual(
      [...ana],
      [
        ['w1', [true, false]],
        ['t1', [false, true]],
        ['t2', [false, false]],
      ],
    );
    const ben = new Map((await s.readerItems({ user: 'ben', order: 'oldest', limit: 10 })).map((i) => [i.articleId, [i.read, i.starred]]));
    assert.deepEqual(
      [...ben],
      [
        ['w1', [false, false]],
        ['t1', [false, false]],
        ['t2', [true, false]],
      ],
    );
    // Starring leaves read alone, and marking read leaves the star alone.
    await s.setReaderState('ana', [t1], { read: true });
    assert.deepEqual(
      (await s.readerItems({ user: 'ana', order: 'oldest', limit: 10, starred: true })).map((i) => [i.articleId, i.read]),
      [['t1', true]],
    );
    await s.setReaderState('ana', [t1], { starred: false });
    assert.deepEqual(await s.readerItems({ user: 'ana', order: 'oldest', limit: 10, starred: true }), []);
    const got = await s.readerArticles('ana', [t1, 999_999]);
    assert.deepEqual(
      got.map((g) => [g.item, g.article.id, g.article.title, g.read]),
      [[t1, 't1', 'Title t1', true]],
    );
  });

  withStore('mark all read covers the stream and time asked for, and counts follow', async (s) => {
    const { world, tech } = await seed(s);
    assert.deepEqual(
      await s.readerUnreadCounts('ana'),
      [
        { sourceId: tech.id, count: 1, newest: '2024-05-01T11:00:00.000Z' },
        { sourceId: world.id, count: 1, newest: '2024-05-01T10:00:00.000Z' },
      ].sort((a, b) => (a.sourceId < b.sourceId ? -1 : 1)),
    );
    assert.equal(await s.markReaderRead({ user: 'ana', sourceId: tech.id, fetchedBefore: '2024-05-01T10:30:00.000Z' }), 0);
    assert.equal(await s.markReaderRead({ user: 'ana', sourceId: tech.id }), 1);
    assert.deepEqual(
      (await s.readerUnreadCounts('ana')).map((c) => c.sourceId),
      [world.id],
    );
    assert.equal(await s.markReaderRead({ user: 'ana' }), 1);
    assert.deepEqual(await s.readerUnreadCounts('ana'), []);
    assert.equal((await s.readerUnreadCounts('ben')).length, 2);
  });

  withStore('story versions get stable item numbers above every article', async (s) => {
    const first = await s.readerStoryItems([
      { storyId: 's1', version: 1 },
      { storyId: 's2', version: 3 },
    ]);
    assert.ok(first.every((x) => x.item > READER_STORY_ITEM_BASE));
    const again = await s.readerStoryItems([
      { storyId: 's2', version: 3 },
      { storyId: 's1', version: 2 },
    ]);
    assert.equal(again[0].item, first[1].item);
    assert.notEqual(again[1].item, first[0].item);
    const refs = await s.readerStoryRefs([first[0].item, again[1].item, 42]);
    assert.deepEqual(refs.map((r) => [r.storyId, r.version]).sort(), [
      ['s1', 1],
      ['s1', 2],
    ]);
    await s.setReaderState('ana', [first[0].item], { starred: true });
    await s.setReaderState('ana', [again[1].item], { read: true });
    assert.deepEqual(await s.readerStates('ana', 'starredStories'), [{ item: first[0].item, read: null, starred: true }]);
    assert.deepEqual(await s.readerStates('ana', [again[1].item]), [{ item: again[1].item, read: true, starred: false }]);
    assert.deepEqual(await s.readerStates('ben', [again[1].item]), []);
  });
}
