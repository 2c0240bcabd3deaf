// A story's brief as one HTML fragment, for outbound feed entries and reader-app items: every sentence
// keeps its citations as numbered links to the cited sentence on storyline's article page, and a source
// list names each article with its outlet and original address. Readers show this HTML in their own
// views, so it carries no style or script, only elements every reader app renders.
import type { Article, BriefSentence, StoredBrief } from '../../types.ts';
import { citationHref } from '../views.ts';
import { safeHref } from '../format.ts';

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!);
}

/** Every article a brief cites, in order of first citation. */
export function citedArticleIds(b: StoredBrief): string[] {
  const ids: string[] = [];
  const add = (s: BriefSentence) => {
    for (const c of s.citations) if (!ids.includes(c.articleId)) ids.push(c.articleId);
  };
  add(b.headline);
  b.lead.forEach(add);
  for (const d of b.developments) {
    add(d.headline);
    d.sentences.forEach(add);
  }
  return ids;
}

export function briefHtml(b: StoredBrief, articles: Map<string, Article>, base: string): string {
  const order = citedArticleIds(b);
  const number = (id: string) => order.indexOf(id) + 1;
  const sentence = (s: BriefSentence) => {
    const refs = s.citations
      .filter((c, i, all) => all.findIndex((o) => o.articleId === c.articleId) === i)
      .map((c) => `<a href="${escapeHtml(base + citationHref(c))}">[${number(c.articleId)}]</a>`)
      .join('');
    return escapeHtml(s.text.trim()) + (refs ? ' ' + refs : '');
  };
  const parts: string[] = [];
  if (b.lead.length) parts.push(`<p>${b.lead.map(sentence).join(' ')}</p>`);
  for (const d of b.developments) {
    parts.push(`<h3>${sentence(d.headline)}</h3>`);
    if (d.sentences.length) parts.push(`<p>${d.sentences.map(sentence).join(' ')}</p>`);
  }
  const sources = order.map((id) => {
    const a = articles.get(id);
    const page = `${base}/articles/${encodeURIComponent(id)}`;
    if (!a) return `<li><a href="${escapeHtml(page)}">${escapeHtml(id)}</a></li>`;
    const original = safeHref(a.url);
    const meta = [a.sourceName, a.published?.slice(0, 10)]
      .filter(Boolean)
      .map((x) => escapeHtml(x!))
      .join(', ');
    return `<li><a href="${escapeHtml(original ?? page)}">${escapeHtml(a.title)}</a>${meta ? ` (${meta})` : ''}</li>`;
  });
  if (sources.length) parts.push(`<h3>Sources</h3><ol>${sources.join('')}</ol>`);
  return parts.join('\n');
}

/** The lead as plain text, for summaries. */
export function briefSummary(b: StoredBrief): string {
  return b.lead.map((s) => s.text.trim()).join(' ');
}
