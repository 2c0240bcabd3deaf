// End to end through the real command: `storyline import`, `stories` and `brief` spawned with a
// temporary data directory, on articles written for these tests. Spawns are kept few (each one starts
// tsx and loads the models); re-import and option checks are covered in-process by ingest.test.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..', '..', '..');
const bin = join(root, 'bin', 'storyline.js');
const testdata = join(root, 'src', 'pipeline', 'testdata');
const dataDir = mkdtempSync(join(tmpdir(), 'storyline-cli-'));
process.on('exit', () => rmSync(dataDir, { recursive: true, force: true }));

function run(...args: string[]) {
  const r = spawnSync(process.execPath, [bin, ...args], {
    encoding: 'utf8',
    env: { ...process.env, STORYLINE_DATA_DIR: dataDir, LOG_LEVEL: 'info' },
    timeout: 120_000,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

test('cli: import, stories and brief over a fresh database', { timeout: 180_000 }, () => {
  const imp = run('import', join(testdata, 'articles.jsonl'), join(testdata, 'import-dir'), '--json');
  assert.equal(imp.code, 0, imp.err);
  const summary = JSON.parse(imp.out);
  assert.equal(summary.read, 8, 'five good JSONL lines, a text file, an HTML page and one feed item');
  assert.equal(summary.added, 8);
  assert.equal(summary.copies, 1);
  assert.match(imp.err, /articles\.jsonl:4: field "text" is empty/);
  assert.match(imp.err, /regional\.rss#2: feed item has no content/);
  assert.doesNotMatch(imp.err, /notes\.md/);

  const list = run('stories', '--json');
  assert.equal(list.code, 0, list.err);
  const stories = list.out
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  assert.ok(stories.length >= 3, `expected separate stories, got ${stories.length}`);
  const copyStory = stories.find((s) => s.sources >= 2);
  assert.ok(copyStory, 'the syndicated copy adds a second source to its story');

  const json = run('brief', copyStory.id, '--format', 'json');
  assert.equal(json.code, 0, json.err);
  const brief = JSON.parse(json.out);
  assert.equal(brief.storyId, copyStory.id);
  assert.ok(brief.headline.text.length > 0);
  assert.ok(
    brief.lead.every((s: { citations: unknown[] }) => s.citations.length > 0),
    'every lead sentence is cited',
  );

  // Markdown footnotes name each cited article (title, outlet, date, address), not its id and offsets.
  const md = run('brief', copyStory.id, '--format', 'md');
  assert.equal(md.code, 0, md.err);
  const notes = md.out.split('\n').filter((l) => /^\[\^\d+\]: /.test(l));
  assert.ok(notes.length > 0, md.out);
  assert.doesNotMatch(md.out, /characters \d+-\d+/);
  for (const l of notes) assert.match(l, /^\[\^\d+\]: \S.*\. .*\d{4}-\d{2}-\d{2}\.( https?:\/\/\S+)?$/, l);

  const html = run('brief', copyStory.id, '--format', 'html');
  assert.match(html.out, /^<!doctype html>/);
  assert.match(html.out, /<li id="c1">/);

  // A focused brief is built for this call only: it comes out, but no new version is stored.
  const focused = run('brief', copyStory.id, '--format', 'json', '--focus', brief.headline.text);
  assert.equal(focused.code, 0, focused.err);
  const fb = JSON.parse(focused.out);
  assert.equal(fb.storyId, copyStory.id);
  assert.ok(fb.developments.length + fb.lead.length > 0);
  assert.equal(fb.version, brief.version, 'the focused brief reports the stored version it sits beside');
  assert.equal(JSON.parse(run('brief', copyStory.id, '--format', 'json').out).version, brief.version, 'nothing new was stored');
  const badFocus = run('brief', copyStory.id, '--focus', '!!');
  assert.equal(badFocus.code, 2);
  assert.match(badFocus.err, /--focus must contain at least one word/);
  assert.equal(run('brief', copyStory.id, '--focus', 'earthquake aid', '--version', '1').err.includes('cannot go with --version'), true);

  const missing = run('brief', 'no-such-story');
  assert.equal(missing.code, 2);
  assert.match(missing.err, /no-such-story: cli\.unknown_story/);
  assert.equal(run('stories', '--limit', 'x').code, 2);
});

test('cli: import exits 2 only when nothing could be read', () => {
  const r = run('import', join(dataDir, 'missing.jsonl'));
  assert.equal(r.code, 2);
  assert.match(r.err, /missing\.jsonl: no such file or directory/);
  assert.match(r.err, /cli\.nothing_read/);
});
