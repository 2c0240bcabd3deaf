// RSS 0.9x/1.0/2.0, RDF and Atom 0.3/1.0 through @rowanmanning/feed-parser (lenient, resolves xml:base),
// mapped onto our feed model. What the library leaves to the caller is done here: dates are re-read from
// the raw elements with our own date parser (the library uses `new Date()`, which misreads zoneless and
// many RFC 822 dates), links are resolved against the feed's own URL, and ill-formed documents are retried
// after the repairs in ./repair.ts.
import { parseFeed as parseWithLibrary } from '@rowanmanning/feed-parser';
import { parseHTML } from 'linkedom';
import { parseFeedDate } from './dates.ts';
import { repairs } from './repair.ts';
import type { FeedEnclosure, FeedItem } from './types.ts';

type LibFeed = ReturnType<typeof parseWithLibrary>;
type LibItem = LibFeed['items'][number];
type LibElement = LibItem['element'];

export interface XmlFeedResult {
  format: 'rss' | 'atom' | 'rdf';
  title: string | null;
  link: string | null;
  items: FeedItem[];
  repairs: string[];
}

let entityDocument: ReturnType<typeof parseHTML>['document'] | null = null;
/** Decodes one HTML entity reference with linkedom's HTML parser; only used on the repair path. */
function decodeEntity(ref: string): string {
  entityDocument ??= parseHTML('<!doctype html><html><body><p></p></body></html>').document;
  const p = entityDocument.querySelector('p')!;
  p.innerHTML = ref;
  return p.textContent ?? ref;
}

export function resolveLink(link: string | null | undefined, base: string | null | undefined): string | null {
  if (!link) return null;
  const trimmed = link.trim();
  if (!trimmed) return null;
  try {
    return new URL(trimmed, base ?? undefined).href;
  } catch {
    return trimmed;
  }
}

const DATE_ELEMENTS = ['pubdate', 'published', 'issued', 'date', 'created', 'updated', 'modified', 'lastbuilddate'];

function rawDate(el: LibElement, fallback: Date | null): string | null {
  for (const name of DATE_ELEMENTS) {
    const found = el.findElementWithName(name);
    if (!found) continue;
    const parsed = parseFeedDate(found.textContentNormalized);
    if (parsed) return parsed;
  }
  return fallback && !Number.isNaN(fallback.valueOf()) ? fallback.toISOString() : null;
}

function text(s: string | null | undefined): string | null {
  if (s === null || s === undefined) return null;
  const t = s.trim();
  return t === '' ? null : t;
}

function enclosures(item: LibItem, base: string | null): FeedEnclosure[] {
  const out: FeedEnclosure[] = [];
  for (const el of item.element.findElementsWithName('enclosure')) {
    const url = resolveLink(el.getAttribute('url'), el.baseUrl ?? base);
    if (!url) continue;
    const len = Number(el.getAttribute('length'));
    out.push({ url, type: text(el.getAttribute('type')), length: Number.isFinite(len) && len > 0 ? len : null });
  }
  // Atom puts enclosures in <link rel="enclosure">.
  for (const el of item.element.findElementsWithName('link')) {
    if (el.getAttribute('rel') !== 'enclosure') continue;
    const url = resolveLink(el.getAttribute('href'), el.baseUrl ?? base);
    if (!url) continue;
    const len = Number(el.getAttribute('length'));
    out.push({ url, type: text(el.getAttribute('type')), length: Number.isFinite(len) && len > 0 ? len : null });
  }
  return out;
}

function mapItem(item: LibItem, base: string | null): FeedItem {
  const author = item.authors.find((a) => a.name || a.email);
  const content = text(item.content);
  const summary = text(item.description);
  const encl = enclosures(item, base);
  return {
    id: text(item.id),
    title: text(item.title),
    link: resolveLink(item.url, item.element.baseUrl ?? base),
    published: rawDate(item.element, item.published ?? item.updated),
    author: text(author?.name) ?? text(author?.email),
    content,
    summary,
    ...(encl.length ? { enclosures: encl } : {}),
  };
}

function formatOf(feed: LibFeed): 'rss' | 'atom' | 'rdf' {
  if (feed.meta.type === 'atom') return 'atom';
  return feed.element.name === 'rdf' || feed.meta.version === '1.0' ? 'rdf' : 'rss';
}

function toResult(feed: LibFeed, url: string | null, applied: string[]): XmlFeedResult {
  const feedLink = resolveLink(feed.url, feed.element.baseUrl ?? url);
  const base = url ?? feedLink ?? feed.self;
  return {
    format: formatOf(feed),
    title: text(feed.title),
    link: feedLink,
    items: feed.items.map((i) => mapItem(i, base)),
    repairs: applied,
  };
}

function attempt(xml: string): LibFeed | null {
  try {
    return parseWithLibrary(xml);
  } catch {
    return null;
  }
}

/** Parses XML feed text; returns null when neither the text nor any repaired version is a feed. */
export function parseXmlFeed(xml: string, url: string | null): XmlFeedResult | null {
  const direct = attempt(xml);
  if (direct) return toResult(direct, url, []);
  let current = xml;
  const applied: string[] = [];
  for (const r of repairs(decodeEntity)) {
    const next = r.apply(current);
    if (next === current) continue;
    current = next;
    applied.push(r.name);
    const feed = attempt(current);
    if (feed) return toResult(feed, url, applied);
  }
  // A feed root with nothing the library recognises inside (e.g. an RSS 0.90 RDF with no channel) is an
  // empty feed, not an unparseable document.
  const root = /^\s*(?:<\?xml[^>]*>\s*)?(?:<!--[\s\S]*?-->\s*|<!DOCTYPE[^>]*>\s*)*<(rss|feed|rdf:RDF)\b/i.exec(current);
  if (root) return { format: root[1].toLowerCase() === 'feed' ? 'atom' : root[1].toLowerCase() === 'rss' ? 'rss' : 'rdf', title: null, link: null, items: [], repairs: [...applied, 'empty_feed'] };
  return null;
}
