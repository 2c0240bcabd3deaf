import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAnn } from '../work/main/bench/attribution.ts';
import { annotate } from '../work/main/src/nlp/annotate.ts';
import { CUE_FORMS } from '../work/main/src/nlp/quotes/lexicon.ts';
const dir = '/work/shared/data/polnear/train';
const byArticle = new Map<string, string>();
for (const f of readdirSync(join(dir, 'attributions')).filter((f) => f.endsWith('.ann')).sort()) {
  const a = f.replace(/_[0-9a-f]{4}\.ann$/, '');
  if (!byArticle.has(a)) byArticle.set(a, f);
}
let n = 0;
const cat = new Map<string, number>();
const inc = (k: string) => cat.set(k, (cat.get(k) ?? 0) + 1);
const samples: string[] = [];
const fpS: string[] = [];
for (const [article, f] of byArticle) {
  if (n++ >= 200) break;
  const text = readFileSync(join(dir, 'text', article + '.txt'), 'utf8');
  const gold = parseAnn(readFileSync(join(dir, 'attributions', f), 'utf8'));
  const a = annotate({ id: article, text });
  const ov = (x: any, y: any) => Math.max(0, Math.min(x.end, y.end) - Math.max(x.start, y.start));
  const match = (x: any, y: any) => { const s = Math.min(x.end - x.start, y.end - y.start); return s > 0 && ov(x, y) >= s / 2; };
  for (const g of gold) {
    if (a.quotes.some((q) => match(q, g.content))) continue;
    const cue = g.cue ? text.slice(g.cue.start, g.cue.end).toLowerCase() : '';
    const inLex = cue.split(/\s+/).some((w) => CUE_FORMS.has(w) || w === 'according');
    const any = a.quotes.find((q) => ov(q, g.content) > 0);
    const quoted = /^["“]/.test(text.slice(g.content.start - 1, g.content.start)) || /^["“]/.test(text[g.content.start]);
    const k = (any ? 'overlap-bad-boundary' : 'none') + (inLex ? ' lex' : ' nolex') + (quoted ? ' quoted' : '');
    inc(k);
    if (any && samples.length < 40 && inLex) samples.push(`CUE[${cue}] GOLD[${text.slice(g.content.start, g.content.end).slice(0, 200)}] (${g.content.end - g.content.start})\n   PRED[${text.slice(any.start, any.end).slice(0, 200)}] (${any.end - any.start}) cue=${any.cue}`);
  }
  for (const q of a.quotes) if (!gold.some((g) => match(q, g.content)) && !gold.some((g) => ov(q, g.content) > 0) && fpS.length < 30) fpS.push(`FP cue=${q.cue} [${q.text.slice(0, 150)}]`);
}
console.log([...cat].sort((a, b) => b[1] - a[1]));
console.log(samples.join('\n'));
console.log(fpS.join('\n'));
