// kill -9 of `storyline import`, many times, at random points of one import of real articles (the bundled
// Wikinews demo corpus): while the process starts, while it stores articles (with a random delay after the
// k-th commit, so kills land mid-annotation, mid-commit and mid-clustering) and while it writes the briefs
// after the last article. After every kill the database opens through the product's own store, and nothing
// half-written is visible:
//   - SQLite's integrity check and the full-text index's own check pass;
//   - every stored article has its annotation, its copy-group row and a story, and that story exists;
//   - every story row has articles or was merged into another; merges point at existing stories;
//   - every brief belongs to an existing story and every citation in it names a stored article and a span
//     inside that article's text;
//   - the counts agree (articles = annotations = story rows = copy rows), only input ids are stored.
// Then a rerun completes (exit 0) with every article stored once and every live story briefed.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openSqliteStore } from '../../store/sqlite/sqlite-store.ts';
import { DEMO_CORPUS_PATH } from '../../pipeline/corpus.ts';
import { rng } from '../../../eval/rng.ts';

const root = join(import.meta.dirname, '..', '..', '..');
const bin = join(root, 'bin', 'storyline.js');
const work = mkdtempSync(join(tmpdir(), 'storyline-kill-'));
after(() => rmSync(work, { recursive: true, force: true }));

/** Articles in the imported file: enough that an import spends most of its time storing them. */
const ARTICLES = 80;
/** Kills while articles are being stored, and how long after the k-th commit each may land (ms). */
const KILLS_WHILE_STORING = 6;
const MAX_DELAY_AFTER_COMMIT_MS = 400;
/** How often the test looks at the article count while an import runs (it is the kill trigger, not a wait). */
const POLL_MS = 15;
const SEED = Number(process.env.FUZZ_SEED ?? 17);

const lines = readFileSync(DEMO_CORPUS_PATH, 'utf8').trim().split('\n');
// The newest articles: 2019-2020 holds most of the corpus's multi-article stories, so merges and briefs of
// several articles happen within the slice.
const slice = lines.slice(-ARTICLES);
const inputIds = new Set(slice.map((l) => (JSON.parse(l) as { id: string }).id));
const file = join(work, 'articles.jsonl');
writeFileSync(file, slice.join('\n') + '\n');

function count(dbPath: string): number {
  try {
    const db = new Database(dbPath, { readonly: true, fileMustExist: true });
    try {
      return (db.prepare('SELECT COUNT(*) AS n FROM articles').get() as { n: number }).n;
    } finally {
      db.close();
    }
  } catch {
    // Not created yet, or the schema is not there yet.
    return 0;
  }
}

interface Outcome {
  code: number | null;
  signal: NodeJS.Signals | null;
  out: string;
  err: string;
}

/**
 * Runs `import` and SIGKILLs it once `killWhen` says so (it sees the stored article count), or lets it end.
 * Resolves with how it ended.
 */
function runImport(dataDir: string, killWhen: ((stored: number, ms: number) => boolean) | null): Promise<Outcome> {
  const child = spawn(process.execPath, [bin, 'import', file, '--json'], {
    env: { ...process.env, STORYLINE_DATA_DIR: dataDir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
  const t0 = performance.now();
  const timer = killWhen
    ? setInterval(() => {
        if (killWhen(count(join(dataDir, 'storyline.db')), performance.now() - t0)) child.kill('SIGKILL');
      }, POLL_MS)
    : null;
  return new Promise((resolve) =>
    child.on('close', (code, signal) => {
      if (timer) clearInterval(timer);
      resolve({ code, signal, out, err });
    }),
  );
}

interface Citation {
  articleId: string;
  start: number;
  end: number;
}

function citationsOf(brief: unknown): Citation[] {
  const out: Citation[] = [];
  const walk = (v: unknown) => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if (typeof o.articleId === 'string' && typeof o.start === 'number' && typeof o.end === 'number') out.push(o as unknown as Citation);
      for (const x of Object.values(o)) walk(x);
    }
  };
  walk(brief);
  return out;
}

/** The invariants of the header; `complete` adds those of a finished import. Returns the article count. */
async function checkInvariants(dbPath: string, when: string, complete: boolean): Promise<number> {
  // The product's own open path (WAL recovery, migrations) must accept the database as the kill left it.
  const store = await openSqliteStore(dbPath);
  const db = new Database(dbPath);
  try {
    const all = <T>(sql: string) => db.prepare(sql).all() as T[];
    const one = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
    assert.deepEqual(all<{ integrity_check: string }>('PRAGMA integrity_check'), [{ integrity_check: 'ok' }], `${when}: integrity check`);
    assert.doesNotThrow(
      () => db.exec("INSERT INTO articles_fts(articles_fts) VALUES('integrity-check')"),
      `${when}: article search index matches the articles`,
    );
    assert.deepEqual(
      all('SELECT a.id FROM articles a LEFT JOIN annotations n ON n.article_id = a.id WHERE n.article_id IS NULL'),
      [],
      `${when}: every article has its annotation`,
    );
    assert.deepEqual(
      all('SELECT a.id FROM articles a LEFT JOIN copies c ON c.article_id = a.id WHERE c.article_id IS NULL'),
      [],
      `${when}: every article has its copy-group row`,
    );
    assert.deepEqual(
      all('SELECT a.id FROM articles a LEFT JOIN story_articles sa ON sa.article_id = a.id LEFT JOIN stories s ON s.id = sa.story_id WHERE s.id IS NULL'),
      [],
      `${when}: every article is filed under an existing story`,
    );
    assert.deepEqual(
      all('SELECT s.id FROM stories s WHERE s.merged_into IS NULL AND NOT EXISTS (SELECT 1 FROM story_articles sa WHERE sa.story_id = s.id)'),
      [],
      `${when}: no live story without articles`,
    );
    assert.deepEqual(
      all('SELECT s.id FROM stories s LEFT JOIN stories t ON t.id = s.merged_into WHERE s.merged_into IS NOT NULL AND t.id IS NULL'),
      [],
      `${when}: merges point at stories`,
    );
    assert.deepEqual(
      all('SELECT b.story_id FROM briefs b LEFT JOIN stories s ON s.id = b.story_id WHERE s.id IS NULL'),
      [],
      `${when}: every brief belongs to a story`,
    );
    const n = one('SELECT COUNT(*) AS n FROM articles');
    assert.equal(one('SELECT COUNT(*) AS n FROM annotations'), n, `${when}: annotations = articles`);
    assert.equal(one('SELECT COUNT(*) AS n FROM story_articles'), n, `${when}: story rows = articles`);
    assert.equal(one('SELECT COUNT(*) AS n FROM copies'), n, `${when}: copy rows = articles`);
    for (const { id } of all<{ id: string }>('SELECT id FROM articles')) assert.ok(inputIds.has(id), `${when}: ${id} is one of the input articles`);
    // Each annotation decodes, and each stored brief's citations point into stored article text.
    const lengths = new Map(all<{ id: string; len: number }>('SELECT id, length(text) AS len FROM articles').map((r) => [r.id, r.len]));
    for (const id of lengths.keys()) assert.ok(await store.getAnnotation(id), `${when}: the annotation of ${id} reads back`);
    const briefed = all<{ story_id: string; version: number }>('SELECT story_id, version FROM briefs');
    for (const { story_id, version } of briefed) {
      const brief = await store.getBrief(story_id, version);
      assert.ok(brief, `${when}: brief ${story_id} v${version} reads back`);
      const cites = citationsOf(brief);
      assert.ok(cites.length > 0, `${when}: brief ${story_id} v${version} cites its sources`);
      for (const c of cites) {
        const len = lengths.get(c.articleId);
        assert.ok(len !== undefined, `${when}: brief ${story_id} v${version} cites ${c.articleId}, which is stored`);
        assert.ok(c.start >= 0 && c.start < c.end && c.end <= len, `${when}: citation ${c.articleId} [${c.start}, ${c.end}) inside its text of ${len}`);
      }
    }
    if (complete) {
      assert.equal(n, ARTICLES, `${when}: every article stored once`);
      assert.deepEqual(
        all('SELECT s.id FROM stories s WHERE s.merged_into IS NULL AND NOT EXISTS (SELECT 1 FROM briefs b WHERE b.story_id = s.id)'),
        [],
        `${when}: every live story has a brief`,
      );
    }
    return n;
  } finally {
    db.close();
    await store.close();
  }
}

test(
  `kill -9 of import at random points (${KILLS_WHILE_STORING + 2} kills): the database opens, nothing half-written is visible, a rerun stores every article once`,
  { timeout: 900_000 },
  async () => {
    const dataDir = mkdtempSync(join(work, 'data-'));
    const dbPath = join(dataDir, 'storyline.db');
    const r = rng(SEED);
    const landed: string[] = [];
    const leftPartial: number[] = [];
    const note = (what: string, n: number) => {
      landed.push(`${what}: ${n} stored`);
      if (n > 0 && n < ARTICLES) leftPartial.push(n);
    };

    // 1. While the process starts: before or just as the database is created.
    const early = await runImport(dataDir, (_stored, ms) => ms > r() * 1_500);
    assert.equal(early.signal, 'SIGKILL', `the import was killed while starting: ${early.err}`);
    note('starting', await checkInvariants(dbPath, 'after a kill while starting', false));

    // 2. While storing: each kill a random number of commits further on, then a random delay.
    let stored = count(dbPath);
    for (let k = 0; k < KILLS_WHILE_STORING && stored < ARTICLES - 1; k++) {
      const target = stored + 1 + Math.floor(r() * (ARTICLES - stored - 1) * 0.5);
      const delay = r() * MAX_DELAY_AFTER_COMMIT_MS;
      let reachedAt: number | null = null;
      const got = await runImport(dataDir, (n, ms) => {
        if (n >= target) reachedAt ??= ms;
        return reachedAt !== null && ms >= reachedAt + delay;
      });
      const when = `after kill ${k + 1} (at ${target} stored + ${Math.round(delay)} ms)`;
      const now = await checkInvariants(dbPath, when, got.signal !== 'SIGKILL');
      assert.ok(now >= stored, `${when}: nothing stored before is lost (${stored} -> ${now})`);
      note(`${got.signal === 'SIGKILL' ? 'killed' : 'finished'} at ${target} + ${Math.round(delay)} ms`, now);
      stored = now;
    }

    // 3. While writing the briefs: right after the last article is committed.
    const late = await runImport(dataDir, (n) => n >= ARTICLES);
    note('killed while writing briefs', await checkInvariants(dbPath, 'after a kill while writing briefs', late.signal !== 'SIGKILL'));

    // The kills landed at different points, most of them in the middle of storing.
    assert.ok(new Set(leftPartial).size >= 3, `kills left partly imported databases at three different points at least: ${landed.join('; ')}`);

    // 4. A rerun completes: every article stored once, every story briefed.
    const rerun = await runImport(dataDir, null);
    assert.equal(rerun.code, 0, rerun.err);
    const summary = JSON.parse(rerun.out) as { added: number; duplicates: number; articles?: number };
    assert.equal(summary.added + summary.duplicates, ARTICLES, `the rerun read every article once: ${rerun.out}`);
    await checkInvariants(dbPath, 'after the rerun', true);
    // And a second rerun adds nothing.
    const again = await runImport(dataDir, null);
    assert.equal(again.code, 0, again.err);
    assert.equal((JSON.parse(again.out) as { added: number }).added, 0);
    await checkInvariants(dbPath, 'after a second rerun', true);
    console.log(`kill points: ${landed.join('; ')}`);
  },
);
