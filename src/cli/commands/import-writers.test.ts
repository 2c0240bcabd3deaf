// Several writers on one database, as real processes: two `storyline import` at once (SQLite and
// PostgreSQL), an import beside `serve` (whose first-start demo import writes at the same time), and a
// store failure that must make import exit non-zero naming the input. Articles are generated here.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { openSqliteStore } from '../../store/sqlite/sqlite-store.ts';
import { PG_UNAVAILABLE, testPgServer } from '../../store/postgres/test-server.ts';

const root = join(import.meta.dirname, '..', '..', '..');
const bin = join(root, 'bin', 'storyline.js');
const work = mkdtempSync(join(tmpdir(), 'storyline-writers-'));
process.on('exit', () => rmSync(work, { recursive: true, force: true }));

const PLACES = ['Avalon', 'Brindle', 'Corvath', 'Dunmore', 'Eskar', 'Falloway', 'Gretna', 'Hollin', 'Istra', 'Jorvik', 'Kell', 'Lumen'];
const PEOPLE = ['Ada Brook', 'Ben Carver', 'Cara Dunn', 'Dev Elling', 'Eva Frost', 'Finn Gale', 'Gia Hart', 'Hal Irons'];
const THINGS = ['bridge', 'harbour', 'election', 'strike', 'flood', 'budget', 'festival', 'rail line', 'hospital', 'school'];

/** Article i of a synthetic stream: five articles per topic, each text its own (numbers and day differ). */
function article(i: number) {
  const topic = Math.floor(i / 5);
  const place = PLACES[topic % PLACES.length];
  const person = PEOPLE[topic % PEOPLE.length];
  const thing = THINGS[topic % THINGS.length];
  const sentences = Array.from(
    { length: 6 },
    (_, k) => `${person} said on day ${i} that the ${thing} in ${place} would need ${(i * 37 + k * 101) % 997} more workers, point ${k} of report ${i}.`,
  );
  return {
    id: `syn-${i}`,
    title: `${place} ${thing}: update ${i}`,
    text: sentences.join(' '),
    published: new Date(Date.UTC(2024, 0, 1 + Math.floor(i / 3))).toISOString(),
  };
}

function jsonl(path: string, from: number, to: number): string {
  const lines: string[] = [];
  for (let i = from; i < to; i++) lines.push(JSON.stringify(article(i)));
  writeFileSync(path, lines.join('\n') + '\n');
  return path;
}

// 150 articles each, 50 of them in both: 250 distinct.
const fileA = jsonl(join(work, 'a.jsonl'), 0, 150);
const fileB = jsonl(join(work, 'b.jsonl'), 100, 250);

interface Run {
  code: number | null;
  out: string;
  err: string;
}

/** `onLog` sees stderr (where the log goes) as it grows. */
function start(args: string[], env: Record<string, string>, onLog?: (text: string) => void): { done: Promise<Run>; kill: (sig: NodeJS.Signals) => void } {
  const child = spawn(process.execPath, [bin, ...args], { env: { ...process.env, LOG_LEVEL: 'info', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => {
    err += d;
    onLog?.(err);
  });
  const done = new Promise<Run>((resolve) => child.on('close', (code) => resolve({ code, out, err })));
  return { done, kill: (sig) => child.kill(sig) };
}

const importBoth = (env: Record<string, string>) => Promise.all([start(['import', fileA, '--json'], env).done, start(['import', fileB, '--json'], env).done]);

test('two imports at once on one SQLite database store all 250 articles once, each in a story, both exit 0', { timeout: 240_000 }, async () => {
  const dataDir = mkdtempSync(join(work, 'sqlite-'));
  const [a, b] = await importBoth({ STORYLINE_DATA_DIR: dataDir });
  assert.equal(a.code, 0, a.err);
  assert.equal(b.code, 0, b.err);
  assert.doesNotMatch(a.err + b.err, /locked|busy/i);
  const sa = JSON.parse(a.out);
  const sb = JSON.parse(b.out);
  assert.equal(sa.added + sb.added, 250, 'each article added by exactly one of the two');
  assert.equal(sa.added + sa.duplicates + sb.added + sb.duplicates, 300);
  const db = new Database(join(dataDir, 'storyline.db'), { readonly: true });
  try {
    assert.equal((db.prepare('SELECT COUNT(*) AS n FROM articles').get() as { n: number }).n, 250);
    assert.equal((db.prepare("SELECT COUNT(*) AS n FROM articles WHERE id LIKE 'syn-%'").get() as { n: number }).n, 250);
    const storyless = db.prepare('SELECT a.id FROM articles a LEFT JOIN story_articles s ON s.article_id = a.id WHERE s.story_id IS NULL').all();
    assert.deepEqual(storyless, [], 'every article is filed under a story');
    // Stories intact: every article's story resolves to a live story that has a brief.
    const dangling = db
      .prepare(
        `SELECT sa.article_id FROM story_articles sa LEFT JOIN stories s ON s.id = sa.story_id
         WHERE s.id IS NULL OR s.merged_into IS NOT NULL`,
      )
      .all();
    assert.deepEqual(dangling, [], 'no article is left in a merged-away or missing story');
    const briefless = db
      .prepare(
        'SELECT s.id FROM stories s WHERE s.merged_into IS NULL AND EXISTS (SELECT 1 FROM story_articles sa WHERE sa.story_id = s.id) AND NOT EXISTS (SELECT 1 FROM briefs b WHERE b.story_id = s.id)',
      )
      .all();
    assert.deepEqual(briefless, [], 'every live story has a brief');
  } finally {
    db.close();
  }
  // The cluster state either process saved resumes cleanly: a third import of both files adds nothing.
  const again = await start(['import', fileA, fileB, '--json'], { STORYLINE_DATA_DIR: dataDir }).done;
  assert.equal(again.code, 0, again.err);
  assert.equal(JSON.parse(again.out).added, 0);
  assert.equal(JSON.parse(again.out).articles, 250);
});

test('an article the store refuses makes import exit 1 naming it; the rest is stored', { timeout: 120_000 }, async () => {
  const dataDir = mkdtempSync(join(work, 'fail-'));
  const dbPath = join(dataDir, 'storyline.db');
  // A trigger stands in for a failing database (disk full, I/O error) on exactly one article.
  const store = await openSqliteStore(dbPath);
  await store.close();
  const db = new Database(dbPath);
  db.exec(`CREATE TRIGGER refuse_one BEFORE INSERT ON articles WHEN NEW.id = 'syn-7' BEGIN SELECT RAISE(ABORT, 'simulated write failure'); END`);
  db.close();
  const r = await start(['import', jsonl(join(work, 'few.jsonl'), 0, 12)], { STORYLINE_DATA_DIR: dataDir }).done;
  assert.equal(r.code, 1, r.err);
  assert.match(r.err, /few\.jsonl:8: simulated write failure/);
  assert.match(r.err, /not stored \(1, [^)]*\): .*few\.jsonl:8\n/);
  assert.match(r.out, /imported 11 of 12 articles/);
});

test('an import beside serve (its first-start demo import writing at the same time) loses nothing', { timeout: 240_000 }, async () => {
  const dataDir = mkdtempSync(join(work, 'serve-'));
  const env = { STORYLINE_DATA_DIR: dataDir, PORT: '0', STORYLINE_POLL: '0' };
  let demoStarted!: () => void;
  const started = new Promise<void>((r) => (demoStarted = r));
  let log = '';
  const serve = start(['serve'], env, (text) => {
    log = text;
    if (text.includes('importing the demo corpus')) demoStarted();
  });
  let logDuringImport = '';
  try {
    await Promise.race([started, serve.done.then((r) => assert.fail(`serve ended: ${r.err}`))]);
    const imp = await start(['import', fileA, '--json'], env).done;
    logDuringImport = log;
    assert.equal(imp.code, 0, imp.err);
    assert.equal(JSON.parse(imp.out).added, 150);
    // The demo import must still have been running, or the two never overlapped.
    assert.doesNotMatch(logDuringImport, /demo corpus import finished/);
  } finally {
    // Stopped mid-demo-import: what serve skipped after this point would be the shutdown's doing.
    serve.kill('SIGTERM');
    await serve.done;
  }
  assert.doesNotMatch(logDuringImport, /article skipped|locked|busy/i, 'the demo import skipped nothing while the import ran');
  assert.match(logDuringImport, /imported \d+\/\d+ articles/, 'the demo import stored batches meanwhile');
  const db = new Database(join(dataDir, 'storyline.db'), { readonly: true });
  try {
    assert.equal((db.prepare("SELECT COUNT(*) AS n FROM articles WHERE id LIKE 'syn-%'").get() as { n: number }).n, 150);
    assert.ok((db.prepare("SELECT COUNT(*) AS n FROM articles WHERE id NOT LIKE 'syn-%'").get() as { n: number }).n > 0);
    assert.deepEqual(db.prepare('SELECT a.id FROM articles a LEFT JOIN story_articles s ON s.article_id = a.id WHERE s.story_id IS NULL').all(), []);
  } finally {
    db.close();
  }
});

const pgServer = await testPgServer();
if (!pgServer) {
  test('two imports at once on PostgreSQL', { skip: PG_UNAVAILABLE }, () => {});
} else {
  after(() => pgServer.dropCreated());
  test('three imports at once on one PostgreSQL database store all 250 articles once, each in a story', { timeout: 240_000 }, async () => {
    const url = await pgServer.freshDatabase('sl_writers');
    const env = { STORYLINE_DATABASE_URL: url, STORYLINE_DATA_DIR: mkdtempSync(join(work, 'pg-')) };
    const runs = await Promise.all([start(['import', fileA], env).done, start(['import', fileB], env).done, start(['import', fileA, fileB], env).done]);
    for (const r of runs) assert.equal(r.code, 0, r.err);
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    try {
      const n = async (sql: string) => Number((await c.query<{ n: string }>(sql)).rows[0].n);
      assert.equal(await n('SELECT COUNT(*) AS n FROM articles'), 250);
      assert.equal(await n('SELECT COUNT(DISTINCT id) AS n FROM articles'), 250);
      assert.equal(await n('SELECT COUNT(*) AS n FROM articles a WHERE NOT EXISTS (SELECT 1 FROM story_articles s WHERE s.article_id = a.id)'), 0);
      assert.equal(
        await n('SELECT COUNT(*) AS n FROM story_articles sa JOIN stories s ON s.id = sa.story_id WHERE s.merged_into IS NOT NULL'),
        0,
        'no article is left in a merged-away story',
      );
    } finally {
      await c.end();
    }
  });
}
