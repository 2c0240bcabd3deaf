// Scoring a clustering against gold labels (pair counting and BCubed), plus the loaders that turn the
// shared evaluation sets into ClusterDoc streams. Used by bench/cluster.ts and the weight fitting script;
// the data itself is read from ../shared/data at run time and never copied into the repository.
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import type { ClusterDoc } from '../../src/types.ts';
import { annotate } from '../../src/nlp/annotate.ts';
import { rng } from '../rng.ts';

export interface Scores {
  pairP: number;
  pairR: number;
  pairF1: number;
  b3P: number;
  b3R: number;
  b3F1: number;
}

const f1 = (p: number, r: number) => (p + r === 0 ? 0 : (2 * p * r) / (p + r));

/** Pairwise and BCubed precision/recall/F1 of `pred` (doc → cluster) against `gold` (doc → class), over gold's docs. */
export function score(gold: Map<string, string>, pred: Map<string, string>): Scores {
  const ids = [...gold.keys()];
  const joint = new Map<string, number>();
  const goldSize = new Map<string, number>();
  const predSize = new Map<string, number>();
  for (const id of ids) {
    const g = gold.get(id)!;
    const p = pred.get(id) ?? `\u0000missing:${id}`;
    goldSize.set(g, (goldSize.get(g) ?? 0) + 1);
    predSize.set(p, (predSize.get(p) ?? 0) + 1);
    const k = `${g}\u0001${p}`;
    joint.set(k, (joint.get(k) ?? 0) + 1);
  }
  const pairs = (n: number) => (n * (n - 1)) / 2;
  let tp = 0;
  for (const n of joint.values()) tp += pairs(n);
  let predPairs = 0;
  for (const n of predSize.values()) predPairs += pairs(n);
  let goldPairs = 0;
  for (const n of goldSize.values()) goldPairs += pairs(n);
  const pairP = predPairs === 0 ? 1 : tp / predPairs;
  const pairR = goldPairs === 0 ? 1 : tp / goldPairs;
  let bp = 0;
  let br = 0;
  for (const [k, n] of joint) {
    const [g, p] = k.split('\u0001');
    bp += (n * n) / predSize.get(p)!;
    br += (n * n) / goldSize.get(g)!;
  }
  bp /= ids.length || 1;
  br /= ids.length || 1;
  return { pairP, pairR, pairF1: f1(pairP, pairR), b3P: bp, b3R: br, b3F1: f1(bp, br) };
}

export interface LabelledDoc extends ClusterDoc {
  gold: string;
  /** Group for split-by-topic (ECB+ topic, DUC topic). */
  group: string;
}

/** ECB+ articles: the first line serves as the title (the corpus has none), the rest as the body. */
export function loadEcbPlus(path: string): LabelledDoc[] {
  const lines = gunzipSync(readFileSync(path)).toString('utf8').split('\n').filter(Boolean);
  return lines.map((l) => {
    const r = JSON.parse(l) as { doc_id: string; topic: number; story_id: string; text: string };
    const nl = r.text.indexOf('\n');
    return {
      id: r.doc_id,
      title: nl > 0 ? r.text.slice(0, nl) : r.text,
      text: nl > 0 ? r.text.slice(nl + 1) : '',
      gold: r.story_id,
      group: String(r.topic),
    };
  });
}

/** DUC articles with their wire dates; the topic is the gold cluster. */
export function loadDuc(path: string): LabelledDoc[] {
  const lines = gunzipSync(readFileSync(path)).toString('utf8').split('\n').filter(Boolean);
  const seen = new Set<string>();
  const out: LabelledDoc[] = [];
  for (const l of lines) {
    const r = JSON.parse(l) as { doc_id: string; topic_id: string; date: string; headline: string | null; paragraphs: string[] };
    // A few articles sit in two topics; keep the first so every doc has one gold label.
    if (seen.has(r.doc_id)) continue;
    seen.add(r.doc_id);
    out.push({ id: r.doc_id, title: r.headline ?? '', text: r.paragraphs.join('\n\n'), published: r.date, gold: r.topic_id, group: r.topic_id });
  }
  return out;
}

export interface WikinewsArticle {
  id: string;
  title: string;
  text: string;
  published: string;
}

export function loadWikinews(dir: string): { articles: WikinewsArticle[]; groups: { story_id: string; kind?: string; article_ids: string[] }[] } {
  const articles = readFileSync(`${dir}/articles.jsonl`, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => {
      const r = JSON.parse(l) as WikinewsArticle;
      return { id: r.id, title: r.title, text: r.text, published: r.published };
    });
  const groups = JSON.parse(readFileSync(`${dir}/stories_silver.json`, 'utf8')) as { story_id: string; kind?: string; article_ids: string[] }[];
  return { articles, groups };
}

export function shuffle<T>(xs: T[], seed: number): T[] {
  const r = rng(seed);
  const a = [...xs];
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a;
}

/** The usual ECB+ dev topics (Cybulska & Vossen 2015): held out from fitting, reported on. */
export const ECB_HELDOUT_TOPICS = new Set(['2', '5', '12', '18', '21', '23', '34', '35']);

/**
 * Pairwise P/R/F1 over only the document pairs published at most `days` apart. DUC's gold clusters are
 * topics spanning years ("missile defence 1996–2000"), far broader than a story; pairs within a few days of
 * each other in the same topic are much closer to "same running story", which is what a story clusterer
 * should join. Undated documents are left out.
 */
export function scoreWithin(
  gold: Map<string, string>,
  pred: Map<string, string>,
  published: Map<string, string>,
  days: number,
): { pairP: number; pairR: number; pairF1: number } {
  const docs = [...gold.keys()]
    .filter((id) => published.has(id))
    .map((id) => ({ g: gold.get(id)!, p: pred.get(id) ?? `\u0000${id}`, t: Date.parse(published.get(id)!) }));
  docs.sort((a, b) => a.t - b.t);
  const span = days * 86_400_000;
  let tp = 0;
  let predPairs = 0;
  let goldPairs = 0;
  for (let i = 0; i < docs.length; i++) {
    for (let j = i + 1; j < docs.length && docs[j].t - docs[i].t <= span; j++) {
      const sameGold = docs[i].g === docs[j].g;
      const samePred = docs[i].p === docs[j].p;
      if (sameGold) goldPairs++;
      if (samePred) predPairs++;
      if (sameGold && samePred) tp++;
    }
  }
  const pairP = predPairs === 0 ? 1 : tp / predPairs;
  const pairR = goldPairs === 0 ? 1 : tp / goldPairs;
  return { pairP, pairR, pairF1: f1(pairP, pairR) };
}

/**
 * The documents as the ingest pipeline hands them to the clusterer: with the nlp tagger's entities. Text
 * beyond `maxChars` is cut before tagging (the clusterer reads names only from the first 2,000 characters;
 * the cut only keeps long evaluation sets such as DUC fast to tag).
 */
export function withEntities<T extends ClusterDoc>(docs: T[], maxChars = Infinity): T[] {
  return docs.map((d) => ({
    ...d,
    entities: annotate({ id: d.id, title: d.title, text: d.text.length > maxChars ? d.text.slice(0, maxChars) : d.text }).entities,
  }));
}

/**
 * The GVA stream (../shared/data/gva-stream): dated local-news articles on look-alike shooting incidents,
 * in publication order; `story` (the incident) is the gold label and `group` the publication year, so fits
 * and benches can split by time.
 */
export function loadGva(path: string): LabelledDoc[] {
  const lines = gunzipSync(readFileSync(path)).toString('utf8').split('\n').filter(Boolean);
  return lines.map((l) => {
    const r = JSON.parse(l) as { id: string; title: string; text: string; published: string; story: string };
    return { id: r.id, title: r.title, text: r.text, published: r.published, gold: String(r.story), group: r.published.slice(0, 4) };
  });
}
