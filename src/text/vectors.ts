// Sparse weighted vectors (term → weight) as plain Maps: the clusterer's documents and story centroids,
// the brief's sentences and paragraphs, and their dot products. Kept small by pruning to the heaviest terms, which bounds both memory and
// the cost of each comparison.
export type Vec = Map<string, number>;

export function norm(v: Vec): number {
  let s = 0;
  for (const x of v.values()) s += x * x;
  return Math.sqrt(s);
}

export function normalise(v: Vec): Vec {
  const n = norm(v);
  if (n > 0) for (const [k, x] of v) v.set(k, x / n);
  return v;
}

/** Dot product, iterating the smaller vector. */
export function dot(a: Vec, b: Vec): number {
  if (a.size > b.size) [a, b] = [b, a];
  let s = 0;
  for (const [k, x] of a) {
    const y = b.get(k);
    if (y !== undefined) s += x * y;
  }
  return s;
}

export function cosine(a: Vec, b: Vec, normB = norm(b)): number {
  if (a.size === 0 || b.size === 0 || normB === 0) return 0;
  const na = norm(a);
  return na === 0 ? 0 : dot(a, b) / (na * normB);
}

/** Keeps the `keep` heaviest entries (in place when it prunes). */
export function prune(v: Vec, keep: number): Vec {
  if (v.size <= keep) return v;
  const top = [...v].sort((x, y) => y[1] - x[1]).slice(0, keep);
  v.clear();
  for (const [k, x] of top) v.set(k, x);
  return v;
}

export function addInto(target: Vec, v: Vec, scale = 1): void {
  for (const [k, x] of v) target.set(k, (target.get(k) ?? 0) + x * scale);
}

export function topKeys(v: Vec, n: number): string[] {
  return [...v]
    .sort((x, y) => y[1] - x[1])
    .slice(0, n)
    .map((e) => e[0]);
}

export function toPairs(v: Vec, digits = 4): [string, number][] {
  const f = 10 ** digits;
  return [...v].map(([k, x]) => [k, Math.round(x * f) / f]);
}

export function fromPairs(p: unknown): Vec {
  if (!Array.isArray(p)) throw new TypeError('expected an array of [key, weight] pairs');
  const v: Vec = new Map();
  for (const e of p) {
    if (!Array.isArray(e) || typeof e[0] !== 'string' || typeof e[1] !== 'number') throw new TypeError('bad [key, weight] pair');
    v.set(e[0], e[1]);
  }
  return v;
}

/** Raw term counts of a token list. */
export function termFreq(tokens: readonly string[]): Vec {
  const v: Vec = new Map();
  for (const t of tokens) v.set(t, (v.get(t) ?? 0) + 1);
  return v;
}
