// In-memory copy finder over the MinHash/LSH primitives: what the store does with its tables, for
// batch commands and benchmarks. The first article seen is the original; later copies point at it.
import { StorylineError } from '../errors.ts';
import { estimateJaccard, exactKey, lshBands, minhashSignature, NEAR_DUPLICATE_THRESHOLD } from './minhash.ts';

export interface CopyMatch {
  /** Id of the earlier article this one copies. */
  of: string;
  kind: 'exact' | 'near';
  /** Estimated Jaccard similarity of the shingle sets (1 for exact copies). */
  similarity: number;
}

export class DuplicateIndex {
  private readonly exact = new Map<string, string>();
  private readonly bands = new Map<string, string[]>();
  private readonly sigs = new Map<string, Uint32Array>();
  private readonly threshold: number;

  constructor(threshold = NEAR_DUPLICATE_THRESHOLD) {
    this.threshold = threshold;
  }

  /** Records the article and returns the earlier article it copies, if any. */
  add(id: string, text: string): CopyMatch | null {
    if (typeof id !== 'string' || id === '') throw new StorylineError('dedup', 'bad_id', 'article id must be a non-empty string');
    if (typeof text !== 'string') throw new StorylineError('dedup', 'bad_text', 'article text must be a string', { input: id });
    if (this.sigs.has(id)) throw new StorylineError('dedup', 'duplicate_id', 'article id already indexed', { input: id });
    const key = exactKey(text);
    const sig = minhashSignature(text);
    const keys = lshBands(sig);
    let match: CopyMatch | null = null;
    const first = this.exact.get(key);
    if (first !== undefined) match = { of: first, kind: 'exact', similarity: 1 };
    else {
      const seen = new Set<string>();
      for (const k of keys) {
        for (const other of this.bands.get(k) ?? []) {
          if (seen.has(other)) continue;
          seen.add(other);
          const j = estimateJaccard(sig, this.sigs.get(other)!);
          if (j >= this.threshold && (!match || j > match.similarity)) match = { of: other, kind: 'near', similarity: j };
        }
      }
    }
    if (first === undefined) this.exact.set(key, id);
    this.sigs.set(id, sig);
    for (const k of keys) {
      const list = this.bands.get(k);
      if (list) list.push(id);
      else this.bands.set(k, [id]);
    }
    if (match) {
      // Point at the original, not at a copy of it, so chains of copies collapse to one root.
      const root = this.rootOf.get(match.of) ?? match.of;
      this.rootOf.set(id, root);
      match = { ...match, of: root };
    }
    return match;
  }

  private readonly rootOf = new Map<string, string>();
}
