// The one copy finder: what decides whether an article is a copy of one already seen, used by the ingest
// pipeline (over the store's exact-key and LSH band tables) and by the in-memory index of batch commands
// and the near-duplicate benchmark, so the published figure measures the code the product runs.
// A copy is an exact copy (the same word sequence) or the earlier article whose MinHash estimate of shingle
// Jaccard similarity is highest and at least the threshold, among those sharing an LSH band.
import { estimateJaccard, exactKey, lshBands, minhashSignature, NEAR_DUPLICATE_THRESHOLD } from './minhash.ts';

export interface Fingerprint {
  textKey: string;
  signature: Uint32Array;
  bands: string[];
}

export interface CopyMatch {
  /** Id of the earlier article this one copies. */
  of: string;
  kind: 'exact' | 'near';
  /** Estimated Jaccard similarity of the shingle sets (1 for exact copies). */
  similarity: number;
}

/** Where earlier articles are looked up: the store's tables, or an in-memory index. */
export interface CopySource {
  exactCopy(textKey: string): Promise<string | null> | string | null;
  copyCandidates(bands: string[]): Promise<{ articleId: string; signature: Uint32Array }[]> | { articleId: string; signature: Uint32Array }[];
}

export function fingerprint(text: string): Fingerprint {
  const signature = minhashSignature(text);
  return { textKey: exactKey(text), signature, bands: lshBands(signature) };
}

export async function findCopy(source: CopySource, fp: Fingerprint, threshold = NEAR_DUPLICATE_THRESHOLD): Promise<CopyMatch | null> {
  const exact = await source.exactCopy(fp.textKey);
  if (exact !== null) return { of: exact, kind: 'exact', similarity: 1 };
  let match: CopyMatch | null = null;
  for (const c of await source.copyCandidates(fp.bands)) {
    const j = estimateJaccard(fp.signature, c.signature);
    if (j >= threshold && (!match || j > match.similarity)) match = { of: c.articleId, kind: 'near', similarity: j };
  }
  return match;
}
