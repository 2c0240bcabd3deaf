import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { BriefArticle } from '../types.ts';
import { splitSentences } from '../nlp/sentences.ts';
import { findDevelopments } from './developments.ts';

function article(id: string, published: string, paras: string[]): BriefArticle {
  const text = paras.join('\n\n');
  return { id, title: id, text, published, source: null, annotation: { id, sentences: splitSentences(text), entities: [], quotes: [] } };
}

const treaty = 'Russia and North Korea signed a mutual defence treaty in Pyongyang, pledging military aid if either is attacked.';
const treaty2 = 'The defence treaty signed in Pyongyang obliges Russia and North Korea to give military aid after an attack.';
const seoul = 'South Korea summoned the Russian ambassador to protest against the treaty and urged Moscow to halt cooperation.';
const seoul2 = 'Seoul summoned the Russian ambassador in protest, urging Moscow to halt military cooperation with the North.';
const arms = 'Putin said on a visit to Vietnam that supplying weapons to North Korea could be an answer to Western arms for Ukraine.';
const arms2 = 'During his visit to Vietnam Putin did not rule out supplying weapons to North Korea in answer to Western arms for Ukraine.';

test('paragraphs about the same sub-event group together across articles, ordered by weight then date', () => {
  const devs = findDevelopments([
    article('a', '2024-06-19', [treaty, seoul]),
    article('b', '2024-06-20', [treaty2, arms]),
    article('c', '2024-06-21', [seoul2, arms2]),
  ]);
  const groups = devs.map((d) => d.sentences.map((s) => s.sentence.text).sort());
  assert.deepEqual(
    groups.map((g) => g.length),
    [2, 2, 2],
  );
  assert.ok(groups.some((g) => g.includes(treaty) && g.includes(treaty2)));
  assert.ok(groups.some((g) => g.includes(seoul) && g.includes(seoul2)));
  assert.ok(groups.some((g) => g.includes(arms) && g.includes(arms2)));
  const treatyDev = devs.find((d) => d.sentences.some((s) => s.sentence.text === treaty))!;
  assert.equal(treatyDev.date, '2024-06-19');
  assert.deepEqual(treatyDev.articleIds.sort(), ['a', 'b']);
  // Every sentence lands in exactly one development.
  assert.equal(
    devs.reduce((n, d) => n + d.sentences.length, 0),
    6,
  );
});

test('a single one-paragraph article splits into runs of sentences', () => {
  const text = [
    treaty,
    seoul,
    arms,
    'Experts warned of a regional arms race involving Japan.',
    'Relations between the two Koreas have worsened this year.',
  ].join(' ');
  const a: BriefArticle = {
    id: 's',
    title: 's',
    text,
    published: null,
    source: null,
    annotation: { id: 's', sentences: splitSentences(text), entities: [], quotes: [] },
  };
  const devs = findDevelopments([a]);
  assert.ok(devs.length >= 2);
  assert.equal(devs[0].date, null);
});

test('no articles, no developments; max caps the count', () => {
  assert.deepEqual(findDevelopments([]), []);
  const many = Array.from({ length: 12 }, (_, i) => `Topic${i} word${i} alpha${i} beta${i} gamma${i} delta${i} happened here.`);
  const devs = findDevelopments([article('m', '2020-01-01', many)], { max: 5 });
  assert.equal(devs.length, 5);
});
