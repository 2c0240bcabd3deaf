// Cue statistics from PolNeAR train (never dev): for each cue word form, how often the annotators marked it
// as an attribution cue, how often our attributor finds the attribution, and where it over-reports. Prints
// counts only; no corpus text goes into the repo. Run: node --import tsx scripts/attribution-cues.ts [limit]
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { dataset } from '../bench/common.ts';
import { parseAnn, score, type Score } from '../bench/attribution.ts';
import { annotate } from '../src/nlp/annotate.ts';

const root = dataset('polnear');
if (!root) {
  console.error('polnear not found under shared data');
  process.exit(2);
}
const dir = join(root, process.env.COMPARTMENT ?? 'train');
const limit = Number(process.argv[2] ?? Infinity);
const byArticle = new Map<string, string>();
for (const f of readdirSync(join(dir, 'attributions'))
  .filter((f) => f.endsWith('.ann'))
  .sort()) {
  const a = f.replace(/_[0-9a-f]{4}\.ann$/, '');
  if (!byArticle.has(a)) byArticle.set(a, f);
}
const acc: Score = { pred: 0, gold: 0, content: 0, whole: 0 };
const missed = new Map<string, number>();
const found = new Map<string, number>();
const fp = new Map<string, number>();
const wrongSrc = new Map<string, number>();
let n = 0;
for (const [article, f] of byArticle) {
  if (n++ >= limit) break;
  const text = readFileSync(join(dir, 'text', article + '.txt'), 'utf8');
  const gold = parseAnn(readFileSync(join(dir, 'attributions', f), 'utf8'));
  const a = annotate({ id: article, text });
  const pred = a.quotes.map((q) => ({
    content: { start: q.start, end: q.end },
    source: q.speakerStart === null || q.speakerEnd === null ? null : { start: q.speakerStart, end: q.speakerEnd },
  }));
  const before = { ...acc };
  score(gold, pred, acc);
  void before;
  // Per-gold and per-prediction diagnostics, with the same overlap rule as the bench.
  const ov = (x: { start: number; end: number }, y: { start: number; end: number }) => Math.max(0, Math.min(x.end, y.end) - Math.max(x.start, y.start));
  const match = (x: { start: number; end: number }, y: { start: number; end: number }) => {
    const s = Math.min(x.end - x.start, y.end - y.start);
    return s > 0 && ov(x, y) >= s / 2;
  };
  for (const g of gold) {
    const cue = g.cue ? text.slice(g.cue.start, g.cue.end).toLowerCase().replace(/\s+/g, ' ') : '(none)';
    const hit = pred.find((p) => match(p.content, g.content));
    (hit ? found : missed).set(cue, ((hit ? found : missed).get(cue) ?? 0) + 1);
    if (hit && g.source && !(hit.source && ov(hit.source, g.source) > 0)) wrongSrc.set(cue, (wrongSrc.get(cue) ?? 0) + 1);
  }
  for (const q of a.quotes) {
    if (!gold.some((g) => match({ start: q.start, end: q.end }, g.content))) fp.set(q.cue.toLowerCase(), (fp.get(q.cue.toLowerCase()) ?? 0) + 1);
  }
}
const pr = (m: number) => {
  const p = m / acc.pred;
  const r = m / acc.gold;
  return `P ${p.toFixed(3)} R ${r.toFixed(3)} F1 ${((2 * p * r) / (p + r)).toFixed(3)}`;
};
console.log(`${dir}: ${Math.min(n, byArticle.size)} articles, ${acc.gold} gold, ${acc.pred} predicted`);
console.log(`content  ${pr(acc.content)}`);
console.log(`whole    ${pr(acc.whole)}`);
const top = (m: Map<string, number>, k: number) =>
  [...m]
    .sort((a, b) => b[1] - a[1])
    .slice(0, k)
    .map(([w, c]) => `${w}:${c}`)
    .join('  ');
if (process.env.VERBOSE) {
  console.log('\nmissed cues:', top(missed, 150));
  console.log('\nfound cues:', top(found, 60));
  console.log('\nfalse-positive cues:', top(fp, 60));
  console.log('\nwrong-source cues:', top(wrongSrc, 40));
}
