// Store and first-start benchmark on the bundled demo corpus (corpus/wikinews, 477 articles): how soon
// a fresh install shows a full front page, how big the database gets, and query latency, each beside
// a baseline from the same run.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { pino } from 'pino';
import { percentile, type BenchResult } from './common.ts';
import { openSqliteStore } from '../src/store/sqlite/sqlite-store.ts';
import { bootstrapIfEmpty } from '../src/pipeline/bootstrap.ts';
import { decodeAnnotation } from '../src/store/annotation-codec.ts';

const STAGE = 'store';
const QUERIES = ['election', 'president said', 'earthquake', 'Boeing 787', 'stock market', 'football', 'police arrested', 'climate change'];

function fileSize(p: string): number {
  let n = 0;
  for (const f of [p, `${p}-wal`]) {
    try {
      n += statSync(f).size;
    } catch {
      // no WAL file after a checkpoint
    }
  }
  return n;
}

export async function run(): Promise<BenchResult[]> {
  const dir = mkdtempSync(join(tmpdir(), 'storyline-bench-store-'));
  const dbPath = join(dir, 'storyline.db');
  try {
    const store = await openSqliteStore(dbPath);
    const t0 = performance.now();
    const handle = await bootstrapIfEmpty(store, pino({ level: 'silent' }));
    let t20: number | null = null;
    while (t20 === null) {
      if ((await store.listStories({ limit: 20, offset: 0 })).length >= 20) t20 = performance.now() - t0;
      else await new Promise((r) => setTimeout(r, 100));
    }
    const summary = await handle.done;
    const tAll = performance.now() - t0;
    const articles = await store.countArticles();
    const stories = await store.countStories();
    await store.close();
    const dataset = `wikinews demo corpus (${articles} articles, ${stories} stories)`;

    const db = new Database(dbPath);
    db.pragma('wal_checkpoint(TRUNCATE)');
    const size = fileSize(dbPath);
    const textBytes = (db.prepare('SELECT SUM(LENGTH(CAST(text AS BLOB))) AS n FROM articles').get() as { n: number }).n;
    let compact = 0;
    let plain = 0;
    for (const r of db.prepare('SELECT n.json AS json, a.text AS text FROM annotations n JOIN articles a ON a.id = n.article_id').iterate() as Iterable<{ json: Buffer; text: string }>) {
      compact += r.json.length;
      plain += Buffer.byteLength(JSON.stringify(decodeAnnotation(r.json, r.text)));
    }

    // Search: FTS5 through the store against a LIKE scan over the same table.
    const s2 = await openSqliteStore(dbPath);
    const fts: number[] = [];
    const like: number[] = [];
    const likeStmt = db.prepare('SELECT id FROM articles WHERE title LIKE ? OR text LIKE ? LIMIT 20');
    for (let rep = 0; rep < 5; rep++) {
      for (const q of QUERIES) {
        let t = performance.now();
        await s2.search(q, 20);
        fts.push(performance.now() - t);
        t = performance.now();
        likeStmt.all(`%${q}%`, `%${q}%`);
        like.push(performance.now() - t);
      }
    }
    const list: number[] = [];
    for (let rep = 0; rep < 20; rep++) {
      const t = performance.now();
      await s2.listStories({ limit: 20, offset: 0 });
      list.push(performance.now() - t);
    }
    await s2.close();
    db.close();

    return [
      { stage: STAGE, metric: 'first start: s until >= 20 stories listed', project: t20 / 1000, baseline: tAll / 1000, baselineName: 'blocking import (s until all articles are in)', dataset },
      { stage: STAGE, metric: 'first start: articles imported (errors)', project: `${summary?.added ?? 0} (${summary?.errors ?? '?'})`, baseline: null, baselineName: '-', dataset },
      { stage: STAGE, metric: 'database size, MiB (after checkpoint)', project: size / 2 ** 20, baseline: textBytes / 2 ** 20, baselineName: 'article text alone', dataset },
      { stage: STAGE, metric: 'annotation storage, MiB', project: compact / 2 ** 20, baseline: plain / 2 ** 20, baselineName: 'plain JSON annotations', dataset },
      { stage: STAGE, metric: 'search p95 latency, ms (8 queries x 5)', project: percentile(fts, 95), baseline: percentile(like, 95), baselineName: 'LIKE scan over articles', dataset },
      { stage: STAGE, metric: 'front page (listStories 20) p95, ms', project: percentile(list, 95), baseline: null, baselineName: '-', dataset },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
