// Article-wide speakers (speakers.ts) through the real annotator, on sentences written for these tests.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { annotate } from '../annotate.ts';
import { findAttributions } from './attribute.ts';
import { splitSentences } from '../sentences.ts';
import { recognizeEntities } from '../entities.ts';
import { genderOfFirstName, personGenders } from './gender.ts';
import { findQuoteSpans } from './marks.ts';

function speakerOf(text: string, prefix: string): string | null | undefined {
  const at = text.indexOf(prefix);
  const q = annotate({ id: 't', text }).quotes.find((x) => x.start <= at + 2 && x.end > at);
  return q === undefined ? undefined : q.speaker;
}

test('she continued: the pronoun goes to the woman quoted, not the man named last before her', () => {
  const text =
    'Prime Minister Boris Johnson defended the plan on Monday. Shadow minister Yvette Cooper said the plan had failed and that voters deserved better from Boris Johnson.\n\nShe continued: "Labour has a plan for the country and we will publish it in full."';
  assert.equal(speakerOf(text, 'Labour has a plan'), 'Yvette Cooper');
});

test('a quote opening the sentence after a tagged quote belongs to the same speaker', () => {
  const text =
    'The council met on Tuesday.\n\n"We will open the bridge in May," council leader Janet Holmes said. "Nobody will have to drive around the lake any more."';
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
  assert.equal(
    local.some((q) => q.start <= at && q.end > at),
    false,
  );
  assert.equal(
    article.some((q) => q.start <= at && q.end > at && q.speaker === 'Janet Holmes'),
    true,
  );
});

test('quote marks set off by spaces (tokenised wire archives) still pair, and their tag is found', () => {
  const text =
    'The hearing ended on Tuesday.\n"I don\'t feel anything, " she said, according to the statement.\n“ I ’ m certain he didn ’ t have anything in his hands, ” Tishana King told the Daily News.';
  const spans = findQuoteSpans(text);
  assert.equal(spans.length, 2);
  assert.equal(text.slice(spans[0].innerStart, spans[0].innerEnd), "I don't feel anything");
  assert.equal(speakerOf(text, 'I ’ m certain'), 'Tishana King');
});

test('a surname that is also a title word ("King") is still the name', () => {
  const text = 'Tishana King saw the shooting from her window.\n\n"Kimani started backing up," King said.';
  assert.equal(speakerOf(text, 'Kimani started'), 'Tishana King');
});

test('a full name the recogniser left inside a longer mention completes a later surname', () => {
  const text = 'The warehouse had been vacant for years, Palmer City Clerk Janette Bower told reporters.\n\n"It is very, very sad," Bower said.';
  assert.equal(speakerOf(text, 'It is very'), 'Janette Bower');
});

test('a tell-verb and its addressee run straight into the quote; a farewell hands over with a comma', () => {
  const a = 'Biden spoke on Friday. Biden told host Mika Brzezinski "No, it is not true. It never happened."';
  assert.equal(speakerOf(a, 'No, it is not'), 'Biden');
  const b =
    'Steve Jobs resigned as chief executive of Apple on Wednesday. In his letter, Jobs left this farewell, "I have made some of the best friends of my life at Apple."';
  assert.equal(speakerOf(b, 'I have made'), 'Steve Jobs');
});

test("the second part of a quote after an inverted tag keeps the tag's speaker, an object does not speak", () => {
  const a =
    'Chrysler filed for bankruptcy.\n\n"It is a partnership that will give Chrysler a chance," said American president Obama, "Fiat has demonstrated that it can build clean cars."';
  assert.equal(speakerOf(a, 'Fiat has demonstrated'), 'Obama');
  const b =
    'Blige sang for Hillary Clinton.\n\n"Promise mama you will keep your hands in sight," Blige sings to Clinton before asking her, "I just want to know, where do we go from here?"';
  assert.notEqual(speakerOf(b, 'I just want'), 'her');
});

test("a quote after a sentence that introduces it with a speech noun goes to that sentence's subject", () => {
  const text =
    'NASA chose four museums on Tuesday.\n\nU.S. Senator John Cornyn, Republican from Texas, issued a statement regarding the decision. "Like many Texans, I am disappointed with the choice NASA made today."';
  assert.equal(speakerOf(text, 'Like many Texans'), 'John Cornyn');
});

test('a name in apposition after the source, and "the source" as the description the article gave', () => {
  const a = 'Bettie Page died on Thursday.\n"She captured the imagination of a generation," her agent, Mark Roesler, said yesterday.';
  assert.equal(speakerOf(a, 'She captured'), 'Mark Roesler');
  const b = 'A police source said the pair had reported a gun.\n"They are just asked to say what happened," the source said.';
  assert.equal(speakerOf(b, 'They are just asked'), 'a police source');
});

test("a quote inside the sentence of a reported claim carries the claim's speaker", () => {
  const text =
    'The ship vanished in December.\n\nTristan Smith, a shipping researcher, said on Tuesday that crews might turn their transponders off, such as "in certain sea areas where piracy is a risk".';
  assert.equal(speakerOf(text, 'in certain sea areas'), 'Tristan Smith');
});
