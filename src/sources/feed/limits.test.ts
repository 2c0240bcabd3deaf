// Feeds are parsed in time linear in their size, and capped in bytes and items with errors and warnings
// that name the feed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_FEED_ITEMS, parseFeed, parseFeedDetailed } from './index.ts';
import { childrenBuilds } from './linear.ts';
import { StorylineError } from '../../errors.ts';

function rss(n: number): string {
  const items = Array.from(
    { length: n },
    (_, i) => `<item><title>Item ${i}</title><link>https://ex.example/${i}</link><guid>g${i}</guid><description>Text ${i}</description></item>`,
  );
  return `<?xml version="1.0"?><rss version="2.0"><channel><title>Big</title><link>https://ex.example/</link>${items.join('')}</channel></rss>`;
}

function atom(n: number): string {
  const entries = Array.from(
    { length: n },
    (_, i) =>
      `<entry><title>Entry ${i}</title><link href="/e/${i}"/><id>urn:e:${i}</id><updated>2024-01-01T00:00:00Z</updated><summary>S ${i}</summary></entry>`,
  );
  return `<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Big</title><link href="https://ex.example/"/>${entries.join('')}</feed>`;
}

/** Elements whose children the library had to build, per item: constant when parsing is linear. */
function buildsPerItem(xml: string, n: number): number {
  const before = childrenBuilds();
  const feed = parseFeed(xml, { url: 'https://ex.example/feed.xml' });
  assert.equal(feed.items.length, n);
  return (childrenBuilds() - before) / n;
}

test('feed parsing: the work per item does not grow with the item count (RSS and Atom)', () => {
  for (const make of [rss, atom]) {
    const small = buildsPerItem(make(200), 200);
    const large = buildsPerItem(make(4000), 4000);
    // Unmemoised, every item rebuilt the channel's children, so the per-item count grew with n (~n).
    assert.ok(large <= small * 1.1 + 1, `${make.name}: ${small.toFixed(1)} builds/item at 200 items, ${large.toFixed(1)} at 4000`);
    assert.ok(large < 20, `${make.name}: ${large.toFixed(1)} builds per item`);
  }
});

test('feed parsing: items and links are the same as the library gives, in order', () => {
  const feed = parseFeed(atom(3), { url: 'https://ex.example/feed.xml' });
  assert.deepEqual(
    feed.items.map((i) => [i.id, i.title, i.link, i.published, i.summary]),
    [0, 1, 2].map((i) => [`urn:e:${i}`, `Entry ${i}`, `https://ex.example/e/${i}`, '2024-01-01T00:00:00.000Z', `S ${i}`]),
  );
});

test('feed limits: a document over the byte cap is a sources.feed_too_large error naming the feed', () => {
  const xml = rss(50);
  assert.throws(
    () => parseFeed(xml, { url: 'https://big.example/feed.xml', maxBytes: 1000 }),
    (e: unknown) =>
      e instanceof StorylineError && e.code === 'feed_too_large' && e.input === 'https://big.example/feed.xml' && /over the limit of 1000/.test(e.message),
  );
  assert.throws(
    () => parseFeed(Buffer.from(xml), { maxBytes: 1000 }),
    (e: unknown) => e instanceof StorylineError && e.code === 'feed_too_large' && e.input === 'feed',
  );
  assert.equal(parseFeed(xml, { maxBytes: xml.length }).items.length, 50, 'at the cap is accepted');
});

test('feed limits: items over the cap are dropped with a warning naming the feed', () => {
  const feed = parseFeedDetailed(rss(30), { url: 'https://busy.example/feed.xml', maxItems: 10 });
  assert.equal(feed.items.length, 10);
  assert.deepEqual(
    feed.items.map((i) => i.id),
    Array.from({ length: 10 }, (_, i) => `g${i}`),
    'the first items of the document are kept',
  );
  assert.equal(feed.warnings?.length, 1);
  assert.match(feed.warnings![0], /^https:\/\/busy\.example\/feed\.xml: feed has 30 items, over the limit of 10/);
  const json = parseFeed(
    JSON.stringify({
      version: 'https://jsonfeed.org/version/1.1',
      title: 'J',
      items: Array.from({ length: 12 }, (_, i) => ({ id: `j${i}`, content_text: 'x' })),
    }),
    { url: 'https://j.example/feed.json', maxItems: 5 },
  );
  assert.equal(json.items.length, 5);
  assert.match(json.warnings?.[0] ?? '', /j\.example\/feed\.json: feed has 12 items/);
  assert.equal(parseFeed(rss(3)).warnings, undefined, 'no warning under the cap');
  assert.ok(MAX_FEED_ITEMS >= 1000, 'the default keeps a busy feed whole');
});
