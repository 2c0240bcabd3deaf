import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { readBytes, readJsonlStrict, requireStrings } from './read.ts';
import { StorylineError } from '../errors.ts';

const dir = mkdtempSync(join(tmpdir(), 'storyline-io-'));

test('readBytes inflates gzip by its magic bytes and passes plain files through', () => {
  const plain = join(dir, 'page.html');
  const zipped = join(dir, 'page.bin');
  writeFileSync(plain, '<html><body>hello</body></html>');
  writeFileSync(zipped, gzipSync('<html><body>zipped</body></html>'));
  assert.equal(readBytes(plain).toString(), '<html><body>hello</body></html>');
  assert.equal(readBytes(zipped).toString(), '<html><body>zipped</body></html>');
});

test('readBytes refuses a gzip bomb, corrupt gzip and a missing file, naming the input and the stage', () => {
  const bomb = join(dir, 'bomb.gz');
  writeFileSync(bomb, gzipSync(Buffer.alloc(80 * 1024 * 1024)));
  assert.throws(
    () => readBytes(bomb, 'extract'),
    (e: unknown) => e instanceof StorylineError && e.code === 'too_large' && e.stage === 'extract' && e.input === bomb,
  );
  const corrupt = join(dir, 'corrupt.gz');
  writeFileSync(corrupt, Buffer.concat([gzipSync('abc').subarray(0, 10), Buffer.from('garbage')]));
  assert.throws(
    () => readBytes(corrupt),
    (e: unknown) => e instanceof StorylineError && e.code === 'bad_gzip',
  );
  assert.throws(
    () => readBytes(join(dir, 'missing.html'), 'sources'),
    (e: unknown) => e instanceof StorylineError && e.code === 'read_failed' && e.stage === 'sources',
  );
});

test('readJsonlStrict names the input and the line of the first bad line', () => {
  const p = join(dir, 'docs.jsonl');
  writeFileSync(p, '{"id":"a","text":"x"}\n{"id":"b"}\n');
  assert.throws(
    () => readJsonlStrict(p, (v) => requireStrings(v, ['id', 'text'])),
    (e: unknown) => e instanceof StorylineError && e.input === p && e.message === 'line 2: field "text" must be a string',
  );
});
