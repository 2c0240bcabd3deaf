// Exact-match entity scoring (conlleval-style micro P/R/F1, overall and per type).
import type { ConllEntity } from '../../src/nlp/ner/spans.ts';

export interface PRF {
  p: number;
  r: number;
  f1: number;
  gold: number;
  pred: number;
  correct: number;
}

function prf(correct: number, pred: number, gold: number): PRF {
  const p = pred ? correct / pred : 0;
  const r = gold ? correct / gold : 0;
  return { p, r, f1: p + r ? (2 * p * r) / (p + r) : 0, gold, pred, correct };
}

export function scoreEntities(items: { gold: ConllEntity[]; pred: ConllEntity[] }[]): { overall: PRF; byType: Record<string, PRF> } {
  const c = new Map<string, { correct: number; pred: number; gold: number }>();
  const get = (t: string) => c.get(t) ?? (c.set(t, { correct: 0, pred: 0, gold: 0 }), c.get(t)!);
  for (const { gold, pred } of items) {
    const keys = new Set(gold.map((e) => `${e.start}:${e.end}:${e.type}`));
    for (const e of gold) get(e.type).gold++;
    for (const e of pred) {
      get(e.type).pred++;
      if (keys.has(`${e.start}:${e.end}:${e.type}`)) get(e.type).correct++;
    }
  }
  let correct = 0,
    pred = 0,
    gold = 0;
  const byType: Record<string, PRF> = {};
  for (const [t, v] of [...c].sort()) {
    byType[t] = prf(v.correct, v.pred, v.gold);
    correct += v.correct;
    pred += v.pred;
    gold += v.gold;
  }
  return { overall: prf(correct, pred, gold), byType };
}
