// The copies repository (near-duplicate folding): copy groups, exact-text keys and MinHash bands. Bands are
// stored so that LSH finds the same candidates on every adapter.

export interface CopyInfo {
  /** Id of the canonical article of the copy group this article joined (itself if it started one). */
  canonicalId: string;
  /** LSH band keys of this article's MinHash signature. */
  bands: string[];
  /** The MinHash signature, kept to verify band candidates. */
  signature: Uint32Array;
}

export interface CopyRepository {
  findCopyCandidates(bands: string[]): Promise<{ articleId: string; signature: Uint32Array }[]>;
  findExactCopy(textKey: string): Promise<string | null>;
  recordCopy(articleId: string, textKey: string, info: CopyInfo): Promise<void>;
  /** Ids of every article in the same copy group (the canonical first). */
  copiesOf(articleId: string): Promise<string[]>;
}
