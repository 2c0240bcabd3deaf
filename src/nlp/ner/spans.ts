// Entity spans (token indices) decoded from a tagger's BIO/BILOU tag strings: what the shipped model
// returns. Reading and scoring CoNLL files is evaluation code, in eval/nlp/.
import type { ConllType } from './features.ts';

export interface ConllEntity {
  start: number; // token index
  end: number; // exclusive
  type: ConllType;
}

/**
 * Entity spans from BIO (or BILOU) tag strings. Tolerates ill-formed sequences: an entity that is not
 * continued ends at its last token, and a continuation tag with nothing open starts a new entity.
 */
export function spansFromTags(tags: string[]): ConllEntity[] {
  const out: ConllEntity[] = [];
  let start = -1;
  let type = '';
  const close = (end: number) => {
    if (start >= 0) out.push({ start, end, type: type as ConllType });
    start = -1;
  };
  tags.forEach((t, i) => {
    const p = t[0];
    const ty = t.slice(2);
    if (p === 'O') return close(i);
    if (p === 'U') {
      close(i);
      out.push({ start: i, end: i + 1, type: ty as ConllType });
      return;
    }
    if (p === 'B' || start < 0 || ty !== type) {
      close(i);
      start = i;
      type = ty;
    }
    if (p === 'L') close(i + 1);
  });
  close(tags.length);
  return out;
}
