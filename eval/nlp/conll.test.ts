import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { bio, readConll, spansFromBio } from './conll.ts';
import { scoreEntities } from './score.ts';
import { spansFromTags } from '../../src/nlp/ner/spans.ts';
import { StorylineError } from '../../src/errors.ts';

test('CoNLL reader turns IOB1 into spans (B- splits adjacent entities of one type)', () => {
  const sents = readConll(join(import.meta.dirname, 'testdata', 'tiny.conll'));
  assert.equal(sents.length, 2);
  assert.deepEqual(
    sents.map((s) => s.doc),
    [0, 1],
  );
  assert.deepEqual(spansFromBio(sents[0].tags), [
    { start: 0, end: 2, type: 'PER' },
    { start: 3, end: 5, type: 'LOC' },
    { start: 5, end: 6, type: 'ORG' },
  ]);
  assert.deepEqual(spansFromBio(sents[1].tags), [
    { start: 0, end: 1, type: 'LOC' },
    { start: 1, end: 2, type: 'LOC' },
  ]);
  const spans = spansFromBio(sents[1].tags);
  assert.deepEqual(spansFromTags(bio(2, spans)), spans);
});

test('missing CoNLL file is a named nlp error', () => {
  assert.throws(
    () => readConll('/nonexistent/eng.train.gz'),
    (e: unknown) => e instanceof StorylineError && e.code === 'conll_unreadable' && e.input === '/nonexistent/eng.train.gz',
  );
});

test('scoring counts only exact span and type matches', () => {
  const r = scoreEntities([
    {
      gold: [
        { start: 0, end: 2, type: 'PER' },
        { start: 3, end: 4, type: 'LOC' },
      ],
      pred: [
        { start: 0, end: 2, type: 'PER' },
        { start: 3, end: 4, type: 'ORG' },
      ],
    },
  ]);
  assert.equal(r.overall.p, 0.5);
  assert.equal(r.overall.r, 0.5);
  assert.equal(r.byType.PER.f1, 1);
});
