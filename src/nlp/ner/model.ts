// Loading, saving and applying the shipped NER model (src/nlp/models/ner-en.json.gz, written by
// scripts/train-ner.ts). Loading is lazy: the first call to tagWords() reads and parses the file.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { StorylineError } from '../../errors.ts';
import { DocContext, Gazetteer, TAGS, stackFeatures } from './features.ts';
import { decode, type Weights } from './perceptron.ts';
import { spansFromTags, type ConllEntity } from './spans.ts';

export const MODEL_PATH = join(import.meta.dirname, '..', 'models', 'ner-en.json.gz');

/**
 * File layout (gzip): 4-byte little-endian header length, the JSON header (padded to an even length),
 * then the weights as little-endian int16, one row of TAGS.length per feature, stage 1 then stage 2.
 * Dense int16 rows load an order of magnitude faster than a JSON object of 200k keys.
 */
interface Header {
  format: 'storyline-ner-perceptron';
  version: 2;
  tags: string[];
  /** Weight = int16 value / scale. */
  scale: number;
  /** Feature strings joined by "\n", one per weight row: first stage, then the stacked second stage. */
  features: string;
  features2: string | null;
  gazetteer: Record<string, string>;
  /** Words the training text writes in lower case mid-sentence (for truecasing Title Case lines). */
  commonLower?: string;
  info: Record<string, unknown>;
}

export interface NerModel {
  weights: Map<string, Float32Array>;
  /** Second stage, which also sees the first stage's tags for the same word across the document. */
  weights2?: Map<string, Float32Array>;
  gazetteer: Gazetteer;
  commonLower?: Set<string>;
  info: Record<string, unknown>;
}

function rows(weights: Weights, scale: number): { names: string[]; data: number[] } {
  const names: string[] = [];
  const data: number[] = [];
  for (const [f, v] of weights) {
    const q = Array.from(v, (x) => Math.round(x * scale));
    if (q.every((x) => x === 0)) continue;
    names.push(f);
    data.push(...q);
  }
  return { names, data };
}

export function saveModel(
  path: string,
  m: { weights: Weights; weights2?: Weights; gazetteer: Gazetteer; commonLower?: Set<string> },
  info: Record<string, unknown>,
): number {
  let max = 0;
  for (const w of [m.weights, m.weights2]) if (w) for (const v of w.values()) for (const x of v) max = Math.max(max, Math.abs(x));
  const scale = max > 0 ? 32000 / max : 1;
  const a = rows(m.weights, scale);
  const b = m.weights2 ? rows(m.weights2, scale) : null;
  const header: Header = {
    format: 'storyline-ner-perceptron',
    version: 2,
    tags: TAGS,
    scale,
    features: a.names.join('\n'),
    features2: b ? b.names.join('\n') : null,
    gazetteer: m.gazetteer.toJSON(),
    commonLower: m.commonLower ? [...m.commonLower].join('\n') : undefined,
    info,
  };
  let head = Buffer.from(JSON.stringify(header), 'utf8');
  if (head.length % 2) head = Buffer.concat([head, Buffer.from(' ')]);
  const len = Buffer.alloc(4);
  len.writeUInt32LE(head.length);
  const weights = Int16Array.from([...a.data, ...(b?.data ?? [])]);
  const buf = gzipSync(Buffer.concat([len, head, Buffer.from(weights.buffer)]), { level: 9 });
  writeFileSync(path, buf);
  return buf.length;
}

export function loadModel(path = MODEL_PATH): NerModel {
  let header: Header;
  let raw: Buffer;
  try {
    raw = gunzipSync(readFileSync(path));
    header = JSON.parse(raw.toString('utf8', 4, 4 + raw.readUInt32LE(0))) as Header;
  } catch (err) {
    throw new StorylineError('nlp', 'ner_model_unreadable', `cannot load NER model (retrain with scripts/train-ner.ts): ${(err as Error).message}`, {
      input: path,
      cause: err,
    });
  }
  if (header.format !== 'storyline-ner-perceptron' || header.version !== 2 || header.tags.join() !== TAGS.join()) {
    throw new StorylineError('nlp', 'ner_model_mismatch', 'NER model was written for a different tag set or format; retrain it', { input: path });
  }
  const start = 4 + raw.readUInt32LE(0);
  // Copy into an aligned buffer: the gunzipped Buffer may sit at an odd offset of a shared pool.
  const ints = new Int16Array(raw.buffer.slice(raw.byteOffset + start, raw.byteOffset + raw.length));
  const all = new Float32Array(ints.length);
  const inv = 1 / header.scale;
  for (let k = 0; k < ints.length; k++) all[k] = ints[k] * inv;
  const nt = TAGS.length;
  let row = 0;
  const table = (joined: string) => {
    const map = new Map<string, Float32Array>();
    for (const f of joined.split('\n')) {
      map.set(f, all.subarray(row * nt, row * nt + nt));
      row++;
    }
    return map;
  };
  const weights = table(header.features);
  const weights2 = header.features2 === null ? undefined : table(header.features2);
  if (row * nt !== all.length) throw new StorylineError('nlp', 'ner_model_truncated', 'NER model weights do not match its feature list', { input: path });
  const commonLower = header.commonLower ? new Set(header.commonLower.split('\n')) : undefined;
  return { weights, weights2, gazetteer: Gazetteer.fromJSON(header.gazetteer), commonLower, info: header.info };
}

let cached: NerModel | null = null;

export function model(): NerModel {
  if (!cached) cached = loadModel();
  return cached;
}

/** Tag indices for every sentence of a document: first stage, then the stacked second stage if present. */
/**
 * A Title Case line ("Putin Meets Chinese Leader In Beijing") makes every word look like a name. Such a line
 * is shown to the tagger with its common words in lower case (words the training text writes in lower case,
 * or that this document does); ALL-CAPS lines are left alone, the training text has plenty of those.
 */
export function truecaseTitleLine(words: string[], m: NerModel, doc: DocContext): string[] {
  let long = 0;
  let capped = 0;
  let caps = 0;
  words.forEach((w, i) => {
    if (!/^\p{L}{4,}$/u.test(w)) return;
    if (w === w.toUpperCase()) caps++;
    if (i === 0) return;
    long++;
    if (/^\p{Lu}/u.test(w)) capped++;
  });
  if (long < 3 || capped / long < 0.75 || caps > long / 2) return words;
  return words.map((w) => {
    const l = w.toLowerCase();
    return w !== l && /^\p{Lu}\p{Ll}+$/u.test(w) && (m.commonLower?.has(l) || doc.truecase(l) === l) ? l : w;
  });
}

export function tagDocumentTags(sentences: string[][], m: NerModel = model(), ctx?: DocContext): number[][] {
  const doc = ctx ?? new DocContext(sentences);
  sentences = sentences.map((ws) => truecaseTitleLine(ws, m, doc));
  const run = (w: Map<string, Float32Array>, ws: string[], extra?: string[][]) => (ws.length === 0 ? [] : decode(w, ws, m.gazetteer, doc, extra));
  const first = sentences.map((ws) => run(m.weights, ws));
  if (!m.weights2) return first;
  const extra = stackFeatures(sentences, first);
  return sentences.map((ws, s) => run(m.weights2!, ws, extra[s]));
}

/** Entity spans (token indices, CoNLL types) for every sentence of a document. */
export function tagDocument(sentences: string[][], m: NerModel = model(), ctx?: DocContext): ConllEntity[][] {
  return tagDocumentTags(sentences, m, ctx).map((tags) => spansFromTags(tags.map((t) => TAGS[t])));
}

/** Entity spans for one sentence on its own (no document context). */
export function tagWords(words: string[], m: NerModel = model()): ConllEntity[] {
  return tagDocument([words], m)[0];
}
