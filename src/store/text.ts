// Text helpers shared by adapters: turning a person's search box input into a safe full-text query,
// flattening a brief into the text that search indexes, and merging the two tables' matches into one list.
import type { Brief } from '../types.ts';
import type { SearchHit } from './repositories/search.ts';

/**
 * FTS5 query from free text: every word becomes a quoted term (all must match), so operators and
 * punctuation typed by a person can never make the query invalid. Null when no word is left.
 */
export function ftsQuery(q: string): string | null {
  const words = q.match(/[\p{L}\p{N}]+/gu);
  if (!words || words.length === 0) return null;
  return words
    .slice(0, 32)
    .map((w) => `"${w}"`)
    .join(' ');
}

export function briefSearchText(b: Brief): string {
  const parts: string[] = [];
  for (const s of b.lead) parts.push(s.text);
  for (const d of b.developments) {
    parts.push(d.headline.text);
    for (const s of d.sentences) parts.push(s.text);
  }
  for (const t of b.timeline) parts.push(t.text);
  for (const p of b.people) parts.push(p.role ? `${p.name}, ${p.role}` : p.name);
  return parts.join('\n');
}

/** A full-text match with the rank its engine gave it. */
export interface RankedMatch {
  id: string;
  title: string;
  snippet: string;
  rank: number;
}

/** An article match, with what a result grouped by story shows beside it. */
export interface ArticleMatch extends RankedMatch {
  storyId: string | null;
  storyTitle: string | null;
  published: string | null;
  source: string | null;
}

/**
 * Brief and article matches as one list of at most `limit` hits, best first. `lowerIsBetter`: bm25()
 * (SQLite) is, ts_rank (PostgreSQL) is not. A brief wins ties because it speaks for a whole story.
 */
export function mergeSearchHits(briefs: RankedMatch[], articles: ArticleMatch[], limit: number, lowerIsBetter: boolean): SearchHit[] {
  const hits = [
    ...briefs.map((b) => ({
      rank: b.rank,
      hit: { kind: 'brief' as const, id: b.id, storyId: b.id, title: b.title, snippet: b.snippet, storyTitle: b.title, published: null, source: null },
    })),
    ...articles.map((a) => ({
      rank: a.rank,
      hit: {
        kind: 'article' as const,
        id: a.id,
        storyId: a.storyId,
        title: a.title,
        snippet: a.snippet,
        storyTitle: a.storyTitle,
        published: a.published,
        source: a.source,
      },
    })),
  ];
  const sign = lowerIsBetter ? 1 : -1;
  hits.sort((x, y) => sign * (x.rank - y.rank) || (x.hit.kind === 'brief' ? -1 : 1));
  return hits.slice(0, limit).map((h) => h.hit);
}
