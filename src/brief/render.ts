// Renderings of a Brief for people and for scorers: plain text (optionally cut to N words, for ROUGE),
// markdown with footnote-style citation markers, and the citation list behind the markers.
import type { Brief, BriefSentence } from '../types.ts';
import { Footnotes, markdownMarker, type SourceLookup } from './footnotes.ts';

/** Lead and development paragraphs as plain text; with `maxWords`, cut to at most that many words. */
export function renderText(brief: Brief, maxWords?: number, withHeadlines = false): string {
  const parts: string[] = [];
  if (withHeadlines) parts.push(brief.headline.text);
  parts.push(brief.lead.map((s) => s.text).join(' '));
  for (const d of brief.developments) {
    const body = d.sentences.map((s) => s.text).join(' ');
    parts.push(withHeadlines ? `${d.headline.text}\n${body}` : body);
  }
  let text = parts.filter(Boolean).join('\n\n');
  if (maxWords !== undefined) {
    const words = text.split(/(\s+)/);
    let n = 0;
    let out = '';
    for (const w of words) {
      if (/\S/.test(w)) {
        if (n === maxWords) break;
        n++;
      }
      out += w;
    }
    text = out.trimEnd();
  }
  return text;
}

/**
 * Markdown: headline, lead, one section per development; `[^n]` markers point at notes naming each cited
 * source (title, outlet, date, URL) when `sources` knows the article, else the bare cited span.
 */
export function renderMarkdown(brief: Brief, sources?: SourceLookup): string {
  const notes = new Footnotes(sources);
  const out = markdownSections(brief, notes);
  for (const note of notes.list()) out.push(`[^${note.n}]: ${Footnotes.text(note)}`);
  return out.join('\n').trimEnd() + '\n';
}

/** A brief's markdown sections with note markers from `notes` (shared so a digest numbers its stories' notes in one run). */
export function markdownSections(
  brief: Brief,
  notes: Footnotes,
  opts: { level?: number; developments?: (d: Brief['developments'][number]) => boolean } = {},
): string[] {
  const h = '#'.repeat(opts.level ?? 1);
  const mark = (s: BriefSentence) => notes.mark(s, markdownMarker);
  const out: string[] = [`${h} ${mark(brief.headline)}`, '', brief.lead.map(mark).join(' '), ''];
  for (const d of brief.developments) {
    if (opts.developments && !opts.developments(d)) continue;
    out.push(`${h}# ${mark(d.headline)}${d.date ? ` (${d.date.slice(0, 10)})` : ''}`, '', d.sentences.map(mark).join(' '), '');
  }
  if (opts.level === undefined) {
    if (brief.timeline.length) {
      out.push('## Timeline', '');
      for (const t of brief.timeline) out.push(`- ${t.date.slice(0, 10)}: ${t.text}`);
      out.push('');
    }
    if (brief.coverage.length) {
      out.push('## Coverage', '');
      for (const c of brief.coverage)
        out.push(`- ${c.source}: ${c.articles} article${c.articles === 1 ? '' : 's'}${c.first ? `, first ${c.first.slice(0, 10)}` : ''}`);
      out.push('');
    }
  }
  return out;
}
