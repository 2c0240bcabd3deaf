import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tokenize } from './tokenize.ts';

test('tokens carry exact offsets and keep names, acronyms and abbreviations whole', () => {
  const text = "South Korea's vice minister, Kim Hong-kyun, said the U.S. didn't agree (Mr. O'Neill).";
  const toks = tokenize(text);
  for (const t of toks) assert.equal(text.slice(t.start, t.end), t.text);
  assert.deepEqual(
    toks.map((t) => t.text),
    ['South', 'Korea', "'s", 'vice', 'minister', ',', 'Kim', 'Hong-kyun', ',', 'said', 'the', 'U.S.', 'did', "n't", 'agree', '(', 'Mr.', "O'Neill", ')', '.'],
  );
});

test('numbers, ellipses and a base offset', () => {
  const toks = tokenize('Up 3.5% to $1,200.50...', 10);
  assert.deepEqual(
    toks.map((t) => t.text),
    ['Up', '3.5%', 'to', '$', '1,200.50', '...'],
  );
  assert.equal(toks[0].start, 10);
  assert.equal(toks[1].start, 13);
});
