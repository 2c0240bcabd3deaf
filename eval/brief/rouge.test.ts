import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rougeRecall, rougeTokens, truncateWords } from './rouge.ts';

test('rougeTokens lower-cases, keeps alphanumerics and stems words longer than 3 letters', () => {
  assert.deepEqual(rougeTokens('The Cats were running, fast!'), ['the', 'cat', 'were', 'run', 'fast']);
});

test('ROUGE-2 recall against one reference counts clipped bigram hits', () => {
  // Reference bigrams: "the cat", "cat sat", "sat on", "on the", "the mat" (5); the summary has 3 of them.
  assert.equal(rougeRecall('the cat sat on a mat', ['the cat sat on the mat'], 2), 3 / 5);
  assert.equal(rougeRecall('the cat sat on the mat', ['the cat sat on the mat'], 2), 1);
});

test('jackknifing averages the leave-one-out pooled recalls', () => {
  const refs = ['a b c', 'a b d', 'x y z'];
  // Hits per reference for summary "a b c": 2/2, 1/2, 0/2. Leave-one-out pooled: (1+0)/4, (2+0)/4, (2+1)/4.
  const r = rougeRecall('a b c', refs, 2);
  assert.ok(Math.abs(r - (1 / 4 + 2 / 4 + 3 / 4) / 3) < 1e-12);
});

test('truncation keeps only the first N words', () => {
  assert.equal(truncateWords('one two  three four', 2), 'one two');
  assert.equal(rougeRecall('x y the cat', ['the cat'], 2, 2), 0);
});
