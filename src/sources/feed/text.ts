// Feed titles as plain text. Atom says what a title is (type="text", "html" or "xhtml"); RSS does not,
// and in practice carries either plain text or a little inline HTML. Downstream code shows and clusters
// titles as text, so the parser settles the question once, here, where the declared type is known: a
// literal "<blink>" in a text title survives, markup in an HTML title does not.
import { parseHTML } from 'linkedom';

/** Text of an HTML fragment: tags dropped, entities decoded, script/style left out, spaces collapsed. */
export function htmlFragmentText(html: string): string {
  // A fresh document per call: reusing one through innerHTML leaves linkedom in a broken state after
  // some hostile markup (feedparser's sanitize tests trip it).
  const { document } = parseHTML(`<!doctype html><html><head></head><body>${html}</body></html>`);
  for (const el of [...document.querySelectorAll('script, style, noscript, template')]) el.remove();
  // ASCII whitespace only: no-break and thin spaces are the publisher's.
  return (document.body?.textContent ?? '').replace(/[ \t\n\r\f]+/g, ' ').trim();
}

/**
 * Inline tags that mark an RSS title as HTML. A fixed list rather than "anything in angle brackets" so
 * that a title about the <blink> tag, entity-escaped as the RSS spec asks, keeps its words.
 */
const RSS_TITLE_MARKUP =
  /<\/?(?:a|abbr|b|big|br|cite|code|del|div|em|font|i|img|ins|mark|p|q|s|small|span|strike|strong|sub|sup|u)\b[^<>]*>|&(?:[a-z]+|#\d+|#x[0-9a-f]+);/i;

/** An RSS/RDF title (already entity-decoded once by the XML parser) as plain text. */
export function rssTitleText(title: string | null): string | null {
  if (title === null) return null;
  const t = RSS_TITLE_MARKUP.test(title) ? htmlFragmentText(title) : title.replace(/[ \t\n\r\f]+/g, ' ').trim();
  return t || null;
}

export type AtomTextType = 'text' | 'html' | 'xhtml' | 'base64';

/** How an Atom text construct's content is to be read, from its type (and Atom 0.3 mode) attributes. */
export function atomTextType(type: string | null, mode: string | null): AtomTextType {
  if ((mode ?? '').toLowerCase() === 'base64') return 'base64';
  const t = (type ?? 'text').trim().toLowerCase();
  if (t === 'html' || t === 'text/html') return 'html';
  if (t === 'xhtml' || t === 'application/xhtml+xml') return 'xhtml';
  if (t === 'text' || t === 'text/plain' || t === '') return 'text';
  // Any other media type means base64 content (RFC 4287 section 3.1.1.3), except textual and XML ones.
  if (t.startsWith('text/') || t.endsWith('+xml') || t.endsWith('/xml')) return 'text';
  return 'base64';
}
