// Front-page ranking, shared by every adapter so the order never depends on the database.
// score = 3 * recency + ln(1 + articles) + 1.5 * ln(sources), where recency halves every
// RECENCY_HALF_LIFE_DAYS. Age is measured from the newest story in the store rather than the clock:
// an archive (like the demo corpus) still ranks by size among stories of the same week, and a live
// install, whose newest story is minutes old, gets the same result as measuring from now.
import type { StorySummary } from '../types.ts';

export const RECENCY_HALF_LIFE_DAYS = 3;
const DAY_MS = 86_400_000;

export interface StoryAggregate {
  id: string;
  articles: number;
  sources: number;
  updated: string | null;
  first: string | null;
  briefHeadline: string | null;
  latestTitle: string | null;
}

function time(d: string | null): number | null {
  if (!d) return null;
  const t = Date.parse(d);
  return Number.isNaN(t) ? null : t;
}

/** The part of the score that does not age: ln(1 + articles) + 1.5 ln(sources). */
export function sizeScore(articles: number, sources: number): number {
  return Math.log(1 + articles) + 1.5 * Math.log(Math.max(1, sources));
}

export function storyScore(articles: number, sources: number, ageDays: number | null): number {
  const recency = ageDays === null ? 0 : Math.pow(0.5, Math.max(0, ageDays) / RECENCY_HALF_LIFE_DAYS);
  return 3 * recency + sizeScore(articles, sources);
}

/**
 * Scores and sorts stories: best first; ties go to the more recent, then the id for a stable order. Age is
 * from `newestMs` when given (the newest of the whole store, for a caller ranking part of it), else from
 * the newest of `rows`.
 */
export function rankStories(rows: StoryAggregate[], newestMs?: number): StorySummary[] {
  let newest: number | null = newestMs ?? null;
  if (newestMs === undefined) {
    for (const r of rows) {
      const t = time(r.updated);
      if (t !== null && (newest === null || t > newest)) newest = t;
    }
  }
  const out = rows.map((r) => {
    const t = time(r.updated);
    const age = t === null || newest === null ? null : (newest - t) / DAY_MS;
    const sources = Math.max(1, r.sources);
    return {
      id: r.id,
      headline: r.briefHeadline ?? r.latestTitle ?? '',
      articles: r.articles,
      sources,
      updated: r.updated,
      first: r.first,
      score: Math.round(storyScore(r.articles, sources, age) * 1000) / 1000,
    };
  });
  out.sort((a, b) => b.score - a.score || (b.updated ?? '').localeCompare(a.updated ?? '') || a.id.localeCompare(b.id));
  return out;
}
