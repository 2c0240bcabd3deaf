import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const bin = join(import.meta.dirname, '..', '..', '..', 'bin', 'storyline.js');
const fixture = join(import.meta.dirname, '..', '..', 'cluster', 'testdata', 'lookalike.jsonl');
const run = (args: string[], input?: string) => spawnSync(process.execPath, [bin, 'cluster', ...args], { input, encoding: 'utf8' });

test('storyline cluster prints one {id, story} per input line, in input order, grouping by story', () => {
  const r = run(['--in', fixture]);
  assert.equal(r.status, 0, r.stderr);
  const lines = r.stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { id: string; story: string });
  const gold = readFileSync(fixture, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { id: string; gold: string });
  assert.deepEqual(
    lines.map((l) => l.id),
    gold.map((g) => g.id),
  );
  for (const l of lines) assert.deepEqual(Object.keys(l), ['id', 'story']);
  for (let i = 0; i < gold.length; i++) {
    for (let j = i + 1; j < gold.length; j++) {
      assert.equal(lines[i].story === lines[j].story, gold[i].gold === gold[j].gold, `${gold[i].id} vs ${gold[j].id}`);
    }
  }
});

test('storyline cluster reads stdin and orders by published date, undated docs keeping their place', () => {
  const docs = [
    {
      id: 'late',
      title: 'Harwick bridge reopens after repairs',
      text: 'The Harwick bridge reopened after repairs to the cracked girder.',
      published: '2025-05-01',
    },
    {
      id: 'early',
      title: 'Harwick bridge closed over crack',
      text: 'The Harwick bridge was closed after a crack was found in a girder.',
      published: '2025-01-01',
    },
    { id: 'nodate', title: 'Cup final tonight', text: 'Rovers meet City in the cup final.' },
  ];
  const r = run(['--in', '-'], docs.map((d) => JSON.stringify(d)).join('\n') + '\n');
  assert.equal(r.status, 0, r.stderr);
  const out = r.stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  assert.deepEqual(
    out.map((o: { id: string }) => o.id),
    ['late', 'early', 'nodate'],
  );
  assert.notEqual(out[2].story, out[0].story);
});

test('bad input: one line on stderr naming file and line, exit 2', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cluster-cli-'));
  const p = join(dir, 'bad.jsonl');
  writeFileSync(p, '{"id":"a","title":"t","text":"x"}\n{"id":"b","title":"t"}\n');
  const r = run(['--in', p]);
  assert.equal(r.status, 2);
  assert.equal(r.stdout, '');
  assert.equal(r.stderr.trim().split('\n').length, 1);
  assert.match(r.stderr, /bad\.jsonl:2: field "text" must be a string/);
  const d = run(['--in', '-'], '{"id":"a","title":"t","text":"x","published":"someday"}\n');
  assert.equal(d.status, 2);
  assert.match(d.stderr, /stdin:1: .*published/);
  const missing = run(['--in', join(dir, 'nope.jsonl')]);
  assert.equal(missing.status, 2);
  assert.match(missing.stderr, /nope\.jsonl.*no such file/);
});
