// The match scan as articles arrive through ingest: matches are recorded after clustering, once each,
// with the webhook call they queue; a new watchlist starts with the stored articles it matches.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openSqliteStore } from '../../store/sqlite/sqlite-store.ts';
import type { Watchlist } from '../../store/repositories/watchlists.ts';
import { ingestArticles, type IngestInput } from '../ingest.ts';
import { bridgeApproved, ferryStrike } from '../testdata/harbour.ts';
import { backfillWatchlist, scanWatchlists, type WebhookBody } from './scan.ts';

const AT = '2024-05-01T10:00:00.000Z';

function watchlist(id: string, over: Partial<Watchlist> = {}): Watchlist {
  return {
    id,
    owner: 'ana',
    name: id,
    terms: { entities: [], keywords: [], stories: [] },
    webhookUrl: null,
    webhookSecret: null,
    createdAt: AT,
    updatedAt: AT,
    seenAt: AT,
    ...over,
  };
}

const bridge = bridgeApproved;
const ferry = ferryStrike;

test('articles arriving through ingest are matched after clustering, once, and queue their webhook call', async () => {
  const store = await openSqliteStore(':memory:');
  try {
    await store.watchlists.create(
      watchlist('w-quinn', { terms: { entities: ['Mara Quinn'], keywords: [], stories: [] }, webhookUrl: 'http://127.0.0.1:9/hook', webhookSecret: 'k' }),
    );
    await store.watchlists.create(watchlist('w-ferry', { terms: { entities: [], keywords: ['ferry strike'], stories: [] } }));
    const r = await ingestArticles(store, [bridge, ferry], { briefs: false });
    assert.equal(r.added, 2);
    assert.equal(r.watchMatches, 2);
    const quinn = await store.watchlists.matches('w-quinn', { limit: 10, offset: 0 });
    assert.deepEqual(
      quinn.items.map((m) => [m.articleId, m.reasons]),
      [['b1', ['entity:Mara Quinn']]],
    );
    const story = await store.storyOf('b1');
    assert.equal(quinn.items[0].storyId, story, 'the match carries the story clustering filed the article under');
    assert.deepEqual(
      (await store.watchlists.matches('w-ferry', { limit: 10, offset: 0 })).items.map((m) => m.articleId),
      ['f1'],
    );
    const [d] = (await store.watchlists.deliveries('w-quinn', { limit: 10, offset: 0 })).items;
    const body = JSON.parse(d.body) as WebhookBody;
    assert.equal(body.event, 'watchlist.match');
    assert.deepEqual(body.article, { id: 'b1', title: bridge.title, url: bridge.url, source: 'Harbour Gazette', published: '2024-05-01T09:00:00.000Z' });
    assert.deepEqual(body.story, { id: story });
    assert.equal((await store.watchlists.deliveries('w-ferry', { limit: 10, offset: 0 })).total, 0, 'no webhook, no call');
    // A second scan finds nothing new; the position is past both articles.
    assert.deepEqual(await scanWatchlists(store), { scanned: 0, matched: 0 });
    assert.equal(await store.watchlists.scannedThrough(), await store.latestArticleSeq());
    // Following the story: the next article filed under it matches, though it names neither term.
    await store.watchlists.create(watchlist('w-story', { terms: { entities: [], keywords: [], stories: [story!] } }));
    const more: IngestInput = {
      id: 'b2',
      title: 'Harbour bridge construction date set',
      text: 'Work on the new harbour bridge approved by the city council will begin in the autumn, officials said. The bridge will carry trams.',
      published: '2024-05-03T09:00:00Z',
      source: 'City Wire',
    };
    await ingestArticles(store, [more], { briefs: false });
    assert.equal(await store.storyOf('b2'), story, 'clustering files the follow-up under the bridge story');
    assert.deepEqual(
      (await store.watchlists.matches('w-story', { limit: 10, offset: 0 })).items.map((m) => [m.articleId, m.reasons]),
      [['b2', [`story:${story}`]]],
    );
  } finally {
    await store.close();
  }
});

test('with no watchlists the scan only keeps its position; a new watchlist is matched against what is stored, as seen', async () => {
  const store = await openSqliteStore(':memory:');
  try {
    await ingestArticles(store, [bridge, ferry], { briefs: false });
    assert.equal(await store.watchlists.scannedThrough(), await store.latestArticleSeq());
    const w = watchlist('w-late', {
      terms: { entities: [], keywords: ['harbour bridge', 'bay'], stories: [] },
      webhookUrl: 'http://127.0.0.1:9/hook',
      webhookSecret: 'k',
      seenAt: '2030-01-01T00:00:00.000Z',
    });
    await store.watchlists.create(w);
    assert.equal(await backfillWatchlist(store, w), 2);
    const got = await store.watchlists.matches('w-late', { limit: 10, offset: 0 });
    assert.deepEqual(got.items.map((m) => m.articleId).sort(), ['b1', 'f1']);
    assert.ok(
      got.items.every((m) => m.matchedAt <= w.seenAt),
      'dated by arrival, so not new',
    );
    assert.equal((await store.watchlists.unseenCounts('ana')).get('w-late'), undefined);
    assert.equal((await store.watchlists.deliveries('w-late', { limit: 10, offset: 0 })).total, 0, 'old news sends no webhook');
  } finally {
    await store.close();
  }
});

test('a watched entity also matches the names the store resolved it to, but not a surname two people share', async () => {
  const store = await openSqliteStore(':memory:');
  const at = (d: number) => `2024-05-0${d}T09:00:00Z`;
  const art = (id: string, d: number, title: string, text: string): IngestInput => ({ id, title, text, published: at(d), source: 'Wire' });
  try {
    await ingestArticles(
      store,
      [
        art('p1', 1, 'Putin visits Beijing', 'Russian President Vladimir Putin arrived in Beijing on Monday. Putin said the talks would cover energy.'),
        art('j1', 1, 'Johnson resigns', 'Prime Minister Boris Johnson resigned on Monday. Johnson said he was sad to leave.'),
        art('j2', 2, 'Actress wins award', 'The actress Dakota Johnson won the award on Tuesday. Johnson thanked her family.'),
      ],
      { briefs: false },
    );
    assert.equal((await store.getEntity('Putin'))?.canonical, 'Vladimir Putin', 'the store resolved the short name');
    await store.watchlists.create(watchlist('w-short', { terms: { entities: ['Putin'], keywords: [], stories: [] } }));
    await store.watchlists.create(watchlist('w-boris', { terms: { entities: ['Boris Johnson'], keywords: [], stories: [] } }));
    await ingestArticles(
      store,
      [
        // Only the full name: the watchlist's short name is not in it, the entity is.
        art('p2', 3, 'Kremlin talks', 'Vladimir Putin met the Chinese leader in Moscow on Wednesday to discuss trade.'),
        // Only the shared surname: not Boris Johnson's.
        art('j3', 3, 'Johnson speaks', 'Johnson told reporters on Wednesday that the film would open in June.'),
      ],
      { briefs: false },
    );
    assert.deepEqual(
      (await store.watchlists.matches('w-short', { limit: 10, offset: 0 })).items.map((m) => [m.articleId, m.reasons]),
      [['p2', ['entity:Putin']]],
    );
    assert.deepEqual(
      (await store.watchlists.matches('w-boris', { limit: 10, offset: 0 })).items.map((m) => m.articleId),
      [],
    );
  } finally {
    await store.close();
  }
});
