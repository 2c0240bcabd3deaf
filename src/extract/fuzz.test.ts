// Property tests over extractArticle: real pages from ../shared/data (readability-test-pages,
// article-extraction-benchmark) truncated, with bytes flipped, elements repeated, huge attributes and
// script/markup fragments injected, and pages generated from random unicode. Whatever comes in, the
// result keeps its contract (plain trimmed text, ISO date, http(s) canonical URL) or extract.* is thrown
// naming the input; nothing else escapes, each case is time bounded and the heap stays bounded.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import fc from 'fast-check';
import { dataset } from '../../eval/data.ts';
import { expectOwnError, heapMb, mutateAll, mutation, timed } from '../../eval/fuzz/mutate.ts';
import { StorylineError } from '../errors.ts';
import { extractArticle, type ExtractedPage } from './index.ts';

const INPUT = 'fuzz/page.html';
/** Per case on a loaded machine: a real page takes ~50 ms, a 3 MB mutant ~3 s. */
const CASE_MS = 15_000;
const SEED = Number(process.env.FUZZ_SEED ?? 17);

function checkContract(page: ExtractedPage) {
  for (const k of ['title', 'byline', 'published', 'lang', 'canonicalUrl', 'siteName', 'excerpt'] as const) {
    assert.ok(page[k] === null || typeof page[k] === 'string', `${k} is ${typeof page[k]}`);
  }
  assert.equal(typeof page.text, 'string');
  assert.equal(page.textLength, page.text.length);
  assert.equal(page.text, page.text.trim(), 'text is trimmed');
  assert.doesNotMatch(page.text, /\n{3}/, 'paragraphs are separated by one blank line');
  assert.doesNotMatch(page.text, /<script\b|<\/script>/i, 'no script markup in the plain text');
  assert.equal(typeof page.thin, 'boolean');
  if (page.published !== null) assert.ok(Number.isFinite(Date.parse(page.published)), `published ${page.published}`);
  if (page.canonicalUrl !== null) assert.match(page.canonicalUrl, /^https?:\/\//, 'canonical URL is http(s), never javascript: or data:');
}

function property(html: string, what: () => string) {
  const got = timed(CASE_MS, what, () => expectOwnError(() => extractArticle(html, { input: INPUT, url: 'http://fakehost/test/page.html' }), 'extract', INPUT));
  if (!(got instanceof StorylineError)) checkContract(got);
}

const rtp = dataset('readability-test-pages');
const aeb = dataset('article-extraction-benchmark');
const noData = (!rtp || !aeb) && 'shared data (../shared/data/readability-test-pages, article-extraction-benchmark) not found: mutated real pages not tested';

test('fuzz extractArticle: mutated real pages keep the contract or fail as extract.* naming the page', { skip: noData, timeout: 600_000 }, () => {
  const paths = [
    ...readdirSync(join(rtp!, 'pages'))
      .sort()
      .filter((_, i) => i % 8 === 0)
      .map((n) => join(rtp!, 'pages', n, 'source.html.gz')),
    ...readdirSync(join(aeb!, 'html'))
      .sort()
      .filter((_, i) => i % 16 === 0)
      .map((n) => join(aeb!, 'html', n)),
  ];
  const corpus = paths.map((p) => ({ p, buf: gunzipSync(readFileSync(p)) }));
  const before = heapMb();
  fc.assert(
    fc.property(fc.constantFrom(...corpus.keys()), fc.array(mutation, { minLength: 1, maxLength: 2 }), (k, ms) => {
      const { p, buf } = corpus[k];
      property(mutateAll(buf, ms).toString('utf8'), () => `${p} with ${JSON.stringify(ms).slice(0, 300)}`);
    }),
    { numRuns: 50, seed: SEED, endOnFailure: true, includeErrorInReport: true },
  );
  const grown = heapMb() - before;
  assert.ok(grown < 500, `heap grew by ${Math.round(grown)} MB over 50 pages`);
});

const words = fc.string({ unit: 'grapheme', minLength: 0, maxLength: 80 });
const payload = fc.constantFrom(
  '<script>globalThis.pwned=1</script>',
  '<svg onload="x()"><script>y()</script></svg>',
  '<a href="javascript:alert(1)">x</a>',
  '<img src=x onerror=alert(1)>',
  '<iframe src="javascript:1"></iframe>',
  '<link rel="canonical" href="javascript:alert(1)">',
  '<meta property="article:published_time" content="not a date">',
  '<base href="javascript:/">',
  '<!--',
  ']]>',
  '<math><mi>',
  '<script type="application/ld+json">{"@type":"NewsArticle","articleBody":' + '"' + 'x'.repeat(500) + '"}</script>',
  '<script type="application/ld+json">{bad json</script>',
  '<template><p>hidden</p></template>',
  '<noscript><p>n</p></noscript>',
);
const randomPage = fc
  .array(
    fc.oneof(
      words.map((w) => `<p>${w}</p>`),
      payload,
      words,
      fc.constantFrom('<div>', '</div>', '<article>', '<h1>', '</h1>'),
    ),
    { maxLength: 40 },
  )
  .map((parts) => `<html><head><title>t</title></head><body>${parts.join('')}</body></html>`);

test('fuzz extractArticle: generated pages with script, SVG and javascript: payloads keep the contract', { timeout: 600_000 }, () => {
  fc.assert(
    fc.property(randomPage, (html) => property(html, () => JSON.stringify(html).slice(0, 400))),
    { numRuns: 150, seed: SEED, includeErrorInReport: true },
  );
});

test('fuzz extractArticle: arbitrary strings, bare or behind a tag, keep the contract or fail as extract.* naming the input', { timeout: 600_000 }, () => {
  // Half behind a tag, so they reach the parser rather than the "no markup" check.
  const input = fc
    .tuple(fc.constantFrom('', '<p>', '<html><body>', '<!DOCTYPE html>', '<svg>'), fc.string({ unit: 'binary', maxLength: 300 }))
    .map(([a, b]) => a + b);
  fc.assert(
    fc.property(input, (s) => property(s, () => JSON.stringify(s))),
    { numRuns: 200, seed: SEED, includeErrorInReport: true },
  );
});
