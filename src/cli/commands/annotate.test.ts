import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const BIN = join(import.meta.dirname, '..', '..', '..', 'bin', 'storyline.js');

function cli(args: string[], input?: string) {
  return spawnSync(process.execPath, [BIN, 'annotate', ...args], { input, encoding: 'utf8', timeout: 60_000 });
}

test('annotate prints entities and attributed quotes per line and reports bad lines by file and line', () => {
  const dir = mkdtempSync(join(tmpdir(), 'annotate-'));
  const file = join(dir, 'docs.jsonl');
  const good = { id: 'a1', title: 'Talks', text: 'Angela Merkel spoke in Berlin on Monday. "We will not give up," she said.' };
  writeFileSync(file, [JSON.stringify(good), 'this is not json', JSON.stringify({ id: 'a2' }), JSON.stringify({ id: 'a3', text: 'No quotes here.' })].join('\n'));
  const r = cli(['--in', file]);
  assert.equal(r.status, 0, r.stderr);
  const out = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
  assert.deepEqual(out.map((o) => o.id), ['a1', 'a3']);
  const q = out[0].quotes[0];
  assert.equal(q.text, 'We will not give up');
  assert.equal(good.text.slice(q.start, q.end), q.text);
  assert.equal(good.text.slice(q.speakerStart, q.speakerEnd), 'she');
  assert.equal(q.cue, 'said');
  assert.equal(q.kind, 'direct');
  assert.ok(out[0].entities.some((e: { text: string; type: string }) => e.text === 'Angela Merkel' && e.type === 'PERSON'));
  assert.equal(q.speaker, 'Angela Merkel');
  assert.deepEqual(out[1].quotes, []);
  assert.match(r.stderr, /docs\.jsonl:2: not valid JSON/);
  assert.match(r.stderr, /docs\.jsonl:3: field "text" must be a string/);
});

test('annotate reads stdin with --in -', () => {
  const r = cli(['--in', '-'], JSON.stringify({ id: 'x', text: 'The plan failed, officials said.' }) + '\n');
  assert.equal(r.status, 0, r.stderr);
  const o = JSON.parse(r.stdout);
  assert.equal(o.quotes[0].text, 'The plan failed');
});

test('annotate exits 2 with one line for a missing file or an input with no valid line', () => {
  const missing = cli(['--in', '/nonexistent/docs.jsonl']);
  assert.equal(missing.status, 2);
  assert.equal(missing.stderr.trim().split('\n').length, 1);
  assert.match(missing.stderr, /nonexistent\/docs\.jsonl/);
  const dir = mkdtempSync(join(tmpdir(), 'annotate-'));
  const bad = join(dir, 'bad.jsonl');
  writeFileSync(bad, 'nope\n');
  const r = cli(['--in', bad]);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /bad\.jsonl/);
});
