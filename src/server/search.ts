// What a search box query is allowed to cost. The store turns every word into an FTS term that must
// match; its cost grows with the number of terms times the documents each one matches, so "the " typed
// 33 times over 5,000 articles ran for seconds on the event loop and held every other request behind it.
// Here a query is cut down before it reaches the store: words deduplicated (case-insensitively, as the
// index compares them), function words dropped, and the rest capped. A query of function words only
// searches for nothing: "the" matches every article, and ranking all of them is the most expensive query
// there is (67 ms on 5,000 articles, growing with the store), for hits that mean nothing.
import type { SearchFilter, SearchHit, Store } from '../store/store.ts';
import { FUNCTION_WORDS } from '../text/stopwords.ts';
import { ttlMemo } from './ttl.ts';

/**
 * Content words kept from one query. Past a handful every extra required term narrows the hits to
 * nothing anyway, while each one adds a full pass over its posting list.
 */
export const MAX_SEARCH_TERMS = 8;

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
  return all.filter((w) => !FUNCTION.has(w.toLowerCase())).slice(0, MAX_SEARCH_TERMS);
}

/** Distinct searches whose results are kept; the oldest goes first once full. */
const CACHED_SEARCHES = 256;

export type Search = (terms: string[], limit: number, filter?: SearchFilter) => Promise<SearchHit[]>;

/** The cache key of a filter: its fields in one order, outlet and entity in the case the store ignores. */
function filterKey(f: SearchFilter | undefined): string {
  if (!f) return '';
  return [f.from ?? '', f.to ?? '', (f.source ?? '').toLowerCase(), (f.entity ?? '').toLowerCase()].join('\t');
}

/**
 * Search results shared for `ttlMs`: people asking the same thing at once (a link passed around, a
 * reload) wait for one query instead of each running their own. Off when ttlMs is 0.
 */
export function cachedSearch(store: Pick<Store, 'search'>, ttlMs: number, now?: () => number): Search {
  const memo = ttlMemo<SearchHit[]>(ttlMs, CACHED_SEARCHES, now);
  return (terms, limit, filter) => {
    if (!terms.length) return Promise.resolve([]);
    // The store's FTS matching ignores case, so differently cased queries share an entry.
    return memo(`${limit}\n${terms.map((t) => t.toLowerCase()).join(' ')}\n${filterKey(filter)}`, () => store.search(terms.join(' '), limit, filter));
  };
}

/** The hits of one story (or the articles in no story yet), as the search page shows them. */
export interface SearchGroup {
  storyId: string | null;
  /** The story's headline, or the best article's title when the story has no brief. */
  title: string;
  /** The story's brief, when it matched. */
  brief: SearchHit | null;
  articles: SearchHit[];
}

/**
 * Hits grouped by story, the groups in the order of their best hit and the hits in rank order within a
 * group; articles in no story yet share one group where their first one ranks.
 */
export function groupByStory(hits: readonly SearchHit[]): SearchGroup[] {
  const groups = new Map<string, SearchGroup>();
  for (const h of hits) {
    const key = h.storyId ?? '';
    let g = groups.get(key);
    if (!g) {
      g = { storyId: h.storyId, title: h.storyTitle ?? (h.kind === 'brief' ? h.title : ''), brief: null, articles: [] };
      groups.set(key, g);
    }
    if (h.kind === 'brief') {
      g.brief = h;
      g.title = h.title;
    } else {
      g.articles.push(h);
      if (!g.title && h.storyId) g.title = h.title;
    }
  }
  return [...groups.values()];
}
