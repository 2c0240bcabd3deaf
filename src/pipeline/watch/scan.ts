// The match scan: every article stored since the last scan (in store order, after clustering filed it
// under a story) is checked against every watchlist; matches, the webhook calls they queue and the scan
// position are written together, so a crash re-scans at most one page and a match is never recorded or
// sent twice (the repository ignores a match it holds). Ingest runs it after each batch; any process may.
import { randomBytes } from 'node:crypto';
import type { Store } from '../../store/store.ts';
import type { NewMatch, Watchlist } from '../../store/repositories/watchlists.ts';
import type { Article } from '../../types.ts';
import { foldWords, matchTerms, prepareArticle, type EntityForms, type PreparedArticle } from './match.ts';

/** Articles read per round of the scan: one transaction of matches each. */
const SCAN_PAGE = 200;
/**
 * Stored articles a new watchlist is matched against at once, newest last, so its page shows something
 * on creation: about two days of a few dozen busy feeds. Older articles are searchable, not followed.
 */
export const BACKFILL_ARTICLES = 1_000;

export interface WebhookBody {
  event: 'watchlist.match';
  watchlist: { id: string; name: string };
  matchedAt: string;
  reasons: string[];
  article: { id: string; title: string; url: string | null; source: string | null; published: string | null };
  story: { id: string } | null;
}

export function webhookBody(w: Watchlist, a: Article, storyId: string | null, reasons: string[], matchedAt: string): string {
  const body: WebhookBody = {
    event: 'watchlist.match',
    watchlist: { id: w.id, name: w.name },
    matchedAt,
    reasons,
    article: { id: a.id, title: a.title, url: a.url, source: a.sourceName, published: a.published },
    story: storyId ? { id: storyId } : null,
  };
  return JSON.stringify(body);
}

export function newDeliveryId(): string {
  return 'dl_' + randomBytes(12).toString('hex');
}

/** Watched story ids that were merged, mapped to the story they live on in. */
async function liveStoryIds(store: Store, lists: Watchlist[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const id of new Set(lists.flatMap((w) => w.terms.stories))) {
    const live = await store.resolveStory(id);
    if (live && live !== id) out.set(id, live);
  }
  return out;
}

/**
 * The names each watched entity term is also known by in the store: the entity it resolves to ("Putin" is
 * stored as "Vladimir Putin") and that entity's aliases, so that following a short name catches the articles
 * that give the full one, and the reverse. An alias is taken only when it leads back to that one entity: a
 * surname two people share ("Johnson") would otherwise fire on both.
 */
export async function watchedEntityForms(store: Store, lists: Watchlist[]): Promise<EntityForms> {
  const out = new Map<string, string[]>();
  for (const term of new Set(lists.flatMap((w) => w.terms.entities))) {
    const entity = await store.getEntity(term);
    if (!entity) continue;
    const forms = new Set([foldWords(entity.canonical).join(' ')]);
    for (const alias of entity.aliases) {
      const folded = foldWords(alias).join(' ');
      if (!folded || forms.has(folded)) continue;
      if ((await store.getEntity(alias))?.canonical === entity.canonical) forms.add(folded);
    }
    forms.delete(foldWords(term).join(' '));
    forms.delete('');
    if (forms.size) out.set(term, [...forms]);
  }
  return out;
}

async function prepared(store: Store, a: Article, storyId: string | null): Promise<PreparedArticle> {
  const annotation = await store.getAnnotation(a.id);
  const live = storyId ? await store.resolveStory(storyId) : null;
  return prepareArticle({ title: a.title, text: a.text, entities: annotation?.entities ?? [], storyId: live });
}

export interface ScanResult {
  scanned: number;
  matched: number;
}

/** Checks the articles stored since the last scan against every watchlist. */
export async function scanWatchlists(store: Store, now: () => Date = () => new Date()): Promise<ScanResult> {
  const repo = store.watchlists;
  const lists = await repo.all();
  let from = await repo.scannedThrough();
  if (!lists.length) {
    // Nobody follows anything: nothing to check, only the position to keep up.
    const latest = await store.latestArticleSeq();
    if (latest > from) await repo.record([], latest);
    return { scanned: 0, matched: 0 };
  }
  const stories = await liveStoryIds(store, lists);
  const forms = await watchedEntityForms(store, lists);
  const result: ScanResult = { scanned: 0, matched: 0 };
  for (;;) {
    const page = await store.articlesSince(from, SCAN_PAGE);
    if (!page.length) break;
    const at = now().toISOString();
    const matches: NewMatch[] = [];
    for (const sa of page) {
      const p = await prepared(store, sa.article, sa.storyId);
      for (const w of lists) {
        const reasons = matchTerms(w.terms, p, stories, forms);
        if (!reasons.length) continue;
        const delivery = w.webhookUrl ? { id: newDeliveryId(), url: w.webhookUrl, body: webhookBody(w, sa.article, p.storyId, reasons, at) } : null;
        matches.push({ watchlistId: w.id, articleId: sa.article.id, storyId: p.storyId, reasons, matchedAt: at, delivery });
      }
    }
    from = page[page.length - 1].seq;
    result.matched += await repo.record(matches, from);
    result.scanned += page.length;
    if (page.length < SCAN_PAGE) break;
  }
  return result;
}

/**
 * Matches a new watchlist against the newest stored articles, so it starts with what is already there.
 * These matches are dated by the article's arrival and count as seen (no "new" badge, no webhook call):
 * they were not news when the watchlist was made. Also starts the scan position on a store that has none.
 */
export async function backfillWatchlist(store: Store, w: Watchlist, max = BACKFILL_ARTICLES): Promise<number> {
  const latest = await store.latestArticleSeq();
  const stories = await liveStoryIds(store, [w]);
  const forms = await watchedEntityForms(store, [w]);
  const matches: NewMatch[] = [];
  let from = Math.max(0, latest - max);
  for (;;) {
    const page = await store.articlesSince(from, SCAN_PAGE);
    for (const sa of page) {
      if (sa.seq > latest) break;
      const p = await prepared(store, sa.article, sa.storyId);
      const reasons = matchTerms(w.terms, p, stories, forms);
      const at = sa.article.fetched < w.seenAt ? sa.article.fetched : w.seenAt;
      if (reasons.length) matches.push({ watchlistId: w.id, articleId: sa.article.id, storyId: p.storyId, reasons, matchedAt: at, delivery: null });
    }
    if (page.length < SCAN_PAGE || page[page.length - 1].seq >= latest) break;
    from = page[page.length - 1].seq;
  }
  const started = (await store.watchlists.scannedThrough()) > 0;
  return store.watchlists.record(matches, started ? null : latest);
}
