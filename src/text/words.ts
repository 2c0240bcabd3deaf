// Words and stems: the tokens every similarity in the brief is computed on (sentence vectors, redundancy,
// ROUGE, development grouping). A shared leaf: any stage may import it; it imports nothing of the product
// but the function-word list beside it.
import { stemmer } from 'stemmer';
import { FUNCTION_WORDS } from './stopwords.ts';

// Function words (and the stray "s"/"t" of split contractions): kept out of similarity vectors so that two
// sentences match on content, not on "the".
const STOP = new Set([...FUNCTION_WORDS, 's', 't']);

const stemCache = new Map<string, string>();
/** Porter stem of a lower-case word (words of three letters or fewer are kept as they are). */
export function stem(word: string): string {
  let s = stemCache.get(word);
  if (s === undefined) {
    s = word.length > 3 ? stemmer(word) : word;
    if (stemCache.size > 200_000) stemCache.clear();
    stemCache.set(word, s);
  }
  return s;
}

/** A word as search indexes compare it: lower-cased, diacritics dropped ("Région" → "region"). */
export function foldWord(w: string): string {
  return /[^\x00-\x7f]/.test(w)
    ? w
        .normalize('NFD')
        .replace(/\p{M}+/gu, '')
        .toLowerCase()
    : w.toLowerCase();
}

/** Lower-case alphanumeric tokens. */
export function words(text: string): string[] {
  return text.toLowerCase().match(/[a-z0-9]+/g) ?? [];
}

/** Stemmed content words (stopwords dropped): the unit of every similarity in the brief. */
export function contentStems(text: string): string[] {
  const out: string[] = [];
  for (const w of words(text)) if (!STOP.has(w)) out.push(stem(w));
  return out;
}

export function wordCount(text: string): number {
  const m = text.match(/\S+/g);
  return m ? m.length : 0;
}
