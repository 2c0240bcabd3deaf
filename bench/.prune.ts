import { readConll, spansFromBio, type ConllSentence, type ConllEntity } from '../src/nlp/ner/conll.ts';
import { loadModel, tagDocument, type NerModel } from '../src/nlp/ner/model.ts';
import { scoreEntities } from '../src/nlp/ner/score.ts';
const dev = readConll('/work/shared/data/conll2003-en/eng.testa.gz');
const byDoc = new Map<number, ConllSentence[]>();
for (const s of dev) (byDoc.get(s.doc) ?? (byDoc.set(s.doc, []), byDoc.get(s.doc)!)).push(s);
const base = loadModel();
const prune = (w: Map<string, Float32Array>, th: number) => new Map([...w].filter(([, v]) => v.some((x) => Math.abs(x) >= th)));
for (const th of [Number(process.argv[2]), Number(process.argv[3])]) {
  const m: NerModel = { ...base, weights: prune(base.weights, th), weights2: prune(base.weights2!, th) };
  const items: { gold: ConllEntity[]; pred: ConllEntity[] }[] = [];
  for (const sents of byDoc.values()) {
    const pred = tagDocument(sents.map((s) => s.words), m);
    sents.forEach((s, k) => items.push({ gold: spansFromBio(s.tags), pred: pred[k] }));
  }
  console.log(th, m.weights.size + m.weights2!.size, scoreEntities(items).overall.f1.toFixed(4));
}
