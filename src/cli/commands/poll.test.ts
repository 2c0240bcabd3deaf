import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from './testdata/run-cli.ts';
import { startFeedServer } from '../../pipeline/testdata/feed-server.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'storyline-pollcli-'));
const server = await startFeedServer();
after(async () => {
  await server.close();
  rmSync(dataDir, { recursive: true, force: true });
});
const run = (...args: string[]) => runCli(dataDir, args);

test('poll: nothing to do, then full text for teasers, then nothing due', { timeout: 60_000 }, async () => {
  const empty = await run('poll');
  assert.equal(empty.code, 0);
  assert.match(empty.out, /no sources: add one/);

  assert.equal((await run('sources', 'add', `${server.base}/full-feed.xml`, '--no-check')).code, 0);
  const first = await run('poll', '--allow-private', '--json', '--no-briefs');
  assert.equal(first.code, 0, first.err);
  const lines = first.out
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  assert.equal(lines.length, 2, 'one report and the summary');
  const [report, { summary }] = lines;
  assert.equal(report.status, 'ok');
  assert.equal(report.added, 4);
  assert.equal(report.fullText, 3);
  assert.equal(report.partial.length, 1);
  assert.ok(Date.parse(report.nextCheck) > Date.now());
  assert.deepEqual(summary, { sources: 1, polled: 1, ok: 1, notModified: 0, failed: 0, added: 4, fullText: 3, partial: 1 });

  const again = await run('poll', '--allow-private');
  assert.equal(again.code, 0);
  assert.match(again.out, /polled 0 of 1 sources/);

  // Loopback refused without --allow-private: recorded as the source's failure, command still exits 0.
  const refused = await run('poll', '--all');
  assert.equal(refused.code, 0);
  assert.match(refused.err, /failed +http:\/\/127\.0\.0\.1:\d+\/full-feed\.xml: \[private_address\]/);
  assert.match(refused.out, /1 failed/);
});
