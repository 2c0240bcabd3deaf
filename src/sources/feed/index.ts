// parseFeed: bytes (or text) of any feed format in, one normalised feed out. Pure: no I/O.
// Steps, one module each: decode the bytes (./encoding.ts), detect JSON vs XML, parse (./xml.ts with
// repairs in ./repair.ts, or ./json.ts), then drop duplicate items.
import { StorylineError } from '../../errors.ts';
import { decodeFeedBytes, demoronize } from './encoding.ts';
import { isJsonFeed, mapJsonFeed } from './json.ts';
import { parseXmlFeed } from './xml.ts';
import { parseCdf } from './cdf.ts';
import type { FeedItem, ParsedFeed, ParsedFeedWithDiagnostics, ParseFeedOptions } from './types.ts';

export type { FeedEnclosure, FeedItem, ParsedFeed, ParsedFeedWithDiagnostics, ParseFeedOptions, FeedDiagnostics } from './types.ts';
export { parseFeedDate } from './dates.ts';
export { decodeFeedBytes, parseContentType } from './encoding.ts';

/**
 * Largest feed document parsed: the fetcher's own body limit, so every fetched feed fits, while a feed
 * file handed to `import` cannot make one parse take unbounded time and memory.
 */
export const MAX_FEED_BYTES = 10 * 1024 * 1024;

/**
 * Items kept from one feed document. Busy news feeds carry 50-500; archive dumps a few thousand. Beyond
 * this the rest is dropped with a warning: one feed must not flood the pipeline with a whole archive.
 */
export const MAX_FEED_ITEMS = 5_000;

/** Removes items repeated in the same document, by id and by link (first one wins). */
export function dedupeItems(items: FeedItem[]): FeedItem[] {
  const seen = new Set<string>();
  const out: FeedItem[] = [];
  for (const item of items) {
    const keys = [item.id && `id:${item.id}`, item.link && `link:${item.link}`].filter((k): k is string => !!k);
    if (keys.length && keys.some((k) => seen.has(k))) continue;
    for (const k of keys) seen.add(k);
    out.push(item);
  }
  return out;
}

function looksLikeJson(text: string, contentType: string | undefined): boolean {
  const first = text.trimStart()[0];
  return first === '{' || (!!contentType && /json/i.test(contentType) && first !== '<');
}

/** Parses a feed and reports how (encoding, format, repairs). Throws sources.feed_unparseable. */
export function parseFeedDetailed(body: Buffer | string, opts: ParseFeedOptions = {}): ParsedFeedWithDiagnostics {
  const input = opts.url ?? 'feed';
  const maxBytes = opts.maxBytes ?? MAX_FEED_BYTES;
  const bytes = typeof body === 'string' ? Buffer.byteLength(body) : body.length;
  if (bytes > maxBytes) throw new StorylineError('sources', 'feed_too_large', `feed is ${bytes} bytes, over the limit of ${maxBytes}`, { input });
  return capItems(parseUncapped(body, opts, input), opts.maxItems ?? MAX_FEED_ITEMS, input);
}

/** Keeps the document's first `max` items (feeds list newest first) and says how many were dropped. */
function capItems(feed: ParsedFeedWithDiagnostics, max: number, input: string): ParsedFeedWithDiagnostics {
  if (feed.items.length <= max) return feed;
  const warning = `${input}: feed has ${feed.items.length} items, over the limit of ${max}; only the first ${max} were kept`;
  return { ...feed, items: feed.items.slice(0, max), warnings: [...(feed.warnings ?? []), warning] };
}

function parseUncapped(body: Buffer | string, opts: ParseFeedOptions, input: string): ParsedFeedWithDiagnostics {
  const decoded =
    typeof body === 'string' ? { text: body.replace(/^\uFEFF/, ''), encoding: 'utf-8', mismatch: false } : decodeFeedBytes(body, opts.contentType);
  const text = demoronize(decoded.text);
  const url = opts.url && /^https?:/i.test(opts.url) ? opts.url : null;
  if (!text.trim()) throw new StorylineError('sources', 'feed_unparseable', 'empty document', { input });

  if (looksLikeJson(text, opts.contentType)) {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (err) {
      throw new StorylineError('sources', 'feed_unparseable', `not valid JSON: ${(err as Error).message}`, { input, cause: err });
    }
    if (!isJsonFeed(value)) throw new StorylineError('sources', 'feed_unparseable', 'JSON document is not a JSON Feed', { input });
    const feed = mapJsonFeed(value, url);
    return {
      ...feed,
      items: dedupeItems(feed.items),
      diagnostics: { format: 'json', encoding: decoded.encoding, bozo: decoded.mismatch, repairs: [] },
    };
  }

  const feed = parseXmlFeed(text, url);
  if (!feed) {
    const cdf = parseCdf(text, url);
    if (cdf) {
      return { ...cdf, items: dedupeItems(cdf.items), diagnostics: { format: 'cdf', encoding: decoded.encoding, bozo: decoded.mismatch, repairs: [] } };
    }
    const what = /<html[\s>]/i.test(text.slice(0, 2000)) ? 'an HTML page, not a feed' : 'no RSS, Atom, RDF, CDF or JSON feed found';
    throw new StorylineError('sources', 'feed_unparseable', what, { input });
  }
  return {
    title: feed.title,
    link: feed.link,
    items: dedupeItems(feed.items),
    diagnostics: { format: feed.format, encoding: decoded.encoding, bozo: decoded.mismatch || feed.repairs.length > 0, repairs: feed.repairs },
  };
}

/** Parses a feed (RSS, Atom, RDF, JSON Feed) from bytes or text. Throws sources.feed_unparseable. */
export function parseFeed(body: Buffer | string, opts: ParseFeedOptions = {}): ParsedFeed {
  const { title, link, items, warnings } = parseFeedDetailed(body, opts);
  return warnings ? { title, link, items, warnings } : { title, link, items };
}
