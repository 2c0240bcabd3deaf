// The daily briefing: the stories that moved since a time, each as its headline, lead and the developments
// that cite what arrived since (all of them for a story that is new in the window), every sentence with
// numbered notes naming its sources (title, outlet, date, URL), numbered once across the whole digest.
// Three renderings from one walk: markdown (footnotes), plain text ([n] and a source list), and a
// standalone HTML page (links to the original articles).
import type { Brief, BriefDevelopment, BriefSentence } from '../types.ts';
import { Footnotes, textMarker, type SourceLookup } from './footnotes.ts';
import { markdownSections } from './render.ts';

export interface DigestStory {
  storyId: string;
  brief: Brief;
  /** Developments (by index) citing articles that arrived in the window; empty: the lead only. */
  fresh: number[];
  /** The story began inside the window: every development is news. */
  isNew: boolean;
  /** Why it is in a watchlist's digest ("entity:Mara Quinn"…); empty for the general digest. */
  reasons: string[];
  articles: number;
  sources: number;
}

export interface Digest {
  since: string;
  until: string;
  /** The watchlist the digest is for, or null for the top stories. */
  watchlist: { id: string; name: string } | null;
  stories: DigestStory[];
  /** Stories that moved in the window but did not fit (past the limit). */
  more: number;
}

export type DigestFormat = 'md' | 'text' | 'html';

/**
 * Developments shown per story: a briefing is read in a few minutes, and ten stories of three paragraphs
 * each is about that (the demo corpus's big stories have up to eight; the story page has them all).
 */
export const DIGEST_DEVELOPMENTS = 3;

function developmentsShown(s: DigestStory): BriefDevelopment[] {
  const fresh = new Set(s.fresh);
  return s.brief.developments.filter((_, i) => s.isNew || fresh.has(i)).slice(0, DIGEST_DEVELOPMENTS);
}

function title(d: Digest): string {
  return d.watchlist ? `storyline digest: ${d.watchlist.name}` : 'storyline digest';
}

function windowLine(d: Digest): string {
  const fmt = (iso: string) => `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
  const n = d.stories.length;
  const count = n === 0 ? 'Nothing new' : `${n} ${n === 1 ? 'story' : 'stories'} with news${d.more ? ` (and ${d.more} more)` : ''}`;
  return `${count} from ${fmt(d.since)} to ${fmt(d.until)}.`;
}

function storyMeta(s: DigestStory): string {
  const parts = [`${s.articles} ${s.articles === 1 ? 'article' : 'articles'}`, `${s.sources} ${s.sources === 1 ? 'source' : 'sources'}`];
  if (s.isNew) parts.unshift('new story');
  if (s.reasons.length) parts.push(`matched ${s.reasons.map((r) => r.slice(r.indexOf(':') + 1)).join(', ')}`);
  return parts.join(' · ');
}

function renderMd(d: Digest, sources: SourceLookup): string {
  const notes = new Footnotes(sources);
  const out: string[] = [`# ${title(d)}`, '', windowLine(d), ''];
  for (const s of d.stories) {
    const shown = new Set(developmentsShown(s));
    const sections = markdownSections(s.brief, notes, { level: 2, developments: (dev) => shown.has(dev) });
    // The headline line, then the story's facts under it.
    out.push(sections[0], '', `*${storyMeta(s)}*`, ...sections.slice(1));
  }
  if (notes.list().length) out.push('---', '');
  for (const note of notes.list()) out.push(`[^${note.n}]: ${Footnotes.text(note)}`);
  return out.join('\n').trimEnd() + '\n';
}

function renderText(d: Digest, sources: SourceLookup): string {
  const notes = new Footnotes(sources);
  const mark = (x: BriefSentence) => notes.mark(x, textMarker);
  const out: string[] = [title(d).toUpperCase(), windowLine(d), ''];
  d.stories.forEach((s, i) => {
    out.push(`${i + 1}. ${mark(s.brief.headline)}`, `   ${storyMeta(s)}`, '', `   ${s.brief.lead.map(mark).join(' ')}`, '');
    for (const dev of developmentsShown(s)) {
      out.push(`   * ${mark(dev.headline)}${dev.date ? ` (${dev.date.slice(0, 10)})` : ''}`, `     ${dev.sentences.map(mark).join(' ')}`, '');
    }
  });
  if (notes.list().length) {
    out.push('Sources');
    for (const note of notes.list()) out.push(`[${note.n}] ${Footnotes.text(note)}`);
  }
  return out.join('\n').trimEnd() + '\n';
}

function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

function httpUrl(u: string | null): string | null {
  return u && /^https?:\/\//i.test(u) ? u : null;
}

function renderHtml(d: Digest, sources: SourceLookup): string {
  const notes = new Footnotes(sources);
  const mark = (x: BriefSentence) =>
    esc(x.text) + [...new Set(x.citations.map((c) => notes.number(c)))].map((n) => `<sup><a href="#n${n}">[${n}]</a></sup>`).join('');
  const body: string[] = [`<h1>${esc(title(d))}</h1>`, `<p class="window">${esc(windowLine(d))}</p>`];
  for (const s of d.stories) {
    body.push(
      `<article data-story="${esc(s.storyId)}">`,
      `<h2>${mark(s.brief.headline)}</h2>`,
      `<p class="meta">${esc(storyMeta(s))}</p>`,
      `<p class="lead">${s.brief.lead.map(mark).join(' ')}</p>`,
    );
    for (const dev of developmentsShown(s)) {
      body.push(
        `<h3>${mark(dev.headline)}${dev.date ? ` <time>${esc(dev.date.slice(0, 10))}</time>` : ''}</h3>`,
        `<p>${dev.sentences.map(mark).join(' ')}</p>`,
      );
    }
    body.push('</article>');
  }
  if (notes.list().length) {
    body.push('<h2>Sources</h2><ol class="sources">');
    for (const note of notes.list()) {
      const text = esc(Footnotes.text(note));
      const href = httpUrl(note.url);
      body.push(
        `<li id="n${note.n}">${href ? `${esc(Footnotes.text({ ...note, ref: note.ref && { ...note.ref, url: null } }))} <a href="${esc(href)}">${esc(href)}</a>` : text}</li>`,
      );
    }
    body.push('</ol>');
  }
  return (
    `<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${esc(title(d))}</title></head>\n` +
    `<body>\n${body.join('\n')}\n</body></html>\n`
  );
}

export function renderDigest(d: Digest, format: DigestFormat, sources: SourceLookup): string {
  return format === 'md' ? renderMd(d, sources) : format === 'text' ? renderText(d, sources) : renderHtml(d, sources);
}
