import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { RobotsCache } from '../sources/robots.ts';
import { HostLimiter } from '../sources/limiter.ts';
import { fetchFullText, needsFullText } from './fulltext.ts';
import { ARTICLES, startFeedServer } from './testdata/feed-server.ts';

const server = await startFeedServer();
after(() => server.close());
const opts = { allowPrivate: true, limiter: new HostLimiter({ minIntervalMs: 0 }), robots: new RobotsCache() };

test('needsFullText: teasers by characters or words', () => {
  assert.equal(needsFullText('A short teaser.'), true);
  assert.equal(needsFullText(ARTICLES[0].paragraphs.join('\n\n')), false);
  // Long enough in characters but few words (a run of long tokens) is still a teaser.
  assert.equal(needsFullText('x'.repeat(50).concat(' ').repeat(20)), true);
  assert.equal(needsFullText('word '.repeat(100), { minChars: 100, minWords: 50 }), false);
});

test('fetchFullText: article page, paywall, robots, missing page, not HTML', { timeout: 30_000 }, async () => {
  const full = await fetchFullText(`${server.base}/news/orchard-frost?utm_source=rss`, opts);
  assert.equal(full.status, 'full');
  if (full.status !== 'full') return;
  assert.equal(full.page.title, ARTICLES[1].title);
  assert.ok(full.page.text.includes(ARTICLES[1].paragraphs[2]));
  assert.equal(full.page.canonicalUrl, `${server.base}/news/orchard-frost`);

  const thin = await fetchFullText(`${server.base}/news/budget-exclusive`, opts);
  assert.equal(thin.status, 'thin');

  const robots = await fetchFullText(`${server.base}/private/page`, opts);
  assert.equal(robots.status === 'failed' && robots.error.code, 'robots_disallowed');

  const missing = await fetchFullText(`${server.base}/news/nope`, opts);
  assert.equal(missing.status === 'failed' && missing.error.code, 'http_status');

  const feed = await fetchFullText(`${server.base}/feed.xml`, opts);
  assert.equal(feed.status === 'failed' && feed.error.code, 'not_html');

  const refused = await fetchFullText(`${server.base}/news/orchard-frost`, { robots: new RobotsCache() });
  assert.equal(refused.status, 'failed', 'loopback refused unless allowed');
});
