// In-memory copy index for batch commands and benchmarks: the same decision as ingest (copies.ts), over
// maps instead of the store's tables. The first article seen is the original; later copies point at it.
import { StorylineError } from '../errors.ts';
import { NEAR_DUPLICATE_THRESHOLD } from './minhash.ts';
import { findCopy, fingerprint, type CopyMatch, type CopySource } from './copies.ts';

export type { CopyMatch } from './copies.ts';

export class DuplicateIndex implements CopySource {
  private readonly exact = new Map<string, string>();
  private readonly bands = new Map<string, string[]>();
  private readonly sigs = new Map<string, Uint32Array>();
  private readonly rootOf = new Map<string, string>();
  private readonly headlines = new Map<string, string>();
  private readonly threshold: number;

  constructor(threshold = NEAR_DUPLICATE_THRESHOLD) {
    this.threshold = threshold;
  }

  exactCopy(textKey: string): string | null {
    return this.exact.get(textKey) ?? null;
  }

  headlineOf(articleId: string): string | null {
    return this.headlines.get(articleId) ?? null;
  }

  copyCandidates(bands: string[]): { articleId: string; signature: Uint32Array }[] {
    const seen = new Set<string>();
    const out: { articleId: string; signature: Uint32Array }[] = [];
    for (const k of bands) {
      for (const id of this.bands.get(k) ?? []) {
        if (seen.has(id)) continue;
        seen.add(id);
        out.push({ articleId: id, signature: this.sigs.get(id)! });
      }
    }
    return out;
  }

  /** Records the article and returns the earlier article it copies, if any. */
  async add(id: string, text: string, headline = ''): Promise<CopyMatch | null> {
    if (typeof id !== 'string' || id === '') throw new StorylineError('dedup', 'bad_id', 'article id must be a non-empty string');
    if (typeof text !== 'string') throw new StorylineError('dedup', 'bad_text', 'article text must be a string', { input: id });
    if (this.sigs.has(id)) throw new StorylineError('dedup', 'duplicate_id', 'article id already indexed', { input: id });
    const fp = fingerprint(text, headline);
    this.headlines.set(id, headline);
    let match = await findCopy(this, fp, this.threshold);
    if (!this.exact.has(fp.textKey)) this.exact.set(fp.textKey, id);
    this.sigs.set(id, fp.signature);
    for (const k of fp.bands) {
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
}
