// Speaker accuracy on hand-labelled quotes: for each label (article, a short prefix of the quote, the
// speaker's canonical name or, where the article names nobody, a description), the quote the attributor
// returns at that place is right when its speaker is the labelled name (or an alias), or, for a description
// label, when it names no one or gives a description rather than a name found elsewhere in the article.
import { readFileSync } from 'node:fs';
import type { Quote } from '../../../src/types.ts';

export interface SpeakerLabel {
  articleId: string;
  /** The first characters of the quote's words, as the article writes them. */
  prefix: string;
  /** Offset of the quote's first word, where the prefix alone could be ambiguous (PolNeAR labels give it). */
  offset?: number;
  /** Canonical name, or null when the article names nobody (then `description` says who). */
  speaker: string | null;
  aliases?: string[];
  description?: string;
  /** tagged: a cue names the speaker; pronoun: the cue's subject is a pronoun or description; continued: no cue of its own (a follow-on paragraph or sentence, "she continued"); nocue: a lead-in clause with no speech verb. */
  kind: 'tagged' | 'pronoun' | 'continued' | 'nocue';
  /** 'held': a held-back label, never looked at while tuning (reported apart); absent or 'tune' otherwise. */
  split?: 'tune' | 'held';
}

export function readLabels(path: string): SpeakerLabel[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as SpeakerLabel);
}

export function normName(s: string): string {
  return s
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/['\u2019`]/g, "'")
    .replace(/[^\p{L}\p{N}' ]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The quote covering the labelled prefix: a direct quote starting there first, then any quote over it. */
export function quoteAt(text: string, quotes: Quote[], prefix: string, offset?: number): Quote | null | undefined {
  const at = offset !== undefined && text.startsWith(prefix, offset) ? offset : text.indexOf(prefix);
  if (at < 0) return undefined;
  const over = quotes.filter((q) => q.start <= at + 2 && q.end > at);
  return over.find((q) => q.kind !== 'indirect') ?? over[0] ?? null;
}

export function isRight(label: SpeakerLabel, speaker: string | null): boolean {
  if (label.speaker === null) {
    if (speaker === null) return true;
    const d = normName(label.description ?? '');
    const s = normName(speaker);
    return d.includes(s) || s.includes(d.replace(/^(the|a|an) /, ''));
  }
  if (speaker === null) return false;
  const s = normName(speaker);
  return [label.speaker, ...(label.aliases ?? [])].some((n) => normName(n) === s);
}

export interface SpeakerScore {
  total: number;
  right: number;
  byKind: Record<string, { total: number; right: number }>;
  misses: { articleId: string; prefix: string; want: string; got: string | null }[];
}

/** Scores `attribute(articleId)` (the quotes of that article) against the labels. */
export function scoreSpeakers(labels: SpeakerLabel[], textOf: (id: string) => string, quotesOf: (id: string) => Quote[]): SpeakerScore {
  const out: SpeakerScore = { total: 0, right: 0, byKind: {}, misses: [] };
  for (const l of labels) {
    const text = textOf(l.articleId);
    const q = quoteAt(text, quotesOf(l.articleId), l.prefix, l.offset);
    if (q === undefined) throw new Error(`speaker label: prefix not found in ${l.articleId}: ${l.prefix}`);
    const got = q ? q.speaker : null;
    const ok = isRight(l, got);
    out.total++;
    const k = (out.byKind[l.kind] ??= { total: 0, right: 0 });
    k.total++;
    if (ok) {
      out.right++;
      k.right++;
    } else out.misses.push({ articleId: l.articleId, prefix: l.prefix, want: l.speaker ?? `(${l.description})`, got });
  }
  return out;
}
