// Contract of the watchlists repository (repositories/watchlists.ts): every adapter's test file runs it (through runStoreContract).
import assert from 'node:assert/strict';
import type { NewMatch, Watchlist } from './watchlists.ts';
import { contractCase, type MakeStore } from './contract-kit.ts';

function watchlist(id: string, over: Partial<Watchlist> = {}): Watchlist {
  return {
    id,
    owner: 'ana',
    name: `List ${id}`,
    terms: { entities: ['Mara Quinn'], keywords: ['harbour bridge'], stories: [] },
    webhookUrl: null,
    webhookSecret: null,
    createdAt: '2024-05-01T10:00:00.000Z',
    updatedAt: '2024-05-01T10:00:00.000Z',
    seenAt: '2024-05-01T10:00:00.000Z',
    ...over,
  };
}

function match(watchlistId: string, articleId: string, at: string, delivery: NewMatch['delivery'] = null): NewMatch {
  return { watchlistId, articleId, storyId: 's1', reasons: ['entity:Mara Quinn'], matchedAt: at, delivery };
}

export function runWatchlistsContract(name: string, makeStore: MakeStore): void {
  const withRepo = contractCase(name, makeStore);

  withRepo('watchlists: create, get, list per owner with paging, update, remove', async (s) => {
    const r = s.watchlists;
    await r.create(watchlist('w1'));
    await r.create(watchlist('w2', { createdAt: '2024-05-02T00:00:00.000Z' }));
    await r.create(watchlist('w3', { owner: 'ben' }));
    assert.deepEqual(await r.get('w1'), watchlist('w1'));
    assert.equal(await r.get('nope'), null);
    const page1 = await r.listOwned('ana', { limit: 1, offset: 0 });
    assert.equal(page1.total, 2);
    assert.deepEqual(
      page1.items.map((w) => w.id),
      ['w1'],
    );
    assert.deepEqual(
      (await r.listOwned('ana', { limit: 5, offset: 1 })).items.map((w) => w.id),
      ['w2'],
    );
    assert.deepEqual(
      (await r.all()).map((w) => w.id),
      ['w1', 'w3', 'w2'],
      'by creation time, then id',
    );
    const terms = { entities: [], keywords: ['ferry'], stories: ['s9'] };
    const up = await r.update('w1', {
      name: 'Ferries',
      terms,
      webhookUrl: 'http://127.0.0.1:9/hook',
      webhookSecret: 'k',
      updatedAt: '2024-05-03T00:00:00.000Z',
    });
    assert.equal(up?.name, 'Ferries');
    assert.deepEqual(up?.terms, terms);
    assert.equal(up?.webhookUrl, 'http://127.0.0.1:9/hook');
    assert.equal(await r.update('nope', { name: 'x', terms, webhookUrl: null, webhookSecret: null, updatedAt: 'x' }), null);
    assert.equal(await r.remove('w1'), true);
    assert.equal(await r.remove('w1'), false);
    assert.equal(await r.get('w1'), null);
  });

  withRepo('watchlists: matches are recorded once, newest first, with the scan position and the new-badge counts', async (s) => {
    const r = s.watchlists;
    await r.create(watchlist('w1'));
    assert.equal(await r.scannedThrough(), 0);
    assert.equal(await r.record([match('w1', 'a1', '2024-05-01T11:00:00.000Z'), match('w1', 'a2', '2024-05-01T12:00:00.000Z')], 7), 2);
    assert.equal(await r.scannedThrough(), 7);
    // Another scanner that saw the same articles, and lags behind: nothing doubles, the position holds.
    assert.equal(await r.record([match('w1', 'a1', '2024-05-01T13:00:00.000Z')], 5), 0);
    assert.equal(await r.scannedThrough(), 7);
    // A watchlist deleted since the scan loaded it gets nothing, and the rest of the batch stands.
    assert.equal(await r.record([match('gone', 'a3', '2024-05-01T13:00:00.000Z'), match('w1', 'a3', '2024-05-01T14:00:00.000Z')], 9), 1);
    const all = await r.matches('w1', { limit: 10, offset: 0 });
    assert.equal(all.total, 3);
    assert.deepEqual(
      all.items.map((m) => m.articleId),
      ['a3', 'a2', 'a1'],
    );
    assert.deepEqual(all.items[2], {
      watchlistId: 'w1',
      articleId: 'a1',
      storyId: 's1',
      reasons: ['entity:Mara Quinn'],
      matchedAt: '2024-05-01T11:00:00.000Z',
    });
    assert.deepEqual(
      (await r.matches('w1', { limit: 1, offset: 1 })).items.map((m) => m.articleId),
      ['a2'],
    );
    const fresh = await r.matches('w1', { limit: 10, offset: 0, after: '2024-05-01T11:30:00.000Z' });
    assert.deepEqual([fresh.total, fresh.items.map((m) => m.articleId)], [2, ['a3', 'a2']]);
    assert.deepEqual([...(await r.unseenCounts('ana'))], [['w1', 3]]);
    await r.markSeen('w1', '2024-05-01T12:00:00.000Z');
    assert.deepEqual([...(await r.unseenCounts('ana'))], [['w1', 1]]);
    // Seen never moves back.
    await r.markSeen('w1', '2024-05-01T10:30:00.000Z');
    assert.equal((await r.get('w1'))?.seenAt, '2024-05-01T12:00:00.000Z');
    assert.deepEqual([...(await r.unseenCounts('ben'))], []);
    assert.equal(await r.remove('w1'), true);
    assert.equal((await r.matches('w1', { limit: 10, offset: 0 })).total, 0);
  });

  withRepo('watchlists: deliveries: queued once with their match, claimed by one deliverer, retried, then delivered', async (s) => {
    const r = s.watchlists;
    await r.create(watchlist('w1', { webhookUrl: 'http://127.0.0.1:9/hook', webhookSecret: 'k' }));
    const d = { id: 'd1', url: 'http://127.0.0.1:9/hook', body: '{"x":1}' };
    await r.record([match('w1', 'a1', '2024-05-01T11:00:00.000Z', d)], 1);
    await r.record([match('w1', 'a1', '2024-05-01T11:05:00.000Z', { ...d, id: 'd2' })], 1);
    assert.equal((await r.deliveries('w1', { limit: 10, offset: 0 })).total, 1, 'a match seen twice queues one call');
    assert.deepEqual(await r.dueDeliveries('2024-05-01T10:59:00.000Z', 10), []);
    const [due] = await r.dueDeliveries('2024-05-01T11:00:00.000Z', 10);
    assert.deepEqual([due.id, due.state, due.attempts, due.body, due.url], ['d1', 'pending', 0, '{"x":1}', d.url]);
    assert.equal(await r.claim('d1', '2024-05-01T11:00:00.000Z', '2024-05-01T11:01:00.000Z'), true);
    assert.equal(await r.claim('d1', '2024-05-01T11:00:10.000Z', '2024-05-01T11:01:10.000Z'), false, 'held by the first deliverer');
    assert.deepEqual(await r.dueDeliveries('2024-05-01T11:00:30.000Z', 10), [], 'a held delivery is not due');
    await r.attempted('d1', { state: 'pending', at: '2024-05-01T11:00:01.000Z', nextAttemptAt: '2024-05-01T11:00:31.000Z', status: 500, error: 'HTTP 500' });
    let [again] = (await r.deliveries('w1', { limit: 10, offset: 0 })).items;
    assert.deepEqual(
      [again.state, again.attempts, again.lastStatus, again.lastError, again.nextAttemptAt],
      ['pending', 1, 500, 'HTTP 500', '2024-05-01T11:00:31.000Z'],
    );
    assert.equal(await r.claim('d1', '2024-05-01T11:00:31.000Z', '2024-05-01T11:01:31.000Z'), true);
    await r.attempted('d1', { state: 'delivered', at: '2024-05-01T11:00:32.000Z', nextAttemptAt: '2024-05-01T11:00:32.000Z', status: 204, error: null });
    [again] = (await r.deliveries('w1', { limit: 10, offset: 0 })).items;
    assert.deepEqual([again.state, again.attempts, again.lastStatus, again.deliveredAt], ['delivered', 2, 204, '2024-05-01T11:00:32.000Z']);
    assert.deepEqual(await r.dueDeliveries('2024-05-02T00:00:00.000Z', 10), []);
  });
}
