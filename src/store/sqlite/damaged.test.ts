// A damaged database file, as the commands meet it: truncated, random bytes over its schema page, not a
// database at all, and a write-ahead log from another database beside it. `stories`, `import` and `serve` each exit non-zero with one line that names the file and says what
// to do (no stack trace, no hang, no serve that keeps running on it), and a file the check refused is left
// as it was.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync, truncateSync, writeSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { DEMO_CORPUS_PATH, loadDemoCorpus } from '../../pipeline/corpus.ts';
import { flushIngest, ingestArticles } from '../../pipeline/ingest.ts';
import { openSqliteStore } from './sqlite-store.ts';
import { rng } from '../../../eval/rng.ts';

const root = join(import.meta.dirname, '..', '..', '..');
const bin = join(root, 'bin', 'storyline.js');
const work = mkdtempSync(join(tmpdir(), 'storyline-damaged-'));
after(() => rmSync(work, { recursive: true, force: true }));

async function sound(dir: string, from: number, to: number): Promise<string> {
  const path = join(dir, 'storyline.db');
  const store = await openSqliteStore(path);
  const res = await ingestArticles(store, loadDemoCorpus().slice(from, to));
  assert.equal(res.errors.length, 0);
  // The cluster state is saved, as a finished import leaves it.
  await flushIngest(store);
  await store.close();
  return path;
}

function overwrite(path: string, at: number, bytes: Buffer) {
  const fd = openSync(path, 'r+');
  writeSync(fd, bytes, 0, bytes.length, at);
  closeSync(fd);
}

const hash = (p: string) => createHash('sha256').update(readFileSync(p)).digest('hex');

interface Run {
  code: number | null;
  err: string;
  out: string;
}

function run(dataDir: string, args: string[]): Promise<Run> {
  const child = spawn(process.execPath, [bin, ...args], {
    env: { ...process.env, STORYLINE_DATA_DIR: dataDir, PORT: '0', STORYLINE_POLL: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, err, out })));
}

function assertNamed(r: Run, dbPath: string, what: string, cause: RegExp) {
  assert.equal(r.code, 2, `${what}: exit 2, got ${r.code}: ${r.err}`);
  const lines = r.err
    .trim()
    .split('\n')
    .filter((l) => !/^\{/.test(l));
  assert.equal(lines.length, 1, `${what}: one line for a person (log lines aside): ${r.err}`);
  assert.ok(lines[0].startsWith(`storyline: ${dbPath}: store.damaged: `), `${what}: names the file: ${lines[0]}`);
  assert.match(lines[0], cause, `${what}: says what SQLite found`);
  assert.match(lines[0], /restore .* from a backup, or move it .* aside/, `${what}: says what to do`);
  assert.doesNotMatch(r.err, /\n\s+at /, `${what}: no stack trace`);
}

interface Case {
  name: string;
  /** Damages the sound database at `path`; returns what SQLite reports. */
  damage: (path: string) => Promise<RegExp> | RegExp;
  /** The check refuses the file before anything writes to it. */
  untouched: boolean;
  commands: string[][];
}

const CASES: Case[] = [
  {
    name: 'truncated to a third',
    damage: (p) => {
      truncateSync(p, Math.floor(readFileSync(p).length / 3));
      return /malformed/;
    },
    untouched: true,
    commands: [['stories'], ['import', DEMO_CORPUS_PATH], ['serve', '--no-demo']],
  },
  {
    name: 'random bytes over the schema page',
    damage: (p) => {
      const r = rng(17);
      overwrite(p, 100, Buffer.from(Array.from({ length: 3_996 }, () => Math.floor(r() * 256))));
      return /malformed/;
    },
    untouched: true,
    commands: [['stories'], ['serve', '--no-demo']],
  },
  {
    name: 'not a database (a JSONL file in its place)',
    damage: (p) => {
      copyFileSync(DEMO_CORPUS_PATH, p);
      return /not a database/;
    },
    untouched: true,
    commands: [['stories'], ['import', DEMO_CORPUS_PATH], ['serve', '--no-demo']],
  },
  {
    name: 'a write-ahead log from another database beside it',
    damage: async (p) => {
      // The other database's log, taken while its writer still holds it (a log is replayed on the next open).
      const other = await sound(mkdtempSync(join(work, 'other-')), 30, 45);
      const db = new Database(other);
      db.pragma('wal_autocheckpoint = 0');
      db.exec("UPDATE articles SET title = title || ' (updated)'");
      db.exec('DELETE FROM story_articles WHERE rowid % 2 = 0');
      copyFileSync(`${other}-wal`, `${p}-wal`);
      db.close();
      // quick_check reports the damage, or SQLite refuses the pages outright.
      return /read with .*-wal: |malformed/;
    },
    untouched: true,
    commands: [['stories'], ['import', DEMO_CORPUS_PATH], ['serve', '--no-demo']],
  },
];

for (const c of CASES) {
  test(`a damaged database (${c.name}): ${c.commands.map((a) => a[0]).join(', ')} exit 2 naming the file and what to do`, { timeout: 300_000 }, async () => {
    const dir = mkdtempSync(join(work, 'db-'));
    const path = await sound(dir, 0, 12);
    const cause = await c.damage(path);
    const before = hash(path);
    for (const args of c.commands) {
      const r = await run(dir, args);
      assertNamed(r, path, `${c.name}, ${args[0]}`, cause);
      if (c.untouched) assert.equal(hash(path), before, `${c.name}, ${args[0]}: the damaged file is left as it was`);
    }
    if (existsSync(`${path}-wal`) && c.name.includes('write-ahead')) {
      // Moving the foreign log aside, as the message says, gives the sound database back.
      rmSync(`${path}-wal`);
      rmSync(`${path}-shm`, { force: true });
      const r = await run(dir, ['stories']);
      assert.equal(r.code, 0, r.err);
      assert.match(r.out, /\d+ +\S+ +\d+/, 'the stories are listed again');
    }
  });
}

test('a sound database with a write-ahead log of its own (after a crash) opens without complaint', { timeout: 120_000 }, async () => {
  const dir = mkdtempSync(join(work, 'crash-'));
  const path = await sound(dir, 0, 12);
  // A log of its own, left as a kill -9 leaves it: a copy of the file and log taken while a writer holds them.
  const db = new Database(path);
  db.pragma('wal_autocheckpoint = 0');
  // The listing reads each story's headline from story_stats (migration 7), which a brief save updates with it.
  db.exec("UPDATE briefs SET headline = headline || ' (updated)'; UPDATE story_stats SET brief_headline = brief_headline || ' (updated)'");
  const crashed = mkdtempSync(join(work, 'crashed-'));
  copyFileSync(path, join(crashed, 'storyline.db'));
  copyFileSync(`${path}-wal`, join(crashed, 'storyline.db-wal'));
  db.close();
  const r = await run(crashed, ['stories']);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /\(updated\)/, 'the logged writes are there');
});
