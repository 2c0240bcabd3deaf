// The front page's ranked story list, shared between requests for a moment. The front page and
// /api/stories ask for it on every request, so under concurrent load every request queued behind the
// store's ranking. Here one ranking of the top CACHED_DEPTH stories serves every request within it for
// `ttlMs`, and concurrent requests while it is being computed wait for the same one instead of starting
// their own; a request reaching deeper asks the store itself.
import type { Store } from '../store/store.ts';
import type { StorySummary } from '../types.ts';
import { ttlMemo } from './ttl.ts';

export type ListStories = (opts: { limit: number; offset: number }) => Promise<StorySummary[]>;

/**
 * Stories the shared ranking holds: 50 front pages of 20, and the reader API's top stories. The store ranks
 * the top k from its per-story figures, reading the recent and the largest stories (store/story-stats.ts),
 * so asking for every story (as this did) read all 82,819 of the bench's 100k-article world each time;
 * the top 1,000 read a few thousand.
 */
export const CACHED_DEPTH = 1_000;

export function rankedStories(store: Pick<Store, 'listStories'>, ttlMs: number, now?: () => number): ListStories {
  if (ttlMs <= 0) return (o) => store.listStories(o);
  const memo = ttlMemo<StorySummary[]>(ttlMs, 1, now);
  return async ({ limit, offset }) => {
    if (offset + limit > CACHED_DEPTH) return store.listStories({ limit, offset });
    return (await memo('top', () => store.listStories({ limit: CACHED_DEPTH, offset: 0 }))).slice(offset, offset + limit);
  };
}
