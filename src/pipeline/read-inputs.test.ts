// Reading import inputs that fight back: a directory holding a symlink loop, a dangling link, a FIFO and
// a file without read permission beside good files, and JSONL lines far over the byte cap.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, closeSync, mkdirSync, mkdtempSync, openSync, rmSync, symlinkSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MAX_LINE_BYTES, readImportPaths, splitLines } from './read-inputs.ts';

const work = mkdtempSync(join(tmpdir(), 'storyline-read-'));
process.on('exit', () => rmSync(work, { recursive: true, force: true }));

const line = (id: string) => JSON.stringify({ id, title: `Title ${id}`, text: `The text of ${id}.` });
// root ignores file permissions, so the unreadable file can only be shown to be unreadable to others.
const asRoot = process.getuid?.() === 0;

test('import DIR skips and names a symlink loop, a dangling link, a FIFO and an unreadable file, and reads the rest', async () => {
  const dir = join(work, 'mixed');
  mkdirSync(join(dir, 'sub'), { recursive: true });
  writeFileSync(join(dir, 'good.jsonl'), `${line('g1')}\n${line('g2')}\n`);
  writeFileSync(join(dir, 'sub', 'note.txt'), 'A title line\nAnd a body under it.\n');
  symlinkSync('..', join(dir, 'sub', 'up'));
  symlinkSync('self.txt', join(dir, 'self.txt'));
  symlinkSync(join(dir, 'nowhere.jsonl'), join(dir, 'dangling.jsonl'));
  symlinkSync(join(work, 'no-such-dir'), join(dir, 'gone-dir'));
  assert.equal(spawnSync('mkfifo', [join(dir, 'pipe.jsonl')]).status, 0, 'mkfifo');
  writeFileSync(join(dir, 'locked.jsonl'), `${line('l1')}\n`);
  chmodSync(join(dir, 'locked.jsonl'), 0o000);

  const r = await readImportPaths([dir]);
  const ids = r.inputs.map((i) => i.id ?? i.title).sort();
  assert.deepEqual(ids, asRoot ? ['A title line', 'g1', 'g2', 'l1'] : ['A title line', 'g1', 'g2']);
  const problems = Object.fromEntries(r.problems.map((p) => [p.input, p]));
  assert.match(problems[join(dir, 'sub', 'up')].error, /symlink loop/);
  assert.match(problems[join(dir, 'self.txt')].error, /symlink loop/);
  assert.match(problems[join(dir, 'dangling.jsonl')].error, /dangling symlink \(to .*nowhere\.jsonl\)/);
  assert.match(problems[join(dir, 'gone-dir')].error, /dangling symlink/);
  assert.match(problems[join(dir, 'pipe.jsonl')].error, /not a regular file/);
  if (!asRoot) assert.match(problems[join(dir, 'locked.jsonl')].error, /permission denied/);
  assert.ok(
    r.problems.every((p) => p.unreadable),
    'each is reported as unreadable',
  );
  assert.equal(r.problems.length, asRoot ? 5 : 6);
});

test('a directory reached twice through links is read once; a missing path is a plain "no such file"', async () => {
  const dir = join(work, 'twice');
  mkdirSync(join(dir, 'real'), { recursive: true });
  writeFileSync(join(dir, 'real', 'a.jsonl'), `${line('t1')}\n`);
  symlinkSync(join(dir, 'real'), join(dir, 'link'));
  const r = await readImportPaths([dir, join(work, 'missing.jsonl')]);
  assert.deepEqual(
    r.inputs.map((i) => i.id),
    ['t1'],
  );
  assert.deepEqual(r.problems, [{ input: join(work, 'missing.jsonl'), error: 'no such file or directory', unreadable: false }]);
});

test('a JSONL line over the byte cap is reported by number and skipped; the lines around it are read', async () => {
  const path = join(work, 'long.jsonl');
  const big = JSON.stringify({ id: 'big', title: 'Big', text: 'x'.repeat(MAX_LINE_BYTES + 10) });
  writeFileSync(path, `${line('before')}\n${big}\n${line('after')}\n`);
  const r = await readImportPaths([path]);
  assert.deepEqual(
    r.inputs.map((i) => i.id),
    ['before', 'after'],
  );
  assert.deepEqual(r.problems, [{ input: `line 2 of ${path}`, error: 'longer than 4 MB, skipped' }]);
  assert.equal(r.inputs[1].label, `${path}:3`, 'later lines keep their numbers');
});

test('one 200 MB JSONL line is skipped without reading it whole, and the next line is imported', { timeout: 120_000 }, async () => {
  const path = join(work, 'huge.jsonl');
  const fd = openSync(path, 'w');
  writeSync(fd, `${line('first')}\n{"id":"huge","title":"Huge","text":"`);
  const block = Buffer.alloc(1024 * 1024, 'y');
  for (let i = 0; i < 200; i++) writeSync(fd, block);
  writeSync(fd, `"}\n${line('next')}\n`);
  closeSync(fd);
  const heapBefore = process.memoryUsage().arrayBuffers;
  const r = await readImportPaths([path]);
  assert.deepEqual(
    r.inputs.map((i) => i.id),
    ['first', 'next'],
  );
  assert.deepEqual(r.problems, [{ input: `line 2 of ${path}`, error: 'longer than 4 MB, skipped' }]);
  assert.ok(process.memoryUsage().arrayBuffers - heapBefore < 64 * 1024 * 1024, 'the line was never held whole');
  rmSync(path);
});

test('splitLines: lines across chunk boundaries, CRLF, a BOM, and the cap counted over chunks', () => {
  const got: [number, string][] = [];
  const long: number[] = [];
  const chunks = ['\uFEFFone\r\ntw', 'o\n', 'abcdefgh', 'ij\nlast'].map((s) => Buffer.from(s));
  splitLines(
    chunks,
    8,
    (n, t) => got.push([n, t]),
    (n) => long.push(n),
  );
  assert.deepEqual(got, [
    [1, 'one'],
    [2, 'two'],
    [4, 'last'],
  ]);
  assert.deepEqual(long, [3], 'ten bytes split over two chunks exceed a cap of eight');
  const split: string[] = [];
  // A multi-byte character cut between chunks is decoded whole.
  const e = Buffer.from('café\n');
  splitLines(
    [e.subarray(0, 4), e.subarray(4)],
    100,
    (_, t) => split.push(t),
    () => assert.fail(),
  );
  assert.deepEqual(split, ['café']);
});
