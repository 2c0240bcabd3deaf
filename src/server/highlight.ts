// Where a search's words occur in a snippet, so the page can mark them. Words are compared as the
// search index compares them (case and diacritics folded, whole words), so what is marked is what matched.
import { foldWord } from '../text/words.ts';

export interface Piece {
  text: string;
  hit: boolean;
}

/** The snippet cut into plain and matching pieces; concatenated they give the snippet back unchanged. */
export function highlight(snippet: string, terms: readonly string[]): Piece[] {
  const want = new Set(terms.map(foldWord));
  const out: Piece[] = [];
  let at = 0;
  for (const m of snippet.matchAll(/[\p{L}\p{N}]+/gu)) {
    if (!want.has(foldWord(m[0]))) continue;
    if (m.index! > at) out.push({ text: snippet.slice(at, m.index), hit: false });
    out.push({ text: m[0], hit: true });
    at = m.index! + m[0].length;
  }
  if (at < snippet.length) out.push({ text: snippet.slice(at), hit: false });
  return out;
}
