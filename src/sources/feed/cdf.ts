// Microsoft's Channel Definition Format (CDF, 1997): <CHANNEL HREF=…> holding <ITEM HREF=… LASTMOD=…>
// with <TITLE> and <ABSTRACT>. Long obsolete, but feedparser reads it and old intranet "channels" still
// exist, so it is mapped onto the same feed model. Element and attribute names are matched without
// regard to case, as the format's own examples mix them.
import { DOMParser } from 'linkedom';
import { parseFeedDate } from './dates.ts';
import { resolveLink } from './xml.ts';
import type { FeedItem } from './types.ts';

type El = Element;

export interface CdfFeed {
  title: string | null;
  link: string | null;
  items: FeedItem[];
}

/** linkedom's XML mode leaves entity references in attribute values as written. */
function decodeAttr(v: string | null): string | null {
  if (v === null) return null;
  return v.replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos);/gi, (whole, ref: string) => {
    const r = ref.toLowerCase();
    if (r.startsWith('#x')) return String.fromCodePoint(parseInt(r.slice(2), 16));
    if (r.startsWith('#')) return String.fromCodePoint(Number(r.slice(1)));
    return ({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" } as Record<string, string>)[r] ?? whole;
  });
}

function attr(el: El, name: string): string | null {
  for (const a of Array.from(el.attributes)) if (a.name.toLowerCase() === name) return decodeAttr(a.value);
  return null;
}

function children(el: El, name: string): El[] {
  return Array.from(el.children).filter((c) => c.localName.toLowerCase() === name);
}

function childText(el: El, name: string): string | null {
  const t = children(el, name)[0]?.textContent?.replace(/\s+/g, ' ').trim();
  return t ? t : null;
}

/** BASE on a channel plays the part of xml:base for everything inside it. */
function baseOf(el: El, docBase: string | null): string | null {
  const chain: string[] = [];
  for (let e: El | null = el; e; e = e.parentElement) {
    const b = attr(e, 'base') ?? attr(e, 'xml:base');
    if (b) chain.push(b.trim());
  }
  let base = docBase;
  for (const b of chain.reverse()) base = resolveLink(b, base);
  return base;
}

/** True when the document's root element is a CDF <CHANNEL>. */
export function looksLikeCdf(text: string): boolean {
  return /^\s*(?:<\?xml[^>]*>\s*)?(?:<!--[\s\S]*?-->\s*|<!DOCTYPE[^>]*>\s*)*<channel[\s>/]/i.test(text);
}

/** Parses a CDF document; null when the root is not a CHANNEL. */
export function parseCdf(text: string, url: string | null): CdfFeed | null {
  if (!looksLikeCdf(text)) return null;
  const doc = new DOMParser().parseFromString(text, 'text/xml');
  const root = doc.documentElement as unknown as El | null;
  if (!root || root.localName.toLowerCase() !== 'channel') return null;
  const items: FeedItem[] = [];
  // Sub-channels nest; their items belong to the one feed.
  const walk = (channel: El) => {
    for (const c of Array.from(channel.children)) {
      const name = c.localName.toLowerCase();
      if (name === 'channel') walk(c);
      if (name !== 'item') continue;
      const base = baseOf(c, url);
      items.push({
        id: null,
        title: childText(c, 'title'),
        link: resolveLink(attr(c, 'href'), base),
        published: parseFeedDate(attr(c, 'lastmod') ?? ''),
        author: null,
        content: null,
        summary: childText(c, 'abstract'),
      });
    }
  };
  walk(root);
  return { title: childText(root, 'title'), link: resolveLink(attr(root, 'href'), baseOf(root, url)), items };
}
