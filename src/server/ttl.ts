// A short-lived memo for results many requests ask for at once (the story ranking, a front page's
// cards, a popular search): callers within `ttlMs` of the first share its promise, including while it is
// still being computed, so a burst costs one computation. A failure is dropped at once, not served.
export type TtlMemo<V> = (key: string, compute: () => Promise<V>) => Promise<V>;

export function ttlMemo<V>(ttlMs: number, maxEntries: number, now: () => number = () => performance.now()): TtlMemo<V> {
  if (ttlMs <= 0) return (_key, compute) => compute();
  const cache = new Map<string, { at: number; value: Promise<V> }>();
  return (key, compute) => {
    const t = now();
    const hit = cache.get(key);
    if (hit && t - hit.at < ttlMs) return hit.value;
    cache.delete(key);
    // Map order is insertion order: the first key is the oldest entry.
    if (cache.size >= maxEntries) cache.delete(cache.keys().next().value!);
    const entry = { at: t, value: compute() };
    cache.set(key, entry);
    entry.value.catch(() => {
      if (cache.get(key) === entry) cache.delete(key);
    });
    return entry.value;
  };
}
