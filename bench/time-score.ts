// Scoring of time expressions, TempEval-3 task A style, micro-averaged over documents: one-to-one matching
// of gold and predicted spans (exact spans first, then equal values, then the largest overlap), relaxed
// span F1 (overlap of one character or more), value F1 (relaxed match with the same value string) and the
// same restricted to gold values that are full days (the dates a reader sees), whose precision counts the
// predictions valued YYYY-MM-DD.
export interface Timex {
  start: number;
  end: number;
  value: string;
  text?: string;
  type?: string;
}

export interface Prf {
  p: number;
  r: number;
  f1: number;
}

export interface TimeScore {
  relaxed: Prf;
  strict: Prf;
  value: Prf;
  day: Prf;
}

export interface Pair {
  gold: Timex;
  pred: Timex;
}

const FULL_DAY = /^\d{4}-\d{2}-\d{2}$/;

/** One-to-one matching of the overlapping gold and predicted spans of one document. */
export function matchSpans(gold: Timex[], pred: Timex[]): Pair[] {
  const cands: { g: number; p: number; exact: number; same: number; overlap: number }[] = [];
  gold.forEach((g, gi) =>
    pred.forEach((p, pi) => {
      const overlap = Math.min(g.end, p.end) - Math.max(g.start, p.start);
      if (overlap <= 0) return;
      cands.push({ g: gi, p: pi, exact: g.start === p.start && g.end === p.end ? 1 : 0, same: g.value === p.value ? 1 : 0, overlap });
    }),
  );
  cands.sort((a, b) => b.exact - a.exact || b.same - a.same || b.overlap - a.overlap || a.g - b.g || a.p - b.p);
  const usedG = new Set<number>();
  const usedP = new Set<number>();
  const out: Pair[] = [];
  for (const c of cands) {
    if (usedG.has(c.g) || usedP.has(c.p)) continue;
    usedG.add(c.g);
    usedP.add(c.p);
    out.push({ gold: gold[c.g], pred: pred[c.p] });
  }
  return out;
}

const prf = (tp: number, nPred: number, nGold: number): Prf => {
  const p = nPred ? tp / nPred : 0;
  const r = nGold ? tp / nGold : 0;
  return { p, r, f1: p + r ? (2 * p * r) / (p + r) : 0 };
};

export function scoreTimes(docs: { gold: Timex[]; pred: Timex[] }[]): TimeScore {
  let nGold = 0;
  let nPred = 0;
  let relaxed = 0;
  let strict = 0;
  let value = 0;
  let dayGold = 0;
  let dayPred = 0;
  let dayTp = 0;
  for (const d of docs) {
    nGold += d.gold.length;
    nPred += d.pred.length;
    dayGold += d.gold.filter((g) => FULL_DAY.test(g.value)).length;
    dayPred += d.pred.filter((p) => FULL_DAY.test(p.value)).length;
    for (const { gold, pred } of matchSpans(d.gold, d.pred)) {
      relaxed++;
      if (gold.start === pred.start && gold.end === pred.end) strict++;
      if (gold.value === pred.value) {
        value++;
        if (FULL_DAY.test(gold.value)) dayTp++;
      }
    }
  }
  return { relaxed: prf(relaxed, nPred, nGold), strict: prf(strict, nPred, nGold), value: prf(value, nPred, nGold), day: prf(dayTp, dayPred, dayGold) };
}
