// One poll of one feed: conditional GET with the stored validators, parse, and the fetch state to store
// back. No database access: the store owns persistence and passes the source record in.
import { errorMessage, StorylineError } from '../errors.ts';
import { FetchError, type FetchOptions, type FetchResult } from './fetch.ts';
import { fetchWithRetry, type RetryOptions } from './retry.ts';
import { parseFeed, type FeedItem } from './feed/index.ts';

export interface PollSource {
  url: string;
  etag?: string | null;
  lastModified?: string | null;
}

export interface PollResult {
  status: 'ok' | 'not_modified' | 'error';
  items: FeedItem[];
  title: string | null;
  link: string | null;
  etag: string | null;
  lastModified: string | null;
  /** URL after redirects. */
  finalUrl: string;
  /** Where a 301/308 chain says the feed now lives, when that differs from the URL polled; else null. */
  movedTo: string | null;
  error?: { code: string; message: string };
  /** From Retry-After on 429/503, in milliseconds. */
  retryAfter?: number;
  /** Limits the feed went over (see parseFeed), each naming the feed. */
  warnings?: string[];
}

/** Base URL for a fetched document: Content-Location when the server sends one, else the final URL. */
export function documentBaseUrl(res: FetchResult): string {
  const loc = res.headers['content-location'];
  if (!loc) return res.finalUrl;
  try {
    return new URL(loc, res.finalUrl).href;
  } catch {
    return res.finalUrl;
  }
}

export async function pollFeed(source: PollSource, opts: FetchOptions & RetryOptions = {}): Promise<PollResult> {
  const base = {
    items: [] as FeedItem[],
    title: null,
    link: null,
    etag: source.etag ?? null,
    lastModified: source.lastModified ?? null,
    finalUrl: source.url,
    movedTo: null,
  };
  try {
    const res = await fetchWithRetry(source.url, { ...opts, etag: source.etag ?? null, lastModified: source.lastModified ?? null });
    const movedTo = res.permanentUrl !== source.url ? res.permanentUrl : null;
    if (res.notModified) return { ...base, status: 'not_modified', etag: res.etag, lastModified: res.lastModified, finalUrl: res.finalUrl, movedTo };
    // A move is only reported once the new address has answered with a feed: a 301 to an error page
    // must not make the source forget its working URL.
    const feed = parseFeed(res.body, { url: documentBaseUrl(res), contentType: res.contentType ?? undefined });
    const ok: PollResult = {
      status: 'ok',
      items: feed.items,
      title: feed.title,
      link: feed.link,
      etag: res.etag,
      lastModified: res.lastModified,
      finalUrl: res.finalUrl,
      movedTo,
    };
    return feed.warnings ? { ...ok, warnings: feed.warnings } : ok;
  } catch (err) {
    const code = err instanceof StorylineError ? err.code : 'unexpected';
    const message = err instanceof StorylineError ? err.message : errorMessage(err);
    const retryAfter = err instanceof FetchError ? err.retryAfterMs : undefined;
    return { ...base, status: 'error', error: { code, message }, ...(retryAfter !== undefined ? { retryAfter } : {}) };
  }
}
