// What each page and API route shows, gathered from the store in one place so the HTML pages and the
// JSON API can never disagree about a story, an article or an entity.
import type { Article, Annotation, Brief, BriefSentence, Citation, CoverageEntry, Quote, Sentence, Span, Stance, StoredBrief, StorySummary } from '../types.ts';
import type { EntityRecord, SearchHit, Store, StoryRecord } from '../store/store.ts';
import { splitSentences } from '../nlp/sentences.ts';
import { groupByStance, stanceOfCue } from '../nlp/stance.ts';
import { focusedBrief } from '../pipeline/ingest.ts';
import { coverageOf as outletCoverage, sortCoverage } from '../brief/coverage.ts';
import { volumeOf, type Volume } from './volume.ts';
import { timelineOf } from './timeline.ts';

export type Loaded<T> = { kind: 'ok'; value: T } | { kind: 'redirect'; to: string } | { kind: 'missing'; why: string };

const missing = (why: string) => ({ kind: 'missing' as const, why });

/** The text a citation points at, with the article it comes from. */
export interface CitedSource {
  articleId: string;
  start: number;
  end: number;
  /** The cited source sentence, or null when the article or the offsets are gone. */
  text: string | null;
  title: string | null;
  source: string | null;
  /** The article's publication date: what the cited sentence's relative dates are resolved against. */
  published: string | null;
}

export function citationKey(c: Citation): string {
  return `${c.articleId}:${c.start}:${c.end}`;
}

/** Fragment id of a cited span on the article page. */
export function spanAnchor(s: Span): string {
  return `s-${s.start}-${s.end}`;
}

export function citationHref(c: Citation): string {
  return `/articles/${encodeURIComponent(c.articleId)}#${spanAnchor(c)}`;
}

// ---- stories

export interface StoryView {
  id: string;
  record: StoryRecord;
  brief: StoredBrief | null;
  versions: { version: number; createdAt: string }[];
  /** The story's articles, oldest first. */
  articles: Article[];
  cited: Map<string, CitedSource>;
  coverage: CoverageEntry[];
  /** The topic statement the brief was rebuilt for on this request (not stored), or null. */
  focus: string | null;
}

function briefCitations(b: Brief): Citation[] {
  const out: Citation[] = [...b.headline.citations];
  for (const s of b.lead) out.push(...s.citations);
  for (const d of b.developments) {
    out.push(...d.headline.citations);
    for (const s of d.sentences) out.push(...s.citations);
  }
  for (const t of b.timeline) out.push(...t.citations);
  return out;
}

/** Coverage from the articles themselves, for stories whose brief is not written yet (brief/coverage.ts). */
export function coverageOf(articles: Article[]): CoverageEntry[] {
  return outletCoverage(articles.map((a) => ({ source: a.sourceName, published: a.published })));
}
export { sortCoverage };

export async function loadStory(store: Store, id: string, version?: number, opts: { focus?: string | null } = {}): Promise<Loaded<StoryView>> {
  const live = await store.resolveStory(id);
  if (live === null) return missing(`no story with id "${id}"`);
  if (live !== id) return { kind: 'redirect', to: live };
  const record = await store.getStory(live);
  if (!record) return missing(`no story with id "${id}"`);
  const focus = opts.focus ?? null;
  const brief = focus ? await focusedBrief(store, live, focus) : await store.getBrief(live, version);
  if (version !== undefined && !brief) return missing(`story "${id}" has no brief version ${version}`);
  if (focus && !brief) return missing(`story "${id}" has no annotated article to build a focused brief from`);
  const versions = await store.listBriefVersions(live);
  const articles = orderBy(await store.getArticles(record.articleIds), record.articleIds);

  const byId = new Map(articles.map((a) => [a.id, a]));
  const citations = brief ? briefCitations(brief) : [];
  const outside = [...new Set(citations.map((c) => c.articleId).filter((a) => !byId.has(a)))];
  // A citation can point outside the story's current article list (a brief written before a split).
  if (outside.length) for (const a of await store.getArticles(outside)) byId.set(a.id, a);
  const cited = new Map<string, CitedSource>();
  for (const c of citations) {
    const a = byId.get(c.articleId);
    const ok = a && c.start >= 0 && c.end > c.start && c.end <= a.text.length;
    cited.set(citationKey(c), {
      articleId: c.articleId,
      start: c.start,
      end: c.end,
      text: ok ? a.text.slice(c.start, c.end) : null,
      title: a?.title ?? null,
      source: a?.sourceName ?? null,
      published: a?.published ?? null,
    });
  }
  const coverage = brief && brief.coverage.length ? sortCoverage(brief.coverage) : coverageOf(articles);
  return { kind: 'ok', value: { id: live, record, brief, versions, articles, cited, coverage, focus } };
}

// ---- new since the last visit

/** Ids of the story's articles that arrived (were fetched) after `since`; empty without a time. */
export function arrivedSince(v: StoryView, since: Date | null): Set<string> {
  const out = new Set<string>();
  if (!since) return out;
  for (const a of v.articles) {
    const t = Date.parse(a.fetched);
    if (Number.isFinite(t) && t > since.getTime()) out.add(a.id);
  }
  return out;
}

/** True when a brief sentence cites an article that arrived after the last visit. */
export function citesNew(s: BriefSentence, fresh: Set<string>): boolean {
  return s.citations.some((c) => fresh.has(c.articleId));
}

/** The brief with `new: true` on each development that cites an article that arrived after the last visit. */
export function markNew<B extends Brief>(b: B, fresh: Set<string>): B {
  if (!fresh.size) return b;
  return { ...b, developments: b.developments.map((d) => ([d.headline, ...d.sentences].some((s) => citesNew(s, fresh)) ? { ...d, new: true } : d)) };
}

function orderBy(articles: Article[], ids: string[]): Article[] {
  const pos = new Map(ids.map((id, i) => [id, i]));
  return [...articles].sort((a, b) => (pos.get(a.id) ?? 0) - (pos.get(b.id) ?? 0));
}

export function joinText(ss: BriefSentence[]): string {
  return ss
    .map((s) => s.text.trim())
    .filter(Boolean)
    .join(' ');
}

function uniqueCitations(ss: BriefSentence[]): Citation[] {
  const seen = new Set<string>();
  const out: Citation[] = [];
  for (const s of ss) {
    for (const c of s.citations) {
      const k = citationKey(c);
      if (seen.has(k)) continue;
      seen.add(k);
      out.push({ articleId: c.articleId, start: c.start, end: c.end });
    }
  }
  return out;
}

const sentenceJson = (s: BriefSentence) => ({ text: s.text, citations: s.citations.map((c) => ({ articleId: c.articleId, start: c.start, end: c.end })) });

export function articleRef(a: Article) {
  return { id: a.id, title: a.title, url: a.url, source: a.sourceName, published: a.published };
}

/** The story as JSON; with `since`, developments citing an article that arrived later carry `new: true`. */
export function storyJson(v: StoryView, since: Date | null = null) {
  const fresh = arrivedSince(v, since);
  const b = v.brief ? markNew(v.brief, fresh) : null;
  return {
    id: v.id,
    version: b?.version ?? null,
    briefCreatedAt: b?.createdAt ?? null,
    updated: v.record.updated,
    first: v.record.first,
    ...(v.focus ? { focus: v.focus } : {}),
    ...(since ? { since: since.toISOString(), newArticles: [...fresh] } : {}),
    brief: b
      ? {
          headline: b.headline.text,
          headlineCitations: sentenceJson(b.headline).citations,
          lead: joinText(b.lead),
          leadSentences: b.lead.map(sentenceJson),
          developments: b.developments.map((d) => ({
            headline: d.headline.text,
            text: joinText(d.sentences),
            date: d.date,
            citations: uniqueCitations(d.sentences),
            sentences: d.sentences.map(sentenceJson),
            ...(d.new ? { new: true } : {}),
          })),
          people: b.people,
        }
      : null,
    timeline: b ? b.timeline.map((t) => ({ date: t.date, text: t.text, citations: sentenceJson({ text: t.text, citations: t.citations }).citations })) : [],
    // The story page's timeline: brief sentences under the day their source gives (or their report's, marked).
    events: b
      ? timelineOf(b, (c) => v.cited.get(citationKey(c))).map((r) => ({ date: r.date, dating: r.dating, said: r.said, ...sentenceJson(r.sentence) }))
      : [],
    coverage: v.coverage,
    versions: v.versions,
    articles: v.articles.map(articleRef),
  };
}

// ---- front page

export interface StoryCard extends StorySummary {
  headline: string;
  excerpt: string;
  /** Articles over time, for the card's small chart. */
  volume: Volume;
}

/** Cuts text at a word boundary near `max` characters. */
export function excerpt(text: string, max: number): string {
  const t = text.replace(/\s+/g, ' ').trim();
  if (t.length <= max) return t;
  const cut = t.slice(0, max);
  const sp = cut.lastIndexOf(' ');
  return (sp > max * 0.6 ? cut.slice(0, sp) : cut).replace(/[\s,;:.-]+$/, '') + '…';
}

export async function loadStoryCards(
  store: Store,
  limit: number,
  offset: number,
  list: (o: { limit: number; offset: number }) => Promise<StorySummary[]> = (o) => store.listStories(o),
): Promise<StoryCard[]> {
  const stories = await list({ limit, offset });
  const cards: StoryCard[] = [];
  for (const s of stories) {
    // listStories carries no lead; the latest brief gives it, else the story's newest article does.
    const brief = await store.getBrief(s.id);
    let lead = brief ? joinText(brief.lead) : '';
    let headline = s.headline;
    const rec = await store.getStory(s.id);
    if (!lead || !headline) {
      const lastId = rec?.articleIds[rec.articleIds.length - 1];
      const last = lastId ? await store.getArticle(lastId) : null;
      if (!lead && last) lead = last.text;
      if (!headline && last) headline = last.title;
    }
    cards.push({ ...s, headline: headline || 'Untitled story', excerpt: excerpt(lead, 280), volume: volumeOf(rec?.articleDates ?? []) });
  }
  return cards;
}

// ---- articles

export interface Segment {
  start: number;
  end: number;
  /** True for a whole sentence or cited span, which gets an id="s-<start>-<end>" anchor. */
  anchor: boolean;
  cited: boolean;
}

const validSpan = (s: Span, len: number) => Number.isInteger(s.start) && Number.isInteger(s.end) && s.start >= 0 && s.end > s.start && s.end <= len;

/**
 * Cuts an article's text into segments covering all of it: each sentence is one anchored segment, so a
 * citation of exactly that sentence lands on it. A cited span that is not exactly a sentence (a brief
 * written from an older annotation) still gets its own anchored segment; sentences it overlaps lose
 * their anchor for the overlapping part rather than nesting, which HTML ids and :target cannot express.
 */
export function segmentText(text: string, sentences: Span[], cited: Span[]): Segment[] {
  const len = text.length;
  const sentKeys = new Set(sentences.filter((s) => validSpan(s, len)).map((s) => `${s.start}:${s.end}`));
  const citedKeys = new Set(cited.filter((s) => validSpan(s, len)).map((s) => `${s.start}:${s.end}`));
  const extra: Span[] = [];
  for (const c of [...cited].filter((s) => validSpan(s, len) && !sentKeys.has(`${s.start}:${s.end}`)).sort((a, b) => a.start - b.start || b.end - a.end)) {
    const prev = extra[extra.length - 1];
    if (!prev || c.start >= prev.end) extra.push(c);
  }
  const pieces: Segment[] = extra.map((c) => ({ start: c.start, end: c.end, anchor: true, cited: true }));
  let lastEnd = 0;
  for (const s of [...sentences].filter((x) => validSpan(x, len)).sort((a, b) => a.start - b.start)) {
    if (s.start < lastEnd) continue; // overlapping sentences: keep the first
    lastEnd = s.end;
    const hits = extra.filter((c) => c.start < s.end && c.end > s.start);
    if (hits.length === 0) {
      pieces.push({ start: s.start, end: s.end, anchor: true, cited: citedKeys.has(`${s.start}:${s.end}`) });
      continue;
    }
    let at = s.start;
    for (const c of hits) {
      if (c.start > at) pieces.push({ start: at, end: c.start, anchor: false, cited: false });
      at = Math.max(at, c.end);
    }
    if (at < s.end) pieces.push({ start: at, end: s.end, anchor: false, cited: false });
  }
  pieces.sort((a, b) => a.start - b.start);
  const out: Segment[] = [];
  let pos = 0;
  for (const p of pieces) {
    if (p.start < pos) continue;
    if (p.start > pos) out.push({ start: pos, end: p.start, anchor: false, cited: false });
    out.push(p);
    pos = p.end;
  }
  if (pos < len) out.push({ start: pos, end: len, anchor: false, cited: false });
  return out;
}

export interface ArticleView {
  article: Article;
  annotation: Annotation | null;
  sentences: Sentence[];
  /** Spans of this article cited by its story's current brief. */
  cited: Span[];
  storyId: string | null;
  storyHeadline: string | null;
  /** Other articles in the same copy group (syndicated copies). */
  copies: Article[];
}

export async function loadArticle(store: Store, id: string): Promise<Loaded<ArticleView>> {
  const article = await store.getArticle(id);
  if (!article) return missing(`no article with id "${id}"`);
  const annotation = await store.getAnnotation(id);
  // Without an annotation (not processed yet) the same splitter nlp uses gives the sentence anchors.
  const sentences = annotation?.sentences.length ? annotation.sentences : splitSentences(article.text);
  const storyId = await store.storyOf(id);
  const brief = storyId ? await store.getBrief(storyId) : null;
  const cited = brief ? briefCitations(brief).filter((c) => c.articleId === id) : [];
  let storyHeadline = brief?.headline.text ?? null;
  if (storyId && !storyHeadline) {
    const rec = await store.getStory(storyId);
    const lastId = rec?.articleIds[rec.articleIds.length - 1];
    storyHeadline = (lastId && (await store.getArticle(lastId))?.title) || null;
  }
  const copyIds = (await store.copiesOf(id)).filter((x) => x !== id);
  const copies = copyIds.length ? orderBy(await store.getArticles(copyIds), copyIds) : [];
  return { kind: 'ok', value: { article, annotation, sentences, cited, storyId, storyHeadline, copies } };
}

export function articleJson(v: ArticleView) {
  const a = v.article;
  return {
    ...articleRef(a),
    canonicalUrl: a.canonicalUrl,
    byline: a.byline,
    lang: a.lang,
    fetched: a.fetched,
    partial: a.partial === true,
    partialReason: a.partial ? (a.partialReason ?? null) : null,
    storyId: v.storyId,
    text: a.text,
    sentences: v.sentences.map((s) => ({ start: s.start, end: s.end, text: s.text })),
    entities: v.annotation?.entities ?? [],
    quotes: v.annotation?.quotes ?? [],
    copies: v.copies.map(articleRef),
  };
}

/** Distinct entities of an annotation, most mentioned first. */
export function entityList(ann: Annotation | null): { canonical: string; type: string; count: number; role: string | null }[] {
  const by = new Map<string, { canonical: string; type: string; count: number; role: string | null }>();
  for (const m of ann?.entities ?? []) {
    const e = by.get(m.canonical) ?? { canonical: m.canonical, type: m.type, count: 0, role: null };
    e.count++;
    e.role ??= m.role;
    by.set(m.canonical, e);
  }
  return [...by.values()].sort((a, b) => b.count - a.count || a.canonical.localeCompare(b.canonical));
}

// ---- entities

export interface EntityView {
  entity: EntityRecord;
  /** Distinct roles with how many articles state them, most frequent first. */
  roles: { role: string; articles: number; articleId: string; title: string | null }[];
  stories: { id: string; headline: string }[];
  quotes: EntityQuote[];
  /** The same quotes grouped by stance (warns, accuses, denies, urges, …), strongest reactions first. */
  stances: { stance: Stance; label: string; quotes: EntityQuote[] }[];
}

type EntityQuote = Quote & { stance: Stance; articleId: string; title: string | null; source: string | null; published: string | null };

const MAX_ENTITY_STORIES = 50;
const MAX_ENTITY_QUOTES = 50;

export async function loadEntity(store: Store, name: string): Promise<Loaded<EntityView>> {
  const entity = await store.getEntity(name);
  if (!entity) return missing(`no entity named "${name}"`);
  const roles = new Map<string, { role: string; articles: number; articleId: string; title: string | null }>();
  // "Mayor" at a sentence start and "mayor" mid-sentence are one role; the newest spelling is shown.
  for (const r of entity.roles) {
    const key = r.role.toLowerCase();
    const e = roles.get(key) ?? { role: r.role, articles: 0, articleId: r.articleId, title: null };
    e.articles++;
    roles.set(key, e);
  }
  const roleArts = new Map((await store.getArticles([...new Set([...roles.values()].map((r) => r.articleId))])).map((a) => [a.id, a]));
  for (const r of roles.values()) r.title = roleArts.get(r.articleId)?.title ?? null;
  const stories: { id: string; headline: string }[] = [];
  for (const id of entity.storyIds.slice(0, MAX_ENTITY_STORIES)) stories.push({ id, headline: await storyHeadline(store, id) });
  const raw = await store.quotesBy(entity.canonical, MAX_ENTITY_QUOTES);
  const arts = new Map((await store.getArticles([...new Set(raw.map((q) => q.articleId))])).map((a) => [a.id, a]));
  const quotes: EntityQuote[] = raw.map((q) => {
    const a = arts.get(q.articleId);
    // Attributions stored before stances existed are classed from their cue.
    const stance = q.stance ?? stanceOfCue(q.cue, q.kind === 'label' ? q.text : undefined);
    return { ...q, stance, title: a?.title ?? null, source: a?.sourceName ?? null, published: a?.published ?? null };
  });
  const stances = groupByStance(quotes);
  return {
    kind: 'ok',
    value: { entity, roles: [...roles.values()].sort((a, b) => b.articles - a.articles || a.role.localeCompare(b.role)), stories, quotes, stances },
  };
}

async function storyHeadline(store: Store, id: string): Promise<string> {
  const b = await store.getBrief(id);
  if (b) return b.headline.text;
  const rec = await store.getStory(id);
  const lastId = rec?.articleIds[rec.articleIds.length - 1];
  return (lastId && (await store.getArticle(lastId))?.title) || 'Untitled story';
}

export function entityJson(v: EntityView) {
  return {
    canonical: v.entity.canonical,
    type: v.entity.type,
    aliases: v.entity.aliases,
    mentions: v.entity.mentions,
    roles: v.roles,
    stories: v.stories,
    quotes: v.quotes,
    stances: v.stances.map((g) => ({ stance: g.stance, label: g.label, count: g.quotes.length })),
  };
}

// ---- search

export function searchHref(h: SearchHit): string {
  return h.kind === 'brief' ? `/stories/${encodeURIComponent(h.id)}` : `/articles/${encodeURIComponent(h.id)}`;
}
