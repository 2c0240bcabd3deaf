import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..', '..', '..');
const bin = join(root, 'bin', 'storyline.js');
const fixture = join(root, 'src', 'brief', 'testdata', 'harbour.jsonl');

function run(args: string[]) {
  return spawnSync(process.execPath, [bin, 'summarize', ...args], { encoding: 'utf8', cwd: root, timeout: 60_000 });
}

test('summarize --format json prints a cited Brief', () => {
  const r = run(['--in', fixture, '--format', 'json']);
  assert.equal(r.status, 0, r.stderr);
  const brief = JSON.parse(r.stdout);
  assert.ok(brief.headline.text.split(/\s+/).length <= 14);
  assert.ok(brief.developments.length >= 2);
  assert.ok(brief.lead.every((s: { citations: unknown[] }) => s.citations.length > 0));
  assert.equal(brief.coverage.length, 2);
});

test('summarize --format text --words N gives at most N words', () => {
  const r = run(['--in', fixture, '--format', 'text', '--words', '50', '--focus', 'ferry service']);
  assert.equal(r.status, 0, r.stderr);
  const n = r.stdout.trim().split(/\s+/).length;
  assert.ok(n <= 50 && n > 20, `${n} words`);
  assert.match(r.stdout, /[Ff]erry/);
});

test('summarize --format md has headline, sections and footnotes', () => {
  const r = run(['--in', fixture, '--format', 'md']);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^# .+\[\^1\]/);
  assert.match(r.stdout, /\n## /);
  assert.match(r.stdout, /\n\[\^1\]: a\d, characters \d+-\d+/);
});

test('bad input: one line on stderr naming file and line, exit 2', () => {
  const dir = mkdtempSync(join(tmpdir(), 'summarize-'));
  const bad = join(dir, 'bad.jsonl');
  writeFileSync(bad, '{"id":"a","text":"Fine text here."}\n{"id":"b","text":42}\n');
  const r = run(['--in', bad]);
  assert.equal(r.status, 2);
  assert.equal(r.stderr.trim().split('\n').length, 1);
  assert.match(r.stderr, /bad\.jsonl.*line 2/);
  assert.match(r.stderr, /text/);
  const missing = run(['--in', join(dir, 'nope.jsonl')]);
  assert.equal(missing.status, 2);
  assert.match(missing.stderr, /nope\.jsonl/);
  const fmt = run(['--in', fixture, '--format', 'pdf']);
  assert.equal(fmt.status, 2);
  assert.match(fmt.stderr, /--format/);
});
