// Citations as numbered notes for text renderings (markdown briefs, digests): each note names the source a
// reader can look up: its title, outlet, date and address. One note per cited article, numbered in order
// of first citation; an article the renderer was not given keeps the bare span ("a12, characters 0-143"),
// which is all a caller without a store (summarize over a file) can say.
import type { Article, BriefSentence, Citation } from '../types.ts';

export interface SourceRef {
  title: string;
  outlet: string | null;
  /** ISO date or date-time of publication (or arrival, when the source gave none). */
  date: string | null;
  url: string | null;
}

export type SourceLookup = (articleId: string) => SourceRef | null;

export function sourceRefOf(a: Pick<Article, 'title' | 'sourceName' | 'published' | 'fetched' | 'url'>): SourceRef {
  return { title: a.title, outlet: a.sourceName, date: a.published ?? a.fetched ?? null, url: a.url };
}

/** A lookup over articles at hand (those a brief cites). */
export function lookupIn(articles: Iterable<Pick<Article, 'id' | 'title' | 'sourceName' | 'published' | 'fetched' | 'url'>>): SourceLookup {
  const by = new Map([...articles].map((a) => [a.id, sourceRefOf(a)]));
  return (id) => by.get(id) ?? null;
}

/** "Title. Outlet, 2024-05-01. https://…": the parts the source has, the date as a plain ISO day. */
export function sourceLine(r: SourceRef): string {
  const title = r.title.trim().replace(/\s+/g, ' ');
  const day = r.date && /^\d{4}-\d{2}-\d{2}/.test(r.date) ? r.date.slice(0, 10) : r.date;
  const where = [r.outlet?.trim(), day].filter(Boolean).join(', ');
  return [title ? `${title.replace(/[.!?]$/, '')}.` : '', where ? `${where}.` : '', r.url ?? ''].filter(Boolean).join(' ');
}

export interface Note {
  n: number;
  /** The cited article's reference, or null when it was not given (the note is then `fallback`). */
  ref: SourceRef | null;
  fallback: string;
  url: string | null;
}

export class Footnotes {
  private readonly notes = new Map<string, Note>();
  constructor(private readonly lookup: SourceLookup = () => null) {}

  /** The note number of a citation, allotting the next one on first sight. */
  number(c: Citation): number {
    const ref = this.lookup(c.articleId);
    const key = ref ? c.articleId : `${c.articleId}:${c.start}-${c.end}`;
    let note = this.notes.get(key);
    if (!note) {
      note = { n: this.notes.size + 1, ref, fallback: `${c.articleId}, characters ${c.start}-${c.end}`, url: ref?.url ?? null };
      this.notes.set(key, note);
    }
    return note.n;
  }

  /** The sentence with its note numbers, in `marker`'s form (markdown "[^n]", plain "[n]"); each number once. */
  mark(s: BriefSentence, marker: (n: number) => string): string {
    const ns = [...new Set(s.citations.map((c) => this.number(c)))];
    return s.text + ns.map(marker).join('');
  }

  list(): Note[] {
    return [...this.notes.values()];
  }

  /** One note's text. */
  static text(note: Note): string {
    return note.ref ? sourceLine(note.ref) : note.fallback;
  }
}

export const markdownMarker = (n: number) => `[^${n}]`;
export const textMarker = (n: number) => `[${n}]`;
