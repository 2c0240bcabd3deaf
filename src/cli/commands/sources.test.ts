// The `sources` subcommands (and `poll` updating their health) in process, against a loopback feed server.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseOpml, opmlFeeds } from '../../sources/opml.ts';
import { discoverFeedLinks } from './sources.ts';
import { runCli } from './testdata/run-cli.ts';
import { startFeedServer } from '../../pipeline/testdata/feed-server.ts';

const tmp = mkdtempSync(join(tmpdir(), 'storyline-sources-'));
const server = await startFeedServer();
after(async () => {
  await server.close();
  rmSync(tmp, { recursive: true, force: true });
});

let dataDir = '';
const run = (...args: string[]) => runCli(dataDir, args);

test('sources add checks the feed, refuses a page that is none, lists and removes', { timeout: 60_000 }, async () => {
  dataDir = join(tmp, 'a');
  const add = await run('sources', 'add', `${server.base}/feed.xml`, '--allow-private', '--json');
  assert.equal(add.code, 0, add.err);
  const src = JSON.parse(add.out);
  assert.equal(src.url, `${server.base}/feed.xml`);
  assert.equal(src.title, 'Millbrook Post', 'title taken from the feed');
  assert.equal(src.etag, null, 'no validators stored: the first poll must read the items');

  const again = await run('sources', 'add', `${server.base}/feed.xml`, '--allow-private');
  assert.equal(again.code, 0);
  assert.match(again.err, /already subscribed/);

  const notFeed = await run('sources', 'add', `${server.base}/not-a-feed`, '--allow-private');
  assert.equal(notFeed.code, 2);
  assert.match(notFeed.err, /not-a-feed: sources\.not_a_feed/);

  const privateRefused = await run('sources', 'add', `${server.base}/feed.xml`);
  assert.equal(privateRefused.code, 2);
  assert.match(privateRefused.err, /private_address/);

  const unchecked = await run('sources', 'add', `${server.base}/broken.xml`, '--no-check', '--title', 'Broken');
  assert.equal(unchecked.code, 0, unchecked.err);
  assert.equal((await run('sources', 'add', 'mailto:x@example.org', '--no-check')).code, 2);

  const list = await run('sources', 'list', '--json');
  assert.equal(list.code, 0, list.err);
  const rows = list.out.trim().split('\n').map((l) => JSON.parse(l));
  assert.equal(rows.length, 2);
  assert.deepEqual(Object.keys(rows[0]).sort(), [
    'consecutiveFailures', 'createdAt', 'id', 'intervalSeconds', 'kind', 'lastError', 'lastErrorCode', 'lastSuccess', 'nextCheck', 'status', 'title', 'url',
  ]);
  assert.equal(rows[0].status, 'new');
  assert.equal(rows[1].title, 'Broken');

  // A poll records health that `sources list` then shows.
  const poll = await run('poll', '--allow-private', '--no-full-text', '--no-briefs');
  assert.equal(poll.code, 0, 'a failing source does not fail the command');
  assert.match(poll.out, /polled 2 of 2 sources: 1 updated, 0 not modified, 1 failed; 3 new articles/);
  assert.match(poll.err, /failed +http:\/\/127\.0\.0\.1:\d+\/broken\.xml: \[http_status\] HTTP 500/);
  const after1 = (await run('sources', 'list', '--json')).out.trim().split('\n').map((l) => JSON.parse(l));
  assert.equal(after1[0].status, 'ok');
  assert.ok(after1[0].lastSuccess);
  assert.equal(after1[1].status, 'failing');
  assert.equal(after1[1].consecutiveFailures, 1);
  assert.equal(after1[1].lastErrorCode, 'http_status');
  assert.ok(Date.parse(after1[1].nextCheck) > Date.now());
  const table = await run('sources', 'list');
  assert.match(table.out, /last error: \[http_status\] HTTP 500/);

  const pollJson = await run('poll', '--all', '--allow-private', '--json');
  assert.equal(pollJson.code, 0);
  const lines = pollJson.out.trim().split('\n').map((l) => JSON.parse(l));
  assert.deepEqual(lines.at(-1).summary.notModified, 1, 'second poll answered 304');

  const rm = await run('sources', 'remove', src.id);
  assert.equal(rm.code, 0, rm.err);
  const rmUrl = await run('sources', 'remove', `${server.base}/broken.xml`);
  assert.equal(rmUrl.code, 0, rmUrl.err);
  const gone = await run('sources', 'remove', 'src_nope');
  assert.equal(gone.code, 2);
  assert.match(gone.err, /src_nope: cli\.unknown_source/);
  assert.equal((await run('sources', 'list', '--json')).out, '');
});

test('sources import reports bad outlines and adds the rest; export round-trips', { timeout: 60_000 }, async () => {
  dataDir = join(tmp, 'b');
  const opml = join(import.meta.dirname, 'testdata', 'subscriptions.opml');
  const imp = await run('sources', 'import', opml);
  assert.equal(imp.code, 0, imp.err);
  assert.match(imp.out, /imported 2 feeds \(0 already subscribed, 2 bad outlines\)/);
  assert.match(imp.err, /outline "Local \/ Broken entry": type="rss" outline has no xmlUrl/);
  assert.match(imp.err, /outline "FTP feed": xmlUrl "ftp:\/\/example\.org\/feed\.xml"/);

  const exp = await run('sources', 'export');
  assert.equal(exp.code, 0, exp.err);
  const feeds = opmlFeeds(parseOpml(exp.out, 'export'));
  assert.deepEqual(
    feeds.map((f) => [f.xmlUrl, f.title]).sort(),
    [
      ['http://127.0.0.1:9/millbrook.xml', 'Millbrook Post'],
      ['http://127.0.0.1:9/vale.xml?a=1&b=2', 'Vale & District News'],
    ],
  );
  // Importing the export changes nothing.
  const file = join(tmp, 'export.opml');
  writeFileSync(file, exp.out);
  const re = await run('sources', 'import', file);
  assert.match(re.out, /imported 0 feeds \(2 already subscribed, 0 bad outlines\)/);

  writeFileSync(file, '<opml version="2.0"><body><outline text="x"></body></opml>');
  const broken = await run('sources', 'import', file);
  assert.equal(broken.code, 2);
  assert.match(broken.err, /sources\.opml_invalid: line 1/);
});

test('feed discovery from a page', () => {
  const html = `<head><link rel="stylesheet" href="/s.css"><link rel="alternate" type="application/atom+xml" href="/atom.xml?a=1&amp;b=2">
<link rel='alternate' type='application/rss+xml' href='https://other.example/rss'></head>`;
  assert.deepEqual(discoverFeedLinks(html, 'https://news.example/section/'), ['https://news.example/atom.xml?a=1&b=2', 'https://other.example/rss']);
});
