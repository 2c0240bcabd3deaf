// `npm run bench`: runs every stage's benchmark on ../shared/data and prints one table, each figure beside
// a baseline computed in the same process. `npm run bench -- cluster extract` runs only those stages.
import { fmt, type BenchResult, type BenchRow } from './common.ts';

type StageBench = () => Promise<BenchResult[]>;

const stages: Record<string, () => Promise<StageBench>> = {
  sources: async () => (await import('./sources.ts')).run,
  extract: async () => (await import('./extract.ts')).run,
  nlp: async () => (await import('./nlp.ts')).run,
  time: async () => (await import('./time.ts')).run,
  attribution: async () => (await import('./attribution.ts')).run,
  cluster: async () => (await import('./cluster.ts')).run,
  'cluster-cv': async () => (await import('./cluster-cv.ts')).run,
  brief: async () => (await import('./brief.ts')).run,
  writer: async () => (await import('./writer.ts')).run,
  throughput: async () => (await import('./throughput.ts')).run,
  pipeline: async () => (await import('./pipeline.ts')).run,
  server: async () => (await import('./server.ts')).run,
  store: async () => (await import('./store.ts')).run,
};

const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const rows: BenchRow[] = [];
for (const [name, load] of Object.entries(stages)) {
  // The time resolver is part of nlp/, so asking for nlp runs its bench too.
  if (wanted.length && !wanted.includes(name) && !(name === 'time' && wanted.includes('nlp'))) continue;
  const started = Date.now();
  try {
    const results = await (await load())();
    for (const r of results) {
      if ('skipped' in r) console.log(`[bench] ${r.stage}: ${r.skipped}`);
      else rows.push(r);
    }
    console.log(`[bench] ${name}: done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  } catch (err) {
    console.log(`[bench] ${name}: FAILED: ${err instanceof Error ? err.stack : String(err)}`);
    process.exitCode = 1;
  }
}

const header = ['stage', 'metric', 'storyline', 'baseline', 'baseline is', 'data set'];
const table = rows.map((r) => [r.stage, r.metric, fmt(r.project), fmt(r.baseline), r.baselineName, r.dataset]);
const widths = header.map((h, i) => Math.max(h.length, ...table.map((t) => t[i].length)));
const line = (cells: string[]) => '| ' + cells.map((c, i) => c.padEnd(widths[i])).join(' | ') + ' |';
console.log('\n' + line(header));
console.log('|' + widths.map((w) => '-'.repeat(w + 2)).join('|') + '|');
for (const t of table) console.log(line(t));
console.log(`\npeak RSS: ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB (whole bench process)`);
