// One pass over the feeds that are due: conditional GET, new items turned into articles (full text
// fetched for teasers), ingested, and each source's health and next check written back. Each source is
// polled inside its own try/catch so that one broken feed never stops the others.
import type { Logger } from 'pino';
import type { SourceRecord, Store } from '../store/store.ts';
import { deriveArticleId } from '../store/ids.ts';
import { errorMessage, StorylineError } from '../errors.ts';
import { pollFeed, type PollResult } from '../sources/poll.ts';
import { canonicalizeUrl } from '../sources/url.ts';
import { nextCheckInterval, type ScheduleOptions } from '../sources/schedule.ts';
import { HostLimiter } from '../sources/limiter.ts';
import { RobotsCache } from '../sources/robots.ts';
import type { FetchOptions } from '../sources/fetch.ts';
import type { RetryOptions } from '../sources/retry.ts';
import type { FeedItem } from '../sources/feed/index.ts';
import { htmlToText } from './read-inputs.ts';
import { fetchFullText, needsFullText, type FullTextThresholds } from './fulltext.ts';
import { ingestArticles, type IngestInput, type IngestOptions } from './ingest.ts';

export interface PollOptions {
  log?: Logger;
  /** Poll every feed source, due or not. */
  all?: boolean;
  /** Only these source ids (still subject to `all`/due). The scheduler uses it to skip sources in flight. */
  sourceIds?: string[];
  /** Allow loopback/private addresses (tests, deliberately local feeds). */
  allowPrivate?: boolean;
  userAgent?: string;
  /** Extra fetch settings (timeouts, retries, DNS lookup for tests). */
  fetch?: Omit<FetchOptions & RetryOptions, 'etag' | 'lastModified' | 'limiter' | 'robots' | 'signal'>;
  /** Shared across passes so host spacing and robots rules survive between polls. */
  limiter?: HostLimiter;
  robots?: RobotsCache;
  /** Consult robots.txt before fetching article pages (default true). Feeds are subscribed to explicitly. */
  respectRobots?: boolean;
  signal?: AbortSignal;
  schedule?: Omit<ScheduleOptions, 'now'>;
  /** Fetch article pages for teaser items (default true). */
  fullText?: boolean;
  fullTextThresholds?: FullTextThresholds;
  /** Most pages fetched per source per pass; later teasers keep their summary (a first poll of a big feed). */
  maxPagesPerSource?: number;
  /** Sources polled at the same time. */
  concurrency?: number;
  /** Passed to the ingest pipeline (stages for tests, briefs on/off). */
  ingest?: Pick<IngestOptions, 'stages' | 'briefs'>;
  now?: () => number;
  /** Called once with the sources this pass will poll, then as each starts and ends (progress displays). */
  onPlan?: (due: SourceRecord[]) => void;
  onSourceStart?: (source: SourceRecord) => void;
  onSourceDone?: (report: SourcePollReport) => void;
}

export interface SourcePollReport {
  sourceId: string;
  url: string;
  status: 'ok' | 'not_modified' | 'error';
  /** Items in the feed document. */
  items: number;
  /** Items not stored before this pass. */
  newItems: number;
  added: number;
  duplicates: number;
  /** Articles whose text came from their page. */
  fullText: number;
  /** Ids of articles stored with the feed summary only (page thin, failed, or not fetched). */
  partial: string[];
  /** Per-item problems (page fetch failures, articles the pipeline refused). */
  itemErrors: { input: string; code: string | null; error: string }[];
  error?: { code: string; message: string };
  nextCheck: string | null;
  /** The feed's new URL when a permanent redirect moved the source in this poll. */
  movedTo?: string;
  /** Limits the feed went over (items beyond the cap dropped), each naming the feed. */
  warnings?: string[];
}

export interface PollSummary {
  /** Feed sources known. */
  sources: number;
  polled: number;
  ok: number;
  notModified: number;
  failed: number;
  added: number;
  fullText: number;
  partial: number;
  reports: SourcePollReport[];
}

const DEFAULT_CONCURRENCY = 4;
const DEFAULT_MAX_PAGES = 40;

/** A source is due when it has never been checked or its next check has come. */
export function isDue(s: SourceRecord, now: number): boolean {
  if (s.kind !== 'feed') return false;
  if (!s.nextCheck) return true;
  const t = Date.parse(s.nextCheck);
  return Number.isNaN(t) || t <= now;
}

/**
 * Article identity for a feed item, fixed before any page is fetched so that an item already stored is
 * recognised without fetching its page again. The canonical item link is the key; items without a link
 * are keyed by the feed URL and their guid.
 */
export function itemArticleId(sourceUrl: string, item: FeedItem, title: string, text: string): { id: string; canonicalUrl: string | null } {
  const canonical = item.link ? (canonicalizeUrl(item.link) ?? item.link) : null;
  if (canonical) return { id: deriveArticleId({ canonicalUrl: canonical, title, text }), canonicalUrl: canonical };
  if (item.id) return { id: deriveArticleId({ url: `${sourceUrl}#guid=${item.id}`, title, text }), canonicalUrl: null };
  return { id: deriveArticleId({ title, text }), canonicalUrl: null };
}

function hostOf(url: string): string | null {
  try {
    return new URL(url).hostname;
  } catch {
    return null;
  }
}

function originOf(url: string): string | null {
  try {
    const o = new URL(url).origin;
    return o === 'null' ? null : o;
  } catch {
    return null;
  }
}

function longer(a: string, b: string): string {
  return b.length > a.length ? b : a;
}

/**
 * The failure backoff should build on the feed's own interval, not on a fixed default: a feed polled
 * every ten minutes that fails once is retried in twenty, not in hours. The stored interval already
 * carries the previous failures' doubling, so it is divided back out.
 */
function baseIntervalMs(s: SourceRecord): number | undefined {
  if (!s.intervalSeconds || s.intervalSeconds <= 0) return undefined;
  return (s.intervalSeconds * 1000) / 2 ** Math.min(s.consecutiveFailures, 10);
}

interface Draft {
  input: IngestInput;
  /** Whether the text is only the feed's teaser. */
  partial: boolean;
}

async function draftsFor(
  store: Store,
  source: SourceRecord,
  res: PollResult,
  o: PollOptions,
  report: SourcePollReport,
  fetchOpts: FetchOptions,
): Promise<Draft[]> {
  const feedName = res.title?.trim() || source.title?.trim() || hostOf(source.url) || source.url;
  const drafts: Draft[] = [];
  let pages = 0;
  const maxPages = o.maxPagesPerSource ?? DEFAULT_MAX_PAGES;
  const seen = new Set<string>();
  for (let i = 0; i < res.items.length; i++) {
    if (o.signal?.aborted) break;
    const item = res.items[i];
    const label = item.link ?? `${source.url}#${i + 1}`;
    const contentText = item.content ? htmlToText(item.content) : '';
    const summaryText = item.summary ? htmlToText(item.summary) : '';
    let text = longer(contentText, summaryText);
    // The parser already turned the title into plain text (by its declared type); stripping tags again
    // would eat a literal "<blink>" from a text title.
    const feedTitle = item.title?.replace(/\s+/g, ' ').trim() ?? '';
    const { id, canonicalUrl } = itemArticleId(source.url, item, feedTitle, text);
    if (seen.has(id)) continue;
    seen.add(id);
    if (await store.getArticle(id)) continue;
    report.newItems++;

    const input: IngestInput = {
      id,
      url: item.link,
      canonicalUrl,
      title: feedTitle,
      text,
      published: item.published,
      byline: item.author,
      source: feedName,
      sourceId: source.id,
      label,
    };
    // A teaser stays partial unless its page supplies the article.
    let partial = needsFullText(text, o.fullTextThresholds);
    let partialReason: string | null = partial ? (item.link ? 'not_fetched' : 'no_link') : null;
    if (partial && o.fullText !== false) {
      if (item.link && pages < maxPages) {
        pages++;
        const r = await fetchFullText(item.link, fetchOpts);
        if (r.status === 'failed') {
          partialReason = `fetch_failed: ${r.error.code}`;
          report.itemErrors.push({ input: label, code: r.error.code, error: `full text not fetched: ${r.error.message}` });
          o.log?.warn({ source: source.url, page: item.link, code: r.error.code, err: r.error.message }, 'full text not fetched; feed summary kept');
        } else {
          const page = r.page;
          input.lang = page.lang;
          input.title ||= page.title?.trim() ?? '';
          input.byline ??= page.byline;
          input.published ??= page.published;
          if (r.status === 'full' && page.text.trim().length > text.trim().length) {
            text = page.text;
            input.text = text;
            partial = false;
            partialReason = null;
            report.fullText++;
            const pageCanonical = page.canonicalUrl ? canonicalizeUrl(page.canonicalUrl) : null;
            if (pageCanonical) input.canonicalUrl = pageCanonical;
          } else {
            partialReason = 'too_little_text';
            o.log?.info({ source: source.url, page: item.link }, 'page is thin (paywall, consent wall or stub); feed summary kept');
          }
        }
      }
    }
    if (!input.text.trim()) {
      report.itemErrors.push({ input: label, code: 'empty_item', error: 'feed item has no text and its page gave none' });
      continue;
    }
    if (partial) {
      input.partial = true;
      input.partialReason = partialReason;
    }
    drafts.push({ input, partial });
  }
  // Oldest first: the clusterer reads the stream in time order.
  drafts.sort((a, b) => (Date.parse(a.input.published ?? '') || Infinity) - (Date.parse(b.input.published ?? '') || Infinity));
  return drafts;
}

/** Polls one source and records its health. Never throws. */
export async function pollSource(store: Store, source: SourceRecord, o: PollOptions = {}): Promise<SourcePollReport> {
  const now = o.now ?? Date.now;
  const log = o.log;
  const report: SourcePollReport = {
    sourceId: source.id,
    url: source.url,
    status: 'error',
    items: 0,
    newItems: 0,
    added: 0,
    duplicates: 0,
    fullText: 0,
    partial: [],
    itemErrors: [],
    nextCheck: source.nextCheck,
  };
  const allowAll = !!(o.allowPrivate ?? o.fetch?.allowPrivate);
  const fetchOpts: FetchOptions & RetryOptions = {
    retries: 1,
    maxRetryAfterMs: 30_000,
    ...o.fetch,
    allowPrivate: allowAll,
    userAgent: o.userAgent ?? o.fetch?.userAgent,
    limiter: o.limiter,
    signal: o.signal,
  };
  if (source.allowPrivate && !allowAll) {
    // A source added with --allow-private may live on a private address even when the global setting is
    // off. The grant is the feed's own origin (scheme, host, port) and nothing more: not other ports of
    // the same machine, not other local hosts its items or redirects point at. The fetcher checks every
    // redirect hop against it again.
    const own = originOf(source.url);
    fetchOpts.allowOrigins = [...(o.fetch?.allowOrigins ?? []), ...(own ? [own] : [])];
  }
  const pageOpts: FetchOptions = { ...fetchOpts, robots: o.respectRobots === false ? undefined : o.robots };
  const schedule = (input: Parameters<typeof nextCheckInterval>[0], defaultMs?: number) => {
    const ms = nextCheckInterval(input, { ...o.schedule, ...(defaultMs ? { defaultMs } : {}), now: now() });
    return { intervalSeconds: Math.round(ms / 1000), nextCheck: new Date(now() + ms).toISOString() };
  };

  let failure: { code: string; message: string; retryAfter?: number } | null = null;
  let res: PollResult | null = null;
  try {
    res = await pollFeed({ url: source.url, etag: source.etag, lastModified: source.lastModified }, fetchOpts);
    report.items = res.items.length;
    // A feed moved to another origin was fetched there only because that origin is public (the grant
    // does not follow redirects), so its pages need no grant either.
    for (const w of res.warnings ?? []) {
      report.warnings = [...(report.warnings ?? []), w];
      log?.warn({ source: source.url, warning: w }, 'feed over a limit');
    }
    if (res.status === 'error') {
      failure = { ...res.error!, retryAfter: res.retryAfter };
    } else if (res.status === 'ok' && res.items.length) {
      const drafts = await draftsFor(store, source, res, o, report, pageOpts);
      // Stopped half-way through the items: store nothing and keep the validators, so the next run
      // fetches the whole feed again instead of skipping the items not reached.
      if (o.signal?.aborted) throw new StorylineError('sources', 'aborted', 'poll stopped', { input: source.url });
      if (drafts.length) {
        const r = await ingestArticles(
          store,
          drafts.map((d) => d.input),
          { ...o.ingest, log },
        );
        report.added = r.added;
        report.duplicates = r.duplicates;
        for (const e of r.errors) report.itemErrors.push(e);
        const failed = new Set(r.errors.map((e) => e.input));
        report.partial = drafts.filter((d) => d.partial && !failed.has(d.input.label!)).map((d) => d.input.id!);
      }
    }
  } catch (err) {
    // pollFeed reports its own failures; this catches the store or the pipeline failing as a whole.
    failure = { code: err instanceof StorylineError ? err.code : 'unexpected', message: errorMessage(err) };
  }

  if (o.signal?.aborted) {
    // Shutting down is not the feed's fault: its health and schedule stay as they were.
    report.error = { code: 'aborted', message: 'poll stopped' };
    return report;
  }
  try {
    if (failure) {
      const consecutiveFailures = source.consecutiveFailures + 1;
      const next = schedule({ itemDates: [], consecutiveFailures, retryAfterMs: failure.retryAfter ?? null }, baseIntervalMs(source));
      // Validators stay as they were: a poll whose items were not stored must fetch them again.
      await store.updateSourceHealth(source.id, { lastError: failure.message, lastErrorCode: failure.code, consecutiveFailures, ...next });
      report.status = 'error';
      report.error = { code: failure.code, message: failure.message };
      report.nextCheck = next.nextCheck;
      log?.warn({ source: source.url, code: failure.code, err: failure.message, failures: consecutiveFailures }, 'source poll failed');
    } else {
      const r = res!;
      // A 304 says nothing new about the publishing rhythm: keep the interval learned from the last 200.
      const next =
        r.status === 'ok'
          ? schedule({ itemDates: r.items.map((i) => i.published), consecutiveFailures: 0 })
          : schedule({ itemDates: [], consecutiveFailures: 0 }, source.consecutiveFailures === 0 ? baseIntervalMs(source) : undefined);
      await store.updateSourceHealth(source.id, {
        etag: r.etag,
        lastModified: r.lastModified,
        lastSuccess: new Date(now()).toISOString(),
        lastError: null,
        lastErrorCode: null,
        consecutiveFailures: 0,
        ...(!source.title && r.title?.trim() ? { title: r.title.trim() } : {}),
        ...next,
      });
      report.status = r.status === 'ok' ? 'ok' : 'not_modified';
      report.nextCheck = next.nextCheck;
      if (r.movedTo) await moveSource(store, source, r.movedTo, report, log);
      log?.info({ source: source.url, status: report.status, added: report.added, fullText: report.fullText, partial: report.partial.length }, 'source polled');
    }
  } catch (err) {
    report.status = 'error';
    report.error = { code: err instanceof StorylineError ? err.code : 'unexpected', message: errorMessage(err) };
    log?.error({ source: source.url, err: errorMessage(err) }, 'source health could not be recorded');
  }
  return report;
}

/**
 * Stores a feed's new address after a permanent redirect, keeping its id (and so its articles and
 * health). When another subscription already has that URL the two are the same feed; merging them is
 * the user's call, so the move is only logged.
 */
async function moveSource(store: Store, source: SourceRecord, to: string, report: SourcePollReport, log: Logger | undefined): Promise<void> {
  const other = (await store.listSources()).find((s) => s.url === to && s.id !== source.id);
  if (other) {
    log?.warn({ source: source.url, movedTo: to, existing: other.id }, 'feed moved permanently to a URL another source already has; not moved');
    return;
  }
  await store.upsertSource({ id: source.id, url: to, kind: source.kind });
  report.movedTo = to;
  log?.info({ source: source.id, from: source.url, to }, 'feed moved permanently; source URL updated');
}

/** Polls every due feed source (or all with `all`), a few at a time. */
export async function pollOnce(store: Store, o: PollOptions = {}): Promise<PollSummary> {
  const now = (o.now ?? Date.now)();
  const feeds = (await store.listSources()).filter((s) => s.kind === 'feed');
  const only = o.sourceIds ? new Set(o.sourceIds) : null;
  const due = feeds.filter((s) => (!only || only.has(s.id)) && (o.all || isDue(s, now)));
  // One limiter and robots cache for the pass at least, so pages of one host are spaced across sources.
  const opts: PollOptions = { ...o, limiter: o.limiter ?? new HostLimiter(), robots: o.robots ?? new RobotsCache() };
  o.onPlan?.(due);
  const reports: SourcePollReport[] = new Array(due.length);
  let next = 0;
  const worker = async () => {
    while (next < due.length && !o.signal?.aborted) {
      const i = next++;
      o.onSourceStart?.(due[i]);
      reports[i] = await pollSource(store, due[i], opts);
      o.onSourceDone?.(reports[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(Math.max(1, o.concurrency ?? DEFAULT_CONCURRENCY), due.length) }, worker));
  const done = reports.filter(Boolean);
  return {
    sources: feeds.length,
    polled: done.length,
    ok: done.filter((r) => r.status === 'ok').length,
    notModified: done.filter((r) => r.status === 'not_modified').length,
    failed: done.filter((r) => r.status === 'error').length,
    added: done.reduce((n, r) => n + r.added, 0),
    fullText: done.reduce((n, r) => n + r.fullText, 0),
    partial: done.reduce((n, r) => n + r.partial.length, 0),
    reports: done,
  };
}
