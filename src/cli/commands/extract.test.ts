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

// Each spawn loads the whole CLI through tsx, so the cases run as concurrent processes in one test.
test('extract CLI: contract output, charset detection, batches, and bad input', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'storyline-extract-'));
  const deep = join(dir, 'deep.html');
  writeFileSync(deep, '<html><body>' + '<div>'.repeat(2000) + 'x</body></html>');
  const missing = join(testdata, 'does-not-exist.html');
  const [single, batch, gone, hostile, allBad] = await Promise.all([
    run([join(testdata, 'news-article.html'), '--url', 'https://courier.example/news/harbour-bridge-reopens']),
    run([join(testdata, 'latin1-article.html'), missing, join(testdata, 'paywall.html')]),
    run(['nowhere.html']),
    run([deep]),
    run(['a-missing.html', 'b-missing.html']),
  ]);

  // One file → one JSON object with exactly the contract fields.
  assert.equal(single.code, 0, single.stderr);
  const out = JSON.parse(single.stdout);
  assert.deepEqual(Object.keys(out), ['title', 'byline', 'published', 'lang', 'text']);
  assert.equal(out.title, 'Harbour bridge reopens after two years of repairs');
  assert.equal(out.byline, 'Marta Lindqvist');
  assert.equal(out.published, '2024-03-05T08:30:00.000Z');
  assert.match(out.text, /^The Harbour Bridge carried/);

  // Several files → one line each with `input`; the charset of the Latin-1 file is detected.
  assert.equal(batch.code, 0, batch.stderr);
  const lines = batch.stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  assert.equal(lines.length, 3);
  assert.equal(lines[0].input, join(testdata, 'latin1-article.html'));
  assert.match(lines[0].text, /Hélène Garnier/);
  assert.equal(lines[1].input, missing);
  assert.match(lines[1].error, /does-not-exist\.html: extract\.read_failed: no such file/);
  assert.equal(lines[2].byline, 'Dev Anand');

  // A missing or hostile single file → one stderr line naming it, exit 2.
  assert.equal(gone.code, 2);
  assert.equal(gone.stdout, '');
  assert.equal(gone.stderr, 'storyline: nowhere.html: extract.read_failed: no such file\n');
  assert.equal(hostile.code, 2);
  assert.equal(hostile.stderr.trim().split('\n').length, 1);
  assert.match(hostile.stderr, /deep\.html: extract\.too_deep:/);

  // Every input failing → exit 2, still one line per input.
  assert.equal(allBad.code, 2);
  assert.equal(allBad.stdout.trim().split('\n').length, 2);
});
