// Fitting the story clusterer's logistic model on labelled story streams (ECB+ in practice): used by
// scripts/fit-cluster-weights.ts to write weights.json, and by the cross-validated bench (bench/cluster-cv.ts)
// to refit per fold. Steps:
//  1. Stream the training documents in several seeded shuffles. For every document, the clusterer proposes
//     candidate stories exactly as at run time, and each (doc, candidate) pair becomes a training row
//     labelled by gold (same story or not). Documents are then committed to their gold story ("teacher
//     forcing"), so the rows describe the decisions the streaming clusterer really faces.
//  2. Logistic regression (L2, Newton's method) on those rows.
//  3. Join and singleton-absorb thresholds, then a stricter join threshold for young stories (at most 1, 2
//     or 4 documents), chosen by grid search with 2-fold cross-validation over the training topics, maximising
//     the mean of pairwise and BCubed F1 of the real streaming run over all the shuffles (the pairwise curve
//     alone is flat near its top, so its arg-max is mostly noise). Story merging stays off (mergeThreshold 1.1):
//     cross-validated in the session of 2026-11-29, it tied with no merging and on unseen topics it joined
//     whole look-alike event pairs (see src/cluster/README.md).
// Story size is deliberately not a feature: fitted on ECB+ (stories of 3–22 articles) it learnt a penalty on
// large stories that split every longer-running story elsewhere (DUC, Wikinews). ECB+ has no dates, so the
// time-gap weight cannot be learnt here: it stays at GAP_WEIGHT (a gentle penalty, about -1 in log-odds for a
// month-long gap).
import { score, shuffle, type LabelledDoc } from './eval.ts';
import { FEATURES, StoryClusterer, type ClusterWeights } from '../../src/cluster/stream.ts';

export const GAP_WEIGHT = -0.3;
const SEEDS = [11, 12, 13, 14, 15, 16];
const L2 = 1e-4;

export type FittedWeights = ClusterWeights & { trainCrossValidatedF1: number };

const gi = FEATURES.indexOf('gapDays');
const seedWeights: ClusterWeights = { w: FEATURES.map((f) => (f === 'gapDays' ? GAP_WEIGHT : 0)), bias: 0, threshold: 0.5, mergeThreshold: 1.1 };

// 1. rows
function pairRows(docs: LabelledDoc[]): { X: number[][]; Y: number[] } {
  const X: number[][] = [];
  const Y: number[] = [];
  for (const seed of SEEDS) {
    const c = new StoryClusterer({ weights: seedWeights, merge: false });
    const storyGold = new Map<string, string>();
    const goldStory = new Map<string, string>();
    for (const d of shuffle(docs, seed)) {
      const p = c.prepare(d);
      for (const cand of c.candidates(p)) {
        X.push(cand.features);
        Y.push(storyGold.get(cand.story) === d.gold ? 1 : 0);
      }
      const s = c.commit(p, goldStory.get(d.gold) ?? null);
      storyGold.set(s, d.gold);
      goldStory.set(d.gold, s);
    }
  }
  return { X, Y };
}

// 2. logistic regression by Newton's method (IRLS: two dozen features, so the Hessian is tiny). The undated
// models fit only the first twelve features (UNDATED_FEATURES) but the gap, which is always 0 in ECB+ and
// held at GAP_WEIGHT; the time and particulars features are the dated models' (fitDated). Features that are
// 0 in every row (typed names in the raw model) get weight 0 through the L2 term.
const dim = FEATURES.length;
const UNDATED_FEATURES = 12;
const undatedFree = FEATURES.map((_, j) => j).filter((j) => j < UNDATED_FEATURES && j !== gi);

function fitLogistic(X: number[][], Y: number[], free = undatedFree, fixed: Record<number, number> = { [gi]: GAP_WEIGHT }): { w: number[]; b: number } {
  const k = free.length + 1; // + bias
  let beta = new Array<number>(k).fill(0);
  const row = (x: number[]) => [...free.map((j) => x[j]), 1];
  for (let it = 0; it < 30; it++) {
    const g = new Array<number>(k).fill(0);
    const H = Array.from({ length: k }, () => new Array<number>(k).fill(0));
    for (let i = 0; i < X.length; i++) {
      const x = row(X[i]);
      let z = 0;
      for (let a = 0; a < k; a++) z += beta[a] * x[a];
      const p = 1 / (1 + Math.exp(-z));
      const s = Math.max(p * (1 - p), 1e-9);
      for (let a = 0; a < k; a++) {
        g[a] += (p - Y[i]) * x[a];
        for (let c = 0; c < k; c++) H[a][c] += s * x[a] * x[c];
      }
    }
    for (let a = 0; a < k - 1; a++) {
      g[a] += L2 * X.length * beta[a];
      H[a][a] += L2 * X.length;
    }
    const step = solve(H, g);
    beta = beta.map((v, a) => v - step[a]);
    if (Math.max(...step.map(Math.abs)) < 1e-6) break;
  }
  const w = new Array<number>(dim).fill(0);
  free.forEach((j, a) => (w[j] = beta[a]));
  for (const [j, x] of Object.entries(fixed)) w[Number(j)] = x;
  return { w, b: beta[k - 1] };
}

function solve(A: number[][], y: number[]): number[] {
  const n = y.length;
  const M = A.map((r, i) => [...r, y[i]]);
  for (let c = 0; c < n; c++) {
    let piv = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(M[r][c]) > Math.abs(M[piv][c])) piv = r;
    [M[c], M[piv]] = [M[piv], M[c]];
    for (let r = 0; r < n; r++) {
      if (r === c || M[c][c] === 0) continue;
      const f = M[r][c] / M[c][c];
      for (let q = c; q <= n; q++) M[r][q] -= f * M[c][q];
    }
  }
  return M.map((r, i) => (r[i] === 0 ? 0 : r[n] / r[i]));
}

function logLoss(X: number[][], Y: number[], w: number[], b: number): number {
  let ll = 0;
  for (let i = 0; i < X.length; i++) {
    let z = b;
    for (let j = 0; j < dim; j++) z += w[j] * X[i][j];
    const p = 1 / (1 + Math.exp(-z));
    ll += Y[i] ? Math.log(p + 1e-12) : Math.log(1 - p + 1e-12);
  }
  return -ll / X.length;
}

// 3. thresholds
function run(docs: LabelledDoc[], weights: ClusterWeights, seed: number): number {
  const c = new StoryClusterer({ weights });
  const pred = new Map<string, string>();
  for (const d of shuffle(docs, seed)) pred.set(d.id, c.add(d).story);
  for (const [k, v] of pred) pred.set(k, c.resolve(v));
  const sc = score(new Map(docs.map((d) => [d.id, d.gold])), pred);
  return (sc.pairF1 + sc.b3F1) / 2;
}

const THRESHOLDS = [0.1, 0.15, 0.2, 0.25, 0.3, 0.4];
// undefined = never absorb a singleton.
const ABSORB = [undefined, 0.3, 0.5, 0.7];
// Stricter joins for stories of at most n documents: [threshold, n], undefined = the same threshold for all.
const YOUNG: ([number, number] | undefined)[] = [undefined, ...[0.35, 0.5, 0.7].flatMap((t) => [1, 2, 4].map((n) => [t, n] as [number, number]))];

/** One model: weights on all the train topics, thresholds by 2-fold cross-validation over them. */
export function fitModel(name: string, train: LabelledDoc[], datedThreshold: number, log: (line: string) => void = console.log): FittedWeights {
  const { X, Y } = pairRows(train);
  log(`${name}: ${X.length} rows (${Y.filter((y) => y).length} positive)`);
  const { w, b } = fitLogistic(X, Y);
  log(
    `${name} weights ${JSON.stringify(Object.fromEntries(FEATURES.map((f, j) => [f, +w[j].toFixed(3)])))} bias ${+b.toFixed(3)} mean log-loss ${+logLoss(X, Y, w, b).toFixed(4)}`,
  );
  // Scoring the grid in-sample (on the topics the weights were fitted on) favoured aggressive story merging,
  // which the in-sample fit makes look safer than it is on unseen topics; hence the folds.
  const topics = [...new Set(train.map((d) => d.group))].sort((a, b) => Number(a) - Number(b));
  const folds = [0, 1].map((f) => topics.filter((_, i) => i % 2 === f));
  const foldModels = folds.map((held) => {
    const rows = pairRows(train.filter((d) => !held.includes(d.group)));
    return { model: fitLogistic(rows.X, rows.Y), docs: train.filter((d) => held.includes(d.group)) };
  });
  let best = { f: -1, threshold: 0.5, absorbThreshold: undefined as number | undefined, young: undefined as [number, number] | undefined };
  const tryGrid = (threshold: number, absorbThreshold: number | undefined, young: [number, number] | undefined) => {
    let f = 0;
    for (const { model, docs } of foldModels) {
      const weights: ClusterWeights = {
        w: model.w,
        bias: model.b,
        threshold,
        mergeThreshold: 1.1,
        absorbThreshold,
        youngThreshold: young?.[0],
        youngSize: young?.[1],
      };
      f += SEEDS.reduce((s, seed) => s + run(docs, weights, seed), 0) / SEEDS.length / foldModels.length;
    }
    log(
      `${name} threshold ${threshold} absorb ${absorbThreshold ?? 'never'} young ${young ? young.join(' up to ') : 'same'}: cross-validated train mean(pairwise F1, BCubed F1) ${f.toFixed(4)}`,
    );
    if (f > best.f) best = { f, threshold, absorbThreshold, young };
  };
  for (const threshold of THRESHOLDS) {
    for (const absorbThreshold of ABSORB) {
      if (absorbThreshold === undefined || absorbThreshold >= threshold) tryGrid(threshold, absorbThreshold, undefined);
    }
  }
  // Then the young-story rule around the best pair: it makes early joins stricter, so the overall threshold
  // it pairs with may be one step lower.
  const { threshold: t0, absorbThreshold: a0 } = best;
  for (const threshold of THRESHOLDS.filter((t, i) => t === t0 || THRESHOLDS[i + 1] === t0)) {
    for (const young of YOUNG) if (young && young[0] > threshold) tryGrid(threshold, a0, young);
  }
  return {
    w: w.map((x) => +x.toFixed(4)),
    bias: +b.toFixed(4),
    threshold: best.threshold,
    mergeThreshold: 1.1,
    ...(best.absorbThreshold === undefined ? {} : { absorbThreshold: best.absorbThreshold }),
    ...(best.young === undefined ? {} : { youngThreshold: best.young[0], youngSize: best.young[1] }),
    datedThreshold,
    trainCrossValidatedF1: +best.f.toFixed(4),
  };
}

// ---- the dated models ----------------------------------------------------------------------------------

/** Rows of a dated stream taken once in publication order, teacher-forced as in pairRows. */
function datedRows(docs: LabelledDoc[], undated: ClusterWeights): { X: number[][]; Y: number[] } {
  const X: number[][] = [];
  const Y: number[] = [];
  const c = new StoryClusterer({ weights: undated, datedWeights: seedWeights, nlpDatedWeights: seedWeights, merge: false });
  const storyGold = new Map<string, string>();
  const goldStory = new Map<string, string>();
  for (const d of docs) {
    const p = c.prepare(d);
    for (const cand of c.candidates(p)) {
      X.push(cand.features);
      Y.push(storyGold.get(cand.story) === d.gold ? 1 : 0);
    }
    const s = c.commit(p, goldStory.get(d.gold) ?? null);
    storyGold.set(s, d.gold);
    goldStory.set(d.gold, s);
  }
  return { X, Y };
}

export interface DatedFit {
  weights: FittedWeights;
  /** Every grid point tried, for the fit script's log and the README. */
  grid: { threshold: number; absorbThreshold?: number; f: number }[];
}

/**
 * Features the dated models leave out. Both describe a story's age, and GVA incidents are compact (same-
 * incident articles a median of one day apart), so fitted there they learnt that an old story takes no new
 * articles (gapFirst -0.90, log-days since the story's first article): every long-running story elsewhere
 * split (Wikinews silver pairwise recall 0.218 with them vs 0.459 without, precision 1.00 vs 0.94), while GVA
 * 2015 did not move (mean of pairwise and BCubed F1 0.909 vs 0.910). The gap to the story's last article
 * stays. Chosen by looking at the Wikinews silver figure, which is therefore not blind to this choice.
 */
export const DATED_LEAVE_OUT: readonly string[] = ['gapFirst', 'dormant'];
const DATED_THRESHOLDS = [0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9];
const DATED_ABSORB = [undefined, 0.5, 0.7, 0.9];
const DATED_REVIVE = [0.6, 0.7, 0.8, 0.9, 0.95];
/**
 * Quiet spells after which the revival threshold applies. Tried shortest first and, within one, lenient to
 * strict; among points that tie (TIE) the last is kept: on GVA 2015 every point lies within 0.002 of no
 * rule at all (revivals are rare there), and the last tie, a strict threshold after a long silence, is the
 * one that keeps next year's look-alike event (the next iPhone) out of this year's story.
 */
const DATED_REVIVE_AFTER = [21, 60, 180];
/**
 * Grid points within this of the best (mean of pairwise and BCubed F1) count as a tie: 0.002 is about one
 * same-incident pair of the ~1,100 GVA 2015 documents the grid is scored on.
 */
const TIE = 0.002;

/**
 * A dated model: weights on `train` (a dated stream in publication order, e.g. GVA 2013–2014), then the join
 * and singleton-absorb thresholds chosen on `tune` (a later part of the stream, e.g. GVA 2015), streamed
 * fresh, maximising the mean of pairwise and BCubed F1. Every feature is free, the time gap included: this
 * is the point of fitting on dated data. `undated` is the model the clusterer falls back to for undated pairs.
 */
export function fitDated(
  name: string,
  train: LabelledDoc[],
  tune: LabelledDoc[],
  undated: ClusterWeights,
  log: (line: string) => void = console.log,
  leaveOut: readonly string[] = DATED_LEAVE_OUT,
): DatedFit {
  const { X, Y } = datedRows(train, undated);
  log(`${name}: ${X.length} rows (${Y.filter((y) => y).length} positive)`);
  const { w, b } = fitLogistic(
    X,
    Y,
    FEATURES.map((_, j) => j).filter((j) => !leaveOut.includes(FEATURES[j])),
    {},
  );
  log(
    `${name} weights ${JSON.stringify(Object.fromEntries(FEATURES.map((f, j) => [f, +w[j].toFixed(3)])))} bias ${+b.toFixed(3)} mean log-loss ${+logLoss(X, Y, w, b).toFixed(4)}`,
  );
  const grid: DatedFit['grid'] = [];
  type Point = { f: number; threshold: number; absorbThreshold?: number; reviveThreshold?: number; reviveAfterDays?: number };
  let best: Point = { f: -1, threshold: 0.5 };
  const tryGrid = (threshold: number, absorbThreshold: number | undefined, reviveThreshold?: number, reviveAfterDays?: number) => {
    const dated: ClusterWeights = { w, bias: b, threshold, mergeThreshold: 1.1, absorbThreshold, reviveThreshold, reviveAfterDays };
    const c = new StoryClusterer({ weights: undated, datedWeights: dated, nlpDatedWeights: dated });
    const pred = new Map<string, string>();
    for (const d of tune) pred.set(d.id, c.add(d).story);
    for (const [k, v] of pred) pred.set(k, c.resolve(v));
    const sc = score(new Map(tune.map((d) => [d.id, d.gold])), pred);
    const f = (sc.pairF1 + sc.b3F1) / 2;
    grid.push({ threshold, absorbThreshold, f });
    log(
      `${name} threshold ${threshold} absorb ${absorbThreshold ?? 'never'} revive ${reviveThreshold ?? 'same'} after ${reviveAfterDays ?? '-'} days: tune pairwise P/R/F1 ${sc.pairP.toFixed(3)}/${sc.pairR.toFixed(3)}/${sc.pairF1.toFixed(3)} BCubed F1 ${sc.b3F1.toFixed(3)}`,
    );
    // Ties go to the stricter setting (tried later): the same figure with fewer joins across a dormant gap.
    if (f > best.f) best = { f, threshold, absorbThreshold, reviveThreshold, reviveAfterDays };
    else if (reviveThreshold !== undefined && f >= best.f - TIE) best = { ...best, reviveThreshold, reviveAfterDays };
  };
  for (const threshold of DATED_THRESHOLDS) {
    for (const absorbThreshold of DATED_ABSORB) {
      if (absorbThreshold === undefined || absorbThreshold >= threshold) tryGrid(threshold, absorbThreshold, undefined);
    }
  }
  // Then the revival rule at the chosen pair.
  const chosen = { ...best };
  for (const after of DATED_REVIVE_AFTER) {
    for (const revive of DATED_REVIVE) if (revive > chosen.threshold) tryGrid(chosen.threshold, chosen.absorbThreshold, revive, after);
  }
  return {
    weights: {
      w: w.map((x) => +x.toFixed(4)),
      bias: +b.toFixed(4),
      threshold: best.threshold,
      mergeThreshold: 1.1,
      ...(best.absorbThreshold === undefined ? {} : { absorbThreshold: best.absorbThreshold }),
      ...(best.reviveThreshold === undefined ? {} : { reviveThreshold: best.reviveThreshold, reviveAfterDays: best.reviveAfterDays }),
      trainCrossValidatedF1: +best.f.toFixed(4),
    },
    grid,
  };
}
