import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { bio, readConll, spansFromBio, spansFromTags } from './conll.ts';
import { Gazetteer, TAGS, allowed, shape } from './features.ts';
import { model, tagWords } from './model.ts';
import { scoreEntities } from './score.ts';
import { StorylineError } from '../../errors.ts';

test('CoNLL reader turns IOB1 into spans (B- splits adjacent entities of one type)', () => {
  const sents = readConll(join(import.meta.dirname, 'testdata', 'tiny.conll'));
  assert.equal(sents.length, 2);
  assert.deepEqual(sents.map((s) => s.doc), [0, 1]);
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
  assert.throws(() => readConll('/nonexistent/eng.train.gz'), (e: unknown) => e instanceof StorylineError && e.code === 'conll_unreadable' && e.input === '/nonexistent/eng.train.gz');
});

test('BIO constraints, shapes and gazetteer matching', () => {
  const bPer = TAGS.indexOf('B-PER');
  assert.ok(allowed(bPer, TAGS.indexOf('I-PER')));
  assert.ok(!allowed(bPer, TAGS.indexOf('I-ORG')));
  assert.ok(!allowed(-1, TAGS.indexOf('I-LOC')));
  assert.equal(shape('Hong-kyun'), 'Xxx-xx');
  assert.equal(shape('U.S.'), 'X.X.');
  const g = new Gazetteer();
  g.add('North Korea', 'LOC');
  g.add('Korea', 'LOC');
  // Every start position is matched, so a shorter entry inside a longer one is reported as well.
  assert.deepEqual(g.match(['in', 'north', 'korea']), [[], ['gz=B-LOC'], ['gz=L-LOC', 'gz=U-LOC']]);
});

test('scoring counts only exact span and type matches', () => {
  const r = scoreEntities([{ gold: [{ start: 0, end: 2, type: 'PER' }, { start: 3, end: 4, type: 'LOC' }], pred: [{ start: 0, end: 2, type: 'PER' }, { start: 3, end: 4, type: 'ORG' }] }]);
  assert.equal(r.overall.p, 0.5);
  assert.equal(r.overall.r, 0.5);
  assert.equal(r.byType.PER.f1, 1);
});

test('the shipped model loads with both stages and tags a plain sentence', () => {
  const m = model();
  assert.ok(m.weights.size > 10000 && (m.weights2?.size ?? 0) > 10000);
  const words = ['Angela', 'Merkel', 'visited', 'Paris', 'with', 'United', 'Nations', 'officials', '.'];
  const spans = tagWords(words);
  assert.deepEqual(spans.map((s) => [words.slice(s.start, s.end).join(' '), s.type]), [['Angela Merkel', 'PER'], ['Paris', 'LOC'], ['United Nations', 'ORG']]);
});
