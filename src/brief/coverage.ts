// Coverage by outlet: which outlets reported a story, with how many articles, and when each first did.
// One implementation for the brief (stored with it) and for the story page and API, which show the same
// list for stories whose brief is not written yet (server/views.ts calls these). Pure.
import type { CoverageEntry } from '../types.ts';

/** The outlet name shown for articles that carry none. */
export const UNKNOWN_SOURCE = 'Unknown source';

/** What coverage reads from an article: its outlet and its publication date. */
export interface CoverageItem {
  source: string | null | undefined;
  published: string | null | undefined;
}

/** Articles grouped by outlet (a blank or missing name counts as {@link UNKNOWN_SOURCE}), earliest reporter first. */
export function coverageOf(items: readonly CoverageItem[]): CoverageEntry[] {
  const by = new Map<string, CoverageEntry>();
  for (const a of items) {
    const source = a.source?.trim() || UNKNOWN_SOURCE;
    const e = by.get(source) ?? { source, articles: 0, first: null };
    e.articles++;
    if (a.published && (e.first === null || a.published < e.first)) e.first = a.published;
    by.set(source, e);
  }
  return sortCoverage([...by.values()]);
}

/** Earliest reporter first (more articles first on the same date); outlets with no date last, most articles first. */
export function sortCoverage(c: readonly CoverageEntry[]): CoverageEntry[] {
  return [...c].sort((x, y) => {
    if (x.first && y.first) return x.first.localeCompare(y.first) || y.articles - x.articles;
    if (x.first || y.first) return x.first ? -1 : 1;
    return y.articles - x.articles || x.source.localeCompare(y.source);
  });
}
