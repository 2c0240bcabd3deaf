// Time-expression benchmark: storyline's resolver (src/nlp/time) on the 183 TimeBank documents of
// ../shared/data/timebank, each resolved against its own creation date, beside the plain baseline of issue
// 19 (explicit "Month Day(, Year)" dates plus weekday names taken as the last such day on or before the
// article) run in the same process. STORYLINE_BENCH_TIME_ERRORS=1 prints every miss for tuning.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { dataset, skip, type BenchResult } from './common.ts';
import { scoreTimes, matchSpans, type Timex } from './time-score.ts';
import { resolveTimes } from '../src/nlp/time/index.ts';

export interface TimebankDoc {
  id: string;
  dct: string;
  text: string;
  timexes: (Timex & { text: string; type: string })[];
}

export function readTimebank(file: string): TimebankDoc[] {
  return gunzipSync(readFileSync(file))
    .toString('utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as TimebankDoc);
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];

/** The baseline: explicit month-day dates (the article's year when none is written) and weekday names. */
export function baseline(text: string, dct: string): Timex[] {
  const out: Timex[] = [];
  const [y, m, d] = dct.split('-').map(Number);
  const anchor = Date.UTC(y, m - 1, d);
  const iso = (t: number) => new Date(t).toISOString().slice(0, 10);
  const re =
    /\b(January|February|March|April|May|June|July|August|September|October|November|December|Jan\.|Feb\.|Mar\.|Apr\.|Jun\.|Jul\.|Aug\.|Sept?\.|Oct\.|Nov\.|Dec\.)\s+(\d{1,2})(?:,\s*(\d{4}))?\b/g;
  for (let k; (k = re.exec(text));) {
    const mo = MONTHS.indexOf(k[1].slice(0, 3).toLowerCase()) + 1;
    const yr = k[3] ? Number(k[3]) : y;
    out.push({ start: k.index, end: k.index + k[0].length, value: `${yr}-${String(mo).padStart(2, '0')}-${k[2].padStart(2, '0')}` });
  }
  const wd = /\b(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b/g;
  for (let k; (k = wd.exec(text));) {
    const back = (new Date(anchor).getUTCDay() - WEEKDAYS.indexOf(k[1].toLowerCase()) + 7) % 7;
    out.push({ start: k.index, end: k.index + k[0].length, value: iso(anchor - back * 86_400_000) });
  }
  return out;
}

export async function run(): Promise<BenchResult[]> {
  const dir = dataset('timebank');
  if (!dir) return [skip('time', 'timebank')];
  const docs = readTimebank(join(dir, 'timebank.jsonl.gz'));
  const t0 = performance.now();
  const ours = docs.map((d) => ({ gold: d.timexes, pred: resolveTimes(d.text, d.dct) as Timex[] }));
  const seconds = (performance.now() - t0) / 1000;
  const base = docs.map((d) => ({ gold: d.timexes, pred: baseline(d.text, d.dct) }));
  const so = scoreTimes(ours);
  const sb = scoreTimes(base);
  if (process.env.STORYLINE_BENCH_TIME_ERRORS) printErrors(docs, ours);
  const name = `timebank (${docs.length} docs, ${docs.reduce((n, d) => n + d.timexes.length, 0)} timexes; tuned on it)`;
  const baselineName = 'explicit month-day dates + weekday = last such day';
  const row = (metric: string, project: number | string, b: number | string | null) => ({
    stage: 'time',
    metric,
    project,
    baseline: b,
    baselineName,
    dataset: name,
  });
  return [
    row('full-day value F1', so.day.f1, sb.day.f1),
    row('full-day value P / R', `${so.day.p.toFixed(3)} / ${so.day.r.toFixed(3)}`, `${sb.day.p.toFixed(3)} / ${sb.day.r.toFixed(3)}`),
    row('value F1 (all expressions)', so.value.f1, sb.value.f1),
    row('relaxed span F1', so.relaxed.f1, sb.relaxed.f1),
    row('relaxed span P / R', `${so.relaxed.p.toFixed(3)} / ${so.relaxed.r.toFixed(3)}`, `${sb.relaxed.p.toFixed(3)} / ${sb.relaxed.r.toFixed(3)}`),
    row('strict span F1', so.strict.f1, sb.strict.f1),
    row('docs/s', Math.round(docs.length / seconds), null),
  ];
}

function printErrors(docs: TimebankDoc[], runs: { gold: Timex[]; pred: Timex[] }[]): void {
  docs.forEach((d, i) => {
    const { gold, pred } = runs[i];
    const pairs = matchSpans(gold, pred);
    const ctx = (t: Timex) => d.text.slice(Math.max(0, t.start - 60), t.end + 40).replace(/\s+/g, ' ');
    for (const p of pairs)
      if (p.gold.value !== p.pred.value)
        console.log(`WRONG\t${d.id}\t${d.dct}\t${p.gold.value}\t${p.pred.value}\t${p.gold.text}|${d.text.slice(p.pred.start, p.pred.end)}\t${ctx(p.gold)}`);
    const mg = new Set(pairs.map((p) => p.gold));
    const mp = new Set(pairs.map((p) => p.pred));
    for (const g of gold) if (!mg.has(g)) console.log(`MISS\t${d.id}\t${d.dct}\t${g.value}\t-\t${g.text}\t${ctx(g)}`);
    for (const p of pred) if (!mp.has(p)) console.log(`EXTRA\t${d.id}\t${d.dct}\t-\t${p.value}\t${d.text.slice(p.start, p.end)}\t${ctx(p)}`);
  });
}
