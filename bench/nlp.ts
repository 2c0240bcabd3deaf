// nlp benchmark: exact-match entity F1 (conlleval-style, overall and per type) of the shipped NER model on
// CoNLL-2003 eng.testa, beside compromise's people()/places()/organizations() scored the same way on the
// same sentences; sentences per second for both; and the same F1 on a Title-Cased copy (headline style).
import { join } from 'node:path';
import nlp from 'compromise';
import { dataset, skip, type BenchResult } from './common.ts';
import { readConll, spansFromBio, type ConllEntity, type ConllSentence } from '../eval/nlp/conll.ts';
import type { ConllType } from '../src/nlp/ner/features.ts';
import { model, tagDocument } from '../src/nlp/ner/model.ts';
import { scoreEntities } from '../eval/nlp/score.ts';

const SMALL = new Set(['a', 'an', 'the', 'of', 'in', 'on', 'at', 'to', 'for', 'and', 'or', 'but', 'by', 'with', 'as', 'from']);
const titleCase = (ws: string[]) => ws.map((w, i) => (i > 0 && SMALL.has(w) ? w : /^\p{Ll}/u.test(w) ? w[0].toUpperCase() + w.slice(1) : w));

function runModel(sents: ConllSentence[]): { pred: ConllEntity[][]; seconds: number } {
  const byDoc = new Map<number, number[]>();
  sents.forEach((s, i) => (byDoc.get(s.doc) ?? (byDoc.set(s.doc, []), byDoc.get(s.doc)!)).push(i));
  const m = model();
  const t0 = performance.now();
  const pred: ConllEntity[][] = new Array(sents.length);
  for (const idx of byDoc.values()) {
    const out = tagDocument(
      idx.map((i) => sents[i].words),
      m,
    );
    idx.forEach((i, k) => (pred[i] = out[k]));
  }
  return { pred, seconds: (performance.now() - t0) / 1000 };
}

interface CompromiseHit {
  text: string;
  offset: { start: number; length: number };
}

function runCompromise(sents: ConllSentence[]): { pred: ConllEntity[][]; seconds: number } {
  const t0 = performance.now();
  const pred = sents.map((s) => {
    const starts = new Map<number, number>();
    const ends = new Map<number, number>();
    let pos = 0;
    s.words.forEach((w, i) => {
      starts.set(pos, i);
      ends.set(pos + w.length, i + 1);
      pos += w.length + 1;
    });
    const doc = nlp(s.words.join(' '));
    const out: ConllEntity[] = [];
    const add = (hits: CompromiseHit[], type: ConllType) => {
      for (const h of hits) {
        // compromise may include trailing punctuation in its span ("BRUSSELS ."); trim it to the name.
        const raw = h.text;
        const lead = raw.length - raw.trimStart().replace(/^[^\p{L}\p{N}]+/u, '').length;
        const core = raw.slice(lead).replace(/[\s.,;:!?'"()-]+$/u, '');
        const a = starts.get(h.offset.start + lead);
        const b = ends.get(h.offset.start + lead + core.length);
        if (a !== undefined && b !== undefined && b > a) out.push({ start: a, end: b, type });
      }
    };
    add(doc.people().json({ offset: true }) as CompromiseHit[], 'PER');
    add(doc.places().json({ offset: true }) as CompromiseHit[], 'LOC');
    add(doc.organizations().json({ offset: true }) as CompromiseHit[], 'ORG');
    return out;
  });
  return { pred, seconds: (performance.now() - t0) / 1000 };
}

export async function run(): Promise<BenchResult[]> {
  const dir = dataset('conll2003-en');
  if (!dir) return [skip('nlp', 'conll2003-en')];
  const dev = readConll(join(dir, 'eng.testa.gz'));
  const gold = dev.map((s) => spansFromBio(s.tags));
  const name = `conll2003-en eng.testa (${dev.length} sentences, ${gold.flat().length} entities)`;
  const baselineName = 'compromise people/places/organizations (no MISC)';

  const ours = runModel(dev);
  const theirs = runCompromise(dev);
  const so = scoreEntities(dev.map((_, i) => ({ gold: gold[i], pred: ours.pred[i] })));
  const st = scoreEntities(dev.map((_, i) => ({ gold: gold[i], pred: theirs.pred[i] })));

  // Headline style: the first two lines of each story (CoNLL: headline and dateline) in Title Case, the body
  // as it is; scored on those lines only. Then the harsher case of every sentence in Title Case.
  const firstOf = new Set<number>();
  dev.forEach((s, i) => {
    if (i === 0 || dev[i - 1].doc !== s.doc || (i > 1 && dev[i - 2].doc !== s.doc)) firstOf.add(i);
  });
  const headed = dev.map((s, i) => (firstOf.has(i) ? { ...s, words: titleCase(s.words) } : s));
  const oursH = runModel(headed);
  const heads = [...firstOf];
  const theirsH = runCompromise(heads.map((i) => headed[i]));
  const soH = scoreEntities(heads.map((i) => ({ gold: gold[i], pred: oursH.pred[i] })));
  const stH = scoreEntities(heads.map((i, k) => ({ gold: gold[i], pred: theirsH.pred[k] })));
  const titled = dev.map((s) => ({ ...s, words: titleCase(s.words) }));
  const oursT = runModel(titled);
  const theirsT = runCompromise(titled);
  const soT = scoreEntities(titled.map((_, i) => ({ gold: gold[i], pred: oursT.pred[i] })));
  const stT = scoreEntities(titled.map((_, i) => ({ gold: gold[i], pred: theirsT.pred[i] })));

  const row = (metric: string, project: number, baseline: number | null) => ({ stage: 'nlp', metric, project, baseline, baselineName, dataset: name });
  const rows: BenchResult[] = [
    row('entity F1 (exact, micro)', so.overall.f1, st.overall.f1),
    row('entity precision', so.overall.p, st.overall.p),
    row('entity recall', so.overall.r, st.overall.r),
  ];
  for (const t of ['PER', 'ORG', 'LOC', 'MISC']) rows.push(row(`entity F1 ${t}`, so.byType[t]?.f1 ?? 0, t === 'MISC' ? null : (st.byType[t]?.f1 ?? 0)));
  rows.push({
    ...row('entity F1, Title-Case headlines', soH.overall.f1, stH.overall.f1),
    dataset: `eng.testa first 2 lines of each story in Title Case (${heads.length} lines)`,
  });
  rows.push({
    ...row('entity F1, all text Title-Cased', soT.overall.f1, stT.overall.f1),
    dataset: `eng.testa, every sentence in Title Case (${dev.length} sentences)`,
  });
  rows.push(row('sentences/s', Math.round(dev.length / ours.seconds), Math.round(dev.length / theirs.seconds)));
  rows.push({
    stage: 'nlp',
    metric: 'NER model features (shipped)',
    project: model().weights.size + (model().weights2?.size ?? 0),
    baseline: null,
    baselineName: '-',
    dataset: 'src/nlp/models/ner-en.json.gz',
  });
  return rows;
}
