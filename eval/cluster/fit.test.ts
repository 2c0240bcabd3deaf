import { rng } from '../rng.ts';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fitModel, GAP_WEIGHT } from './fit.ts';
import { score, shuffle, type LabelledDoc } from './eval.ts';
import { FEATURES, StoryClusterer } from '../../src/cluster/stream.ts';

// A small labelled stream shaped like ECB+: each topic holds two look-alike events that share the topic's
// vocabulary and differ in a few words of their own (a place, a name, a number).
function corpus(): LabelledDoc[] {
  const r = rng(7);
  const pick = (xs: string[], n: number) => Array.from({ length: n }, () => xs[Math.floor(r() * xs.length)]);
  const filler = 'officials said the situation remained under review while local residents waited for further news from the authorities'.split(' ');
  const docs: LabelledDoc[] = [];
  const topics = [
    ['earthquake', 'magnitude', 'tremor', 'collapsed', 'rescuers', 'epicentre'],
    ['arrested', 'charged', 'police', 'court', 'bail', 'suspect'],
    ['election', 'ballots', 'candidate', 'turnout', 'polling', 'campaign'],
    ['hurricane', 'landfall', 'winds', 'flooding', 'evacuation', 'storm'],
  ];
  const events = [
    ['Ardavia', 'Kelmor', 'Tirsun'],
    ['Belquist', 'Harnow', 'Oswin'],
  ];
  topics.forEach((words, t) => {
    events.forEach((names, e) => {
      const own = names.map((n) => `${n}${t}`);
      for (let i = 0; i < 6; i++) {
        const body = [...pick(words, 12), ...pick(own, 5), ...pick(filler, 10)];
        docs.push({
          id: `t${t}e${e}d${i}`,
          title: `${own[0]} ${words[0]} ${own[1]}`,
          text: `${own[0]} ${own[2]} ${body.join(' ')}.`,
          gold: `${t}_${e}`,
          group: String(t),
        });
      }
    });
  });
  return docs;
}

test('fitModel learns weights that separate look-alike events and picks its thresholds from the grid', () => {
  const docs = corpus();
  const lines: string[] = [];
  const m = fitModel('test', docs, 0.1, (l) => lines.push(l));
  assert.equal(m.w.length, FEATURES.length);
  // Shared text is evidence for the same story; the time gap is the fixed prior, never fitted (no dates here).
  assert.ok(m.w[FEATURES.indexOf('text')] + m.w[FEATURES.indexOf('textMax')] > 0, `text weights ${m.w}`);
  assert.equal(m.w[FEATURES.indexOf('gapDays')], GAP_WEIGHT);
  assert.ok([0.1, 0.15, 0.2, 0.25, 0.3, 0.4].includes(m.threshold), `threshold ${m.threshold}`);
  assert.equal(m.mergeThreshold, 1.1);
  assert.equal(m.datedThreshold, 0.1);
  assert.ok(m.trainCrossValidatedF1 > 0.8 && m.trainCrossValidatedF1 <= 1, `cross-validated ${m.trainCrossValidatedF1}`);
  // The grid was really searched and reported.
  assert.ok(lines.filter((l) => l.includes('cross-validated')).length >= 10);
  // Streamed with the fitted model, the events come out apart and whole.
  const c = new StoryClusterer({ weights: m, nlpWeights: m });
  const pred = new Map<string, string>();
  for (const d of shuffle(docs, 3)) pred.set(d.id, c.add(d).story);
  for (const [k, v] of pred) pred.set(k, c.resolve(v));
  const s = score(new Map(docs.map((d) => [d.id, d.gold])), pred);
  assert.ok(s.pairF1 >= 0.9, `pairwise F1 ${s.pairF1}`);
});
