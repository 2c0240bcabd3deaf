// Attribution benchmark on PolNeAR dev: content-span P/R/F1 (a predicted content matches a gold one when
// they overlap by at least half the shorter span; one-to-one, greedy) and whole-attribution F1 (content
// matched and the predicted source mention overlapping the annotated source). Baseline in the same run:
// quote marks only, speaker = the capitalised name nearest the quote in its sentence. Also sentence
// splitting speed against a one-regex splitter. Articles with several annotators are scored against the
// alphabetically first annotator's file.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { dataset, skip, type BenchResult, type BenchRow } from './common.ts';
import { annotate } from '../src/nlp/annotate.ts';
import { splitSentences } from '../src/nlp/sentences.ts';
import { recognizeEntities } from '../src/nlp/entities.ts';
import { findAttributions } from '../src/nlp/quotes/attribute.ts';
import { readLabels, scoreSpeakers } from '../eval/nlp/speakers/score.ts';
import type { Quote } from '../src/types.ts';

interface Span {
  start: number;
  end: number;
}
interface GoldAttr {
  content: Span;
  source: Span | null;
  cue: Span | null;
}
interface PredAttr {
  content: Span;
  source: Span | null;
}

export function parseAnn(ann: string): GoldAttr[] {
  const spans = new Map<string, Span>();
  const out: GoldAttr[] = [];
  for (const line of ann.split('\n')) {
    const cols = line.split('\t');
    if (line.startsWith('T') && cols.length >= 2) {
      const m = /^\S+ (.+)$/.exec(cols[1]);
      if (!m) continue;
      const nums = m[1].split(/[ ;]/).map(Number);
      spans.set(cols[0], { start: Math.min(...nums), end: Math.max(...nums) });
    }
  }
  for (const line of ann.split('\n')) {
    if (!line.startsWith('E')) continue;
    const args = new Map(
      line
        .split('\t')[1]
        .split(' ')
        .map((a) => a.split(':') as [string, string]),
    );
    const c = spans.get(args.get('Content') ?? '');
    if (!c) continue;
    const s = args.get('Source');
    const cue = args.get('Cue');
    out.push({ content: c, source: s ? (spans.get(s) ?? null) : null, cue: cue ? (spans.get(cue) ?? null) : null });
  }
  return out;
}

function overlap(a: Span, b: Span): number {
  return Math.max(0, Math.min(a.end, b.end) - Math.max(a.start, b.start));
}

function contentMatch(a: Span, b: Span): boolean {
  const shorter = Math.min(a.end - a.start, b.end - b.start);
  return shorter > 0 && overlap(a, b) >= shorter / 2;
}

export interface Score {
  pred: number;
  gold: number;
  content: number;
  whole: number;
}

export function score(gold: GoldAttr[], pred: PredAttr[], acc: Score): void {
  acc.pred += pred.length;
  acc.gold += gold.length;
  const taken = new Set<number>();
  for (const p of pred) {
    let best = -1;
    let bestOv = 0;
    for (let g = 0; g < gold.length; g++) {
      if (taken.has(g) || !contentMatch(p.content, gold[g].content)) continue;
      const ov = overlap(p.content, gold[g].content);
      if (ov > bestOv) {
        best = g;
        bestOv = ov;
      }
    }
    if (best < 0) continue;
    taken.add(best);
    acc.content++;
    const gs = gold[best].source;
    if ((gs === null && p.source === null) || (gs && p.source && overlap(gs, p.source) > 0)) acc.whole++;
  }
}

function f1(s: Score, matched: number): { p: number; r: number; f: number } {
  const p = s.pred ? matched / s.pred : 0;
  const r = s.gold ? matched / s.gold : 0;
  return { p, r, f: p + r ? (2 * p * r) / (p + r) : 0 };
}

/** The baseline: text between double quote marks; speaker = nearest capitalised name in the sentence. */
export function baselineAttributions(text: string): PredAttr[] {
  const out: PredAttr[] = [];
  const re = /["\u201c]([^"\u201c\u201d\n]{2,})["\u201d]/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const qs = m.index + 1;
    const qe = m.index + m[0].length - 1;
    const sentStart = Math.max(text.lastIndexOf('. ', m.index) + 2, text.lastIndexOf('\n', m.index) + 1);
    let sentEnd = text.indexOf('\n', qe);
    if (sentEnd < 0) sentEnd = text.length;
    const dot = text.slice(qe + 1, sentEnd).search(/[.!?]\s/);
    if (dot >= 0) sentEnd = qe + 1 + dot;
    let best: Span | null = null;
    let bestD = Infinity;
    const name = /\b\p{Lu}\p{Ll}+(?:\s+\p{Lu}\p{Ll}+)*/gu;
    for (const seg of [
      [sentStart, m.index],
      [qe + 1, sentEnd],
    ] as const) {
      const piece = text.slice(seg[0], seg[1]);
      for (let n = name.exec(piece); n; n = name.exec(piece)) {
        const s = seg[0] + n.index;
        const e = s + n[0].length;
        const d = s >= qe ? s - qe : m.index - e;
        if (d < bestD) {
          bestD = d;
          best = { start: s, end: e };
        }
      }
    }
    out.push({ content: { start: qs, end: qe }, source: best });
  }
  return out;
}

/**
 * Speaker accuracy on our hand-labelled samples (eval/nlp/speakers: demo-corpus quotes; PolNeAR train and
 * ECB+ train wire quotes when the shared data is present), overall and on continued quotes, article-wide
 * speakers beside the phrase-by-phrase resolution they replaced (findAttributions with speakers 'local'), on
 * the same sentences and entities. Labels marked `split: 'held'` were never tuned on and are reported apart.
 */
function speakerRows(): BenchRow[] {
  const root = new URL('..', import.meta.url).pathname;
  const demo = new Map<string, string>();
  for (const line of readFileSync(join(root, 'corpus/wikinews/articles.jsonl'), 'utf8').split('\n')) {
    if (!line.trim()) continue;
    const d = JSON.parse(line) as { id: string; text: string };
    demo.set(d.id, d.text);
  }
  const rows = splitSamples('demo corpus sample', readLabels(join(root, 'eval/nlp/speakers/demo-labels.jsonl')), (id) => demo.get(id) ?? '');
  const polnear = dataset('polnear');
  if (polnear) {
    const labels = readLabels(join(root, 'eval/nlp/speakers/polnear-train-labels.jsonl'));
    rows.push(...splitSamples('polnear train sample', labels, (id) => readFileSync(join(polnear, 'train', 'text', id + '.txt'), 'utf8')));
  }
  const ecb = dataset('ecbplus');
  if (ecb) {
    const texts = new Map<string, string>();
    for (const line of gunzipSync(readFileSync(join(ecb, 'documents.jsonl.gz')))
      .toString('utf8')
      .split('\n')) {
      if (!line.trim()) continue;
      const d = JSON.parse(line) as { doc_id: string; text: string };
      texts.set(d.doc_id, d.text);
    }
    rows.push(...splitSamples('ecb+ train wire sample', readLabels(join(root, 'eval/nlp/speakers/ecb-labels.jsonl')), (id) => texts.get(id) ?? ''));
  }
  return rows;
}

function splitSamples(name: string, labels: ReturnType<typeof readLabels>, textOf: (id: string) => string): BenchRow[] {
  const tuned = labels.filter((l) => l.split !== 'held');
  const held = labels.filter((l) => l.split === 'held');
  const rows = speakerSample(held.length ? `${name}, tuned part` : name, tuned, textOf);
  if (held.length) rows.push(...speakerSample(`${name}, held-back part`, held, textOf));
  return rows;
}

function speakerSample(name: string, labels: ReturnType<typeof readLabels>, textOf: (id: string) => string): BenchRow[] {
  const quotes = new Map<string, { article: Quote[]; local: Quote[] }>();
  for (const id of new Set(labels.map((l) => l.articleId))) {
    const text = textOf(id);
    const sentences = splitSentences(text);
    const entities = recognizeEntities(text, {});
    quotes.set(id, {
      article: findAttributions(text, sentences, entities),
      local: findAttributions(text, sentences, entities, { speakers: 'local' }),
    });
  }
  const ours = scoreSpeakers(labels, textOf, (id) => quotes.get(id)?.article ?? []);
  const base = scoreSpeakers(labels, textOf, (id) => quotes.get(id)?.local ?? []);
  const cont = (s: typeof ours) => (s.byKind.continued ? s.byKind.continued.right / s.byKind.continued.total : 0);
  const baselineName = 'phrase-by-phrase speakers (speakers: local)';
  const dataset = `${name} (${labels.length} hand-labelled quotes, ${ours.byKind.continued?.total ?? 0} continued)`;
  return [
    { stage: 'attribution', metric: 'speaker accuracy', project: ours.right / ours.total, baseline: base.right / base.total, baselineName, dataset },
    { stage: 'attribution', metric: 'speaker accuracy, continued quotes', project: cont(ours), baseline: cont(base), baselineName, dataset },
  ];
}

export async function run(): Promise<BenchResult[]> {
  const speakers = speakerRows();
  const root = dataset('polnear');
  if (!root) return [...speakers, skip('attribution', 'polnear')];
  const dir = join(root, 'dev');
  const anns = readdirSync(join(dir, 'attributions'))
    .filter((f) => f.endsWith('.ann'))
    .sort();
  const byArticle = new Map<string, string>();
  for (const f of anns) {
    const article = f.replace(/_[0-9a-f]{4}\.ann$/, '');
    if (!byArticle.has(article)) byArticle.set(article, f);
  }
  const ours: Score = { pred: 0, gold: 0, content: 0, whole: 0 };
  const base: Score = { pred: 0, gold: 0, content: 0, whole: 0 };
  const texts: string[] = [];
  for (const [article, f] of byArticle) {
    const text = readFileSync(join(dir, 'text', article + '.txt'), 'utf8');
    texts.push(text);
    const gold = parseAnn(readFileSync(join(dir, 'attributions', f), 'utf8'));
    const a = annotate({ id: article, text });
    const pred = a.quotes.map((q) => ({
      content: { start: q.start, end: q.end },
      source: q.speakerStart === null || q.speakerEnd === null ? null : { start: q.speakerStart, end: q.speakerEnd },
    }));
    score(gold, pred, ours);
    score(gold, baselineAttributions(text), base);
  }
  const name = `polnear dev (${byArticle.size} articles, ${ours.gold} attributions)`;
  const rows: BenchRow[] = [...speakers];
  const oc = f1(ours, ours.content);
  const bc = f1(base, base.content);
  const ow = f1(ours, ours.whole);
  const bw = f1(base, base.whole);
  const baselineName = 'quote marks only + nearest capitalised name';
  rows.push({ stage: 'attribution', metric: 'content precision', project: oc.p, baseline: bc.p, baselineName, dataset: name });
  rows.push({ stage: 'attribution', metric: 'content recall', project: oc.r, baseline: bc.r, baselineName, dataset: name });
  rows.push({ stage: 'attribution', metric: 'content F1', project: oc.f, baseline: bc.f, baselineName, dataset: name });
  rows.push({ stage: 'attribution', metric: 'attribution F1 (content + source)', project: ow.f, baseline: bw.f, baselineName, dataset: name });

  // Sentence splitting speed over the dev texts, repeated to get a stable time.
  const reps = 20;
  let n = 0;
  let t0 = performance.now();
  for (let r = 0; r < reps; r++) for (const t of texts) n += splitSentences(t).length;
  const ours_s = n / ((performance.now() - t0) / 1000);
  let m = 0;
  t0 = performance.now();
  for (let r = 0; r < reps; r++) for (const t of texts) m += t.split(/(?<=[.!?])\s+/).length;
  const base_s = m / ((performance.now() - t0) / 1000);
  rows.push({
    stage: 'attribution',
    metric: 'sentence splitting (sentences/s)',
    project: Math.round(ours_s),
    baseline: Math.round(base_s),
    baselineName: 'one regex split on [.!?] + space',
    dataset: `polnear dev texts (${texts.length} articles x ${reps})`,
  });
  return rows;
}
