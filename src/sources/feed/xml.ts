// RSS 0.9x/1.0/2.0, RDF and Atom 0.3/1.0 through @rowanmanning/feed-parser (lenient, resolves xml:base),
// mapped onto our feed model. What the library leaves to the caller is done here: dates are re-read from
// the raw elements with our own date parser (the library uses `new Date()`, which misreads zoneless and
// many RFC 822 dates), links are resolved against the feed's own URL, and ill-formed documents are retried
// after the repairs in ./repair.ts.
import { parseFeed as parseWithLibrary } from '@rowanmanning/feed-parser';
// Must run before any feed is parsed: makes the library linear in item count.
import './linear.ts';
import { parseHTML } from 'linkedom';
import { parseFeedDate } from './dates.ts';
import { repairs } from './repair.ts';
import type { FeedEnclosure, FeedItem } from './types.ts';
import { atomTextType, htmlFragmentText, rssTitleText } from './text.ts';

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
  // Absolute links are kept exactly as published; identity normalisation is canonicalizeUrl's job.
  if (/^[a-z][a-z0-9+.-]*:/i.test(trimmed)) return trimmed;
  try {
    return new URL(trimmed, base ?? undefined).href;
  } catch {
    return trimmed;
  }
}

// Attributes holding URLs in feed HTML. Relative ones are resolved so content keeps working once it is
// stored apart from the feed (feedparser does the same).
const URL_ATTR = /(\s(?:href|src|poster|cite|longdesc|background)\s*=\s*)(?:"([^"]*)"|'([^']*)')/gi;

/** Resolves relative URLs in HTML attributes against `base`; absolute and special (#, data:, mailto:) stay. */
export function resolveHtmlUrls(html: string | null, base: string | null): string | null {
  if (!html || !base || !/^https?:/i.test(base)) return html;
  return html.replace(URL_ATTR, (whole, prefix: string, dq: string | undefined, sq: string | undefined) => {
    const raw = (dq ?? sq ?? '').trim();
    if (!raw || raw.startsWith('#') || /^[a-z][a-z0-9+.-]*:/i.test(raw)) return whole;
    try {
      const q = dq !== undefined ? '"' : "'";
      return `${prefix}${q}${new URL(raw, base).href}${q}`;
    } catch {
      return whole;
    }
  });
}

/**
 * An element's base URL: the document URL with every xml:base from the root down applied in turn. The
 * library's own baseUrl gives up when an outer xml:base is relative, which is common ("/blog/").
 */
function baseOf(el: LibElement, docBase: string | null): string | null {
  const chain: string[] = [];
  for (let e: LibElement | null = el; e; e = e.parent) {
    const b = e.attributes['xml:base'];
    if (b) chain.push(b.trim());
  }
  let base = docBase;
  for (const b of chain.reverse()) base = resolveLink(b, base);
  return base;
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
    const url = resolveLink(el.getAttribute('url'), baseOf(el, base));
    if (!url) continue;
    const len = Number(el.getAttribute('length'));
    out.push({ url, type: text(el.getAttribute('type')), length: Number.isFinite(len) && len > 0 ? len : null });
  }
  // Atom puts enclosures in <link rel="enclosure">.
  for (const el of item.element.findElementsWithName('link')) {
    if (el.getAttribute('rel') !== 'enclosure') continue;
    const url = resolveLink(el.getAttribute('href'), baseOf(el, base));
    if (!url) continue;
    const len = Number(el.getAttribute('length'));
    out.push({ url, type: text(el.getAttribute('type')), length: Number.isFinite(len) && len > 0 ? len : null });
  }
  return out;
}

/**
 * Atom text constructs the library flattens to plain text: type="xhtml" keeps its markup (the inner
 * XHTML div's children), Atom 0.3 mode="base64" is decoded. Null means "use the library's value".
 */
function atomConstruct(el: LibElement | null): string | null {
  if (!el) return null;
  const type = (el.getAttribute('type') ?? '').toLowerCase();
  if (el.getAttribute('mode')?.toLowerCase() === 'base64') return Buffer.from(el.textContent.trim(), 'base64').toString('utf8');
  if (type === 'xhtml' || type === 'application/xhtml+xml') {
    const div = el.findElementWithName('div');
    return (div ?? el).innerHtml.trim();
  }
  return null;
}

/**
 * A feed's or entry's title as plain text. Atom declares what its title is; the library flattens all
 * three kinds the same way, which keeps escaped HTML as markup and loses the difference between a text
 * title about "<blink>" and an HTML one, so Atom titles are read again from the raw element.
 */
function titleOf(parent: LibElement, atom: boolean, libTitle: string | null | undefined): string | null {
  const el = atom ? parent.findElementWithName('title') : null;
  if (!el) return rssTitleText(text(libTitle));
  // ASCII whitespace only: a title's no-break and thin spaces are the publisher's.
  const oneLine = (s: string) => text(s.replace(/[ \t\n\r\f]+/g, ' '));
  switch (atomTextType(el.getAttribute('type'), el.getAttribute('mode'))) {
    case 'text':
      return oneLine(el.textContentNormalized);
    case 'html':
      return text(htmlFragmentText(el.textContent));
    case 'xhtml':
      // The content is the XHTML div's; its text nodes are already entity-decoded by the XML parser.
      return oneLine((el.findElementWithName('div') ?? el).textContent);
    case 'base64': {
      const decoded = Buffer.from(el.textContent.replace(/\s+/g, ''), 'base64').toString('utf8');
      const declared = (el.getAttribute('type') ?? 'text').toLowerCase();
      return /^(text|text\/plain)$/.test(declared) ? oneLine(decoded) : text(htmlFragmentText(decoded));
    }
  }
}

function mapItem(item: LibItem, base: string | null): FeedItem {
  const atom = item.feed.meta.type === 'atom';
  const author = item.authors.find((a) => a.name || a.email);
  const itemBase = baseOf(item.element, base);
  const rawContent = (atom && atomConstruct(item.element.findElementWithName('content'))) || item.content;
  // Podcast feeds often carry the text only in <itunes:summary>; the library does not map it.
  const rawSummary =
    (atom && atomConstruct(item.element.findElementWithName('summary'))) ||
    item.description ||
    (!atom ? text(item.element.findElementWithName('summary')?.textContentNormalized) : null);
  const content = resolveHtmlUrls(text(rawContent), itemBase);
  const summary = resolveHtmlUrls(text(rawSummary), itemBase);
  const encl = enclosures(item, base);
  return {
    // RSS 1.0 identifies items by rdf:about when there is no guid.
    id: text(item.id) ?? text(item.element.getAttribute('rdf:about')),
    title: titleOf(item.element, atom, item.title),
    link: resolveLink(item.url, itemBase),
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
  const feedLink = resolveLink(feed.url, baseOf(feed.element, url));
  const base = url ?? feedLink ?? feed.self;
  return {
    format: formatOf(feed),
    title: titleOf(feed.element, feed.meta.type === 'atom', feed.title),
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

function isEmpty(feed: LibFeed): boolean {
  return !feed.title && !feed.url && feed.items.length === 0;
}

/** Parses XML feed text; returns null when neither the text nor any repaired version is a feed. */
export function parseXmlFeed(xml: string, url: string | null): XmlFeedResult | null {
  const direct = attempt(xml);
  if (direct && !isEmpty(direct)) return toResult(direct, url, []);
  // The library is lenient enough to return an empty feed for a damaged document, so an empty result
  // is retried with repairs too; the repaired parse is kept only if it finds something.
  let current = xml;
  const applied: string[] = [];
  for (const r of repairs(decodeEntity)) {
    const next = r.apply(current);
    if (next === current) continue;
    current = next;
    applied.push(r.name);
    const feed = attempt(current);
    if (feed && !isEmpty(feed)) return toResult(feed, url, applied);
  }
  if (direct) return toResult(direct, url, []);
  // A feed root with nothing the library recognises inside (e.g. an RSS 0.90 RDF with no channel) is an
  // empty feed, not an unparseable document.
  const root = /^\s*(?:<\?xml[^>]*>\s*)?(?:<!--[\s\S]*?-->\s*|<!DOCTYPE[^>]*>\s*)*<(rss|feed|rdf:RDF)\b/i.exec(current);
  if (root)
    return {
      format: root[1].toLowerCase() === 'feed' ? 'atom' : root[1].toLowerCase() === 'rss' ? 'rss' : 'rdf',
      title: null,
      link: null,
      items: [],
      repairs: [...applied, 'empty_feed'],
    };
  return null;
}
