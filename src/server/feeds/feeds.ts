// Outbound feeds of the top stories: Atom 1.0 (RFC 4287) and JSON Feed 1.1. An entry is a story, not a
// brief version: its id stays the same while the story grows and `updated` moves with each new brief, so
// a reader replaces the entry it holds instead of piling up versions.
import { createHash } from 'node:crypto';
import type { PublishedStory } from './stories.ts';
import { briefHtml, briefSummary, escapeHtml } from './brief-html.ts';

export const FEED_TITLE = 'storyline: top stories';
const AUTHOR = 'storyline';

/** A story's entry id: a name-based UUID (RFC 4122 version 5 layout), the same on every host and port. */
export function storyEntryId(storyId: string): string {
  const h = createHash('sha1').update(`storyline:story:${storyId}`).digest();
  h[6] = (h[6] & 0x0f) | 0x50;
  h[8] = (h[8] & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString('hex');
  return `urn:uuid:${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`;
}

/** XML 1.0 cannot carry most control characters, even escaped; article text sometimes holds them. */
function xmlText(s: string): string {
  return escapeHtml(s.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, ''));
}

function rfc3339(iso: string | null | undefined, fallback: string): string {
  const t = iso ? Date.parse(iso) : NaN;
  return new Date(Number.isNaN(t) ? Date.parse(fallback) : t).toISOString();
}

function updatedOf(stories: PublishedStory[]): string {
  return stories.reduce((m, s) => (s.brief.createdAt > m ? s.brief.createdAt : m), '1970-01-01T00:00:00.000Z');
}

/** What tells one feed from another: the top stories', or a watchlist's. */
export interface FeedMeta {
  title: string;
  /** Path of the Atom feed; the JSON feed's is the same with .json. */
  atomPath: string;
  /** Page the feed stands for. */
  homePath: string;
  /** Key of the feed's own id (a name-based UUID, as entries have). */
  idKey: string;
  description: string;
}

export const TOP_STORIES_FEED: FeedMeta = {
  title: FEED_TITLE,
  atomPath: '/feeds/stories.atom',
  homePath: '/',
  idKey: '',
  description: 'The top stories, each as its cited brief; an item is updated as its story grows.',
};

export function storiesAtom(stories: PublishedStory[], base: string, meta: FeedMeta = TOP_STORIES_FEED): string {
  const self = `${base}${meta.atomPath}`;
  const entries = stories.map((s) => {
    const link = `${base}/stories/${encodeURIComponent(s.summary.id)}`;
    const updated = rfc3339(s.brief.createdAt, s.brief.createdAt);
    return `  <entry>
    <id>${storyEntryId(s.summary.id)}</id>
    <title type="text">${xmlText(s.brief.headline.text)}</title>
    <updated>${updated}</updated>
    <published>${rfc3339(s.summary.first, s.brief.createdAt)}</published>
    <link rel="alternate" type="text/html" href="${xmlText(link)}"/>
    <summary type="text">${xmlText(briefSummary(s.brief))}</summary>
    <content type="html">${xmlText(briefHtml(s.brief, s.articles, base))}</content>
  </entry>`;
  });
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <id>${storyEntryId(meta.idKey)}</id>
  <title type="text">${xmlText(meta.title)}</title>
  <updated>${rfc3339(updatedOf(stories), updatedOf(stories))}</updated>
  <author><name>${AUTHOR}</name></author>
  <link rel="self" type="application/atom+xml" href="${xmlText(self)}"/>
  <link rel="alternate" type="text/html" href="${xmlText(base + meta.homePath)}"/>
  <generator>storyline</generator>
${entries.join('\n')}
</feed>
`;
}

export function storiesJsonFeed(stories: PublishedStory[], base: string, meta: FeedMeta = TOP_STORIES_FEED) {
  return {
    version: 'https://jsonfeed.org/version/1.1',
    title: meta.title,
    home_page_url: `${base}${meta.homePath}`,
    feed_url: `${base}${meta.atomPath.replace(/\.atom$/, '.json')}`,
    description: meta.description,
    authors: [{ name: AUTHOR }],
    items: stories.map((s) => ({
      id: storyEntryId(s.summary.id),
      url: `${base}/stories/${encodeURIComponent(s.summary.id)}`,
      title: s.brief.headline.text,
      content_html: briefHtml(s.brief, s.articles, base),
      summary: briefSummary(s.brief),
      date_published: rfc3339(s.summary.first, s.brief.createdAt),
      date_modified: rfc3339(s.brief.createdAt, s.brief.createdAt),
    })),
  };
}
