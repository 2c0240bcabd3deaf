// Repairs for the defects that make real feeds ill-formed XML. Each repair is small and only applied when
// a stricter attempt failed, so a well-formed feed is parsed exactly as written. The list follows the
// failure modes seen in practice (and in feedparser's ill-formed test feeds): junk before the root,
// DOCTYPEs with internal subsets, bare ampersands in URLs, control characters and HTML-only entities.

export interface Repair {
  name: string;
  apply(xml: string): string;
}

/** Named HTML entities are not defined in XML; numeric references are, so they are rewritten as those. */
function htmlEntitiesToNumeric(xml: string, decode: (s: string) => string): string {
  return xml.replace(/&([a-zA-Z][a-zA-Z0-9]{1,31});/g, (whole, name: string) => {
    if (['amp', 'lt', 'gt', 'quot', 'apos'].includes(name)) return whole;
    const ch = decode(whole);
    if (ch === whole) return `&amp;${name};`;
    return [...ch].map((c) => `&#${c.codePointAt(0)};`).join('');
  });
}

export function repairs(decodeEntity: (s: string) => string): Repair[] {
  return [
    {
      // A document cut off inside its last end tag ("</rss") loses everything in some parsers.
      name: 'final_tag_closed',
      apply: (xml) => xml.replace(/(<\/[A-Za-z][\w:.-]*)\s*$/, '$1>'),
    },
    {
      name: 'junk_before_root',
      apply: (xml) => {
        const i = xml.search(/<(\?xml|rss|feed|rdf:RDF|RDF|channel)\b/i);
        return i > 0 ? xml.slice(i) : xml;
      },
    },
    {
      name: 'doctype_removed',
      apply: (xml) => xml.replace(/<!DOCTYPE[^[>]*(\[[\s\S]*?\])?\s*>/i, ''),
    },
    {
      name: 'control_characters_removed',
      apply: (xml) => xml.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, ''),
    },
    {
      name: 'bare_ampersands_escaped',
      apply: (xml) => xml.replace(/&(?!(?:#\d{1,7}|#x[0-9a-fA-F]{1,6}|[a-zA-Z][a-zA-Z0-9]{1,31});)/g, '&amp;'),
    },
    {
      // An <rss> root with no <channel> is an empty (or Userland-style) feed, not a broken one.
      name: 'channel_added',
      apply: (xml) => (/<channel[\s>/]/i.test(xml) ? xml : xml.replace(/(<rss\b[^>]*>)([\s\S]*?)(<\/rss\s*>|$)/i, '$1<channel>$2</channel>$3')),
    },
    {
      name: 'html_entities_numeric',
      apply: (xml) => htmlEntitiesToNumeric(xml, decodeEntity),
    },
  ];
}
