// PostgreSQL search repository: a stored, generated tsvector (configuration 'simple', text folded by
// unaccent) with a GIN index over articles and over the latest brief of each live story, ranked by ts_rank.
import type { SearchFilter, SearchHit, SearchRepository } from '../repositories/search.ts';
import { ftsQuery, mergeSearchHits } from '../text.ts';
import { articleFilterSql, storyFilterSql } from '../search-filter.ts';
import { foldWord } from '../../text/words.ts';
import { all, noNul, type PgConnection } from './connection.ts';

/** Characters of a hit's text searched for its snippet; a longer text's snippet comes from its start. */
const SNIPPET_SCAN_CHARS = 20_000;
const SNIPPET_WORDS = 16;

/** An entity's id by canonical name, through the unique index on lower(canonical). */
const PG_ENTITY_ID = 'SELECT id FROM entities WHERE lower(canonical) = lower(?)';

/**
 * The shape of FTS5's snippet(): up to 16 words around the densest run of query words, with "…" where the
 * text was cut. Cut here rather than with ts_headline, which re-parsed each whole article (10 ms of a
 * 13 ms search over 20 hits) and, reading unfolded text, missed "région" for "region".
 */
export function snippetOf(text: string, terms: string[]): string {
  const tokens = [...text.matchAll(/[\p{L}\p{N}]+/gu)];
  if (!tokens.length) return '';
  const want = new Set(terms.map(foldWord));
  // Each token folded once; the query word it matches, or null.
  const matched = tokens.map((t) => {
    const f = foldWord(t[0]);
    return want.has(f) ? f : null;
  });
  let best = 0;
  let bestScore = 0;
  for (let i = 0; i < tokens.length; i++) {
    if (matched[i] === null) continue;
    // A window opening a couple of words before a match, so the match is read in context.
    const start = Math.max(0, Math.min(i - 2, tokens.length - SNIPPET_WORDS));
    const seen = new Set<string>();
    for (let k = start; k < Math.min(tokens.length, start + SNIPPET_WORDS); k++) if (matched[k] !== null) seen.add(matched[k]!);
    if (seen.size > bestScore) {
      bestScore = seen.size;
      best = start;
      if (bestScore === want.size) break;
    }
  }
  const end = Math.min(tokens.length, best + SNIPPET_WORDS);
  const from = best === 0 ? 0 : tokens[best].index!;
  const to = end === tokens.length ? text.length : tokens[end - 1].index! + tokens[end - 1][0].length;
  return (best > 0 ? '…' : '') + text.slice(from, to).trim() + (end < tokens.length ? '…' : '');
}

export class PgSearch implements SearchRepository {
  constructor(private readonly c: PgConnection) {}

  async search(q: string, limit: number, filter?: SearchFilter): Promise<SearchHit[]> {
    // ftsQuery reduces the input to quoted words (or null); plainto_tsquery reads them as words joined by
    // AND and ignores the quotes, so nothing a person types can be an operator here either.
    const words = ftsQuery(q);
    const n = Math.max(0, Math.floor(limit));
    if (!words || n === 0) return [];
    const terms = words.slice(1, -1).split('" "');
    // The filters' `?` placeholders follow the two fixed ones ($1 the words, $2 the limit).
    const story = storyFilterSql('b.story_id', filter, PG_ENTITY_ID);
    const art = articleFilterSql(filter, PG_ENTITY_ID);
    const from3 = (sql: string) => {
      let k = 2;
      return sql.replace(/\?/g, () => `$${++k}`);
    };
    const [briefs, articles] = await this.c.read((db) =>
      Promise.all([
        all<{ id: string; title: string; body: string; rank: number }>(
          db,
          `SELECT b.story_id AS id, b.headline AS title, left(b.body, ${SNIPPET_SCAN_CHARS}) AS body, ts_rank(b.search, q, 1) AS rank
           FROM brief_search b, plainto_tsquery('simple', storyline_fold($1)) q
           WHERE b.search @@ q${from3(story.text)} ORDER BY rank DESC, b.story_id LIMIT $2`,
          [noNul(words), n, ...story.params.map((p) => noNul(String(p)))],
        ),
        all<{
          id: string;
          title: string;
          body: string;
          rank: number;
          storyId: string | null;
          published: string | null;
          source: string | null;
          storyTitle: string | null;
        }>(
          db,
          `SELECT hit.id, hit.title, hit.body, hit.rank, hit.published, hit.source, sa.story_id AS "storyId",
                  (SELECT bb.headline FROM briefs bb WHERE bb.story_id = sa.story_id ORDER BY bb.version DESC LIMIT 1) AS "storyTitle"
           FROM (SELECT a.id, a.title, left(a.text, ${SNIPPET_SCAN_CHARS}) AS body, a.seq, ts_rank(a.search, q, 1) AS rank,
                        COALESCE(a.published, a.fetched) AS published, a.source_name AS source
                 FROM articles a, plainto_tsquery('simple', storyline_fold($1)) q
                 WHERE a.search @@ q${from3(art.text)} ORDER BY rank DESC, a.seq LIMIT $2) hit
           LEFT JOIN story_articles sa ON sa.article_id = hit.id
           ORDER BY hit.rank DESC, hit.seq`,
          [noNul(words), n, ...art.params.map((p) => noNul(String(p)))],
        ),
      ]),
    );
    return mergeSearchHits(
      briefs.map((b) => ({ ...b, snippet: snippetOf(b.body, terms) })),
      articles.map((a) => ({ ...a, snippet: snippetOf(a.body, terms) })),
      n,
      false,
    );
  }
}
