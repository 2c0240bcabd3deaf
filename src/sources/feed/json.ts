// JSON Feed 1.0 and 1.1 (https://jsonfeed.org/version/1.1) mapped by hand: the format is a plain JSON
// object with a handful of fields, so a direct mapping is shorter and clearer than an adapter over a
// general feed library. 1.0's `author` object and 1.1's `authors` array are both read.
import { parseFeedDate } from './dates.ts';
import { resolveLink } from './xml.ts';
import type { FeedEnclosure, FeedItem } from './types.ts';

export interface JsonFeedResult {
  title: string | null;
  link: string | null;
  items: FeedItem[];
}

type Obj = Record<string, unknown>;

function str(v: unknown): string | null {
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : typeof v === 'number' ? String(v) : null;
}

function authorName(o: Obj): string | null {
  const list = Array.isArray(o.authors) ? o.authors : o.author ? [o.author] : [];
  for (const a of list) {
    if (a && typeof a === 'object') {
      const name = str((a as Obj).name) ?? str((a as Obj).url);
      if (name) return name;
    } else if (str(a)) return str(a);
  }
  return null;
}

/** True when `value` looks like a JSON Feed (a version URL or an items array). */
export function isJsonFeed(value: unknown): value is Obj {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return false;
  const o = value as Obj;
  return (typeof o.version === 'string' && o.version.includes('jsonfeed.org')) || Array.isArray(o.items);
}

export function mapJsonFeed(o: Obj, url: string | null): JsonFeedResult {
  const link = resolveLink(str(o.home_page_url), url);
  const base = url ?? str(o.feed_url) ?? link;
  const feedAuthor = authorName(o);
  const items: FeedItem[] = [];
  for (const raw of Array.isArray(o.items) ? o.items : []) {
    if (!raw || typeof raw !== 'object') continue;
    const it = raw as Obj;
    const enclosures: FeedEnclosure[] = [];
    for (const a of Array.isArray(it.attachments) ? it.attachments : []) {
      const att = a as Obj;
      const u = resolveLink(str(att?.url), base);
      if (!u) continue;
      const size = Number(att.size_in_bytes);
      enclosures.push({ url: u, type: str(att.mime_type), length: Number.isFinite(size) && size > 0 ? size : null });
    }
    items.push({
      id: str(it.id),
      title: str(it.title),
      link: resolveLink(str(it.url) ?? str(it.external_url), base),
      published: parseFeedDate(str(it.date_published) ?? str(it.date_modified)),
      author: authorName(it) ?? feedAuthor,
      content: str(it.content_html) ?? str(it.content_text),
      summary: str(it.summary),
      ...(enclosures.length ? { enclosures } : {}),
    });
  }
  return { title: str(o.title), link, items };
}
