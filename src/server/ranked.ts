// The front page's ranked story list, shared between requests for a moment. Ranking needs every story's
// aggregates (the store scores them all on each call: ~11 ms for 1,000 stories, growing with the store),
// and the front page and /api/stories asked for it on every request, so under concurrent load every
// request queued behind those scans. Here one ranking serves every request for `ttlMs`, and concurrent
// requests while it is being computed wait for the same one instead of starting their own.
import type { Store } from '../store/store.ts';
import type { StorySummary } from '../types.ts';
import { ttlMemo } from './ttl.ts';

export type ListStories = (opts: { limit: number; offset: number }) => Promise<StorySummary[]>;

/** Every story the store ranks; the store slices after ranking, so asking for all costs the same. */
const ALL = Number.MAX_SAFE_INTEGER;

export function rankedStories(store: Pick<Store, 'listStories'>, ttlMs: number, now?: () => number): ListStories {
  if (ttlMs <= 0) return (o) => store.listStories(o);
  const memo = ttlMemo<StorySummary[]>(ttlMs, 1, now);
  return async ({ limit, offset }) => (await memo('all', () => store.listStories({ limit: ALL, offset: 0 }))).slice(offset, offset + limit);
}
