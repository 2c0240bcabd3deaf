// Property tests over parseFeed: real feeds from ../shared/data (feedparser-tests, rss-parser-fixtures)
// truncated, with bytes flipped, elements repeated thousands of times and huge attributes injected, and
// feeds generated from random unicode. Whatever comes in, parseFeed returns a feed that keeps its
// contract or throws sources.* naming the input; nothing else escapes, each case is time bounded, and
// the heap does not grow without bound.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import fc from 'fast-check';
import { dataset } from '../../../eval/data.ts';
import { expectOwnError, heapMb, mutateAll, mutation, timed } from '../../../eval/fuzz/mutate.ts';
import { StorylineError } from '../../errors.ts';
import { MAX_FEED_ITEMS, parseFeedDetailed, type ParsedFeed } from './index.ts';

const INPUT = 'https://fuzz.example/feed.xml';
/** Per case, on a loaded 2-core machine: a real feed parses in a few ms, a 4 MB mutant in well under this. */
const CASE_MS = 5_000;

function files(dir: string, keep: (i: number) => boolean): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const n of readdirSync(d).sort()) {
      const p = join(d, n);
      if (statSync(p).isDirectory()) walk(p);
      else if (!n.endsWith('.md')) out.push(p);
    }
  };
  walk(dir);
  return out.filter((_, i) => keep(i));
}

function load(p: string): Buffer {
  const b = readFileSync(p);
  return p.endsWith('.gz') ? gunzipSync(b) : b;
}

function checkContract(feed: ParsedFeed) {
  assert.ok(feed.title === null || typeof feed.title === 'string');
  assert.ok(feed.link === null || typeof feed.link === 'string');
  assert.ok(Array.isArray(feed.items));
  assert.ok(feed.items.length <= MAX_FEED_ITEMS);
  const ids = new Set<string>();
  for (const it of feed.items) {
    for (const k of ['id', 'title', 'link', 'published', 'author', 'content', 'summary'] as const) {
      assert.ok(it[k] === null || typeof it[k] === 'string', `item.${k} is ${typeof it[k]}`);
    }
    if (it.published !== null) assert.ok(Number.isFinite(Date.parse(it.published)) && it.published.endsWith('Z'), `published ${it.published} is ISO UTC`);
    if (it.id) {
      assert.ok(!ids.has(it.id), `duplicate item id ${it.id} survived dedupe`);
      ids.add(it.id);
    }
  }
}

function property(buf: Buffer | string, what: () => string) {
  const got = timed(CASE_MS, what, () => expectOwnError(() => parseFeedDetailed(buf, { url: INPUT }), 'sources', INPUT));
  if (got instanceof StorylineError) assert.match(got.code, /^feed_/, got.describe());
  else checkContract(got);
}

const feedparser = dataset('feedparser-tests');
const rssFixtures = dataset('rss-parser-fixtures');
const noData = (!feedparser || !rssFixtures) && 'shared data (../shared/data/feedparser-tests, rss-parser-fixtures) not found: mutated real feeds not tested';

test('fuzz parseFeed: mutated real feeds parse to the contract or fail as sources.feed_* naming the feed', { skip: noData, timeout: 600_000 }, () => {
  const corpus = [...files(feedparser!, (i) => i % 12 === 0), ...files(join(rssFixtures!, 'input'), () => true)].map((p) => ({ p, buf: load(p) }));
  const before = heapMb();
  fc.assert(
    fc.property(fc.constantFrom(...corpus.keys()), fc.array(mutation, { minLength: 1, maxLength: 3 }), (k, ms) => {
      const { p, buf } = corpus[k];
      property(mutateAll(buf, ms), () => `${p} with ${JSON.stringify(ms).slice(0, 300)}`);
    }),
    { numRuns: 150, seed: Number(process.env.FUZZ_SEED ?? 17), endOnFailure: true, includeErrorInReport: true },
  );
  const grown = heapMb() - before;
  assert.ok(grown < 400, `heap grew by ${Math.round(grown)} MB over 150 cases`);
});

test('fuzz parseFeed: every unmutated sample feed is handled (contract or sources.feed_* error)', { skip: noData, timeout: 600_000 }, () => {
  for (const p of files(feedparser!, (i) => i % 12 === 0)) property(load(p), () => p);
});

const text = fc.string({ unit: 'grapheme', maxLength: 60 });
const xmlish = fc.string({
  unit: fc.constantFrom('<', '>', '&', ';', '"', "'", '/', '!', '?', '[', ']', '-', 'a', 'item', 'rss', 'entry', ' ', '\n', '\u0000', '\uD800'),
  maxLength: 80,
});
const randomFeed = fc.oneof(
  fc
    .tuple(text, fc.array(fc.tuple(text, text, text, text), { maxLength: 8 }))
    .map(
      ([title, items]) =>
        `<?xml version="1.0"?><rss version="2.0"><channel><title>${title}</title>` +
        items.map(([t, l, d, g]) => `<item><title>${t}</title><link>${l}</link><pubDate>${d}</pubDate><guid>${g}</guid></item>`).join('') +
        '</channel></rss>',
    ),
  fc
    .tuple(text, fc.array(fc.tuple(text, text, text), { maxLength: 8 }))
    .map(
      ([title, items]) =>
        `<feed xmlns="http://www.w3.org/2005/Atom"><title>${title}</title>` +
        items.map(([t, u, c]) => `<entry><title type="html">${t}</title><updated>${u}</updated><content type="xhtml">${c}</content></entry>`).join('') +
        '</feed>',
    ),
  fc.jsonValue().map((v) => JSON.stringify({ version: 'https://jsonfeed.org/version/1.1', title: 'x', items: Array.isArray(v) ? v : [v] })),
  fc.tuple(fc.constantFrom('<rss>', '<feed>', '<rdf:RDF>', '{', '<?xml?>'), xmlish).map(([a, b]) => a + b),
  fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b).toString('latin1')),
);

test('fuzz parseFeed: generated feeds of random unicode and markup never throw anything but sources.feed_*', { timeout: 600_000 }, () => {
  fc.assert(
    fc.property(randomFeed, fc.boolean(), (doc, asBytes) => {
      property(asBytes ? Buffer.from(doc, 'utf8') : doc, () => JSON.stringify(doc).slice(0, 300));
    }),
    { numRuns: 300, seed: Number(process.env.FUZZ_SEED ?? 17), includeErrorInReport: true },
  );
});
