// Page metadata read before Readability runs (Readability mutates the document): JSON-LD, meta tags in
// the conventions news sites actually use (OpenGraph, article:*, citation_*, parsely, Dublin Core), and
// <time>. Readability's own metadata is preferred where it has one (it is well tested on real pages);
// these fill the gaps it leaves and supply what it never reads (canonical URL, paywall flag).
import * as chrono from 'chrono-node';

export interface PageMeta {
  title: string | null;
  byline: string | null;
  /** Raw date string as the page gives it; normalised later by toIsoDate. */
  published: string | null;
  lang: string | null;
  /** Canonical URL candidates, best first (link rel=canonical may be relative; og:url usually is not). */
  canonicalUrls: string[];
  siteName: string | null;
  description: string | null;
  /** JSON-LD articleBody, used as a fallback when the DOM yields too little text. */
  articleBody: string | null;
  /** JSON-LD isAccessibleForFree === false: the page says it is paywalled. */
  paywalled: boolean;
}

const ARTICLE_TYPES =
  /^(?:News|Report|Scholarly|Tech|Analysis|Opinion|Review|Background|Satirical|Blog)?Article$|^(?:BlogPosting|LiveBlogPosting|Report|WebPage)$/;

type Json = Record<string, unknown>;

function str(v: unknown): string | null {
  if (typeof v === 'string') return v.trim() || null;
  if (typeof v === 'number') return String(v);
  return null;
}

/** Author names from a JSON-LD author value (string, Person, or list of those). */
function authorNames(v: unknown): string[] {
  if (!v) return [];
  if (Array.isArray(v)) return v.flatMap(authorNames);
  if (typeof v === 'string') return /^https?:\/\//.test(v) ? [] : [v.trim()].filter(Boolean);
  if (typeof v === 'object') {
    const name = str((v as Json).name);
    return name ? [name] : [];
  }
  return [];
}

function typesOf(o: Json): string[] {
  const t = o['@type'];
  return (Array.isArray(t) ? t : [t]).filter((x): x is string => typeof x === 'string');
}

/** Flattens JSON-LD blocks (arrays, @graph) into a list of typed objects. */
function jsonLdObjects(doc: Document): Json[] {
  const out: Json[] = [];
  const visit = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(visit);
    else if (v && typeof v === 'object') {
      const o = v as Json;
      out.push(o);
      if (o['@graph']) visit(o['@graph']);
    }
  };
  for (const s of Array.from(doc.querySelectorAll('script[type="application/ld+json"]'))) {
    // Sites often leave CDATA wrappers or trailing semicolons in JSON-LD; strip them rather than lose the block.
    const raw = (s.textContent ?? '')
      .replace(/^\s*<!\[CDATA\[|\]\]>\s*$/g, '')
      .trim()
      .replace(/;\s*$/, '');
    if (!raw) continue;
    try {
      visit(JSON.parse(raw));
    } catch {
      // A malformed block is the page's problem; other metadata sources still apply.
    }
  }
  return out;
}

function metaContent(doc: Document, names: string[]): string | null {
  const metas = Array.from(doc.querySelectorAll('meta'));
  for (const name of names) {
    for (const m of metas) {
      const key = (m.getAttribute('property') ?? m.getAttribute('name') ?? m.getAttribute('itemprop') ?? '').trim().toLowerCase();
      if (key === name) {
        const c = m.getAttribute('content')?.trim();
        if (c) return c;
      }
    }
  }
  return null;
}

export function readMeta(doc: Document): PageMeta {
  const ld = jsonLdObjects(doc);
  const article = ld.find((o) => typesOf(o).some((t) => ARTICLE_TYPES.test(t) && t !== 'WebPage')) ?? null;

  const ldAuthors = article ? authorNames(article.author ?? article.creator) : [];
  const metaAuthor = metaContent(doc, ['author', 'parsely-author', 'sailthru.author', 'citation_author', 'dc.creator', 'dcterms.creator', 'article:author']);
  const byline = ldAuthors.length ? [...new Set(ldAuthors)].join(', ') : metaAuthor && !/^https?:\/\//.test(metaAuthor) ? metaAuthor : null;

  const timeEl = doc.querySelector('article time[datetime], time[pubdate], time[itemprop="datePublished"], time[datetime]');
  const published =
    (article && (str(article.datePublished) ?? str(article.dateCreated))) ??
    metaContent(doc, [
      'article:published_time',
      'og:published_time',
      'parsely-pub-date',
      'citation_publication_date',
      'citation_date',
      'dc.date',
      'dc.date.issued',
      'dcterms.date',
      'dcterms.created',
      'datepublished',
      'pubdate',
      'publishdate',
      'sailthru.date',
      'date',
    ]) ??
    timeEl?.getAttribute('datetime')?.trim() ??
    null;

  const canonicalLink = doc.querySelector('link[rel="canonical"]')?.getAttribute('href')?.trim() || null;
  const publisher = article?.publisher;
  const publisherName = publisher && typeof publisher === 'object' && !Array.isArray(publisher) ? str((publisher as Json).name) : null;

  const htmlLang = doc.documentElement?.getAttribute('lang')?.trim() || null;
  const httpLang = doc.querySelector('meta[http-equiv="content-language" i]')?.getAttribute('content')?.trim() || null;
  const ogLocale = metaContent(doc, ['og:locale', 'dc.language', 'citation_language']);

  return {
    title: (article && str(article.headline)) ?? metaContent(doc, ['og:title', 'twitter:title', 'parsely-title', 'citation_title', 'dc.title']),
    byline,
    published,
    lang: htmlLang ?? httpLang ?? (article && str(article.inLanguage)) ?? ogLocale?.replace('_', '-') ?? null,
    canonicalUrls: [canonicalLink, metaContent(doc, ['og:url']), article && str(article.url)].filter((u): u is string => !!u),
    siteName: metaContent(doc, ['og:site_name', 'application-name']) ?? publisherName,
    description: metaContent(doc, ['description', 'og:description', 'twitter:description']),
    articleBody: article ? str(article.articleBody) : null,
    paywalled: article ? article.isAccessibleForFree === false || article.isAccessibleForFree === 'False' || article.isAccessibleForFree === 'false' : false,
  };
}

/**
 * Normalises a page's date string to ISO 8601, or null. Machine formats go through Date; the prose
 * dates some sites print ("March 3, 2019 10:20 AM") go through chrono, which also avoids Date's
 * habit of reading "03/04/2019" by US rules without saying so.
 */
export function toIsoDate(raw: string | null | undefined): string | null {
  if (!raw) return null;
  const s = raw.trim();
  if (!s) return null;
  if (/^\d{4}-\d{2}-\d{2}/.test(s) || /^[A-Z][a-z]{2}, \d{1,2} [A-Z][a-z]{2} \d{4}/.test(s)) {
    const t = Date.parse(s);
    if (!Number.isNaN(t)) return new Date(t).toISOString();
  }
  if (/^\d{10}$/.test(s)) return new Date(Number(s) * 1000).toISOString();
  const parsed = chrono.parseDate(s);
  if (parsed && !Number.isNaN(parsed.getTime())) return parsed.toISOString();
  return null;
}

/** Resolves a possibly relative URL against the page URL; null when it is not a usable http(s) URL. */
export function absoluteUrl(href: string | null, base: string | undefined): string | null {
  if (!href) return null;
  try {
    const u = base ? new URL(href, base) : new URL(href);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : null;
  } catch {
    return null;
  }
}
