import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const BIN = join(import.meta.dirname, '..', '..', '..', 'bin', 'storyline.js');

function cli(args: string[], input?: string) {
  return spawnSync(process.execPath, [BIN, 'annotate', ...args], { input, encoding: 'utf8', timeout: 60_000 });
}

/** The same as cli() without blocking, so the slower start-ups of several runs overlap. */
function cliAsync(args: string[], input?: string): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, 'annotate', ...args]);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
    child.stdin.end(input ?? '');
  });
}

test('annotate prints entities and attributed quotes per line and reports bad lines by file and line', () => {
  const dir = mkdtempSync(join(tmpdir(), 'annotate-'));
  const file = join(dir, 'docs.jsonl');
  const good = { id: 'a1', title: 'Talks', text: 'Angela Merkel spoke in Berlin on Monday. "We will not give up," she said.' };
  writeFileSync(
    file,
    [JSON.stringify(good), 'this is not json', JSON.stringify({ id: 'a2' }), JSON.stringify({ id: 'a3', text: 'No quotes here.' })].join('\n'),
  );
  const r = cli(['--in', file]);
  assert.equal(r.status, 0, r.stderr);
  const out = r.stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  assert.deepEqual(
    out.map((o) => o.id),
    ['a1', 'a3'],
  );
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

test("annotate resolves time expressions against each line's published date and rejects an unreadable one", () => {
  const dir = mkdtempSync(join(tmpdir(), 'annotate-'));
  const file = join(dir, 'docs.jsonl');
  const text = 'Trump announced late on Sunday that US troops would leave Syria. Talks resume next month.';
  writeFileSync(
    file,
    [
      JSON.stringify({ id: 't1', text, published: '2019-10-08T09:30:00Z' }),
      JSON.stringify({ id: 't2', text }),
      JSON.stringify({ id: 't3', text, published: 'last Tuesday' }),
    ].join('\n'),
  );
  const r = cli(['--in', file]);
  assert.equal(r.status, 0, r.stderr);
  const [t1, t2] = r.stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  assert.deepEqual(t1.times, [
    { text: 'Sunday', start: 24, end: 30, value: '2019-10-06' },
    { text: 'next month', start: text.indexOf('next month'), end: text.indexOf('next month') + 10, value: '2019-11' },
  ]);
  for (const t of t1.times) assert.equal(text.slice(t.start, t.end), t.text);
  // No anchor: the weekday stays a weekday of an unknown week.
  assert.equal(t2.times[0].value, 'XXXX-WXX-7');
  assert.match(r.stderr, /docs\.jsonl:3: field "published" must be an ISO date or date-time/);
});

test('annotate reads stdin with --in -, and exits 2 with one line for a missing file or no valid line', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'annotate-'));
  const bad = join(dir, 'bad.jsonl');
  writeFileSync(bad, 'nope\n');
  const [stdin, missing, invalid] = await Promise.all([
    cliAsync(['--in', '-'], JSON.stringify({ id: 'x', text: 'The plan failed, officials said.' }) + '\n'),
    cliAsync(['--in', '/nonexistent/docs.jsonl']),
    cliAsync(['--in', bad]),
  ]);
  assert.equal(stdin.status, 0, stdin.stderr);
  assert.equal(JSON.parse(stdin.stdout).quotes[0].text, 'The plan failed');
  assert.equal(missing.status, 2);
  assert.equal(missing.stderr.trim().split('\n').length, 1);
  assert.match(missing.stderr, /nonexistent\/docs\.jsonl/);
  assert.equal(invalid.status, 2);
  assert.match(invalid.stderr, /bad\.jsonl/);
});
