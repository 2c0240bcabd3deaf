// The search filters as SQL, written once for both adapters (placeholders `?`; PostgreSQL's adapter numbers
// them). They only narrow what the full-text match already found, so a filter never makes a search cost
// more than the same words without it: each condition is a constant-cost check per matching article (a
// column compared, or a probe into the one entity's mention set, which the database builds once).
import type { SearchFilter } from './store.ts';

export interface FilterSql {
  /** Conditions on the article aliased `a` ('' when there is no filter), each starting with AND. */
  text: string;
  params: unknown[];
}

/** The day after a YYYY-MM-DD day, so "to" takes the whole of its day whatever time articles carry. */
export function dayAfter(day: string): string {
  const t = Date.parse(`${day}T00:00:00Z`) + 86_400_000;
  return new Date(t).toISOString().slice(0, 10);
}

/**
 * Conditions on an article `a` for the filter. Outlets and entities compare case-insensitively, as people
 * type them; `entityId` is the adapter's query for the id of an entity by its canonical name through its
 * case-folding index (one `?`).
 */
export function articleFilterSql(f: SearchFilter | undefined, entityId: string): FilterSql {
  const w: string[] = [];
  const params: unknown[] = [];
  if (!f) return { text: '', params };
  // An article's date as ingest stores it: published when the source gave one, else when it was fetched.
  if (f.from) {
    w.push('COALESCE(a.published, a.fetched) >= ?');
    params.push(f.from);
  }
  if (f.to) {
    w.push('COALESCE(a.published, a.fetched) < ?');
    params.push(dayAfter(f.to));
  }
  if (f.source) {
    w.push('lower(a.source_name) = lower(?)');
    params.push(f.source);
  }
  if (f.entity) {
    w.push(`a.id IN (SELECT m.article_id FROM mentions m WHERE m.entity_id = (${entityId}))`);
    params.push(f.entity);
  }
  return { text: w.map((c) => ` AND ${c}`).join(''), params };
}

/** True when the filter narrows anything. */
export function hasFilter(f: SearchFilter | undefined): boolean {
  return !!(f && (f.from || f.to || f.source || f.entity));
}

/**
 * A condition on a story (`idExpr`, its id) that holds when one of its articles passes the filter: a brief
 * speaks for its whole story, so it is a hit under a filter only when the story has such an article.
 */
export function storyFilterSql(idExpr: string, f: SearchFilter | undefined, entityId: string): FilterSql {
  if (!hasFilter(f)) return { text: '', params: [] };
  const inner = articleFilterSql(f, entityId);
  return {
    text: ` AND EXISTS (SELECT 1 FROM story_articles fsa JOIN articles a ON a.id = fsa.article_id WHERE fsa.story_id = ${idExpr}${inner.text})`,
    params: inner.params,
  };
}
