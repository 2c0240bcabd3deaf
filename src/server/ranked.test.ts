import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CACHED_DEPTH, rankedStories } from './ranked.ts';
import type { Store } from '../store/store.ts';
import type { StorySummary } from '../types.ts';

test('rankedStories: one ranking serves every page for the TTL, concurrent callers share it, failures are not kept', async () => {
  let rankings = 0;
  let fail = false;
  const all = Array.from({ length: 50 }, (_, i) => ({ id: `s${i}` }) as StorySummary);
  const store = {
    listStories: async ({ limit, offset }: { limit: number; offset: number }) => {
      rankings++;
      if (fail) throw new Error('locked');
      return all.slice(offset, offset + limit);
    },
  } as unknown as Store;
  let clock = 0;
  const list = rankedStories(store, 1000, () => clock);
  const [p1, p2] = await Promise.all([list({ limit: 20, offset: 0 }), list({ limit: 20, offset: 20 })]);
  assert.deepEqual(
    p1.map((s) => s.id),
    all.slice(0, 20).map((s) => s.id),
  );
  assert.deepEqual(
    p2.map((s) => s.id),
    all.slice(20, 40).map((s) => s.id),
  );
  assert.deepEqual(
    (await list({ limit: 20, offset: 40 })).map((s) => s.id),
    all.slice(40).map((s) => s.id),
  );
  assert.equal(rankings, 1);
  clock = 1000;
  await list({ limit: 1, offset: 0 });
  assert.equal(rankings, 2, 'ranked again once the TTL is over');
  fail = true;
  clock = 3000;
  await assert.rejects(list({ limit: 1, offset: 0 }));
  fail = false;
  assert.equal((await list({ limit: 1, offset: 0 })).length, 1, 'a failed ranking is retried at once');
  const deep = rankings;
  assert.deepEqual(await list({ limit: 10, offset: CACHED_DEPTH }), [], 'past the shared ranking the store is asked directly');
  assert.equal(rankings, deep + 1);
  const direct = rankedStories(store, 0);
  const before = rankings;
  await direct({ limit: 5, offset: 0 });
  await direct({ limit: 5, offset: 0 });
  assert.equal(rankings, before + 2, 'TTL 0: every call asks the store');
});
