import { test } from 'node:test';
import assert from 'node:assert/strict';
import { coverageOf, excerpt, segmentText, sortCoverage } from './views.ts';
import { formatDate, safeHref } from './format.ts';
import { intParam, textParam } from './params.ts';
import { StorylineError } from '../errors.ts';
import type { Article } from '../types.ts';

const text = 'One two. Three four five. Six.';
const sentences = [
  { start: 0, end: 8 },
  { start: 9, end: 25 },
  { start: 26, end: 30 },
];

function joined(segs: ReturnType<typeof segmentText>): string {
  return segs.map((s) => text.slice(s.start, s.end)).join('');
}

test('segmentText: sentences become anchored segments and the text is covered exactly once', () => {
  const segs = segmentText(text, sentences, []);
  assert.equal(joined(segs), text);
  assert.deepEqual(
    segs.filter((s) => s.anchor).map((s) => [s.start, s.end]),
    sentences.map((s) => [s.start, s.end]),
  );
  assert.ok(segs.every((s) => !s.cited));
});

test('segmentText: a citation of a whole sentence marks it cited', () => {
  const segs = segmentText(text, sentences, [{ start: 9, end: 25 }]);
  assert.deepEqual(
    segs.filter((s) => s.cited).map((s) => [s.start, s.end]),
    [[9, 25]],
  );
});

test('segmentText: a citation inside a sentence gets its own anchor and splits that sentence', () => {
  const segs = segmentText(text, sentences, [{ start: 15, end: 19 }]);
  assert.equal(joined(segs), text);
  const anchored = segs.filter((s) => s.anchor).map((s) => [s.start, s.end]);
  assert.deepEqual(anchored, [
    [0, 8],
    [15, 19],
    [26, 30],
  ]);
  assert.equal(text.slice(15, 19), 'four');
});

test('segmentText: a citation across two sentences, overlapping citations and bad offsets', () => {
  const segs = segmentText(text, sentences, [
    { start: 4, end: 15 },
    { start: 5, end: 12 }, // overlaps the first: dropped
    { start: 20, end: 99 }, // past the end: ignored
    { start: -1, end: 3 },
  ]);
  assert.equal(joined(segs), text);
  assert.deepEqual(
    segs.filter((s) => s.anchor).map((s) => [s.start, s.end]),
    [
      [4, 15],
      [26, 30],
    ],
  );
});

test('segmentText: empty text and no sentences', () => {
  assert.deepEqual(segmentText('', [], []), []);
  assert.deepEqual(segmentText('abc', [], []), [{ start: 0, end: 3, anchor: false, cited: false }]);
});

test('excerpt cuts at a word boundary and marks the cut', () => {
  assert.equal(excerpt('short  text\n here', 50), 'short text here');
  const e = excerpt('alpha beta gamma delta epsilon zeta eta theta', 20);
  assert.ok(e.endsWith('…'));
  assert.ok(e.length <= 21);
  assert.equal(e, 'alpha beta gamma…');
});

test('coverage: grouped by outlet, earliest reporter first, undated last', () => {
  const art = (id: string, sourceName: string | null, published: string | null) => ({ id, sourceName, published }) as Article;
  const c = coverageOf([art('1', 'B', '2024-05-02'), art('2', 'A', '2024-05-03'), art('3', 'B', '2024-05-01'), art('4', null, null)]);
  assert.deepEqual(c, [
    { source: 'B', articles: 2, first: '2024-05-01' },
    { source: 'A', articles: 1, first: '2024-05-03' },
    { source: 'Unknown source', articles: 1, first: null },
  ]);
  assert.deepEqual(
    sortCoverage([
      { source: 'x', articles: 1, first: null },
      { source: 'y', articles: 1, first: '2020-01-01' },
    ]).map((e) => e.source),
    ['y', 'x'],
  );
});

test('formatDate and safeHref', () => {
  assert.equal(formatDate('2024-06-20T23:30:00Z'), '20 Jun 2024');
  assert.equal(formatDate('2024-06-20'), '20 Jun 2024');
  assert.equal(formatDate('sometime'), 'sometime');
  assert.equal(formatDate(null), '');
  assert.equal(safeHref('https://ex.example/a?b=1'), 'https://ex.example/a?b=1');
  assert.equal(safeHref('javascript:alert(1)'), null);
  assert.equal(safeHref('data:text/html,hi'), null);
  assert.equal(safeHref('/relative'), null);
});

test('params: integers are strict, text is trimmed and bounded', () => {
  const r = { def: 50, min: 1, max: 200 };
  assert.equal(intParam(undefined, 'limit', r), 50);
  assert.equal(intParam('', 'limit', r), 50);
  assert.equal(intParam('200', 'limit', r), 200);
  for (const bad of ['0', '201', '-1', '1.5', '1e2', ' 5', 'abc', '99999999999']) {
    assert.throws(
      () => intParam(bad, 'limit', r),
      (e: unknown) => e instanceof StorylineError && e.code === 'bad_param' && e.input === 'limit' && e.message.startsWith('limit:'),
      bad,
    );
  }
  assert.equal(textParam('  hi ', 'q', { maxLength: 10 }), 'hi');
  assert.equal(textParam('   ', 'q', { maxLength: 10 }), null);
  assert.throws(() => textParam('', 'q', { required: true, maxLength: 10 }), /q: is required/);
  assert.throws(() => textParam('x'.repeat(11), 'q', { maxLength: 10 }), /at most 10/);
});
