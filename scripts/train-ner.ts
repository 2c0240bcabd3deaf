// Trains the NER model shipped in src/nlp/models/ner-en.json.gz.
//
// Retrain:   node --import tsx scripts/train-ner.ts
// Options:   --epochs N (default 10)  --fold-epochs N (default 6)  --prune X (drop |averaged weight| < X,
//            default 0.002)  --data DIR (default ../shared/data/conll2003-en)  --out FILE  --eval (score eng.testa, and
//            eng.testb when the data folder has it, after training, beside the model that was at --compare, default
//            the shipped one, read before --out is written: same code, same run, with a paired bootstrap over
//            documents so a difference can be told from noise)  --seed N (shuffling, default 20031)
//
// Data: CoNLL-2003 English eng.train.gz (Reuters 1996, research-only: read from the shared folder, never
// copied into the repo). The tagger is an averaged perceptron over BIO tags with greedy decoding
// (src/nlp/ner/perceptron.ts); features are in src/nlp/ner/features.ts. Gazetteer features come from the
// hand lists in src/nlp/ner/lexicon.ts plus entity strings of the training data; while training, each
// document sees only the entities of the *other* half of the documents, so the model learns how far a
// gazetteer hit can be trusted for a name it has not seen. About 10% of sentences are added a second time
// in Title Case, so headlines do not make every capitalised word an entity.
// Two stages: stage 1 tags each sentence; stage 2 adds what stage 1 said about the same word elsewhere in
// the document (features.ts stackFeatures). Stage 2 is trained on stage-1 tags from two half-models that
// did not see the document (cross-fitting), so it learns how much to trust them. Four trainings in all:
// ~2 minutes on an idle core, ~6 on a busy machine.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import nlp from 'compromise';
import { SHARED_DATA } from '../bench/common.ts';
import { bio, readConll, spansFromBio, type ConllSentence } from '../eval/nlp/conll.ts';
import { DocContext, Gazetteer, TAG_INDEX, stackFeatures } from '../src/nlp/ner/features.ts';
import { handGazetteer } from '../src/nlp/ner/lexicon.ts';
import { MODEL_PATH, loadModel, saveModel, tagDocument, type NerModel } from '../src/nlp/ner/model.ts';
import { PerceptronTrainer, decode } from '../src/nlp/ner/perceptron.ts';
import { scoreEntities } from '../eval/nlp/score.ts';

const { values } = parseArgs({
  options: {
    epochs: { type: 'string', default: '10' },
    prune: { type: 'string', default: '0.002' },
    data: { type: 'string', default: join(SHARED_DATA, 'conll2003-en') },
    out: { type: 'string', default: MODEL_PATH },
    'fold-epochs': { type: 'string', default: '6' },
    eval: { type: 'boolean', default: false },
    compare: { type: 'string', default: MODEL_PATH },
    seed: { type: 'string', default: '20031' },
  },
});
const started = Date.now();
const previous = values.eval && existsSync(values.compare) ? loadModel(values.compare) : null;
const epochs = Number(values.epochs);
const prune = Number(values.prune);
const foldEpochs = Number(values['fold-epochs']);

// Deterministic shuffling so a retrain reproduces the shipped model.
let seed = Number(values.seed);
const rand = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;

const SMALL = new Set(['a', 'an', 'the', 'of', 'in', 'on', 'at', 'to', 'for', 'and', 'or', 'but', 'by', 'with', 'as', 'from']);
function titleCase(words: string[]): string[] {
  return words.map((w, i) => (i > 0 && SMALL.has(w) ? w : /^\p{Ll}/u.test(w) ? w[0].toUpperCase() + w.slice(1) : w));
}

const train = readConll(join(values.data, 'eng.train.gz'));
console.log(`read ${train.length} training sentences`);

/**
 * Given names and surnames from compromise's English lexicon (about 3,100 given names, 900 surnames; a word
 * the lexicon reads first as something else, "April", "May", "Will", is not among them), as one-word PER
 * entries. The 1996 Reuters text names too few people for the tagger to know a name it has not seen at the
 * start of a sentence ("Matthew Miller, a US state department spokesperson, ..."); a list independent of the
 * training text lets it learn how far to trust a known name. Training only: the list is saved in the model.
 */
function personNames(): string[] {
  const lexicon = (nlp.model() as { one: { lexicon: Record<string, string> } }).one.lexicon;
  return Object.entries(lexicon)
    .filter(([w, t]) => PERSON_NAME_TAGS.has(t) && /^\p{L}[\p{L}'-]*$/u.test(w))
    .map(([w]) => w);
}
const PERSON_NAME_TAGS = new Set(['MaleName', 'FemaleName', 'FirstName', 'LastName']);

function gazetteerFrom(sents: ConllSentence[]): Gazetteer {
  const g = new Gazetteer();
  for (const [p, t] of handGazetteer()) g.add(p, t);
  for (const w of personNames()) g.add(w, 'PER');
  for (const s of sents) for (const e of spansFromBio(s.tags)) g.add(s.words.slice(e.start, e.end).join(' '), e.type);
  return g;
}
const gazFull = gazetteerFrom(train);
const gazOdd = gazetteerFrom(train.filter((s) => s.doc % 2 === 1));
const gazEven = gazetteerFrom(train.filter((s) => s.doc % 2 === 0));

/** Words written in lower case at least 90% of the times they occur mid-sentence (and at least twice). */
function commonLowerWords(sents: ConllSentence[]): Set<string> {
  const lower = new Map<string, number>();
  const upper = new Map<string, number>();
  for (const s of sents) {
    if (s.words.every((w) => w === w.toUpperCase())) continue;
    s.words.forEach((w, i) => {
      if (i === 0 || !/^\p{L}+$/u.test(w)) return;
      const l = w.toLowerCase();
      const m = w === l ? lower : upper;
      m.set(l, (m.get(l) ?? 0) + 1);
    });
  }
  const out = new Set<string>();
  for (const [w, n] of lower) if (n >= 2 && (upper.get(w) ?? 0) <= n * 0.1) out.add(w);
  return out;
}

interface Example {
  words: string[];
  gold: number[];
  gaz: Gazetteer;
  doc: DocContext;
  /** Which half of the documents (by parity) the sentence belongs to. */
  half: number;
  /** For a Title-Case copy, the example it was made from. */
  copyOf?: Example;
}
function docContexts(sents: ConllSentence[]): Map<number, DocContext> {
  const byDoc = new Map<number, string[][]>();
  for (const s of sents) (byDoc.get(s.doc) ?? (byDoc.set(s.doc, []), byDoc.get(s.doc)!)).push(s.words);
  return new Map([...byDoc].map(([d, ws]) => [d, new DocContext(ws)]));
}
const trainDocs = docContexts(train);
const examples: Example[] = [];
for (const s of train) {
  const doc = trainDocs.get(s.doc)!;
  const gold = bio(s.words.length, spansFromBio(s.tags)).map((t) => TAG_INDEX.get(t)!);
  const gaz = s.doc % 2 === 0 ? gazOdd : gazEven;
  const ex: Example = { words: s.words, gold, gaz, doc, half: s.doc % 2 };
  examples.push(ex);
  if (rand() < 0.1 && s.words.length > 3) examples.push({ words: titleCase(s.words), gold, gaz, doc, half: s.doc % 2, copyOf: ex });
}

function trainStage(exs: Example[], n: number, label: string, extra?: Map<Example, string[][]>): PerceptronTrainer {
  const trainer = new PerceptronTrainer();
  const order = [...exs];
  for (let ep = 1; ep <= n; ep++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [order[i], order[j]] = [order[j], order[i]];
    }
    const t0 = Date.now();
    let errors = 0;
    let tokens = 0;
    for (const ex of order) {
      errors += trainer.train(ex.words, ex.gold, ex.gaz, ex.doc, extra?.get(ex));
      tokens += ex.words.length;
    }
    console.log(
      `${label} epoch ${ep}: token error rate ${(errors / tokens).toFixed(4)}, ${trainer.features} features, ${((Date.now() - t0) / 1000).toFixed(1)} s`,
    );
  }
  return trainer;
}

// Stage 1 on all documents.
const stage1 = trainStage(examples, epochs, 'stage 1').averaged(prune);

// Stage 2 needs first-stage tags on the training documents that are as wrong as they will be on new
// text, so they come from two half-models, each tagging the half it did not see (with a gazetteer built
// from its own half only).
const firstPass = new Map<Example, number[]>();
for (const half of [0, 1]) {
  const seen = examples.filter((e) => e.half !== half);
  const w = trainStage(seen, foldEpochs, `fold ${half}`).averaged(prune);
  const gaz = half === 0 ? gazOdd : gazEven;
  for (const e of examples) if (e.half === half) firstPass.set(e, decode(w, e.words, gaz, e.doc));
}
const extra = new Map<Example, string[][]>();
const byDoc = new Map<DocContext, Example[]>();
for (const e of examples) if (!e.copyOf) (byDoc.get(e.doc) ?? (byDoc.set(e.doc, []), byDoc.get(e.doc)!)).push(e);
const stackOf = (exs: Example[]) =>
  stackFeatures(
    exs.map((e) => e.words),
    exs.map((e) => firstPass.get(e)!),
  );
for (const exs of byDoc.values()) {
  const feats = stackOf(exs);
  exs.forEach((e, k) => extra.set(e, feats[k]));
}
// A Title-Case copy is seen in its document in place of its original, never beside it.
for (const e of examples) {
  if (!e.copyOf) continue;
  const exs = byDoc.get(e.doc)!.map((o) => (o === e.copyOf ? e : o));
  extra.set(e, stackOf(exs)[exs.indexOf(e)]);
}
const stage2 = trainStage(examples, epochs, 'stage 2', extra).averaged(prune);

const trained = { weights: stage1, weights2: stage2, gazetteer: gazFull, commonLower: commonLowerWords(train) };
const bytes = saveModel(values.out, trained, {
  trainedOn: 'conll2003-en eng.train',
  epochs,
  prune,
  sentences: train.length,
  features: stage1.size + stage2.size,
});
console.log(`wrote ${values.out}: ${stage1.size} + ${stage2.size} features, ${(bytes / 1e6).toFixed(2)} MB`);

console.log(`trained in ${((Date.now() - started) / 60000).toFixed(1)} min`);

if (values.eval) {
  type Items = { gold: ReturnType<typeof spansFromBio>; pred: ReturnType<typeof spansFromBio> }[];
  /** Scored items of each document of a CoNLL file, tagged document by document as the product does. */
  const tagFile = (sents: ConllSentence[], m: NerModel): Items[] => {
    const byDevDoc = new Map<number, ConllSentence[]>();
    for (const s of sents) (byDevDoc.get(s.doc) ?? (byDevDoc.set(s.doc, []), byDevDoc.get(s.doc)!)).push(s);
    return [...byDevDoc.values()].map((ds) => {
      const pred = tagDocument(
        ds.map((s) => s.words),
        m,
      );
      return ds.map((s, k) => ({ gold: spansFromBio(s.tags), pred: pred[k] }));
    });
  };
  const models: [string, NerModel][] = [
    ['stage 1 only', { ...trained, weights2: undefined, info: {} }],
    ['two stages', { ...trained, info: {} }],
  ];
  if (previous) models.push([`previous (${values.compare})`, previous]);
  for (const file of ['eng.testa.gz', 'eng.testb.gz']) {
    const path = join(values.data, file);
    if (!existsSync(path)) {
      console.log(`${file}: not in ${values.data}, not scored`);
      continue;
    }
    const sents = readConll(path);
    const perDoc = new Map<string, Items[]>();
    for (const [label, m] of models) {
      const docs = tagFile(sents, m);
      perDoc.set(label, docs);
      const r = scoreEntities(docs.flat());
      console.log(`${file} ${label}: P ${r.overall.p.toFixed(4)} R ${r.overall.r.toFixed(4)} F1 ${r.overall.f1.toFixed(4)}`);
      for (const [t, x] of Object.entries(r.byType)) console.log(`  ${t}: F1 ${x.f1.toFixed(4)} (P ${x.p.toFixed(4)} R ${x.r.toFixed(4)})`);
    }
    if (previous) {
      // Paired bootstrap over documents: how often a resampled test set still has the new model ahead.
      const a = perDoc.get('two stages')!;
      const b = perDoc.get(models[2][0])!;
      let bs = 7;
      // High bits of the generator: its low bits cycle with a short period.
      const pick = () => Math.floor(((bs = (bs * 1103515245 + 12345) & 0x7fffffff) / 0x80000000) * a.length);
      const diffs: number[] = [];
      for (let r = 0; r < 1000; r++) {
        const idx = Array.from({ length: a.length }, pick);
        diffs.push(scoreEntities(idx.flatMap((k) => a[k])).overall.f1 - scoreEntities(idx.flatMap((k) => b[k])).overall.f1);
      }
      diffs.sort((x, y) => x - y);
      const mean = diffs.reduce((x, y) => x + y, 0) / diffs.length;
      console.log(
        `${file} new - previous F1: mean ${mean.toFixed(4)}, 95% interval [${diffs[25].toFixed(4)}, ${diffs[974].toFixed(4)}] over 1000 document resamples`,
      );
    }
  }
}
