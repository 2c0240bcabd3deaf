// The one copy finder: what decides whether an article is a copy of one already seen, used by the ingest
// pipeline (over the store's exact-key and LSH band tables) and by the in-memory index of batch commands
// and the near-duplicate benchmark, so the published figure measures the code the product runs.
// A copy is an exact copy (the same word sequence) or the earlier article whose MinHash estimate of shingle
// Jaccard similarity is highest and at least the threshold, among those sharing an LSH band; either way,
// when both carry headlines, the headlines must share enough of their content words.
import { estimateJaccard, exactKey, lshBands, minhashSignature, NEAR_DUPLICATE_THRESHOLD } from './minhash.ts';
import { contentStems } from '../text/words.ts';

/**
 * Share of the shorter headline's content stems the other must hold for a copy. Syndicated copies keep the
 * headline's words even when they re-headline ("Harwick bridge shut" for "Bridge closes after crack found
 * in Harwick span"). Texts that are all page furniture (a failed scrape: an e-mail sign-up widget) are
 * word-for-word alike across unrelated reports: in the GVA stream 18 of the 36 copies the text alone found
 * joined two different incidents, their headlines sharing 0–0.3 of their words (three more 0.5–1.0), while
 * 17 of the 18 true copies shared at least a third (one re-headlined copy shared none).
 */
export const MIN_HEADLINE_OVERLAP = 1 / 3;

export interface Fingerprint {
  textKey: string;
  signature: Uint32Array;
  bands: string[];
  /** Content stems of the headline; empty when the article has none. */
  headline: string[];
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
  /** The headline of an earlier article (null or '' when it has none). */
  headlineOf(articleId: string): Promise<string | null> | string | null;
  copyCandidates(bands: string[]): Promise<{ articleId: string; signature: Uint32Array }[]> | { articleId: string; signature: Uint32Array }[];
}

export function fingerprint(text: string, headline = ''): Fingerprint {
  const signature = minhashSignature(text);
  return { textKey: exactKey(text), signature, bands: lshBands(signature), headline: [...new Set(contentStems(headline))] };
}

/** Whether two headlines could belong to copies of one article (true when either has no headline). */
export function headlinesAgree(a: string[], b: string[]): boolean {
  if (a.length === 0 || b.length === 0) return true;
  const [small, large] = a.length <= b.length ? [a, new Set(b)] : [b, new Set(a)];
  return small.filter((w) => large.has(w)).length >= MIN_HEADLINE_OVERLAP * small.length;
}

export async function findCopy(source: CopySource, fp: Fingerprint, threshold = NEAR_DUPLICATE_THRESHOLD): Promise<CopyMatch | null> {
  const agrees = async (id: string) => headlinesAgree(fp.headline, [...new Set(contentStems((await source.headlineOf(id)) ?? ''))]);
  const exact = await source.exactCopy(fp.textKey);
  if (exact !== null && (await agrees(exact))) return { of: exact, kind: 'exact', similarity: 1 };
  const near = (await source.copyCandidates(fp.bands))
    .map((c) => ({ id: c.articleId, j: estimateJaccard(fp.signature, c.signature) }))
    .filter((c) => c.j >= threshold)
    .sort((a, b) => b.j - a.j);
  // Best first; the headline is read only for candidates that pass on text.
  for (const c of near) if (await agrees(c.id)) return { of: c.id, kind: c.j === 1 && c.id === exact ? 'exact' : 'near', similarity: c.j };
  return null;
}
