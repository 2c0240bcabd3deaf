// Main text and metadata of a news page. Readability (Mozilla's reader-view algorithm) over linkedom
// does the heavy lifting; around it we add what news pages need: metadata from the conventions news
// sites use, a cleanup pass for furniture Readability keeps (share bars, "related" lists, captions),
// a fallback when Readability finds too little, and a `thin` flag for consent walls and paywalls so a
// caller can keep the feed summary instead of a useless page body.
import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import { eld } from 'eld/small';
import { StorylineError } from '../errors.ts';
import { absoluteUrl, readMeta, toIsoDate } from './meta.ts';
import { elementText, normaliseSpace } from './text.ts';

export interface ExtractedPage {
  title: string | null;
  byline: string | null;
  /** ISO 8601 or null. */
  published: string | null;
  /** BCP 47 tag from the page, or an ISO 639-1 code detected from the text; null when unknown. */
  lang: string | null;
  /** Paragraphs separated by "\n\n". */
  text: string;
  canonicalUrl: string | null;
  siteName: string | null;
  excerpt: string | null;
  textLength: number;
  /** Too little article text (consent wall, paywall, stub): callers should prefer a feed summary. */
  thin: boolean;
}

export interface ExtractOptions {
  url?: string;
  /** Names the input in errors (a file path); defaults to the URL. */
  input?: string;
}

/** Larger pages are refused: real article pages are well under this, and parsing cost grows with size. */
export const MAX_HTML_CHARS = 5 * 1024 * 1024;
/**
 * Deeper DOMs are refused: Readability's scoring walks ancestors per node, so pathological nesting costs
 * quadratic time (measured: 5,000 nested divs runs for minutes). Real pages stay below ~100.
 */
export const MAX_DOM_DEPTH = 600;
/**
 * Pages with more elements are refused, not half-read: Readability's cost grows faster than linearly in
 * element count (measured: 200,000 spans take ~19 s). Real news pages have a few thousand (at most ~1,600 in the 127-page extraction benchmark).
 */
export const MAX_ELEMENTS = 30_000;
/** Readability's default: below this many characters it retries with looser rules. */
const READABILITY_CHAR_THRESHOLD = 500;
/** Article text shorter than this (characters) is flagged thin: teaser, stub, or blocked page. */
export const THIN_TEXT_CHARS = 400;
/**
 * Below this many characters Readability found next to nothing and the page's main container is read
 * instead. Kept under THIN_TEXT_CHARS: a short Readability result on a paywalled page is the teaser,
 * and the whole container would add the paywall furniture around it.
 */
const FALLBACK_BELOW_CHARS = 200;
/**
 * When Readability's text is shorter than this share of the JSON-LD articleBody, the page's own
 * articleBody is the better text (Readability picked a teaser block or the body is script-rendered).
 */
const ARTICLE_BODY_PREFERENCE = 0.6;
/** Length of the excerpt built from the text when the page has no description. */
const EXCERPT_CHARS = 200;
/** eld is unreliable on short strings; below this many characters no language is guessed. */
const MIN_LANG_DETECT_CHARS = 40;

/**
 * Class/id fragments of elements that are page furniture on news sites: sharing, newsletters, related
 * and recommended lists, ads, comments, author bios, tags, and photo credits. Removed before
 * Readability scores the page, since Readability keeps some of them when they sit inside the article.
 */
const FURNITURE =
  /(?:^|[\s_-])(?:share|sharing|social|sharebar|share-?tools|newsletter|signup|related|recommend\w*|more-?stories|read-?more|outbrain|taboola|promo|advert\w*|ad-?slot|ad-?container|ad-?wrapper|dfp|sponsor\w*|comments?|disqus|author-?bio|bio-?box|tags?|topics|breadcrumbs?|byline-?social|print-?only|visually-?hidden|sr-only|screen-?reader\w*|credit|caption-?credit|inline-?link|newsletter\w*|subscribe\w*|paywall\w*|video-?player|podcast-?player)(?:$|[\s_-])/i;
const FURNITURE_CONTAINERS = new Set(['DIV', 'SECTION', 'ASIDE', 'UL', 'OL', 'LI', 'FIGURE', 'HEADER', 'FOOTER', 'TABLE', 'P', 'DL']);
/** Tags always removed before scoring: never article text. */
const FURNITURE_TAGS =
  'iframe, button, nav, aside[role="complementary"], dialog, figcaption, [class*="caption" i], [class*="credit" i], ' +
  // Hover cards that sites nest inside the prose next to a linked name.
  '[class*="rollover-block" i], [class*="tooltip" i], [class*="popover" i], [class*="hovercard" i]';
/**
 * A furniture-named element is kept when it holds at least this many paragraphs of mostly plain text:
 * sites put words like "read-more" or "tags" in the class list of the article body itself.
 */
const FURNITURE_KEEP_PARAGRAPHS = 3;
/** Share of an element's text inside links above which it is a link list, whatever its paragraphs. */
const LINK_LIST_DENSITY = 0.5;

/**
 * A text this short on a page that declares a paywall or shows wall phrases is the teaser, not the
 * article; longer texts are kept as articles even when a subscription banner is on the page.
 */
const BLOCKED_PAGE_MAX_CHARS = THIN_TEXT_CHARS * 3;
/** Wall phrases sit near the top of the page; scanning further only finds footers' cookie notices. */
const BLOCKED_SCAN_CHARS = 5000;
/** Phrases of consent walls and paywalls, checked when the extracted text is short. */
const BLOCKED_PAGE =
  /\b(?:subscribe (?:now )?to (?:continue|read)|subscribers? only|already a subscriber|to continue reading|this (?:content|article) is (?:for|available to) (?:paid )?subscribers|sign in to (?:continue|read)|we (?:and our partners )?use cookies|cookie (?:settings|preferences|consent)|accept (?:all )?cookies|manage (?:your )?consent|before you continue|consent to (?:the use of )?cookies|your privacy choices|enable javascript|to read the full (?:story|article)|subscribe to read|create a free account to (?:continue|read))\b/i;

export function extractArticle(html: string, opts: ExtractOptions = {}): ExtractedPage {
  const input = opts.input ?? opts.url ?? 'html';
  if (typeof html !== 'string') throw new StorylineError('extract', 'bad_input', 'HTML must be a string', { input });
  if (html.length > MAX_HTML_CHARS) {
    throw new StorylineError('extract', 'too_large', `page is ${html.length} characters, limit ${MAX_HTML_CHARS}`, { input });
  }
  if (!/<[a-z!?]/i.test(html)) throw new StorylineError('extract', 'not_html', 'input has no HTML markup', { input });

  let document: Document;
  try {
    document = parseHTML(html).document as unknown as Document;
    // linkedom makes a bare fragment's first element the document element; give it the html/body
    // skeleton a browser would infer, so a snippet is read like a page.
    if (document.documentElement && document.documentElement.tagName !== 'HTML') {
      document = parseHTML(`<!DOCTYPE html><html><head></head><body>${html}</body></html>`).document as unknown as Document;
    }
  } catch (err) {
    throw new StorylineError('extract', 'parse_failed', `HTML could not be parsed: ${(err as Error).message}`, { input, cause: err });
  }
  if (!document.documentElement || !document.body) throw new StorylineError('extract', 'no_body', 'page has no <body>', { input });
  checkShape(document, input);

  const meta = readMeta(document);
  const descriptionText = meta.description;
  const fullPageText = normaliseSpace(document.body.textContent ?? '');

  const early = readabilityMetadata(document);
  stripFurniture(document);
  let parsed: ReturnType<Readability<Node>['parse']> = null;
  try {
    parsed = new Readability<Node>(document, {
      maxElemsToParse: MAX_ELEMENTS,
      charThreshold: READABILITY_CHAR_THRESHOLD,
      serializer: (n) => n,
    }).parse();
  } catch (err) {
    const msg = (err as Error).message ?? String(err);
    if (/Aborting parsing document/.test(msg))
      throw new StorylineError('extract', 'too_many_elements', `page has more than ${MAX_ELEMENTS} elements`, { input, cause: err });
    throw new StorylineError('extract', 'readability_failed', msg, { input, cause: err });
  }

  const title = cleanTitle(early?.title) ?? cleanTitle(parsed?.title) ?? meta.title;
  const byline = cleanByline(parsed?.byline) ?? cleanByline(early?.byline) ?? cleanByline(meta.byline);
  let text = parsed?.content
    ? elementText(parsed.content as Element, { drop: [title, meta.title, byline, parsed?.byline, meta.byline, opts.url, ...meta.canonicalUrls] })
    : '';
  // Readability gives up on short pages (below its character threshold) and returns nothing or a
  // fragment; a short news item is still news, so read the page's main container instead.
  if (text.length < FALLBACK_BELOW_CHARS) {
    const fallback = fallbackText(html, [title, meta.title, byline]);
    if (fallback.length > text.length) text = fallback;
  }
  // The page's own articleBody beats a Readability result that is clearly a fragment of it.
  if (meta.articleBody && !meta.paywalled) {
    const body = paragraphsFromPlain(meta.articleBody);
    if (body.length > THIN_TEXT_CHARS && text.length < body.length * ARTICLE_BODY_PREFERENCE) text = body;
  }

  const published = toIsoDate(parsed?.publishedTime) ?? toIsoDate(meta.published);
  const lang = parsed?.lang?.trim() || meta.lang || detectLang(text);
  const excerpt = normaliseSpace(parsed?.excerpt ?? '') || descriptionText || (text ? truncate(text.replace(/\n\n/g, ' '), EXCERPT_CHARS) : null);
  const short = text.length < BLOCKED_PAGE_MAX_CHARS;
  const thin =
    text.length < THIN_TEXT_CHARS || (short && meta.paywalled) || (short && BLOCKED_PAGE.test(text + ' ' + fullPageText.slice(0, BLOCKED_SCAN_CHARS)));

  return {
    title,
    byline,
    published,
    lang,
    text,
    canonicalUrl: meta.canonicalUrls.map((u) => absoluteUrl(u, opts.url)).find((u) => u !== null) ?? absoluteUrl(opts.url ?? null, undefined),
    siteName: normaliseSpace(parsed?.siteName ?? '') || meta.siteName,
    excerpt: excerpt || null,
    textLength: text.length,
    thin,
  };
}

interface EarlyMetadata {
  title?: string;
  byline?: string;
}
interface ReadabilityInternals {
  _getJSONLD?: (doc: Document) => object;
  _getArticleMetadata?: (jsonld: object) => EarlyMetadata;
}

/**
 * Readability's title and meta-tag byline, read before our cleanup pass: its title heuristic compares
 * <title> with the page's headings, and the cleanup can remove the heading it needs. These are internal
 * methods of the pinned @mozilla/readability 0.6.0; if a later version drops them we fall back to the
 * values parse() returns.
 */
function readabilityMetadata(document: Document): EarlyMetadata | null {
  try {
    const r = new Readability(document) as unknown as ReadabilityInternals;
    if (typeof r._getJSONLD !== 'function' || typeof r._getArticleMetadata !== 'function') return null;
    return r._getArticleMetadata(r._getJSONLD(document));
  } catch {
    return null;
  }
}

/** Refuses pathological DOMs before Readability walks them (see MAX_DOM_DEPTH). */
function checkShape(document: Document, input: string): void {
  const stack: Array<[Element, number]> = [[document.documentElement, 1]];
  let count = 0;
  while (stack.length) {
    const [el, depth] = stack.pop()!;
    if (++count > MAX_ELEMENTS) {
      throw new StorylineError('extract', 'too_many_elements', `page has more than ${MAX_ELEMENTS} elements`, { input });
    }
    if (depth > MAX_DOM_DEPTH) {
      throw new StorylineError('extract', 'too_deep', `DOM nesting exceeds ${MAX_DOM_DEPTH} levels`, { input });
    }
    const kids = el.children;
    for (let i = 0; i < kids.length; i++) stack.push([kids[i], depth + 1]);
  }
}

function stripFurniture(document: Document): void {
  // Within <body> only: a class on <html> or <body> (e.g. "has-tooltips") must not take the page with it.
  for (const el of Array.from(document.body.querySelectorAll(FURNITURE_TAGS))) el.remove();
  for (const el of Array.from(document.body.querySelectorAll('[class], [id]'))) {
    if (!el.isConnected) continue;
    // Only containers: inline elements with such classes are usually links inside the prose (tag links,
    // name hover cards) whose text belongs to the sentence.
    if (!FURNITURE_CONTAINERS.has(el.tagName)) continue;
    const key = `${el.getAttribute('class') ?? ''} ${el.getAttribute('id') ?? ''}`;
    if (!FURNITURE.test(key)) continue;
    const textLen = el.textContent?.length ?? 0;
    if (textLen === 0) {
      el.remove();
      continue;
    }
    const paragraphs = el.querySelectorAll('p').length;
    let linkText = 0;
    for (const a of Array.from(el.querySelectorAll('a'))) linkText += a.textContent?.length ?? 0;
    if (paragraphs < FURNITURE_KEEP_PARAGRAPHS || linkText / textLen > LINK_LIST_DENSITY) el.remove();
  }
}

/** Containers that hold the article on most sites, most specific first. */
const MAIN_CONTAINERS = ['[itemprop="articleBody"]', 'article', 'main', '[role="main"]', 'body'];

function fallbackText(html: string, drop: Array<string | null>): string {
  // Readability has mutated the first parse; a fresh one is cheap next to Readability itself.
  const document = parseHTML(html).document as unknown as Document;
  if (!document.body) return '';
  stripFurniture(document);
  for (const sel of MAIN_CONTAINERS) {
    const el = document.querySelector(sel);
    if (!el) continue;
    const t = elementText(el, { drop });
    if (t) return t;
  }
  return '';
}

function paragraphsFromPlain(s: string): string {
  return s
    .split(/\n\s*\n|\r\n\s*\r\n|\n/)
    .map(normaliseSpace)
    .filter(Boolean)
    .join('\n\n');
}

function cleanTitle(t: string | null | undefined): string | null {
  const s = normaliseSpace(t ?? '');
  return s || null;
}

function cleanByline(b: string | null | undefined): string | null {
  const s = normaliseSpace(b ?? '').replace(/^by\s+/i, '');
  if (!s || /^https?:\/\//.test(s) || s.length > 200) return null;
  return s;
}

function detectLang(text: string): string | null {
  if (text.length < MIN_LANG_DETECT_CHARS) return null;
  const r = eld.detect(text.slice(0, 2000));
  return r.language && r.isReliable() ? r.language : null;
}

function truncate(s: string, n: number): string {
  if (s.length <= n) return s;
  const cut = s.slice(0, n);
  const sp = cut.lastIndexOf(' ');
  return (sp > n * 0.6 ? cut.slice(0, sp) : cut) + '…';
}
