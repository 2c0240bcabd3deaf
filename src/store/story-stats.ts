// Per-story figures the front-page ranking needs (ranking.ts), kept in the table story_stats by every write
// that changes which articles a story holds, in the same transaction, on both adapters: a commit or an
// assignment adds its article, a merge adds the merged story's figures to its target and drops its row, an
// article moved out of a story (re-assigned) or an outlet that changes (a source removed) recounts the
// story from its articles. Before it, ranking summed every article row on each uncached listing (5.7 s per
// stream/contents request at 100k articles, `npm run bench -- server`).
//
// A story's outlets are counted in story_outlets (story, outlet, articles): the outlet of an article is
// COALESCE(source_name, source_id) and an article without one counts for no outlet, as COUNT(DISTINCT …)
// counted before. Dates compare as the stored text, as SQL's MAX and MIN over them did.
//
// The figures are pure functions of the story's articles and brief, so a recount from the articles
// (`recountStoryStats`) must equal what is stored; the store contract checks that after commits, copies,
// merges and re-assignments.
import { rankStories, sizeScore, RECENCY_HALF_LIFE_DAYS, type StoryAggregate } from './ranking.ts';
import type { StorySummary } from '../types.ts';

export interface StoryStats {
  storyId: string;
  articles: number;
  /** Distinct outlets among its articles (articles with no outlet add none). */
  sources: number;
  /** Newest article date (published, else fetched), by text order. */
  updated: string | null;
  /** `updated` as epoch milliseconds (Date.parse), null when it does not parse: what ranking ages by. */
  updatedMs: number | null;
  /** Oldest published date. */
  first: string | null;
  /** Insertion number (SQLite rowid, PostgreSQL articles.seq) of the newest article: ties of `updated` go to the later one. */
  latestSeq: number;
  latestTitle: string | null;
  /** Headline of the story's latest brief. */
  briefHeadline: string | null;
  /** ln(1 + articles) + 1.5 ln(sources): the part of the ranking score that does not age (ranking.ts). */
  sizeScore: number;
}

/** What stats need of one article. */
export interface StatsArticle {
  seq: number;
  title: string;
  published: string | null;
  fetched: string;
}

export const timeOf = (d: string | null): number | null => {
  if (!d) return null;
  const t = Date.parse(d);
  return Number.isNaN(t) ? null : t;
};

/** The story's figures with one more article; `newOutlet` when the article's outlet was not yet counted for it. */
export function statsWith(prev: StoryStats | null, storyId: string, a: StatsArticle, newOutlet: boolean, briefHeadline: string | null): StoryStats {
  const date = a.published ?? a.fetched;
  const articles = (prev?.articles ?? 0) + 1;
  const sources = (prev?.sources ?? 0) + (newOutlet ? 1 : 0);
  const newer = !prev || prev.updated === null || date > prev.updated || (date === prev.updated && a.seq > prev.latestSeq);
  const updated = newer ? date : prev.updated;
  const first = a.published !== null && (prev?.first == null || a.published < prev.first) ? a.published : (prev?.first ?? null);
  return {
    storyId,
    articles,
    sources,
    updated,
    updatedMs: timeOf(updated),
    first,
    latestSeq: newer ? a.seq : prev.latestSeq,
    latestTitle: newer ? a.title : prev.latestTitle,
    briefHeadline: prev ? prev.briefHeadline : briefHeadline,
    sizeScore: sizeScore(articles, sources),
  };
}

/** The target's figures once `from`'s articles joined it; `sources` is the target's outlet count after the move. */
export function mergedStats(into: StoryStats | null, from: StoryStats, targetId: string, sources: number, targetBrief: string | null): StoryStats {
  if (!into) return { ...from, storyId: targetId, sources, briefHeadline: targetBrief, sizeScore: sizeScore(from.articles, sources) };
  const articles = into.articles + from.articles;
  const fromNewer =
    into.updated === null || (from.updated !== null && (from.updated > into.updated || (from.updated === into.updated && from.latestSeq > into.latestSeq)));
  const newest = fromNewer ? from : into;
  const first = into.first === null ? from.first : from.first === null ? into.first : from.first < into.first ? from.first : into.first;
  return {
    storyId: targetId,
    articles,
    sources,
    updated: newest.updated,
    updatedMs: newest.updatedMs,
    first,
    latestSeq: newest.latestSeq,
    latestTitle: newest.latestTitle,
    briefHeadline: into.briefHeadline,
    sizeScore: sizeScore(articles, sources),
  };
}

/** A recount query's row (every adapter's recount SQL answers these columns) as stats. */
export function statsFromRecount(r: {
  story_id: string;
  articles: number | string;
  sources: number | string;
  updated: string | null;
  first: string | null;
  latest_seq: number | string;
  latest_title: string | null;
  brief_headline: string | null;
}): StoryStats {
  const articles = Number(r.articles);
  const sources = Number(r.sources);
  return {
    storyId: r.story_id,
    articles,
    sources,
    updated: r.updated,
    updatedMs: timeOf(r.updated),
    first: r.first,
    latestSeq: Number(r.latest_seq),
    latestTitle: r.latest_title,
    briefHeadline: r.brief_headline,
    sizeScore: sizeScore(articles, sources),
  };
}

export const toAggregate = (s: StoryStats): StoryAggregate => ({
  id: s.storyId,
  articles: s.articles,
  sources: s.sources,
  updated: s.updated,
  first: s.first,
  briefHeadline: s.briefHeadline,
  latestTitle: s.latestTitle,
});

/** The reads of story_stats the pruned ranking makes, each answered from an index. */
export interface StatsReader {
  count(): Promise<number>;
  all(): Promise<StoryStats[]>;
  /** Newest and oldest updatedMs, null with no dated story. */
  span(): Promise<{ newest: number; oldest: number } | null>;
  /** The n stories of largest sizeScore. */
  bySize(n: number): Promise<StoryStats[]>;
  /** Stories whose updatedMs is at least `ms`. */
  since(ms: number): Promise<StoryStats[]>;
}

const DAY_MS = 86_400_000;
/**
 * First window of the pruned ranking, in days before the newest story: four half-lives, so a story older
 * than it has at most 3/16 of recency left.
 */
const FIRST_WINDOW_DAYS = 4 * RECENCY_HALF_LIFE_DAYS;
/** The largest stories read first, as a multiple of the stories asked for. */
const FIRST_SIZE_FACTOR = 4;
/** Below this many stories ranking reads them all: pruning saves nothing on a small store. */
const PRUNE_FROM_STORIES = 2_000;
/** Scores are rounded to 3 decimals; a bound this far under the k-th score cannot tie it after rounding. */
const ROUNDING_MARGIN = 0.002;

/**
 * The ranking's stories offset..offset+limit, exact (the same as ranking every story) while reading only
 * the recent stories and the largest: a story in neither set is older than the window and no larger than
 * the m-th largest, so its score is at most the recency left at the window's edge plus that size score.
 * Both sets grow (x4) until that bound falls under the k-th best score found. Both are needed: on the
 * bench's 100k world (the demo corpus's 2004-2020 stories replicated 210 times) the k-th best score is
 * often an old large story's, which a date window alone never clears (it read all 82,819 stories, ~1 s).
 */
export async function rankFromStats(r: StatsReader, opts: { limit: number; offset: number }): Promise<StorySummary[]> {
  const limit = Math.max(0, Math.floor(opts.limit));
  const offset = Math.max(0, Math.floor(opts.offset));
  const k = offset + limit;
  if (k === 0) return [];
  const everything = async () => rankStories((await r.all()).map(toAggregate)).slice(offset, k);
  const total = await r.count();
  if (total <= Math.max(PRUNE_FROM_STORIES, 2 * k)) return everything();
  const span = await r.span();
  if (!span) return everything();
  for (let days = FIRST_WINDOW_DAYS, m = FIRST_SIZE_FACTOR * k; ; days *= 4, m *= 4) {
    const cutoff = span.newest - days * DAY_MS;
    if (cutoff <= span.oldest || m >= total) return everything();
    const big = await r.bySize(m);
    const sizeM = big[big.length - 1].sizeScore;
    const candidates = new Map<string, StoryStats>();
    for (const s of big) candidates.set(s.storyId, s);
    for (const s of await r.since(cutoff)) candidates.set(s.storyId, s);
    const ranked = rankStories([...candidates.values()].map(toAggregate), span.newest);
    const bound = 3 * Math.pow(0.5, days / RECENCY_HALF_LIFE_DAYS) + sizeM;
    if (ranked.length >= k && bound + ROUNDING_MARGIN < ranked[k - 1].score) return ranked.slice(offset, k);
  }
}

/** The day an article counts under in article_days: the first ten characters of its date when they read YYYY-MM-DD, else null (not counted). */
export function articleDayKey(published: string | null, fetched: string): string | null {
  const d = published ?? fetched;
  return /^\d{4}-\d{2}-\d{2}/.test(d) ? d.slice(0, 10) : null;
}
