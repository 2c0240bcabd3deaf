// The digest over real ingest (annotation, clustering, briefs): which stories moved in the window, which
// developments are news, and the notes naming every source.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openSqliteStore } from '../store/sqlite/sqlite-store.ts';
import { ingestArticles, type IngestInput } from './ingest.ts';
import { bridgeApproved, bridgeCostRises, ferryStrike } from './testdata/harbour.ts';
import { collectDigest, parseSince } from './digest.ts';
import { renderDigest } from '../brief/digest.ts';
import { lookupIn } from '../brief/footnotes.ts';

const NOW = new Date('2024-05-05T12:00:00.000Z');
const OLD = '2024-05-03T09:00:00.000Z';
const FRESH = '2024-05-05T08:00:00.000Z';

const inputs: IngestInput[] = [
  { ...bridgeApproved, fetched: OLD },
  { ...ferryStrike, fetched: OLD },
  { ...bridgeCostRises, fetched: FRESH },
];

test('the digest holds the stories with arrivals in the window, their news, and notes naming each source', async () => {
  const store = await openSqliteStore(':memory:');
  try {
    const r = await ingestArticles(store, inputs);
    assert.equal(r.added, 3);
    assert.equal(await store.storyOf('b2'), await store.storyOf('b1'), 'the cost article joins the bridge story');
    const { digest, articles } = await collectDigest(store, { since: parseSince('24h', NOW), until: NOW, limit: 10 });
    assert.deepEqual(
      digest.stories.map((s) => s.storyId),
      [await store.storyOf('b1')],
      'the ferry story did not move',
    );
    const [s] = digest.stories;
    assert.equal(s.isNew, false);
    assert.equal(s.articles, 2);
    assert.equal(s.sources, 2);
    for (const i of s.fresh) {
      const d = s.brief.developments[i];
      assert.ok(
        [d.headline, ...d.sentences].some((x) => x.citations.some((c) => c.articleId === 'b2')),
        'a fresh development cites the new article',
      );
    }
    const md = renderDigest(digest, 'md', lookupIn(articles));
    assert.match(md, /^# storyline digest\n\n1 story with news from 2024-05-04 12:00 UTC to 2024-05-05 12:00 UTC\.\n/);
    const notes = md.split('\n').filter((l) => l.startsWith('[^'));
    assert.ok(notes.length >= 1);
    assert.ok(
      notes.some(
        (n) =>
          n === '[^1]: Council approves harbour bridge. Harbour Gazette, 2024-05-01. https://gazette.example/bridge' ||
          n.endsWith('Harbour bridge cost rises to 410 million. City Wire, 2024-05-05. https://citywire.example/bridge-cost'),
      ),
      'the lead cites one of the bridge articles first',
    );
    for (const n of notes) assert.match(n, /^\[\^\d+\]: .+\. (Harbour Gazette|City Wire), 2024-05-0\d\. https:\/\/\S+$/);
    const used = new Set([...md.matchAll(/\[\^(\d+)\](?!:)/g)].map((m) => m[1]));
    assert.deepEqual([...used].sort(), notes.map((n) => /^\[\^(\d+)\]/.exec(n)![1]).sort(), 'every marker has its note and every note a marker');
    const text = renderDigest(digest, 'text', lookupIn(articles));
    assert.match(text, /^STORYLINE DIGEST\n/);
    assert.match(text, /\nSources\n\[1\] .+ https:\/\//);
    const html = renderDigest(digest, 'html', lookupIn(articles));
    assert.match(html, /^<!doctype html>/);
    assert.match(html, /<li id="n1">.+<a href="https:\/\/[^"]+">/);
    // A week back both stories moved, the ferry's as a new story with all its developments.
    const week = await collectDigest(store, { since: parseSince('7d', NOW), until: NOW, limit: 1 });
    assert.deepEqual([week.digest.stories.length, week.digest.more], [1, 1]);
  } finally {
    await store.close();
  }
});

test("a watchlist's digest holds its stories matched in the window, with why", async () => {
  const store = await openSqliteStore(':memory:');
  try {
    const at = '2024-05-01T00:00:00.000Z';
    await store.watchlists.create({
      id: 'wl_1',
      owner: 'ana',
      name: 'Ferries',
      terms: { entities: [], keywords: ['ferry'], stories: [] },
      webhookUrl: null,
      webhookSecret: null,
      createdAt: at,
      updatedAt: at,
      seenAt: at,
    });
    await ingestArticles(store, inputs);
    const { digest } = await collectDigest(store, { since: new Date('2024-04-30T00:00:00Z'), until: NOW, limit: 10, watchlistId: 'wl_1' });
    assert.deepEqual(digest.watchlist, { id: 'wl_1', name: 'Ferries' });
    assert.deepEqual(
      digest.stories.map((s) => [s.storyId, s.reasons]),
      [[await store.storyOf('f1'), ['keyword:ferry']]],
    );
    assert.match(renderDigest(digest, 'md', lookupIn([])), /^# storyline digest: Ferries\n/);
    await assert.rejects(collectDigest(store, { since: NOW, limit: 10, watchlistId: 'nope' }), /no such watchlist/);
  } finally {
    await store.close();
  }
});

test('--since takes a duration or a past ISO time, and names what it refuses', () => {
  assert.equal(parseSince('24h', NOW).toISOString(), '2024-05-04T12:00:00.000Z');
  assert.equal(parseSince('90m', NOW).toISOString(), '2024-05-05T10:30:00.000Z');
  assert.equal(parseSince('2w', NOW).toISOString(), '2024-04-21T12:00:00.000Z');
  assert.equal(parseSince('2024-05-01', NOW).toISOString(), '2024-05-01T00:00:00.000Z');
  for (const bad of ['yesterday', '24', '-1h', '2099-01-01', '2024-13-45']) assert.throws(() => parseSince(bad, NOW), /--since must be a duration/, bad);
});
