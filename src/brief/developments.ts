// Finer events inside one story: the story's paragraphs are grouped by what they talk about (TF-IDF
// cosine, average-link agglomeration), so "the treaty is signed", "the US reacts" and "Seoul summons the
// ambassador" become separate developments even when every article mentions all three. Paragraphs rather
// than articles are the unit because a single article often reports several sub-events; for a single
// article the groups are its distinct paragraph runs. Pure: no I/O, same input → same output.
import type { BriefArticle, Sentence } from '../types.ts';
import { contentStems } from '../text/words.ts';
import { cosine, termFreq, type Vec } from '../text/vectors.ts';

export interface DevelopmentSentence {
  articleId: string;
  /** Index of the sentence in the article's annotation. */
  index: number;
  sentence: Sentence;
}

export interface Development {
  sentences: DevelopmentSentence[];
  articleIds: string[];
  /** Earliest publication date of the articles behind it (ISO), or null. */
  date: string | null;
  /** Share of the story's paragraphs that fall in this development: how much the coverage dwells on it. */
  weight: number;
}

export interface DevelopmentOptions {
  /** Most developments to return (default 8). */
  max?: number;
  /** Average-link cosine above which two groups are one development (default 0.12). */
  threshold?: number;
  /** Most paragraphs considered; a huge story keeps its earliest-in-article paragraphs (default 400). */
  maxUnits?: number;
}

interface Unit {
  sentences: DevelopmentSentence[];
  vec: Vec;
  articleId: string;
  published: string | null;
  para: number;
}

/** Sentences grouped into paragraphs by the blank lines between them; one-paragraph texts get runs of 3. */
function paragraphs(a: BriefArticle): DevelopmentSentence[][] {
  const sents = a.annotation.sentences;
  const groups: DevelopmentSentence[][] = [];
  let cur: DevelopmentSentence[] = [];
  for (let i = 0; i < sents.length; i++) {
    const s = sents[i];
    if (cur.length && /\n\s*\n/.test(a.text.slice(sents[i - 1].end, s.start))) {
      groups.push(cur);
      cur = [];
    }
    cur.push({ articleId: a.id, index: i, sentence: s });
  }
  if (cur.length) groups.push(cur);
  if (groups.length === 1 && groups[0].length > 4) {
    const all = groups[0];
    const out: DevelopmentSentence[][] = [];
    for (let i = 0; i < all.length; i += 3) out.push(all.slice(i, i + 3));
    return out;
  }
  return groups;
}

export function findDevelopments(articles: BriefArticle[], opts: DevelopmentOptions = {}): Development[] {
  const max = opts.max ?? 8;
  const threshold = opts.threshold ?? 0.12;
  const maxUnits = opts.maxUnits ?? 400;

  let units: Omit<Unit, 'vec'>[] = [];
  const tokens: string[][] = [];
  for (const a of articles) {
    paragraphs(a).forEach((p, para) => units.push({ sentences: p, articleId: a.id, published: a.published, para }));
  }
  if (units.length > maxUnits) {
    units = [...units].sort((x, y) => x.para - y.para).slice(0, maxUnits);
  }
  for (const u of units) tokens.push(contentStems(u.sentences.map((s) => s.sentence.text).join(' ')));

  // IDF over paragraphs: words every paragraph shares (the story's own name) do not tie paragraphs together.
  const df = new Map<string, number>();
  for (const t of tokens) for (const w of new Set(t)) df.set(w, (df.get(w) ?? 0) + 1);
  const n = units.length;
  const full: Unit[] = units.map((u, i) => {
    const v = termFreq(tokens[i]);
    for (const [w, tf] of v) v.set(w, (1 + Math.log(tf)) * Math.log((n + 1) / (df.get(w)! + 0.5)));
    return { ...u, vec: v };
  });
  if (n === 0) return [];

  // Average-link agglomeration on a similarity matrix, merging the closest pair until none is close enough
  // and at most `max` groups remain (beyond `max`, merging continues whatever the similarity).
  const sim: number[][] = full.map((a) => full.map((b) => (a === b ? 0 : cosine(a.vec, b.vec))));
  // Neighbouring paragraphs of one article usually continue one event: a small bonus keeps runs together.
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) if (i !== j && full[i].articleId === full[j].articleId && Math.abs(full[i].para - full[j].para) === 1) sim[i][j] += 0.05;
  const members: number[][] = full.map((_, i) => [i]);
  const alive = new Set(full.map((_, i) => i));
  while (alive.size > 1) {
    let bi = -1;
    let bj = -1;
    let best = -Infinity;
    const ids = [...alive];
    for (let x = 0; x < ids.length; x++)
      for (let y = x + 1; y < ids.length; y++) {
        const s = sim[ids[x]][ids[y]];
        if (s > best) {
          best = s;
          bi = ids[x];
          bj = ids[y];
        }
      }
    if (best < threshold && alive.size <= max) break;
    const ni = members[bi].length;
    const nj = members[bj].length;
    for (const k of alive) {
      if (k === bi || k === bj) continue;
      const s = (sim[bi][k] * ni + sim[bj][k] * nj) / (ni + nj);
      sim[bi][k] = s;
      sim[k][bi] = s;
    }
    members[bi] = members[bi].concat(members[bj]);
    alive.delete(bj);
  }

  const devs: Development[] = [];
  for (const g of alive) {
    const us = members[g].map((i) => full[i]);
    us.sort((a, b) => (a.published ?? '').localeCompare(b.published ?? '') || a.articleId.localeCompare(b.articleId) || a.para - b.para);
    const dates = us
      .map((u) => u.published)
      .filter((d): d is string => !!d)
      .sort();
    devs.push({
      sentences: us.flatMap((u) => u.sentences),
      articleIds: [...new Set(us.map((u) => u.articleId))],
      date: dates[0] ?? null,
      weight: us.length / n,
    });
  }
  devs.sort((a, b) => b.weight - a.weight || (a.date ?? '').localeCompare(b.date ?? ''));
  return devs;
}
