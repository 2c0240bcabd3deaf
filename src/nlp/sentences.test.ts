import { test } from 'node:test';
import assert from 'node:assert/strict';
import { splitSentences } from './sentences.ts';

const texts = (t: string) => splitSentences(t).map((s) => s.text);

test('abbreviations, initials and quotes do not end sentences; offsets are exact', () => {
  const text = 'Mr. Smith met Gen. John F. Kennedy at 5 p.m. on Jan. 3. "It went well." She left.';
  const got = splitSentences(text);
  assert.deepEqual(
    got.map((s) => s.text),
    ['Mr. Smith met Gen. John F. Kennedy at 5 p.m. on Jan. 3.', '"It went well."', 'She left.'],
  );
  for (const s of got) assert.equal(text.slice(s.start, s.end), s.text);
});

test('a headline on its own line is a sentence; hard-wrapped lines are joined', () => {
  assert.deepEqual(texts('Putin warns Seoul\nPutin also cautioned South Korea. He warned again.'), [
    'Putin warns Seoul',
    'Putin also cautioned South Korea.',
    'He warned again.',
  ]);
  const wrapped = [
    'The committee met on Tuesday to discuss the budget for the coming',
    'year and agreed that the spending plan should be cut by a tenth after',
    'a long debate that lasted well into the evening and ended with a',
    'vote. Members then left the chamber and went home for the holiday',
    'break.',
  ].join('\n');
  assert.equal(splitSentences(wrapped).length, 2);
});
