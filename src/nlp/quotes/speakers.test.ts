// Article-wide speakers (speakers.ts) through the real annotator, on sentences written for these tests.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { annotate } from '../annotate.ts';
import { findAttributions } from './attribute.ts';
import { splitSentences } from '../sentences.ts';
import { recognizeEntities } from '../entities.ts';
import { genderOfFirstName, personGenders } from './gender.ts';

function speakerOf(text: string, prefix: string): string | null | undefined {
  const at = text.indexOf(prefix);
  const q = annotate({ id: 't', text }).quotes.find((x) => x.start <= at + 2 && x.end > at);
  return q === undefined ? undefined : q.speaker;
}

test('she continued: the pronoun goes to the woman quoted, not the man named last before her', () => {
  const text = 'Prime Minister Boris Johnson defended the plan on Monday. Shadow minister Yvette Cooper said the plan had failed and that voters deserved better from Boris Johnson.\n\nShe continued: "Labour has a plan for the country and we will publish it in full."';
  assert.equal(speakerOf(text, 'Labour has a plan'), 'Yvette Cooper');
});

test('a quote opening the sentence after a tagged quote belongs to the same speaker', () => {
  const text = 'The council met on Tuesday.\n\n"We will open the bridge in May," council leader Janet Holmes said. "Nobody will have to drive around the lake any more."';
  assert.equal(speakerOf(text, 'Nobody will have'), 'Janet Holmes');
});

test('a middle initial stays inside the name', () => {
  const text = 'The study was published on Friday.\n\n"The data do not support the claim," said Richard S. Lindzen, a professor of meteorology.';
  assert.equal(speakerOf(text, 'The data do not'), 'Richard S. Lindzen');
});

test('a surname or a titled short form resolves to the full name the article gave', () => {
  const text = 'Professor Cres Eastman leads the national study.\n\n"Half the children are short of iodine," Professor Eastman said.';
  assert.equal(speakerOf(text, 'Half the children'), 'Cres Eastman');
});

test('gender comes from titles and the pronouns that follow a name, first names last', () => {
  assert.equal(genderOfFirstName('Yvette Cooper'), 'f');
  assert.equal(genderOfFirstName('Boris Johnson'), 'm');
  assert.equal(genderOfFirstName('Kim'), undefined);
  const text = 'Alex Morgan spoke first. She said the vote was close.';
  const ents = recognizeEntities(text, {});
  const g = personGenders(text, ents, () => false);
  const alex = ents.find((e) => e.type === 'PERSON' && /Morgan/.test(e.canonical));
  assert.ok(alex, `Alex Morgan is found as a person: ${JSON.stringify(ents.map((e) => [e.text, e.type]))}`);
  assert.equal(g.get(alex.canonical), 'f');
});

test("the 'local' path keeps the phrase-by-phrase speakers (the bench's baseline)", () => {
  const text = '"We will open the bridge in May," council leader Janet Holmes said. "Nobody will have to drive around the lake any more."';
  const s = splitSentences(text);
  const e = recognizeEntities(text, {});
  const local = findAttributions(text, s, e, { speakers: 'local' });
  const article = findAttributions(text, s, e);
  const at = text.indexOf('Nobody');
  assert.equal(local.some((q) => q.start <= at && q.end > at), false);
  assert.equal(article.some((q) => q.start <= at && q.end > at && q.speaker === 'Janet Holmes'), true);
});
