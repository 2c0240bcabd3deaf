import { test } from 'node:test';
import assert from 'node:assert/strict';
import { matchSpans, scoreTimes } from './time-score.ts';

test('matching is one-to-one and prefers the exact span, then the equal value, over a larger overlap', () => {
  const gold = [{ start: 0, end: 10, value: '2019-10-06' }];
  const pred = [
    { start: 0, end: 12, value: '2019-10-06' },
    { start: 0, end: 10, value: '2019-10-07' },
  ];
  const pairs = matchSpans(gold, pred);
  assert.equal(pairs.length, 1);
  assert.equal(pairs[0].pred.value, '2019-10-07');
  const s = scoreTimes([{ gold, pred }]);
  assert.equal(s.relaxed.r, 1);
  assert.equal(s.relaxed.p, 0.5);
  assert.equal(s.value.f1, 0);
});

test('full-day value F1 counts only day-valued gold and day-valued predictions', () => {
  const gold = [
    { start: 0, end: 6, value: '1998-01-07' },
    { start: 10, end: 14, value: '1998' },
    { start: 20, end: 27, value: 'P3D' },
  ];
  const pred = [
    { start: 0, end: 6, value: '1998-01-07' },
    { start: 11, end: 14, value: '1998' },
    { start: 30, end: 36, value: '1998-01-01' },
  ];
  const s = scoreTimes([{ gold, pred }]);
  assert.deepEqual([s.day.p, s.day.r], [0.5, 1]);
  assert.equal(s.value.p, 2 / 3);
  assert.equal(s.value.r, 2 / 3);
  assert.equal(s.strict.p, 1 / 3);
});
