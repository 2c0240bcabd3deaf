// Averaged perceptron over string features with greedy left-to-right decoding constrained to valid BIO
// sequences. Hand-written: no maintained JS library trains a sequence tagger offline, and the model has to be
// a small JSON file the product ships.
import { TAGS, allowed, dynamicFeatures, staticFeatures, type DocContext, type Gazetteer } from './features.ts';

const NT = TAGS.length;

/** Weights after training: feature → dense per-tag weights. */
export type Weights = Map<string, Float32Array>;

export function scoreInto(weights: Map<string, ArrayLike<number>>, feats: string[], scores: Float64Array): void {
  for (const f of feats) {
    const w = weights.get(f);
    if (!w) continue;
    for (let t = 0; t < NT; t++) scores[t] += w[t];
  }
}

/** Greedy decode of one sentence (tag indices). */
export function decode(weights: Map<string, ArrayLike<number>>, words: string[], gaz: Gazetteer, doc?: DocContext, extra?: string[][]): number[] {
  const stat = staticFeatures(words, gaz, doc);
  if (extra) stat.forEach((f, i) => f.push(...extra[i]));
  const tags: number[] = [];
  const scores = new Float64Array(NT);
  for (let i = 0; i < words.length; i++) {
    scores.fill(0);
    scoreInto(weights, stat[i], scores);
    scoreInto(weights, dynamicFeatures(words, i, i > 0 ? tags[i - 1] : -1, i > 1 ? tags[i - 2] : -1), scores);
    tags.push(best(scores, i > 0 ? tags[i - 1] : -1));
  }
  return tags;
}

/** Highest-scoring tag allowed after `prev`. */
export function best(scores: Float64Array, prev: number): number {
  let bi = -1;
  let bs = -Infinity;
  for (let t = 0; t < NT; t++) {
    if (!allowed(prev, t)) continue;
    if (scores[t] > bs) {
      bs = scores[t];
      bi = t;
    }
  }
  return bi;
}

/** Trainer state: weights, running totals and last-update timestamps, per feature. */
export class PerceptronTrainer {
  private readonly w = new Map<string, Float64Array>(); // [weights(NT) | totals(NT) | stamps(NT)]
  private step = 0;

  private slot(f: string): Float64Array {
    let a = this.w.get(f);
    if (!a) this.w.set(f, (a = new Float64Array(NT * 3)));
    return a;
  }

  private bump(f: string, tag: number, delta: number): void {
    const a = this.slot(f);
    a[NT + tag] += (this.step - a[2 * NT + tag]) * a[tag];
    a[2 * NT + tag] = this.step;
    a[tag] += delta;
  }

  /** Trains on one sentence with the tagger's own previous decisions as history; returns mistakes. */
  train(words: string[], gold: number[], gaz: Gazetteer, doc?: DocContext, extra?: string[][]): number {
    const stat = staticFeatures(words, gaz, doc);
    if (extra) stat.forEach((f, i) => f.push(...extra[i]));
    const tags: number[] = [];
    const scores = new Float64Array(NT);
    let errors = 0;
    for (let i = 0; i < words.length; i++) {
      this.step++;
      const dyn = dynamicFeatures(words, i, i > 0 ? tags[i - 1] : -1, i > 1 ? tags[i - 2] : -1);
      scores.fill(0);
      for (const f of stat[i]) {
        const a = this.w.get(f);
        if (a) for (let t = 0; t < NT; t++) scores[t] += a[t];
      }
      for (const f of dyn) {
        const a = this.w.get(f);
        if (a) for (let t = 0; t < NT; t++) scores[t] += a[t];
      }
      const guess = best(scores, i > 0 ? tags[i - 1] : -1);
      const g = gold[i];
      if (guess !== g) {
        errors++;
        for (const f of stat[i]) {
          this.bump(f, g, 1);
          this.bump(f, guess, -1);
        }
        for (const f of dyn) {
          this.bump(f, g, 1);
          this.bump(f, guess, -1);
        }
      }
      tags.push(guess);
    }
    return errors;
  }

  /** Averaged weights, dropping those whose magnitude is below `prune`. */
  averaged(prune: number): Weights {
    const out: Weights = new Map();
    for (const [f, a] of this.w) {
      const v = new Float32Array(NT);
      let keep = false;
      for (let t = 0; t < NT; t++) {
        const total = a[NT + t] + (this.step - a[2 * NT + t]) * a[t];
        const avg = total / Math.max(1, this.step);
        if (Math.abs(avg) >= prune) {
          v[t] = avg;
          keep = true;
        }
      }
      if (keep) out.set(f, v);
    }
    return out;
  }

  get features(): number {
    return this.w.size;
  }
}
