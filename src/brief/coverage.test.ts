import { test } from 'node:test';
import assert from 'node:assert/strict';
import { coverageOf, UNKNOWN_SOURCE } from './coverage.ts';

test('coverage: one entry per outlet, blank names as the unknown outlet, earliest reporter first, undated last', () => {
  const c = coverageOf([
    { source: 'B', published: '2024-05-02' },
    { source: ' A ', published: '2024-05-03' },
    { source: 'B', published: '2024-05-01' },
    { source: '  ', published: null },
    { source: null, published: undefined },
    { source: 'C', published: '2024-05-01' },
  ]);
  assert.deepEqual(c, [
    { source: 'B', articles: 2, first: '2024-05-01' },
    { source: 'C', articles: 1, first: '2024-05-01' },
    { source: 'A', articles: 1, first: '2024-05-03' },
    { source: UNKNOWN_SOURCE, articles: 2, first: null },
  ]);
  assert.equal(UNKNOWN_SOURCE, 'Unknown source');
});
