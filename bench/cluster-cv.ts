// ECB+ story clustering, cross-validated by topic over all 33 topics: the model is refitted on three quarters
// of the topics (eval/cluster/fit.ts, exactly as scripts/fit-cluster-weights.ts fits the shipped weights) and
// streamed on the quarter it never saw, four times over. The held-out rows of bench/cluster.ts rest on 8
// topics, where one early wrong join moves pairwise F1 by several points; this figure covers every topic,
// each scored by a model that did not see it. Baseline: the plain single-pass TF-IDF clusterer, its threshold
// chosen on the same training quarters. Documents carry nlp entities, as in the ingest pipeline.
// About 6 minutes on a 2-core machine, so it runs only with STORYLINE_BENCH_CV=1.
import { join } from 'node:path';
import { dataset, skip, type BenchResult, type BenchRow } from './common.ts';
import { baselineTheta, tfidfSinglePass } from './cluster.ts';
import { loadEcbPlus, score, shuffle, withEntities, type LabelledDoc, type Scores } from '../eval/cluster/eval.ts';
import { fitModel } from '../eval/cluster/fit.ts';
import { StoryClusterer, type ClusterWeights } from '../src/cluster/stream.ts';
import shipped from '../src/cluster/weights.json' with { type: 'json' };

const FOLDS = 4;
const SEEDS = [101, 202, 303, 404, 505, 606, 707, 808, 909, 1010];
const TAG_CHARS = 3000;

const goldOf = (docs: LabelledDoc[]) => new Map(docs.map((d) => [d.id, d.gold]));

function stream(docs: LabelledDoc[], weights: ClusterWeights): Map<string, string> {
  const c = new StoryClusterer({ weights, nlpWeights: weights });
  const pred = new Map<string, string>();
  for (const d of docs) pred.set(d.id, c.add(d).story);
  for (const [k, v] of pred) pred.set(k, c.resolve(v));
  return pred;
}

function mean(xs: Scores[]): Scores {
  const keys = Object.keys(xs[0]) as (keyof Scores)[];
  return Object.fromEntries(keys.map((k) => [k, xs.reduce((s, x) => s + x[k], 0) / xs.length])) as unknown as Scores;
}

export async function run(): Promise<BenchResult[]> {
  const dir = dataset('ecbplus');
  if (!dir) return [skip('cluster-cv', 'ecbplus')];
  if (!process.env.STORYLINE_BENCH_CV) {
    return [{ stage: 'cluster-cv', skipped: 'ECB+ cross-validated by topic skipped (about 6 min: STORYLINE_BENCH_CV=1 npm run bench -- cluster-cv runs it)' }];
  }
  const all = withEntities(loadEcbPlus(join(dir, 'documents.jsonl.gz')), TAG_CHARS);
  const topics = [...new Set(all.map((d) => d.group))].sort((a, b) => Number(a) - Number(b));
  const datedThreshold = (shipped as { nlp: { datedThreshold: number } }).nlp.datedThreshold;
  const perFold: { topics: string[]; ours: Scores; base: Scores; theta: number }[] = [];
  for (let f = 0; f < FOLDS; f++) {
    const test = new Set(topics.filter((_, i) => i % FOLDS === f));
    const train = all.filter((d) => !test.has(d.group));
    const held = all.filter((d) => test.has(d.group));
    const model = fitModel(`fold ${f + 1}`, train, datedThreshold, () => undefined);
    const theta = baselineTheta(train);
    const ours = mean(SEEDS.map((s) => score(goldOf(held), stream(shuffle(held, s), model))));
    const base = mean(SEEDS.map((s) => score(goldOf(held), tfidfSinglePass(shuffle(held, s), theta))));
    perFold.push({ topics: [...test], ours, base, theta });
  }
  const name = `ecbplus all ${topics.length} topics, ${FOLDS}-fold by topic (refitted per fold), ${SEEDS.length} shuffles per fold`;
  const row = (metric: string, project: number | string, baseline: number | string): BenchRow => ({
    stage: 'cluster-cv',
    metric,
    project,
    baseline,
    baselineName: 'plain TF-IDF cosine, single pass (θ best on the training folds)',
    dataset: name,
  });
  const avg = (k: keyof Scores, side: 'ours' | 'base') => perFold.reduce((s, p) => s + p[side][k], 0) / perFold.length;
  const out: BenchResult[] = [
    row('pairwise F1, mean over folds (target ≥ 0.92)', avg('pairF1', 'ours'), avg('pairF1', 'base')),
    row(
      'pairwise P / R, mean over folds',
      `${avg('pairP', 'ours').toFixed(3)} / ${avg('pairR', 'ours').toFixed(3)}`,
      `${avg('pairP', 'base').toFixed(3)} / ${avg('pairR', 'base').toFixed(3)}`,
    ),
    row('BCubed F1, mean over folds', avg('b3F1', 'ours'), avg('b3F1', 'base')),
  ];
  for (const [i, p] of perFold.entries()) {
    out.push(row(`  fold ${i + 1} (topics ${p.topics.join(' ')}): pairwise F1`, p.ours.pairF1, p.base.pairF1));
  }
  return out;
}
