// `storyline cluster`-equivalent throughput over a long stream: every shared text (Wikinews, ECB+, DUC)
// recycled with new ids and dates shifted by whole cycles until the stream holds ≥ 20,000 documents.
// Reports docs/s, peak memory, and the time per document around the 10k mark vs at the end (should stay
// flat, since only active stories are indexed). Baseline: the plain single-pass TF-IDF clusterer from
// bench/cluster.ts on the same stream, given a fixed time budget (it compares with every cluster).
import { join } from 'node:path';
import { dataset, skip, type BenchResult } from './common.ts';
import { loadDuc, loadEcbPlus, loadWikinews, rng } from '../src/cluster/eval.ts';
import { StoryClusterer } from '../src/cluster/stream.ts';
import { tfidfSinglePass } from './cluster.ts';
import type { ClusterDoc } from '../src/types.ts';

const TARGET = 20_000;
const BASELINE_BUDGET_MS = 30_000;
const DAY = 86_400_000;

function buildStream(): ClusterDoc[] | null {
  const base: ClusterDoc[] = [];
  const wn = dataset('wikinews');
  if (wn) base.push(...loadWikinews(wn).articles);
  const ecb = dataset('ecbplus');
  const r = rng(5);
  // ECB+ has no dates: spread its articles over one year so the stream clock still moves.
  if (ecb) base.push(...loadEcbPlus(join(ecb, 'documents.jsonl.gz')).map((d) => ({ id: d.id, title: d.title, text: d.text, published: new Date(Date.UTC(2012, 0, 1) + Math.floor(r() * 365) * DAY).toISOString() })));
  const duc = dataset('duc-2006-2007');
  if (duc) for (const part of ['duc2006', 'duc2007-main']) base.push(...loadDuc(join(duc, part, 'documents.jsonl.gz')).map(({ id, title, text, published }) => ({ id, title, text, published })));
  if (base.length === 0) return null;
  const times = base.map((d) => Date.parse(d.published!));
  const span = Math.max(...times) - Math.min(...times) + 30 * DAY;
  const out: ClusterDoc[] = [];
  for (let cycle = 0; out.length < TARGET; cycle++) {
    for (let i = 0; i < base.length && out.length < TARGET; i++) {
      out.push({ ...base[i], id: `${base[i].id}~${cycle}`, published: new Date(times[i] + cycle * span).toISOString() });
    }
  }
  return out.sort((a, b) => a.published!.localeCompare(b.published!));
}

export async function run(): Promise<BenchResult[]> {
  const docs = buildStream();
  if (!docs) return [skip('throughput', 'wikinews/ecbplus/duc-2006-2007')];
  const name = `${docs.length} docs (wikinews + ecbplus + duc recycled, shifted dates)`;
  const rssBefore = process.memoryUsage().rss;
  let peak = rssBefore;
  const c = new StoryClusterer();
  const lap: number[] = [];
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  // Laps in CPU time: the machine is shared, and wall-clock laps mostly measure the neighbours.
  let last = cpu0.user + cpu0.system;
  for (let i = 0; i < docs.length; i++) {
    c.add(docs[i]);
    if ((i + 1) % 1000 === 0) {
      const u = process.cpuUsage();
      const now = u.user + u.system;
      lap.push((now - last) / 1e6);
      last = now;
      peak = Math.max(peak, process.memoryUsage().rss);
    }
  }
  const elapsed = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  const state = JSON.stringify(c.exportState());
  const st = c.stats();

  // The baseline compares each doc with every cluster sharing a word, so it runs on doubling prefixes of the
  // same stream until the next prefix would overrun the time budget; its rate is from the last prefix.
  const bStart = performance.now();
  let bDone = 0;
  let bRate = NaN;
  for (let n = 500; n <= docs.length; n *= 2) {
    const t = performance.now();
    tfidfSinglePass(docs.slice(0, n), 0.25);
    const spent = performance.now() - t;
    [bDone, bRate] = [n, n / (spent / 1000)];
    if (performance.now() - bStart + spent * 2.5 > BASELINE_BUDGET_MS) break;
  }
  const row = (metric: string, project: number | string, baseline: number | string | null, baselineName: string, dataset = name) => ({ stage: 'throughput', metric, project, baseline, baselineName, dataset });
  return [
    row('docs/s (single process, wall clock)', docs.length / elapsed, bRate, `plain TF-IDF single pass, first ${bDone} docs`),
    // The bench machine is shared; docs per CPU-second is the figure that does not depend on the neighbours.
    row('docs per CPU-second', docs.length / cpuSeconds, null, '-'),
    row('CPU ms/doc at docs 9k–10k', lap[9] ?? NaN, null, '-'),
    row('CPU ms/doc in the last 1k docs', lap[lap.length - 1], null, '-'),
    row('peak RSS MiB (process)', peak / 2 ** 20, null, '-'),
    row('stories active / dormant at end', `${st.active} / ${st.dormant}`, null, '-'),
    row('exported state MiB', state.length / 2 ** 20, null, '-'),
  ];
}
