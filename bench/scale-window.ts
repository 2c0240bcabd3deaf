// One side of the paired scale measurement in bench/throughput.ts (pairedScale): a child process that opens
// a snapshot of the scale bench's SQLite store, resumes the pipeline's Ingestor from the clusterer state
// saved in it (the product's restart path), and ingests the stream from where the snapshot stopped, one
// window each time the parent says "go". The parent runs the 10k-stored and the ~100k-stored sides at the
// same time, one per core, so a slow spell of this shared machine slows both alike.
//
//   node --import tsx bench/scale-window.ts <db> <first input> <inputs in the whole stream> <window>
//
// stdin, one command per line: "warm" (a short untimed window), "go" (a timed window), "save" (one
// clusterer-state save, timed), "quit". Each answers with one JSON line on stdout.
import { createInterface } from 'node:readline';
import { cheapAnnotation, mainThreadCpuMs, scaleInputs, scaleStore, streamBase } from './throughput.ts';
import { openSqliteStore } from '../src/store/sqlite/sqlite-store.ts';
import { Ingestor, SAVE_BUDGET_MS_PER_ARTICLE, SAVE_EVERY_ARTICLES } from '../src/pipeline/ingest.ts';
import { defaultStages } from '../src/pipeline/stages.ts';
import { PerformanceObserver } from 'node:perf_hooks';

const [dbPath, firstArg, totalArg, windowArg] = process.argv.slice(2);
const first = Number(firstArg);
const total = Number(totalArg);
const window = Number(windowArg);
if (!dbPath || !Number.isInteger(first) || !Number.isInteger(total) || !Number.isInteger(window)) {
  console.error('usage: scale-window.ts <db> <first input> <inputs in the whole stream> <window>');
  process.exit(2);
}
const base = streamBase();
if (!base) {
  console.error('scale-window: shared data not found');
  process.exit(2);
}

const real = await openSqliteStore(dbPath);
const store = scaleStore(real);
// Saves only when asked ("save"): the parent charges one save's cost over the interval the Ingestor would use.
const ing = new Ingestor(store, { ...defaultStages(), annotate: cheapAnnotation }, { saveEveryArticles: Number.MAX_SAFE_INTEGER, saveEveryMs: Infinity });
const inputs = scaleInputs(total, base);
for (let i = 0; i < first; i++) if (inputs.next().done) throw new Error(`the stream holds fewer than ${first} inputs`);

async function ingestWindow(n: number): Promise<{ articles: number; copies: number }> {
  let articles = 0;
  let copies = 0;
  while (articles < n) {
    const batch = [];
    for (let r = inputs.next(); !r.done; r = inputs.next()) {
      batch.push(r.value);
      if (batch.length === 100 || articles + batch.length === n) break;
    }
    if (batch.length === 0) throw new Error(`the stream ran out after ${articles} inputs of the window`);
    const r = await ing.ingest(batch, { briefs: false });
    if (r.errors.length) throw new Error(`ingest failed: ${r.errors[0].input}: ${r.errors[0].error}`);
    articles += batch.length;
    copies += r.copies;
  }
  return { articles, copies };
}

const reply = (x: unknown) => process.stdout.write(JSON.stringify(x) + '\n');
for await (const line of createInterface({ input: process.stdin })) {
  const cmd = line.trim();
  if (cmd === 'warm') {
    // Restoring the state and the first batches compile the hot code; the timed windows should not pay for it.
    const t0 = performance.now();
    await ingestWindow(Math.min(500, window));
    reply({ warm: performance.now() - t0 });
  } else if (cmd === 'go') {
    let gcPause = 0;
    const obs = new PerformanceObserver((list) => {
      for (const e of list.getEntries()) gcPause += e.duration;
    });
    obs.observe({ entryTypes: ['gc'] });
    const main0 = mainThreadCpuMs();
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const { articles, copies } = await ingestWindow(window);
    const wall = performance.now() - t0;
    const c = process.cpuUsage(c0);
    const main1 = mainThreadCpuMs();
    obs.disconnect();
    reply({
      articles,
      copies,
      cpu: (c.user + c.system) / 1000 / articles,
      wall: wall / articles,
      mainCpu: main0 !== null && main1 !== null ? (main1 - main0) / articles : null,
      gcPause: gcPause / articles,
      rss: process.memoryUsage().rss / 2 ** 20,
    });
  } else if (cmd === 'save') {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    await ing.flush();
    const saveWall = performance.now() - t0;
    const c = process.cpuUsage(c0);
    // The interval the Ingestor would keep after a save this long (the count rule, stretched as saves grow).
    reply({ saveCpu: (c.user + c.system) / 1000, saveWall, interval: Math.max(SAVE_EVERY_ARTICLES, Math.ceil(saveWall / SAVE_BUDGET_MS_PER_ARTICLE)) });
  } else if (cmd === 'quit') {
    break;
  } else {
    reply({ error: `unknown command "${cmd}"` });
  }
}
await real.close();
