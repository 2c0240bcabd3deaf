// Store and first-start benchmark on the bundled demo corpus (corpus/wikinews, 477 articles): how soon
// a fresh install shows a full front page, how big the database gets, and query latency, each beside
// a baseline from the same run. When a PostgreSQL server is available (STORYLINE_TEST_PG_URL, or the
// installed binaries: see src/store/postgres/test-server.ts) the same import and queries run on the
// PostgreSQL adapter too, each figure beside SQLite's from this run, plus a check that both adapters
// gave the same answers.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { pino } from 'pino';
import { percentile, type BenchResult } from './common.ts';
import { openSqliteStore } from '../src/store/sqlite/sqlite-store.ts';
import { openPostgresStore } from '../src/store/postgres/postgres-store.ts';
import { PG_UNAVAILABLE, testPgServer } from '../src/store/postgres/test-server.ts';
import type { Store } from '../src/store/store.ts';
import { bootstrapIfEmpty } from '../src/pipeline/bootstrap.ts';
import { decodeAnnotation } from '../src/store/annotation-codec.ts';

const STAGE = 'store';
const QUERIES = ['election', 'president said', 'earthquake', 'Boeing 787', 'stock market', 'football', 'police arrested', 'climate change'];

/** Wall time spent inside commitArticle (the store's whole share of ingest), and how many calls. */
interface CommitTimer {
  ms: number;
  calls: number;
}

function timingCommits(store: Store, timer: CommitTimer): Store {
  return new Proxy(store, {
    get(target, prop, receiver) {
      const v = Reflect.get(target, prop, receiver);
      if (prop !== 'commitArticle' || typeof v !== 'function') return typeof v === 'function' ? v.bind(target) : v;
      return async (...args: Parameters<Store['commitArticle']>) => {
        const t = performance.now();
        try {
          return await target.commitArticle(...args);
        } finally {
          timer.ms += performance.now() - t;
          timer.calls++;
        }
      };
    },
  });
}

interface ImportRun {
  t20: number;
  tAll: number;
  added: number;
  errors: number | string;
  commit: CommitTimer;
}

/** The first-start import into an empty store: seconds until 20 stories list, and until all articles are in. */
async function importDemo(store: Store): Promise<ImportRun> {
  const commit: CommitTimer = { ms: 0, calls: 0 };
  const timed = timingCommits(store, commit);
  const t0 = performance.now();
  const handle = await bootstrapIfEmpty(timed, pino({ level: 'silent' }));
  let t20: number | null = null;
  while (t20 === null) {
    if ((await store.listStories({ limit: 20, offset: 0 })).length >= 20) t20 = performance.now() - t0;
    else await new Promise((r) => setTimeout(r, 100));
  }
  const summary = await handle.done;
  return { t20, tAll: performance.now() - t0, added: summary?.added ?? 0, errors: summary?.errors ?? '?', commit };
}

async function timeQueries(store: Store): Promise<{ search: number[]; list: number[]; hits: Map<string, string[]> }> {
  const search: number[] = [];
  const hits = new Map<string, string[]>();
  for (let rep = 0; rep < 5; rep++) {
    for (const q of QUERIES) {
      const t = performance.now();
      const found = await store.search(q, 20);
      search.push(performance.now() - t);
      hits.set(
        q,
        found.map((h) => `${h.kind}:${h.id}`),
      );
    }
  }
  const list: number[] = [];
  for (let rep = 0; rep < 20; rep++) {
    const t = performance.now();
    await store.listStories({ limit: 20, offset: 0 });
    list.push(performance.now() - t);
  }
  return { search, list, hits };
}

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
    const sqliteRun = await importDemo(store);
    const { t20, tAll } = sqliteRun;
    const summary = { added: sqliteRun.added, errors: sqliteRun.errors };
    const articles = await store.countArticles();
    const stories = await store.countStories();
    const sqliteFront = (await store.listStories({ limit: 20, offset: 0 })).map((x) => x.id);
    await store.close();
    const dataset = `wikinews demo corpus (${articles} articles, ${stories} stories)`;

    const db = new Database(dbPath);
    db.pragma('wal_checkpoint(TRUNCATE)');
    const size = fileSize(dbPath);
    const textBytes = (db.prepare('SELECT SUM(LENGTH(CAST(text AS BLOB))) AS n FROM articles').get() as { n: number }).n;
    let compact = 0;
    let plain = 0;
    for (const r of db.prepare('SELECT n.json AS json, a.text AS text FROM annotations n JOIN articles a ON a.id = n.article_id').iterate() as Iterable<{
      json: Buffer;
      text: string;
    }>) {
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
    const sqliteQueries = await timeQueries(s2);
    await s2.close();
    db.close();

    const pgRows = await postgresRows(dataset, {
      run: sqliteRun,
      articles,
      stories,
      front: sqliteFront,
      bytes: size,
      queries: sqliteQueries,
    });

    return [
      {
        stage: STAGE,
        metric: 'first start: s until >= 20 stories listed',
        project: t20 / 1000,
        baseline: tAll / 1000,
        baselineName: 'blocking import (s until all articles are in)',
        dataset,
      },
      {
        stage: STAGE,
        metric: 'first start: articles imported (errors)',
        project: `${summary.added} (${summary.errors})`,
        baseline: null,
        baselineName: '-',
        dataset,
      },
      {
        stage: STAGE,
        metric: 'database size, MiB (after checkpoint)',
        project: size / 2 ** 20,
        baseline: textBytes / 2 ** 20,
        baselineName: 'article text alone',
        dataset,
      },
      {
        stage: STAGE,
        metric: 'annotation storage, MiB',
        project: compact / 2 ** 20,
        baseline: plain / 2 ** 20,
        baselineName: 'plain JSON annotations',
        dataset,
      },
      {
        stage: STAGE,
        metric: 'search p95 latency, ms (8 queries x 5)',
        project: percentile(fts, 95),
        baseline: percentile(like, 95),
        baselineName: 'LIKE scan over articles',
        dataset,
      },
      { stage: STAGE, metric: 'front page (listStories 20) p95, ms', project: percentile(list, 95), baseline: null, baselineName: '-', dataset },
      ...pgRows,
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

interface SqliteFigures {
  run: ImportRun;
  articles: number;
  stories: number;
  front: string[];
  bytes: number;
  queries: { search: number[]; list: number[]; hits: Map<string, string[]> };
}

/** The same import and queries on PostgreSQL, each figure beside SQLite's from this run. */
async function postgresRows(dataset: string, lite: SqliteFigures): Promise<BenchResult[]> {
  const server = await testPgServer();
  if (!server) return [{ stage: STAGE, skipped: `PostgreSQL rows skipped: ${PG_UNAVAILABLE}` }];
  const url = await server.freshDatabase('sl_bench');
  try {
    const store = await openPostgresStore(url);
    let run: ImportRun;
    let articles: number;
    let stories: number;
    let front: string[];
    let bytes: number;
    let queries: SqliteFigures['queries'];
    try {
      run = await importDemo(store);
      articles = await store.countArticles();
      stories = await store.countStories();
      front = (await store.listStories({ limit: 20, offset: 0 })).map((x) => x.id);
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        await client.query('VACUUM ANALYZE');
        bytes = Number((await client.query<{ n: string }>('SELECT pg_database_size(current_database()) AS n')).rows[0].n);
      } finally {
        await client.end();
      }
      queries = await timeQueries(store);
    } finally {
      await store.close();
    }
    const base = 'SQLite adapter, same run';
    const sameFront = front.filter((id, i) => lite.front[i] === id).length;
    // Ranking functions differ (FTS5 bm25 against ts_rank), so hits are compared as sets.
    let overlap = 0;
    for (const [q, ids] of queries.hits) {
      const other = new Set(lite.queries.hits.get(q) ?? []);
      const union = new Set([...ids, ...other]);
      overlap += union.size === 0 ? 1 : ids.filter((x) => other.has(x)).length / union.size;
    }
    const pgSet = `PostgreSQL: ${dataset}`;
    return [
      {
        stage: STAGE,
        metric: 'PostgreSQL first start: s until >= 20 stories listed',
        project: run.t20 / 1000,
        baseline: lite.run.t20 / 1000,
        baselineName: base,
        dataset: pgSet,
      },
      {
        stage: STAGE,
        metric: 'PostgreSQL first start: s until all articles are in',
        project: run.tAll / 1000,
        baseline: lite.run.tAll / 1000,
        baselineName: base,
        dataset: pgSet,
      },
      {
        stage: STAGE,
        metric: 'PostgreSQL commitArticle, ms per article (store share of ingest)',
        project: run.commit.ms / Math.max(1, run.commit.calls),
        baseline: lite.run.commit.ms / Math.max(1, lite.run.commit.calls),
        baselineName: base,
        dataset: pgSet,
      },
      {
        stage: STAGE,
        metric: 'PostgreSQL articles / stories stored (errors)',
        project: `${articles} / ${stories} (${run.errors})`,
        baseline: `${lite.articles} / ${lite.stories} (${lite.run.errors})`,
        baselineName: base,
        dataset: pgSet,
      },
      {
        stage: STAGE,
        metric: 'PostgreSQL front page: same story at same rank (of 20)',
        project: sameFront,
        baseline: lite.front.length,
        baselineName: 'SQLite front page length',
        dataset: pgSet,
      },
      {
        stage: STAGE,
        metric: 'PostgreSQL search: mean hit-set overlap with SQLite (Jaccard, top 20)',
        project: overlap / Math.max(1, queries.hits.size),
        baseline: 1,
        baselineName: 'identical hit sets',
        dataset: pgSet,
      },
      {
        stage: STAGE,
        metric: 'PostgreSQL search p50 latency, ms',
        project: percentile(queries.search, 50),
        baseline: percentile(lite.queries.search, 50),
        baselineName: base,
        dataset: pgSet,
      },
      {
        stage: STAGE,
        metric: 'PostgreSQL search p95 latency, ms',
        project: percentile(queries.search, 95),
        baseline: percentile(lite.queries.search, 95),
        baselineName: base,
        dataset: pgSet,
      },
      {
        stage: STAGE,
        metric: 'PostgreSQL front page (listStories 20) p95, ms',
        project: percentile(queries.list, 95),
        baseline: percentile(lite.queries.list, 95),
        baselineName: base,
        dataset: pgSet,
      },
      {
        stage: STAGE,
        metric: 'PostgreSQL database size, MiB (after VACUUM)',
        project: bytes / 2 ** 20,
        baseline: lite.bytes / 2 ** 20,
        baselineName: 'SQLite file, same run',
        dataset: pgSet,
      },
    ];
  } finally {
    await server.dropCreated();
  }
}
