// Allowlist sanitizer for any page HTML kept for display (article bodies shown in the web UI). Built on
// sanitize-html: only structural and text-level tags survive; no script, style, iframe, form or event
// handler; URLs only http(s)/mailto (and relative); every link opens without referrer or opener and
// carries nofollow, since the content is third-party.
import sanitizeHtml from 'sanitize-html';

const ALLOWED_TAGS = [
  'p',
  'br',
  'hr',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'blockquote',
  'pre',
  'code',
  'ul',
  'ol',
  'li',
  'dl',
  'dt',
  'dd',
  'a',
  'em',
  'strong',
  'b',
  'i',
  'u',
  's',
  'sub',
  'sup',
  'small',
  'mark',
  'q',
  'cite',
  'abbr',
  'time',
  'span',
  'figure',
  'figcaption',
  'img',
  'picture',
  'table',
  'thead',
  'tbody',
  'tfoot',
  'tr',
  'th',
  'td',
  'caption',
];

const OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: ALLOWED_TAGS,
  allowedAttributes: {
    a: ['href', 'title'],
    img: ['src', 'alt', 'title', 'width', 'height'],
    time: ['datetime'],
    abbr: ['title'],
    q: ['cite'],
    blockquote: ['cite'],
    th: ['colspan', 'rowspan', 'scope'],
    td: ['colspan', 'rowspan'],
  },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesByTag: { img: ['http', 'https'] },
  allowedSchemesAppliedToAttributes: ['href', 'src', 'cite'],
  allowProtocolRelative: false,
  // Dropped with their content: text inside these is never article text.
  nonTextTags: ['script', 'style', 'textarea', 'option', 'noscript', 'template', 'iframe', 'object', 'embed', 'svg', 'math', 'title', 'head'],
  disallowedTagsMode: 'discard',
  transformTags: {
    a: (tagName, attribs) => ({ tagName, attribs: { ...attribs, rel: 'noopener noreferrer nofollow' } }),
  },
  parser: { lowerCaseAttributeNames: true },
};
// transformTags adds rel after attribute filtering would run, so rel must be allowed on <a>.
(OPTIONS.allowedAttributes as Record<string, string[]>).a.push('rel');

/** Safe HTML for display. Relative URLs are resolved against `baseUrl` when given, so they keep working off-site. */
export function sanitizeForDisplay(html: string, opts: { baseUrl?: string } = {}): string {
  if (!opts.baseUrl) return sanitizeHtml(html, OPTIONS);
  const base = opts.baseUrl;
  const resolve = (u: string | undefined): string | undefined => {
    if (!u) return u;
    try {
      return new URL(u, base).href;
    } catch {
      return undefined;
    }
  };
  return sanitizeHtml(html, {
    ...OPTIONS,
    transformTags: {
      a: (tagName, attribs) => ({ tagName, attribs: { ...attribs, href: resolve(attribs.href) ?? '', rel: 'noopener noreferrer nofollow' } }),
      img: (tagName, attribs) => ({ tagName, attribs: { ...attribs, src: resolve(attribs.src) ?? '' } }),
    },
  });
}
