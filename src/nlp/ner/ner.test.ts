import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Gazetteer, TAGS, allowed, shape } from './features.ts';
import { model, tagWords } from './model.ts';

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

test('the shipped model loads with both stages and tags a plain sentence', () => {
  const m = model();
  assert.ok(m.weights.size > 10000 && (m.weights2?.size ?? 0) > 10000);
  const words = ['Angela', 'Merkel', 'visited', 'Paris', 'with', 'United', 'Nations', 'officials', '.'];
  const spans = tagWords(words);
  assert.deepEqual(
    spans.map((s) => [words.slice(s.start, s.end).join(' '), s.type]),
    [
      ['Angela Merkel', 'PER'],
      ['Paris', 'LOC'],
      ['United Nations', 'ORG'],
    ],
  );
});
