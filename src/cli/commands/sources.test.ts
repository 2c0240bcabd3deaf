// The `sources` subcommands (and `poll` updating their health) in process, against a loopback feed server.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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

  // A feed that has moved for good (301) is subscribed at its new address; a temporary move (302) is not followed.
  const moved = await run('sources', 'add', `${server.base}/old-feed.xml`, '--allow-private', '--json');
  assert.equal(moved.code, 0, moved.err);
  assert.equal(JSON.parse(moved.out).url, `${server.base}/moved/feed.xml`);
  assert.equal((await run('sources', 'remove', JSON.parse(moved.out).id)).code, 0);
  const temp = await run('sources', 'add', `${server.base}/temp-feed.xml`, '--allow-private', '--json');
  assert.equal(JSON.parse(temp.out).url, `${server.base}/temp-feed.xml`, 'a temporary redirect keeps the URL given');
  assert.equal((await run('sources', 'remove', JSON.parse(temp.out).id)).code, 0);

  const unchecked = await run('sources', 'add', `${server.base}/broken.xml`, '--no-check', '--title', 'Broken');
  assert.equal(unchecked.code, 0, unchecked.err);
  assert.equal((await run('sources', 'add', 'mailto:x@example.org', '--no-check')).code, 2);

  const list = await run('sources', 'list', '--json');
  assert.equal(list.code, 0, list.err);
  const rows = list.out
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  assert.equal(rows.length, 2);
  assert.deepEqual(Object.keys(rows[0]).sort(), [
    'allowPrivate',
    'consecutiveFailures',
    'createdAt',
    'folder',
    'id',
    'intervalSeconds',
    'kind',
    'lastError',
    'lastErrorCode',
    'lastSuccess',
    'nextCheck',
    'status',
    'title',
    'url',
  ]);
  assert.equal(rows[0].allowPrivate, true, 'added with --allow-private');
  assert.equal(rows[1].allowPrivate, false);
  assert.equal(rows[0].status, 'new');
  assert.equal(rows[1].title, 'Broken');

  // A poll records health that `sources list` then shows.
  const poll = await run('poll', '--allow-private', '--no-full-text', '--no-briefs');
  assert.equal(poll.code, 0, 'a failing source does not fail the command');
  assert.match(poll.out, /polled 2 of 2 sources: 1 updated, 0 not modified, 1 failed; 3 new articles/);
  assert.match(poll.err, /failed +http:\/\/127\.0\.0\.1:\d+\/broken\.xml: \[http_status\] HTTP 500/);
  const after1 = (await run('sources', 'list', '--json')).out
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
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
  const lines = pollJson.out
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
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
  assert.deepEqual(feeds.map((f) => [f.xmlUrl, f.title]).sort(), [
    ['http://127.0.0.1:9/millbrook.xml', 'Millbrook Post'],
    ['http://127.0.0.1:9/vale.xml?a=1&b=2', 'Vale & District News'],
  ]);
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

test('--allow-private is kept per source: that source polls without the global switch, the others stay refused', { timeout: 60_000 }, async () => {
  dataDir = join(tmp, 'c');
  const prev = process.env.STORYLINE_ALLOW_PRIVATE;
  delete process.env.STORYLINE_ALLOW_PRIVATE;
  try {
    const local = await run('sources', 'add', `${server.base}/feed.xml`, '--allow-private', '--folder', 'Local/Town', '--json');
    assert.equal(local.code, 0, local.err);
    assert.equal(JSON.parse(local.out).allowPrivate, true);
    assert.equal(JSON.parse(local.out).folder, 'Local / Town');
    const other = await run('sources', 'add', `${server.base}/full-feed.xml`, '--no-check', '--json');
    assert.equal(other.code, 0, other.err);
    assert.equal(JSON.parse(other.out).allowPrivate, false);

    const poll = await run('poll', '--no-full-text', '--no-briefs', '--json');
    assert.equal(poll.code, 0, poll.err);
    const reports = poll.out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    const byUrl = new Map(reports.filter((r) => r.url).map((r) => [r.url, r]));
    assert.equal(byUrl.get(`${server.base}/feed.xml`)?.status, 'ok');
    assert.equal(byUrl.get(`${server.base}/feed.xml`)?.added, 3);
    assert.equal(byUrl.get(`${server.base}/full-feed.xml`)?.status, 'error');
    assert.equal(byUrl.get(`${server.base}/full-feed.xml`)?.error.code, 'private_address');

    // The global switch still opens every source.
    process.env.STORYLINE_ALLOW_PRIVATE = '1';
    const all = await run('poll', '--all', '--no-full-text', '--no-briefs', '--json');
    const lines = all.out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    assert.equal(lines.at(-1).summary.failed, 0);

    // Adding an existing feed again with the flag grants it.
    delete process.env.STORYLINE_ALLOW_PRIVATE;
    const grant = await run('sources', 'add', `${server.base}/full-feed.xml`, '--no-check', '--allow-private', '--json');
    assert.match(grant.err, /already subscribed.*updated: allowPrivate/);
    assert.equal(JSON.parse(grant.out).allowPrivate, true);
    const table = await run('sources', 'list');
    assert.match(table.out, /\[Local \/ Town\] \(private allowed\)/);
  } finally {
    if (prev === undefined) delete process.env.STORYLINE_ALLOW_PRIVATE;
    else process.env.STORYLINE_ALLOW_PRIVATE = prev;
  }
});

test('OPML folders: import stores nested folders, list shows them, export writes them back nested', { timeout: 60_000 }, async () => {
  dataDir = join(tmp, 'd');
  const imp = await run('sources', 'import', join(import.meta.dirname, 'testdata', 'folders.opml'));
  assert.equal(imp.code, 0, imp.err);
  assert.match(imp.out, /imported 5 feeds/);
  const rows = (await run('sources', 'list', '--json')).out
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  assert.deepEqual(
    rows.map((r) => [r.title, r.folder]).sort((a, b) => a[0].localeCompare(b[0])),
    [
      ['Cup', 'Sport / World'],
      ['Daily', 'News'],
      ['Loose', null],
      ['Riffs', 'AC/DC fans'],
      ['Wire', 'News / World'],
    ],
  );
  const exp = await run('sources', 'export');
  assert.equal(exp.code, 0, exp.err);
  const doc = parseOpml(exp.out, 'export');
  // Sources created in the same millisecond list in id order, so folder order is not asserted.
  assert.deepEqual(doc.outlines.map((o) => o.text).sort(), ['AC/DC fans', 'Loose', 'News', 'Sport']);
  const news = doc.outlines.find((o) => o.text === 'News')!;
  assert.deepEqual(news.children.map((o) => o.text).sort(), ['Daily', 'World']);
  assert.equal(news.children.find((o) => o.text === 'World')?.children[0].xmlUrl, 'http://127.0.0.1:9/wire.xml');
  const original = opmlFeeds(parseOpml(readFileSync(join(import.meta.dirname, 'testdata', 'folders.opml'), 'utf8')));
  const sortKey = (f: { xmlUrl: string }) => f.xmlUrl;
  assert.deepEqual(
    opmlFeeds(doc)
      .map((f) => [f.xmlUrl, f.title, f.folders])
      .sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
    original.map((f) => [sortKey(f), f.title, f.folders]).sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
    'import then export keeps every feed in its folder',
  );
  // Re-importing the export adds nothing and moves nothing.
  const file = join(tmp, 'folders-export.opml');
  writeFileSync(file, exp.out);
  assert.match((await run('sources', 'import', file)).out, /imported 0 feeds \(5 already subscribed/);
});

test('feed discovery from a page', () => {
  const html = `<head><link rel="stylesheet" href="/s.css"><link rel="alternate" type="application/atom+xml" href="/atom.xml?a=1&amp;b=2">
<link rel='alternate' type='application/rss+xml' href='https://other.example/rss'></head>`;
  assert.deepEqual(discoverFeedLinks(html, 'https://news.example/section/'), ['https://news.example/atom.xml?a=1&b=2', 'https://other.example/rss']);
});
