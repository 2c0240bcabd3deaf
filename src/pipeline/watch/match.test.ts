import { test } from 'node:test';
import assert from 'node:assert/strict';
import { foldWords, matchTerms, prepareArticle } from './match.ts';

const article = prepareArticle({
  title: 'Council approves harbour bridge',
  text: 'Mayor Mara Quinn said the vote in São Paulo "ends ten years of waiting". The bridgehead is next.',
  entities: [
    { canonical: 'Mara Quinn', text: 'Mara Quinn' },
    { canonical: 'Vladimir Putin', text: 'Putin' },
  ],
  storyId: 's-live',
});

test('folding drops case, accents and punctuation', () => {
  assert.deepEqual(foldWords('São  Paulo, "Ends"!'), ['sao', 'paulo', 'ends']);
});

test('entities match by canonical name or by the mention as written, case and accents aside', () => {
  assert.deepEqual(matchTerms({ entities: ['mara quinn', 'Putin', 'Vladimir Putin', 'Leo Brandt'], keywords: [], stories: [] }, article), [
    'entity:mara quinn',
    'entity:Putin',
    'entity:Vladimir Putin',
  ]);
});

test('keywords match whole words in order, in title or text, never inside a longer word', () => {
  const got = matchTerms(
    { entities: [], keywords: ['harbour bridge', 'sao paulo', 'bridge', 'bridgeh', 'ten years', 'years ten', 'council'], stories: [] },
    article,
  );
  assert.deepEqual(got, ['keyword:harbour bridge', 'keyword:sao paulo', 'keyword:bridge', 'keyword:ten years', 'keyword:council']);
  // Punctuation-only terms fold to nothing and match nothing.
  assert.deepEqual(matchTerms({ entities: ['!!'], keywords: ['"'], stories: [] }, article), []);
});

test('a story matches by its live id, also when the watched id was merged into it', () => {
  assert.deepEqual(matchTerms({ entities: [], keywords: [], stories: ['s-live', 's-other'] }, article), ['story:s-live']);
  assert.deepEqual(matchTerms({ entities: [], keywords: [], stories: ['s-old'] }, article, new Map([['s-old', 's-live']])), ['story:s-old']);
  const loose = prepareArticle({ title: 'x', text: 'y', entities: [], storyId: null });
  assert.deepEqual(matchTerms({ entities: [], keywords: [], stories: ['s-live'] }, loose), []);
});

test('a watched entity matches the other names given for it, folded, and only those', () => {
  const forms = new Map([['Quinn', ['mara quinn']]]);
  assert.deepEqual(matchTerms({ entities: ['Quinn', 'Brandt'], keywords: [], stories: [] }, article, new Map(), forms), ['entity:Quinn']);
  assert.deepEqual(matchTerms({ entities: ['Quinn'], keywords: [], stories: [] }, article), [], 'without them the short name is not in the article');
});
