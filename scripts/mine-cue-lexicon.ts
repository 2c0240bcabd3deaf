// Learns, from PolNeAR train only (never dev), how often each word form is annotated as (part of) an
// attribution cue: for every lower-cased word form, the number of its occurrences inside a gold Cue span
// and its total number of occurrences in the train texts. Writes src/nlp/quotes/learnt-cues.json
// (word forms and counts only; no corpus text). Run: node --import tsx scripts/mine-cue-lexicon.ts
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { dataset } from '../bench/common.ts';

const root = dataset('polnear');
if (!root) {
  console.error('polnear not found under shared data');
  process.exit(2);
}
const dir = join(root, 'train');
const MIN_TOTAL = 3;
const MIN_RATE = 0.2;
// Function words sit inside multi-word cues ("according to", "was asked about") but carry no signal alone.
const STOP = new Set(
  'a an the to of for on in at by with about from as is was are were be been being has have had will would can could did do does not also that this it its his her their he she they we i you and or but up out over into like than'.split(
    ' ',
  ),
);
const cueHits = new Map<string, number>();
const totals = new Map<string, number>();
const word = /[\p{L}][\p{L}'\u2019-]*/gu;
const files = readdirSync(join(dir, 'attributions'))
  .filter((f) => f.endsWith('.ann'))
  .sort();
const firstFile = new Map<string, string>();
for (const f of files) {
  const a = f.replace(/_[0-9a-f]{4}\.ann$/, '');
  if (!firstFile.has(a)) firstFile.set(a, f);
}
for (const [article, f] of firstFile) {
  const text = readFileSync(join(dir, 'text', article + '.txt'), 'utf8');
  const cues: [number, number][] = [];
  for (const line of readFileSync(join(dir, 'attributions', f), 'utf8').split('\n')) {
    const cols = line.split('\t');
    if (!line.startsWith('T') || !cols[1]?.startsWith('Cue ')) continue;
    for (const part of cols[1].slice(4).split(';')) {
      const [s, e] = part.split(' ').map(Number);
      cues.push([s, e]);
    }
  }
  for (const m of text.matchAll(word)) {
    const w = m[0].toLowerCase().replace(/\u2019/g, "'");
    if (STOP.has(w)) continue;
    totals.set(w, (totals.get(w) ?? 0) + 1);
    const s = m.index;
    if (cues.some(([cs, ce]) => s >= cs && s < ce)) cueHits.set(w, (cueHits.get(w) ?? 0) + 1);
  }
}
const out: Record<string, [number, number]> = {};
for (const [w, hits] of [...cueHits].sort((a, b) => b[1] - a[1])) {
  const total = totals.get(w) ?? hits;
  if (total >= MIN_TOTAL && hits / total >= MIN_RATE) out[w] = [hits, total];
}
writeFileSync(new URL('../src/nlp/quotes/learnt-cues.json', import.meta.url), JSON.stringify(out, null, 0).replace(/\],/g, '],\n') + '\n');
console.log(`${firstFile.size} train articles; ${Object.keys(out).length} cue forms with >= ${MIN_TOTAL} occurrences and rate >= ${MIN_RATE}`);
for (const [w, [h, t]] of Object.entries(out).slice(0, 400)) process.stdout.write(`${w}:${h}/${t} `);
console.log();
