import { test } from 'node:test';
import assert from 'node:assert/strict';
import { volumeOf } from './volume.ts';
import { volumeSummary, barLabel } from './pages/chart.tsx';
import { coverageWords, spanWords } from './pages/coverage.tsx';

test('volume: a bar per day over a short story, zero days kept, offsets read as written', () => {
  const v = volumeOf(['2024-05-01T09:00:00Z', '2024-05-03T23:30:00-05:00', '2024-05-03', 'not a date', null]);
  assert.equal(v.unit, 'day');
  assert.deepEqual(
    v.bars.map((b) => [b.start, b.articles]),
    [
      ['2024-05-01', 1],
      ['2024-05-02', 0],
      ['2024-05-03', 2],
    ],
  );
  assert.equal(v.total, 3);
  assert.equal(v.peak?.start, '2024-05-03');
  assert.equal(volumeSummary(v), '3 articles from 1 May 2024 to 3 May 2024; the busiest day was 3 May 2024, with 2 articles.');
});

test('volume: longer spans fall back to ISO weeks, months, then years, every article counted once', () => {
  const weeks = volumeOf(['2009-02-03', '2009-02-04', '2009-06-05']);
  assert.equal(weeks.unit, 'week');
  assert.equal(weeks.bars[0].start, '2009-02-02', 'weeks start on Monday');
  assert.equal(weeks.bars[0].end, '2009-02-08');
  assert.equal(weeks.bars[0].articles, 2);
  assert.equal(barLabel(weeks.bars[0], 'week'), 'week of 2 Feb 2009');
  const months = volumeOf(['2005-03-10', '2007-01-01', '2011-08-31']);
  assert.equal(months.unit, 'month');
  assert.equal(months.bars.length, 78);
  assert.equal(barLabel(months.bars.at(-1)!, 'month'), 'August 2011');
  const years = volumeOf(['1990-01-01', '2020-06-01', '2020-07-01']);
  assert.equal(years.unit, 'year');
  assert.equal(years.bars.length, 31);
  assert.equal(
    years.bars.reduce((n, b) => n + b.articles, 0),
    3,
  );
  assert.equal(volumeOf([]).bars.length, 0);
  assert.equal(volumeSummary(volumeOf([])), 'No dated articles.');
  assert.equal(volumeSummary(volumeOf(['2024-01-02'])), '1 article on 2 Jan 2024.');
  assert.equal(
    volumeSummary(volumeOf(['2024-01-02', '2024-01-05'])),
    '2 articles from 2 Jan 2024 to 5 Jan 2024; never more than one a day.',
    'no "busiest" day among equals',
  );
});

test('coverage words: one outlet says how long and how often, and that nothing compares; several say who was first', () => {
  const one = coverageWords([{ source: 'Wikinews', articles: 14, first: '2009-02-03', latest: '2009-06-05' }]);
  assert.deepEqual(one, [
    'All 14 articles came from Wikinews, from 3 Feb 2009 to 5 Jun 2009 (4 months, about one every 9 days).',
    'No other outlet among the followed feeds has reported this story, so there is no second account to compare it with.',
  ]);
  assert.match(
    coverageWords([{ source: 'Wikinews', articles: 1, first: '2023-02-23', latest: '2023-02-23' }])[0],
    /^The one article came from Wikinews, on 23 Feb 2023\.$/,
  );
  const two = coverageWords([
    { source: 'A', articles: 1, first: '2024-05-01', latest: '2024-05-01' },
    { source: 'B', articles: 3, first: '2024-05-01T20:00:00Z', latest: '2024-05-09' },
  ]);
  assert.deepEqual(two, [
    '2 outlets reported this story, with 4 articles.',
    'A was first, on 1 May 2024; B reported the same day.',
    'B carried the most: 3 of 4.',
  ]);
  assert.equal(spanWords(3), '3 days');
  assert.equal(spanWords(40), '6 weeks');
  assert.equal(spanWords(800), '2 years');
});
