// Does an article match a watchlist? Pure: the article's text, its entities and its story in, the terms
// that matched out. Folding is case and accents ("São Paulo" = "sao paulo"); keywords match whole words
// in order ("harbour bridge" is not found in "harbour bridgehead"), so a short keyword does not fire on
// every word that contains it.
import type { EntityMention } from '../../types.ts';
import type { WatchTerms } from '../../store/repositories/watchlists.ts';

/** What the matcher reads of one article. */
export interface MatchInput {
  title: string;
  text: string;
  entities: Pick<EntityMention, 'canonical' | 'text'>[];
  /** Live story id (merges followed), or null. */
  storyId: string | null;
}

/** Lower case, no diacritics, words of letters and digits only: the form both sides are compared in. */
export function foldWords(s: string): string[] {
  return (
    s
      .normalize('NFD')
      .replace(/\p{M}+/gu, '')
      .toLowerCase()
      .match(/[\p{L}\p{N}]+/gu) ?? []
  );
}

/** An article folded once, to be checked against every watchlist. */
export interface PreparedArticle {
  /** The folded words of title and text, space separated and padded, so a phrase is " a b " inside it. */
  words: string;
  entities: Set<string>;
  storyId: string | null;
}

export function prepareArticle(a: MatchInput): PreparedArticle {
  const entities = new Set<string>();
  for (const e of a.entities) {
    entities.add(foldWords(e.canonical).join(' '));
    entities.add(foldWords(e.text).join(' '));
  }
  entities.delete('');
  return { words: ` ${foldWords(a.title).join(' ')} ${foldWords(a.text).join(' ')} `, entities, storyId: a.storyId };
}

/** A watched entity term and the other names the store knows it by, folded: the term matches any of them. */
export type EntityForms = ReadonlyMap<string, readonly string[]>;

/**
 * The terms of `terms` the article matches, as "entity:…", "keyword:…", "story:…" (in the watchlist's own
 * spelling); empty when none. `liveStories` maps a watched story id to its live id when it was merged;
 * `entityForms` gives, per watched entity term, the names the store resolved it to (see scan.ts).
 */
export function matchTerms(
  terms: WatchTerms,
  a: PreparedArticle,
  liveStories: ReadonlyMap<string, string> = new Map(),
  entityForms: EntityForms = new Map(),
): string[] {
  const out: string[] = [];
  for (const e of terms.entities) {
    const f = foldWords(e).join(' ');
    if (!f) continue;
    if (a.entities.has(f) || (entityForms.get(e) ?? []).some((form) => a.entities.has(form))) out.push(`entity:${e}`);
  }
  for (const k of terms.keywords) {
    const f = foldWords(k).join(' ');
    if (f && a.words.includes(` ${f} `)) out.push(`keyword:${k}`);
  }
  if (a.storyId) {
    for (const s of terms.stories) if ((liveStories.get(s) ?? s) === a.storyId) out.push(`story:${s}`);
  }
  return out;
}
