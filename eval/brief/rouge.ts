// ROUGE-N recall as ROUGE-1.5.5 computes it with `-m` (Porter stemming of words longer than 3 letters),
// stop words kept, several references combined by summing hits and counts (`-f A`), jackknifed over the
// references (`-2 4 -u` style averaging over the leave-one-out subsets). Written here because the bench
// must score the project and the official peers with one identical implementation in the same run.
import { stem } from '../../src/text/words.ts';

export function rougeTokens(text: string): string[] {
  return (
    text
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, ' ')
      .match(/\S+/g) ?? []
  ).map(stem);
}

function ngrams(tokens: string[], n: number): Map<string, number> {
  const m = new Map<string, number>();
  for (let i = 0; i + n <= tokens.length; i++) {
    const g = tokens.slice(i, i + n).join(' ');
    m.set(g, (m.get(g) ?? 0) + 1);
  }
  return m;
}

/** Cuts a text to its first `words` whitespace-separated words, as ROUGE's `-l` does. */
export function truncateWords(text: string, words: number): string {
  return (text.match(/\S+/g) ?? []).slice(0, words).join(' ');
}

/** Hits and reference n-gram total of one summary against one reference. */
function hits(peer: Map<string, number>, ref: Map<string, number>): [number, number] {
  let h = 0;
  let t = 0;
  for (const [g, c] of ref) {
    t += c;
    h += Math.min(c, peer.get(g) ?? 0);
  }
  return [h, t];
}

/** Jackknifed ROUGE-N recall of `summary` against `references` (≥ 2), optionally truncated to `limit` words. */
export function rougeRecall(summary: string, references: string[], n = 2, limit?: number): number {
  const peer = ngrams(rougeTokens(limit ? truncateWords(summary, limit) : summary), n);
  const refs = references.map((r) => hits(peer, ngrams(rougeTokens(r), n)));
  if (refs.length === 1) return refs[0][1] ? refs[0][0] / refs[0][1] : 0;
  let sum = 0;
  for (let leave = 0; leave < refs.length; leave++) {
    let h = 0;
    let t = 0;
    refs.forEach(([hh, tt], i) => {
      if (i !== leave) {
        h += hh;
        t += tt;
      }
    });
    sum += t ? h / t : 0;
  }
  return sum / refs.length;
}
