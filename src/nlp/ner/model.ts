// Loading, saving and applying the shipped NER model (src/nlp/models/ner-en.json.gz, written by
// scripts/train-ner.ts). Loading is lazy: the first call to tagWords() reads and parses the file.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { StorylineError } from '../../errors.ts';
import { DocContext, Gazetteer, TAGS, stackFeatures } from './features.ts';
import { decodeBeam, type Weights } from './perceptron.ts';
import { spansFromBilou, type ConllEntity } from './conll.ts';

export const MODEL_PATH = join(import.meta.dirname, '..', 'models', 'ner-en.json.gz');

interface ModelFile {
  format: 'storyline-ner-perceptron';
  version: 1;
  tags: string[];
  /** Weights are stored as integers: value / scale. */
  scale: number;
  /** feature → [tag, weight, tag, weight, ...] (sparse): first stage. */
  weights: Record<string, number[]>;
  /** Second stage, which also sees the first stage's tags for the same word across the document. */
  weights2?: Record<string, number[]>;
  gazetteer: Record<string, string>;
  info: Record<string, unknown>;
}

export interface NerModel {
  weights: Map<string, Float32Array>;
  weights2?: Map<string, Float32Array>;
  gazetteer: Gazetteer;
  info: Record<string, unknown>;
}

function maxAbs(ws: (Weights | undefined)[]): number {
  let max = 0;
  for (const w of ws) if (w) for (const v of w.values()) for (const x of v) max = Math.max(max, Math.abs(x));
  return max;
}

function toSparse(weights: Weights, scale: number): Record<string, number[]> {
  const out: Record<string, number[]> = {};
  for (const [f, v] of weights) {
    const sparse: number[] = [];
    v.forEach((x, t) => {
      const q = Math.round(x * scale);
      if (q !== 0) sparse.push(t, q);
    });
    if (sparse.length) out[f] = sparse;
  }
  return out;
}

function fromSparse(o: Record<string, number[]>, scale: number): Map<string, Float32Array> {
  const weights = new Map<string, Float32Array>();
  const inv = 1 / scale;
  for (const [f, sparse] of Object.entries(o)) {
    const v = new Float32Array(TAGS.length);
    for (let k = 0; k < sparse.length; k += 2) v[sparse[k]] = sparse[k + 1] * inv;
    weights.set(f, v);
  }
  return weights;
}

export function saveModel(path: string, m: { weights: Weights; weights2?: Weights; gazetteer: Gazetteer }, info: Record<string, unknown>): number {
  const max = maxAbs([m.weights, m.weights2]);
  // Integers keep the JSON small; 30000 steps over the weight range lose nothing the decoder notices.
  const scale = max > 0 ? 30000 / max : 1;
  const out: ModelFile = {
    format: 'storyline-ner-perceptron',
    version: 1,
    tags: TAGS,
    scale,
    weights: toSparse(m.weights, scale),
    weights2: m.weights2 ? toSparse(m.weights2, scale) : undefined,
    gazetteer: m.gazetteer.toJSON(),
    info,
  };
  const buf = gzipSync(JSON.stringify(out), { level: 9 });
  writeFileSync(path, buf);
  return buf.length;
}

export function loadModel(path = MODEL_PATH): NerModel {
  let parsed: ModelFile;
  try {
    parsed = JSON.parse(gunzipSync(readFileSync(path)).toString('utf8')) as ModelFile;
  } catch (err) {
    throw new StorylineError('nlp', 'ner_model_unreadable', `cannot load NER model (retrain with scripts/train-ner.ts): ${(err as Error).message}`, { input: path, cause: err });
  }
  if (parsed.format !== 'storyline-ner-perceptron' || parsed.tags.join() !== TAGS.join()) {
    throw new StorylineError('nlp', 'ner_model_mismatch', 'NER model was trained with a different tag set or format; retrain it', { input: path });
  }
  return {
    weights: fromSparse(parsed.weights, parsed.scale),
    weights2: parsed.weights2 ? fromSparse(parsed.weights2, parsed.scale) : undefined,
    gazetteer: Gazetteer.fromJSON(parsed.gazetteer),
    info: parsed.info,
  };
}

/** Beam width at tagging time (1 = greedy, as in training). */
export const BEAM = Number(process.env.STORYLINE_NER_BEAM ?? 4);

let cached: NerModel | null = null;

export function model(): NerModel {
  if (!cached) cached = loadModel();
  return cached;
}

/** Tag indices for every sentence of a document: first stage, then the stacked second stage if present. */
export function tagDocumentTags(sentences: string[][], m: NerModel = model(), ctx?: DocContext): number[][] {
  const doc = ctx ?? new DocContext(sentences);
  const first = sentences.map((ws) => (ws.length ? decodeBeam(m.weights, ws, m.gazetteer, doc, undefined, BEAM) : []));
  if (!m.weights2) return first;
  const extra = stackFeatures(sentences, first);
  return sentences.map((ws, s) => (ws.length ? decodeBeam(m.weights2!, ws, m.gazetteer, doc, extra[s], BEAM) : []));
}

/** Entity spans (token indices, CoNLL types) for every sentence of a document. */
export function tagDocument(sentences: string[][], m: NerModel = model(), ctx?: DocContext): ConllEntity[][] {
  return tagDocumentTags(sentences, m, ctx).map((tags) => spansFromBilou(tags.map((t) => TAGS[t])));
}

/** Entity spans for one sentence on its own (no document context). */
export function tagWords(words: string[], m: NerModel = model()): ConllEntity[] {
  return tagDocument([words], m)[0];
}
