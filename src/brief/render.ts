// Renderings of a Brief for people and for scorers: plain text (optionally cut to N words, for ROUGE),
// markdown with footnote-style citation markers, and the citation list behind the markers.
import type { Brief, BriefSentence, Citation } from '../types.ts';

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

function citeKey(c: Citation): string {
  return `${c.articleId}:${c.start}-${c.end}`;
}

/** Markdown: headline, lead, one section per development; `[^n]` markers point at the cited source spans. */
export function renderMarkdown(brief: Brief): string {
  const notes = new Map<string, number>();
  const mark = (s: BriefSentence) =>
    s.text +
    s.citations
      .map((c) => {
        const k = citeKey(c);
        if (!notes.has(k)) notes.set(k, notes.size + 1);
        return `[^${notes.get(k)}]`;
      })
      .join('');
  const out: string[] = [`# ${mark(brief.headline)}`, '', brief.lead.map(mark).join(' '), ''];
  for (const d of brief.developments) {
    out.push(`## ${mark(d.headline)}${d.date ? ` (${d.date.slice(0, 10)})` : ''}`, '', d.sentences.map(mark).join(' '), '');
  }
  if (brief.timeline.length) {
    out.push('## Timeline', '');
    for (const t of brief.timeline) out.push(`- ${t.date.slice(0, 10)}: ${t.text}`);
    out.push('');
  }
  if (brief.coverage.length) {
    out.push('## Coverage', '');
    for (const c of brief.coverage) out.push(`- ${c.source}: ${c.articles} article${c.articles === 1 ? '' : 's'}${c.first ? `, first ${c.first.slice(0, 10)}` : ''}`);
    out.push('');
  }
  for (const [k, n] of notes) {
    const [id, span] = [k.slice(0, k.lastIndexOf(':')), k.slice(k.lastIndexOf(':') + 1)];
    out.push(`[^${n}]: ${id}, characters ${span}`);
  }
  return out.join('\n').trimEnd() + '\n';
}
