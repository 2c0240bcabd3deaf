// What a digest holds (`storyline digest`): the stories with articles that arrived in the window, best
// ranked first, or a watchlist's stories matched in the window, most recently matched first; for each, the
// developments citing what arrived. Rendering is brief/digest.ts's.
import type { Store } from '../store/store.ts';
import type { Article, Brief } from '../types.ts';
import type { Digest, DigestStory } from '../brief/digest.ts';
import { StorylineError } from '../errors.ts';

/**
 * Ranked stories looked at for the general digest: the front page's first fifteen pages. A story that
 * moved in the last day ranks high for its recency, so one that is not among these is not news today.
 */
export const DIGEST_CANDIDATES = 300;
/** A watchlist's matches read for its digest (newest first). */
const WATCH_MATCHES = 2_000;

export interface DigestOptions {
  since: Date;
  until?: Date;
  watchlistId?: string;
  /** Stories in the digest at most (the rest are counted as "more"). */
  limit: number;
}

function citedIds(b: Brief): Set<string> {
  const out = new Set<string>();
  for (const s of [b.headline, ...b.lead, ...b.developments.flatMap((d) => [d.headline, ...d.sentences])]) for (const c of s.citations) out.add(c.articleId);
  return out;
}

/** A story's digest entry, or null when nothing of it arrived in the window (or it has no brief yet). */
async function storyEntry(
  store: Store,
  storyId: string,
  since: number,
  reasons: string[],
  keepQuiet: boolean,
): Promise<{ entry: DigestStory; cited: Article[] } | null> {
  const rec = await store.getStory(storyId);
  const brief = rec ? await store.getBrief(rec.id) : null;
  if (!rec || !brief) return null;
  const articles = await store.getArticles(rec.articleIds);
  const arrived = new Set(articles.filter((a) => Date.parse(a.fetched) > since).map((a) => a.id));
  if (!arrived.size && !keepQuiet) return null;
  const fresh = brief.developments.flatMap((d, i) => ([d.headline, ...d.sentences].some((s) => s.citations.some((c) => arrived.has(c.articleId))) ? [i] : []));
  const cited = citedIds(brief);
  return {
    entry: {
      storyId: rec.id,
      brief,
      fresh,
      isNew: articles.length > 0 && arrived.size === articles.length,
      reasons,
      articles: articles.length,
      sources: new Set(articles.map((a) => a.sourceName ?? a.sourceId ?? '')).size,
    },
    cited: articles.filter((a) => cited.has(a.id)),
  };
}

export async function collectDigest(store: Store, opts: DigestOptions): Promise<{ digest: Digest; articles: Article[] }> {
  const until = opts.until ?? new Date();
  const since = opts.since.getTime();
  let candidates: { storyId: string; reasons: string[] }[];
  let watchlist: Digest['watchlist'] = null;
  if (opts.watchlistId !== undefined) {
    const w = await store.watchlists.get(opts.watchlistId);
    if (!w)
      throw new StorylineError('cli', 'unknown_watchlist', 'no such watchlist (the id is in /api/watchlists or on the watchlist page)', {
        input: opts.watchlistId,
      });
    watchlist = { id: w.id, name: w.name };
    const got = await store.watchlists.matches(w.id, { limit: WATCH_MATCHES, offset: 0, after: opts.since.toISOString() });
    const by = new Map<string, Set<string>>();
    for (const m of got.items) {
      const live = m.storyId ? await store.resolveStory(m.storyId) : null;
      if (!live) continue;
      const rs = by.get(live) ?? new Set<string>();
      m.reasons.forEach((r) => rs.add(r));
      by.set(live, rs);
    }
    candidates = [...by].map(([storyId, rs]) => ({ storyId, reasons: [...rs] }));
  } else {
    candidates = (await store.listStories({ limit: DIGEST_CANDIDATES, offset: 0 })).map((s) => ({ storyId: s.id, reasons: [] }));
  }
  const stories: DigestStory[] = [];
  const cited = new Map<string, Article>();
  let more = 0;
  for (const c of candidates) {
    // A watchlist's story matched in the window is in its digest even when the match was a late copy.
    const got = await storyEntry(store, c.storyId, since, c.reasons, watchlist !== null);
    if (!got) continue;
    if (stories.length >= opts.limit) {
      more++;
      continue;
    }
    stories.push(got.entry);
    for (const a of got.cited) cited.set(a.id, a);
  }
  return { digest: { since: opts.since.toISOString(), until: until.toISOString(), watchlist, stories, more }, articles: [...cited.values()] };
}

/** "24h", "90m", "7d", "2w", or an ISO date or time: the start of the window, before `now`. */
export function parseSince(value: string, now: Date = new Date()): Date {
  const v = value.trim();
  const rel = /^(\d{1,6})\s*(m|min|h|d|w)$/i.exec(v);
  if (rel) {
    const unit = { m: 60_000, min: 60_000, h: 3600_000, d: 86_400_000, w: 7 * 86_400_000 }[rel[2].toLowerCase() as 'm' | 'min' | 'h' | 'd' | 'w'];
    return new Date(now.getTime() - Number(rel[1]) * unit);
  }
  if (/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/.test(v)) {
    const t = Date.parse(v.replace(' ', 'T'));
    if (Number.isFinite(t) && t <= now.getTime()) return new Date(t);
  }
  throw new StorylineError('cli', 'bad_option', `--since must be a duration such as 24h, 90m or 7d, or a past ISO date or time, not "${value}"`);
}
