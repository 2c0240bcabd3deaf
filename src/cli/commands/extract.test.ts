import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..', '..', '..');
const testdata = join(root, 'src', 'extract', 'testdata');

function run(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(root, 'bin', 'storyline.js'), 'extract', ...args], { cwd: root });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

test('one file → one JSON object with the contract fields', async () => {
  const r = await run([join(testdata, 'news-article.html'), '--url', 'https://courier.example/news/harbour-bridge-reopens']);
  assert.equal(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout);
  assert.deepEqual(Object.keys(out), ['title', 'byline', 'published', 'lang', 'text']);
  assert.equal(out.title, 'Harbour bridge reopens after two years of repairs');
  assert.equal(out.byline, 'Marta Lindqvist');
  assert.equal(out.published, '2024-03-05T08:30:00.000Z');
  assert.match(out.text, /^The Harbour Bridge carried/);
});

test('the file charset is detected, not assumed UTF-8', async () => {
  const r = await run([join(testdata, 'latin1-article.html')]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(JSON.parse(r.stdout).text, /Hélène Garnier/);
});

test('several files → one line each, bad ones carry an error naming the input', async () => {
  const missing = join(testdata, 'does-not-exist.html');
  const r = await run([join(testdata, 'plain-article.html'), missing, join(testdata, 'paywall.html')]);
  assert.equal(r.code, 0, r.stderr);
  const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
  assert.equal(lines.length, 3);
  assert.equal(lines[0].input, join(testdata, 'plain-article.html'));
  assert.equal(lines[0].lang, 'de');
  assert.equal(lines[1].input, missing);
  assert.match(lines[1].error, /does-not-exist\.html: extract\.read_failed: no such file/);
  assert.equal(lines[2].byline, 'Dev Anand');
});

test('a missing or hostile single file → one stderr line naming it, exit 2', async () => {
  const missing = await run(['nowhere.html']);
  assert.equal(missing.code, 2);
  assert.equal(missing.stdout, '');
  assert.equal(missing.stderr, 'storyline: nowhere.html: extract.read_failed: no such file\n');

  const dir = mkdtempSync(join(tmpdir(), 'storyline-extract-'));
  const deep = join(dir, 'deep.html');
  writeFileSync(deep, '<html><body>' + '<div>'.repeat(2000) + 'x</body></html>');
  const r = await run([deep]);
  assert.equal(r.code, 2);
  assert.equal(r.stderr.trim().split('\n').length, 1);
  assert.match(r.stderr, /deep\.html: extract\.too_deep:/);

  const empty = join(dir, 'empty.html');
  writeFileSync(empty, '');
  const e = await run([empty]);
  assert.equal(e.code, 2);
  assert.match(e.stderr, /empty\.html: extract\.not_html:/);
});

test('every input failing → exit 2', async () => {
  const r = await run(['a-missing.html', 'b-missing.html']);
  assert.equal(r.code, 2);
  assert.equal(r.stdout.trim().split('\n').length, 2);
});
