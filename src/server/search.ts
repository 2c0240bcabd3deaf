// What a search box query is allowed to cost. The store turns every word into an FTS term that must
// match; its cost grows with the number of terms times the documents each one matches, so "the " typed
// 33 times over 5,000 articles ran for seconds on the event loop and held every other request behind it.
// Here a query is cut down before it reaches the store: words deduplicated (case-insensitively, as the
// index compares them), function words dropped when any other word is left, and the rest capped.
import { FUNCTION_WORDS } from '../text/stopwords.ts';

/**
 * Content words kept from one query. Past a handful every extra required term narrows the hits to
 * nothing anyway, while each one adds a full pass over its posting list.
 */
export const MAX_SEARCH_TERMS = 8;

/**
 * Words kept when a query has only function words ("the who"): enough for a short title, few enough that
 * the near-universal posting lists of such words cost little.
 */
export const MAX_FUNCTION_WORD_TERMS = 3;

const FUNCTION = new Set(FUNCTION_WORDS);

/** The words of a query the store will search for, in the order typed; empty when there is none. */
export function searchTerms(q: string): string[] {
  const seen = new Set<string>();
  const all: string[] = [];
  for (const w of q.match(/[\p{L}\p{N}]+/gu) ?? []) {
    const key = w.toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    all.push(w);
  }
  const content = all.filter((w) => !FUNCTION.has(w.toLowerCase()));
  return content.length ? content.slice(0, MAX_SEARCH_TERMS) : all.slice(0, MAX_FUNCTION_WORD_TERMS);
}
