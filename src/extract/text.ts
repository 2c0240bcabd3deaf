// Turns an article DOM subtree into plain text: block elements become paragraphs separated by a blank
// line, inline runs are joined, whitespace is normalised, and lines that are page furniture rather than
// article ("Advertisement", "Share this article", photo credits) are dropped.

const BLOCK_TAGS = new Set([
  'ADDRESS',
  'ARTICLE',
  'ASIDE',
  'BLOCKQUOTE',
  'DD',
  'DETAILS',
  'DIV',
  'DL',
  'DT',
  'FIELDSET',
  'FIGCAPTION',
  'FIGURE',
  'FOOTER',
  'FORM',
  'H1',
  'H2',
  'H3',
  'H4',
  'H5',
  'H6',
  'HEADER',
  'HR',
  'LI',
  'MAIN',
  'NAV',
  'OL',
  'P',
  'PRE',
  'SECTION',
  'SUMMARY',
  'TABLE',
  'TBODY',
  'THEAD',
  'TFOOT',
  'TR',
  'UL',
  'CAPTION',
]);

/** Never text: scripts, styles, embedded media and form controls. */
const SKIP_TAGS = new Set([
  'SCRIPT',
  'STYLE',
  'NOSCRIPT',
  'TEMPLATE',
  'SVG',
  'CANVAS',
  'IFRAME',
  'OBJECT',
  'EMBED',
  'VIDEO',
  'AUDIO',
  'BUTTON',
  'SELECT',
  'TEXTAREA',
  'INPUT',
  'HEAD',
  'TITLE',
]);

/**
 * Whole paragraphs that are page furniture. Matched against a paragraph's full text (case-insensitive),
 * so an article sentence that merely mentions "advertisement" is kept.
 */
const BOILERPLATE_PARAGRAPH = new RegExp(
  '^(?:' +
    [
      'advertisement',
      'advertisements?',
      'ad',
      'sponsored( content)?',
      'story continues below( advertisement)?',
      'continue reading( the main story| below)?',
      'article continues below',
      'read more',
      'read more:?',
      'more:?',
      'share( this)?( article| story| page)?( on \\w+)?',
      'share on (facebook|twitter|linkedin|whatsapp|email)',
      'tweet',
      'email',
      'print',
      'copy link',
      'link copied',
      'comments?',
      'show comments',
      'skip (to|past) .{0,30}',
      '(click|tap) (here )?to (expand|enlarge|view|play).{0,30}',
      'image( \\d+)?( of \\d+)?',
      'enlarge (this )?image',
      'toggle caption',
      'hide caption',
      'image caption',
      'media caption',
      'caption',
      'photo:?',
      '(photo|image) credit:?.{0,60}',
      'related( articles?| stories| content| coverage| topics)?:?',
      'recommended( for you)?:?',
      'most (read|popular|viewed)',
      'sign up( for (our|the) .{0,40})?',
      'subscribe( now| today)?',
      'follow us( on .{0,30})?',
      'back to top',
      'loading\\.*',
      'play video',
      'watch:?( .{0,40})?video',
      'listen to (this|the) (article|story)',
      'audio',
      'this article is more than \\d+ (months?|years?) old',
      'sign in',
      'log in',
      'updated',
      'published',
      'advert',
      'iklan',
      '(breaking|latest|top|more) (news|stories|articles)',
      'recent (articles|posts|stories)',
      'popular( this week| now| stories)?',
      'you (may|might) also like',
      'highlights',
      'source:?',
      'home',
      'trending( now)?',
      "editor'?s picks",
      'by',
      'order reprints?',
      'reprints?',
      'print( this)? (article|story|page)',
      '(text|font) size',
      'view comments',
      'save( article| story)?',
    ].join('|') +
    ')[.!:]?$',
  'i',
);

/** Credits and captions that sites print as their own paragraph. */
const CREDIT_PARAGRAPH =
  /^(?:\(?(?:photo|image|picture|video|graphic|illustration)s?(?: credit)?:|\((?:AP|AFP|Reuters|Getty|EPA)[^)]{0,40}\)$|(?:AP|AFP|Reuters|Getty Images|EPA|Shutterstock)(?: Photo)?(?:\/[\w .]+)?$)/i;

export function normaliseSpace(s: string): string {
  return s
    .replace(/[\u00a0\u2000-\u200a\u202f\u205f\u3000\t\r\f\v ]+/g, ' ')
    .replace(/\u200b|\u200c|\u200d|\ufeff|\u00ad/g, '')
    .trim();
}

export function isBoilerplateParagraph(p: string): boolean {
  return BOILERPLATE_PARAGRAPH.test(p) || CREDIT_PARAGRAPH.test(p);
}

interface Paragraph {
  text: string;
  /** Characters of the paragraph that sit inside links. */
  linkChars: number;
}

/** A paragraph is "a link" when nearly all its text is link text (teasers, related-story lists). */
const LINK_PARAGRAPH_SHARE = 0.9;
/** This many link paragraphs in a row are a link list (related stories), not article text. */
const LINK_RUN_MIN = 2;
/** Short non-link lines inside a teaser list (kickers, labels) up to this length are part of the list. */
const KICKER_MAX_CHARS = 40;
/** Paragraphs no longer than this many characters can be dropped as a bare dateline/timestamp. */
const DATELINE_MAX_CHARS = 90;

/** Tokens a bare timestamp is made of: month and day names, numbers, clock times, zones, and labels. */
const DATE_TOKEN =
  /^(?:(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*|(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*|\d+(?:st|nd|rd|th|am|pm|h)?|am|pm|a\.?m|p\.?m|[a-z]{1,2}[sd]t|gmt|utc|et|pt|ct|published|posted|updated|last|modified|first|on|at|date|time|de|le|am|um|el)$/i;
/** Datelines carry at least one of these: a month name, a numeric date, or a clock time. */
const DATE_ANCHOR = /\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b|\d{1,2}[./-]\d{1,2}[./-]\d{2,4}|\d{4}-\d{2}-\d{2}|\d{1,2}:\d{2}/i;

/** Promotions for the site's own products that sit inside article bodies. */
const PROMO_PARAGRAPH =
  /^(?:\[?(?:related|see more|see also|read more|read also|more|also|also read|related post|related article|recommended|watch|listen|click here|get the latest|sign up|subscribe|follow (?:us|him|her|them)|have a tip|don't miss|must read|trending)\b.{0,200}$|.{0,200}\b(?:newsletters?|subscribe to (?:our|the)|sign up (?:for|to)|follow us on)\b.{0,120}$)/i;
/** Captions that end in a credit, e.g. "Protesters in the street (Image: GETTY )". */
const CAPTION_CREDIT =
  /\((?:image|photo|picture|pic|credit|video|source: getty)s?:?[^)]{0,60}\)\s*$|(?:\/|\|)\s*(?:getty images|ap|afp|reuters|epa|shutterstock|ap photo|ap file)\s*$/i;

/**
 * A paragraph that is only a social profile or an e-mail address (author contact lines). Bare web
 * URLs are not on this list: articles list sources that way; only the page's own URL is dropped.
 */
const BARE_ADDRESS = /^(?:https?:\/\/)?(?:www\.)?(?:twitter\.com|facebook\.com|instagram\.com)\/\S+$|^[\w.+-]+@[\w-]+\.[\w.]+$/i;
/** Words share bars are made of, across the languages seen in news pages. */
const SOCIAL_WORDS = new Set(
  'facebook twitter x whatsapp pinterest pint pin linkedin reddit tumblr telegram email e-mail mail print share shares tweet copy link messenger flipboard sms baixar compartilhar partager teilen condividi compartir comments comment save'.split(
    ' ',
  ),
);

function isSocialBar(p: string): boolean {
  const words = p
    .toLowerCase()
    .split(/[\s|,·•/]+/)
    .filter(Boolean);
  return words.length >= 2 && words.length <= 12 && words.every((w) => SOCIAL_WORDS.has(w.replace(/[^\p{L}-]/gu, '')));
}

function isDateline(p: string): boolean {
  if (p.length > DATELINE_MAX_CHARS || !DATE_ANCHOR.test(p)) return false;
  const tokens = p.split(/[\s,.:;|/()\u2013\u2014-]+/).filter(Boolean);
  // Every token must belong to a timestamp; one stray word (a site name, "EST") is tolerated.
  return tokens.filter((t) => !DATE_TOKEN.test(t)).length <= 1 && tokens.length >= 2;
}

/** Paragraph that carries no article content whatever its position. */
export function isFurnitureParagraph(p: string): boolean {
  if (isBoilerplateParagraph(p)) return true;
  if (BARE_ADDRESS.test(p)) return true;
  if (isSocialBar(p)) return true;
  if (!/[\p{L}]/u.test(p)) return true; // counters, page numbers, bare punctuation
  if (isDateline(p)) return true;
  if (p.length < 260 && PROMO_PARAGRAPH.test(p)) return true;
  if (p.length < 400 && CAPTION_CREDIT.test(p)) return true;
  return false;
}

export interface TextOptions {
  /** Paragraphs equal to these (title, byline, the page's URL) are dropped: pages repeat them above the body. */
  drop?: Array<string | null | undefined>;
}

/** Plain text of an element, paragraphs separated by "\n\n". */
export function elementText(root: Element, opts: TextOptions = {}): string {
  const paragraphs: Paragraph[] = [];
  let current = '';
  let currentLinkChars = 0;
  const flush = (): void => {
    const lines = current.split('\n');
    // Link characters cannot be split by line exactly; spread them by length, which is exact when the
    // block is a single line (the usual case).
    const total = current.length || 1;
    for (const line of lines) {
      const text = normaliseSpace(line);
      if (text) paragraphs.push({ text, linkChars: Math.min(text.length, Math.round((currentLinkChars * line.length) / total)) });
    }
    current = '';
    currentLinkChars = 0;
  };
  // Iterative walk: a deeply nested page must not exhaust the call stack here.
  const stack: Array<{ node: Node; exit: boolean; inLink: boolean; inPre: boolean }> = [{ node: root, exit: false, inLink: false, inPre: false }];
  while (stack.length) {
    const { node, exit, inLink, inPre } = stack.pop()!;
    if (exit) {
      flush();
      continue;
    }
    if (node.nodeType === 3) {
      // Source line breaks are layout, not text; only <br> and <pre> lines end a line.
      const raw = node.nodeValue ?? '';
      const v = inPre ? raw : raw.replace(/[\r\n]+/g, ' ');
      current += v;
      if (inLink) currentLinkChars += v.length;
      continue;
    }
    if (node.nodeType !== 1) continue;
    const el = node as Element;
    const tag = el.tagName.toUpperCase();
    if (SKIP_TAGS.has(tag)) continue;
    if (tag === 'BR') {
      current += '\n';
      continue;
    }
    if (tag === 'TR' && isDataRow(el)) {
      // A data row reads as one line, cells separated by spaces, whatever markup the cells hold.
      flush();
      current = Array.from(el.children)
        .map((c) => normaliseSpace(c.textContent ?? ''))
        .filter(Boolean)
        .join(' ');
      flush();
      continue;
    }
    const block = BLOCK_TAGS.has(tag);
    if (block) {
      flush();
      stack.push({ node, exit: true, inLink, inPre });
    }
    // Table cells stay on their row's line, so a table reads as one line per row.
    if (tag === 'TD' || tag === 'TH') current += ' ';
    const childInLink = inLink || tag === 'A';
    const childInPre = inPre || tag === 'PRE';
    const kids = el.childNodes;
    for (let i = kids.length - 1; i >= 0; i--) stack.push({ node: kids[i], exit: false, inLink: childInLink, inPre: childInPre });
  }
  flush();
  return cleanParagraphs(paragraphs, opts).join('\n\n');
}

/** Rows longer than this are layout (old sites lay out whole pages in tables), not data. */
const DATA_ROW_MAX_CHARS = 600;

function isDataRow(tr: Element): boolean {
  return !tr.querySelector('table') && (tr.textContent?.length ?? 0) <= DATA_ROW_MAX_CHARS;
}

/** Loose form for comparing a paragraph with the title or byline: case, quotes and punctuation vary. */
function comparable(s: string): string {
  return normaliseSpace(s.toLowerCase().replace(/[^\p{L}\p{N}\s]+/gu, ' '));
}

function cleanParagraphs(paragraphs: Paragraph[], opts: TextOptions): string[] {
  const drop = new Set((opts.drop ?? []).filter((d): d is string => !!d).map(comparable));
  const isLink = (p: Paragraph): boolean => p.linkChars >= p.text.length * LINK_PARAGRAPH_SHARE;
  const keep = paragraphs.map((p) => {
    const key = comparable(p.text);
    if (drop.has(key) || drop.has(key.replace(/^by\s+/, ''))) return false;
    return !isFurnitureParagraph(p.text);
  });
  // Runs of link-only paragraphs are related-story lists; a lone linked paragraph may be real text.
  for (let i = 0; i < paragraphs.length;) {
    if (!isLink(paragraphs[i])) {
      i++;
      continue;
    }
    let j = i;
    // Teaser lists often put a short kicker ("EYE POPPING") above each linked headline; the kicker
    // belongs to the list when a link paragraph follows it.
    const kicker = (k: number): boolean => paragraphs[k].text.length <= KICKER_MAX_CHARS && k + 1 < paragraphs.length && isLink(paragraphs[k + 1]);
    while (j < paragraphs.length && (isLink(paragraphs[j]) || !keep[j] || kicker(j))) j++;
    const linkCount = paragraphs.slice(i, j).filter(isLink).length;
    if (linkCount >= LINK_RUN_MIN) for (let k = i; k < j; k++) keep[k] = false;
    i = j;
  }
  return paragraphs.filter((_, i) => keep[i]).map((p) => p.text);
}
