import { test } from 'node:test';
import assert from 'node:assert/strict';
import { anchorDates, cleanSentence, compress, headlineOf, isJunkSentence, openingPronoun, replaceOpeningPronoun } from './text.ts';

test('cleanSentence strips wire datelines and interview labels', () => {
  assert.equal(cleanSentence('WASHINGTON (AP) -- The Senate voted on the bill late in the evening.'), 'The Senate voted on the bill late in the evening.');
  assert.equal(
    cleanSentence('PINE RIDGE, S.D. (AP) - President Clinton turned his attention to the reservation.'),
    'President Clinton turned his attention to the reservation.',
  );
  assert.equal(
    cleanSentence('(Reuters) - Oil prices rose for a third straight day on supply worries.'),
    'Oil prices rose for a third straight day on supply worries.',
  );
  assert.equal(
    cleanSentence('BEIJING, Jan. 5 (Xinhua) -- China opened a new rail line to the western provinces.'),
    'China opened a new rail line to the western provinces.',
  );
  assert.equal(cleanSentence('((WN)) What made you decide to run for the council this year?'), 'What made you decide to run for the council this year?');
  assert.equal(cleanSentence("The mayor said ``we will rebuild'' within a year."), 'The mayor said "we will rebuild" within a year.');
});

test('isJunkSentence flags production notes, credits and markup', () => {
  assert.ok(isJunkSentence('For Use By Clients of the New York Times News Service'));
  assert.ok(isJunkSentence('Photo: the harbour front under water'));
  assert.ok(isJunkSentence('Image: protesters outside parliament.'));
  assert.ok(isJunkSentence('&UR; some markup residue &QL;'));
  assert.ok(isJunkSentence('NATIONAL NEWS BRIEFS FOR THE WEEKEND'));
  assert.ok(!isJunkSentence('The council approved the budget on Monday.'));
});

test('anchorDates ties weekdays and day words to the publication date, only where the time resolver is sure', () => {
  // 2024-06-19 is a Wednesday.
  assert.equal(anchorDates('The treaty was signed on Tuesday.', '2024-06-19'), 'The treaty was signed on Tuesday (June 18).');
  assert.equal(anchorDates('The vote will take place on Friday.', '2024-06-19'), 'The vote will take place on Friday (June 21).');
  // The resolver reads "closed" as a past verb (Friday June 14); "until" says otherwise, so no day is printed.
  assert.equal(anchorDates('Markets stay closed until Friday.', '2024-06-19'), 'Markets stay closed until Friday.');
  // No tense to go by: the resolver is not sure, and the brief prints no day.
  assert.equal(anchorDates('A vote is expected on Friday.', '2024-06-19'), 'A vote is expected on Friday.');
  assert.equal(anchorDates('Officials met yesterday.', '2024-06-19'), 'Officials met on June 18.');
  assert.equal(anchorDates('Prices fell on Tuesday.', '2023-06-20', new Date(Date.UTC(2024, 0, 1))), 'Prices fell on Tuesday (June 20, 2023).');
  assert.equal(anchorDates('No date known on Tuesday.', null), 'No date known on Tuesday.');
  // Already anchored text is left alone.
  assert.equal(anchorDates('It rained on Tuesday (June 18).', '2024-06-19'), 'It rained on Tuesday (June 18).');
});

test('anchorDates names the day for yesterday, today, tonight and tomorrow, which mean nothing to a later reader', () => {
  assert.equal(
    anchorDates("Yesterday, the United Kingdom's Queen announced she will comply.", '2019-08-29'),
    "On August 28, the United Kingdom's Queen announced she will comply.",
  );
  assert.equal(
    anchorDates('Theresa May is to step down today, with Johnson succeeding her.', '2019-07-24'),
    'Theresa May is to step down on July 24, with Johnson succeeding her.',
  );
  assert.equal(anchorDates('Warnings were lifted as of yesterday morning.', '2019-09-05'), 'Warnings were lifted as of the morning of September 4.');
  assert.equal(anchorDates('Dorian reached the Bahamas earlier today.', '2019-09-01'), 'Dorian reached the Bahamas on September 1.');
  assert.equal(anchorDates('Fighting broke out late yesterday near the border.', '2019-10-02'), 'Fighting broke out late on October 1 near the border.');
  assert.equal(anchorDates('The talks will resume tomorrow.', '2019-10-02'), 'The talks will resume on October 3.');
  // Inside a parenthesis a date would nest in a second one.
  const nested = 'The advisory, released at 8:00 p.m. on Wednesday (0000 UTC Thursday morning) placed Humberto north of Bermuda.';
  assert.equal(anchorDates(nested, '2019-09-19'), nested);
});

test('openingPronoun finds pronoun openers but not determiners', () => {
  assert.equal(openingPronoun('He said the plan would fail.'), 'He');
  assert.equal(openingPronoun('Their offices were searched.'), 'Their');
  assert.equal(openingPronoun('This follows a pact signed in June.'), 'This');
  assert.equal(openingPronoun('This week the council met.'), null);
  assert.equal(openingPronoun('Helen Clark said the plan would fail.'), null);
  assert.equal(replaceOpeningPronoun('He said no.', 'Jane Doe'), 'Jane Doe said no.');
  // Quantifiers standing for people named before (demo story page: 'Neither were U.S. citizens…').
  assert.equal(openingPronoun('Neither were U.S. citizens at the time.'), 'Neither');
  assert.equal(openingPronoun('Both served in the Senate.'), 'Both');
  assert.equal(openingPronoun('Some of them were later released.'), 'Some');
  assert.equal(openingPronoun('Many were hurt in the crush.'), 'Many');
  assert.equal(openingPronoun('All, including the cleric, were acquitted.'), 'All');
  assert.equal(openingPronoun('Both parties backed the bill.'), null);
  assert.equal(openingPronoun('Some people say the vote was rigged.'), null);
  assert.equal(openingPronoun('Neither company commented.'), null);
  assert.equal(replaceOpeningPronoun('His office declined to comment.', 'Jane Doe'), "Jane Doe's office declined to comment.");
});

test('compress and headlineOf cut at clause boundaries within the limit', () => {
  const s = 'The storm flooded the harbour district on Tuesday, halting ferry service to the islands, and forcing the evacuation of forty homes near the quay.';
  const c = compress(s, 15)!;
  assert.ok(c.split(/\s+/).length <= 15);
  assert.equal(c, 'The storm flooded the harbour district on Tuesday, halting ferry service to the islands.');
  const h = headlineOf(s, 10);
  assert.ok(h.split(/\s+/).length <= 10);
  assert.ok(!/[.,]$/.test(h));
});

test('anchorDates leaves named days and quoted speech alone', () => {
  assert.equal(anchorDates('Biden won most states on Super Tuesday.', '2020-03-05'), 'Biden won most states on Super Tuesday.');
  assert.equal(anchorDates('Sanders said: "Today I endorse him."', '2020-04-15'), 'Sanders said: "Today I endorse him."');
  assert.equal(anchorDates('On Tuesday voters went to the polls.', '2020-03-05'), 'On Tuesday (March 3) voters went to the polls.');
});

test('anchorDates: the day of the event, never twice, never beside the date it already states', () => {
  // Demo corpus, article of Tuesday 8 October 2019: "would be leaving" is reported speech, the announcement
  // was on Sunday 6 October (the old rule read "would" as the future and wrote October 13).
  assert.equal(
    anchorDates(
      'Late on Sunday, the United States President Donald Trump, in a statement delivered via the press secretary, announced US troops would be leaving Syria.',
      '2019-10-08',
    ),
    'Late on Sunday (October 6), the United States President Donald Trump, in a statement delivered via the press secretary, announced US troops would be leaving Syria.',
  );
  // Article of Monday 17 January 2011: "announced Monday" is that day, not the next Monday.
  assert.equal(
    anchorDates('Steve Jobs announced Monday in an internal memo that he would be on medical leave.', '2011-01-17'),
    'Steve Jobs announced Monday (January 17) in an internal memo that he would be on medical leave.',
  );
  assert.equal(anchorDates('The delegation returned today, November 13, 2004.', '2004-11-13'), 'The delegation returned today, November 13, 2004.');
  assert.equal(
    anchorDates('Police said on Friday that the suspect was arrested on Friday.', '2030-05-08'),
    'Police said on Friday (May 3) that the suspect was arrested on Friday.',
  );
  assert.equal(anchorDates('A storm on Sunday night caused a mass exodus.', '2007-03-06'), 'A storm on Sunday night (March 4) caused a mass exodus.');
  assert.equal(anchorDates('Pohiva died today at 10:00 a.m. Tongan time.', '2019-09-12'), 'Pohiva died on September 12 at 10:00 a.m. Tongan time.');
  assert.equal(anchorDates("Giese said Tuesday's pleas might provide some solace.", '2019-02-01'), "Giese said Tuesday's pleas might provide some solace.");
});

test('verb-led demonstratives are pronouns; shouted titles get title case', async () => {
  const { cleanTitle } = await import('./text.ts');
  assert.equal(openingPronoun('That indicates a strong genetic link.'), 'That');
  assert.equal(openingPronoun('This class of drugs is new.'), null);
  assert.equal(openingPronoun('These reports were published.'), null);
  assert.equal(cleanTitle('FOR AUTISM TREATMENTS, FAMILIES FLOCK TO NEW JERSEY'), 'For Autism Treatments, Families Flock to New Jersey');
  assert.equal(cleanTitle('Markets rally as banks infuse cash.'), 'Markets rally as banks infuse cash');
});

test('leadingPronoun sees pronouns behind subordinators, discourse markers and leading clauses', async () => {
  const { leadingPronoun } = await import('./text.ts');
  assert.equal(leadingPronoun("If it doesn't do so by then, the firm will file."), 'it');
  assert.equal(leadingPronoun('But he said no.'), 'he');
  assert.equal(leadingPronoun('However, they agreed to the terms.'), 'they');
  assert.equal(leadingPronoun('Despite this, the company grew.'), 'this');
  assert.equal(leadingPronoun('When the talks ended, they left the city.'), 'they');
  assert.equal(leadingPronoun('If the bank fails, the state pays.'), null);
  assert.equal(leadingPronoun('This week the council voted.'), null);
  assert.equal(leadingPronoun('The council voted.'), null);
});

test('capitalised US and IT are not pronouns', async () => {
  const { leadingPronoun } = await import('./text.ts');
  assert.equal(leadingPronoun('US stock markets fell to their lowest level since 1997.'), null);
  assert.equal(leadingPronoun('Us too, said the crowd.'), 'Us');
});

test('a long title is cut at its last clause boundary, not mid-phrase', () => {
  const h = headlineOf(
    'Mayor of Lakeside unveils plans for a new harbour bridge with the council as the regional government announces funding cuts across the province',
    14,
  );
  assert.equal(h, 'Mayor of Lakeside unveils plans for a new harbour bridge with the council');
  // No boundary within reach: the plain cut at the word limit, without a dangling word.
  assert.equal(
    headlineOf('one two three four five six seven eight nine ten eleven twelve thirteen fourteen of fifteen', 14),
    'one two three four five six seven eight nine ten eleven twelve thirteen fourteen',
  );
});

test('a plain cut never ends on a possessive or an infinitive whose object fell beyond it', () => {
  assert.equal(
    headlineOf("The forms are part of Prime Minister Rishi Sunak's effort to clear the nation's backlog of asylum claims by the end of the year", 14),
    "The forms are part of Prime Minister Rishi Sunak's effort",
  );
  assert.equal(
    headlineOf("The forms are part of Prime Minister Rishi Sunak's effort to clear the nation's backlog of asylum claims", 12),
    "The forms are part of Prime Minister Rishi Sunak's effort",
  );
});

test('cleanSentence drops a subheading run into the first sentence, not a subject before a date', () => {
  assert.equal(
    cleanSentence('The new iPod On Wednesday, Apple introduced a new iPod with a larger screen.'),
    'On Wednesday, Apple introduced a new iPod with a larger screen.',
  );
  // A subject with a verb before the date is the sentence itself.
  assert.equal(cleanSentence('Apple said On Wednesday it would release a new iPod.'), 'Apple said On Wednesday it would release a new iPod.');
  assert.equal(cleanSentence('On Wednesday, Apple introduced a new iPod.'), 'On Wednesday, Apple introduced a new iPod.');
});

test('anchorDates: no day for a relative word in a sentence written on another day than its article', () => {
  const gm = 'At a press conference at 16:15 UTC, June 1st, the chief executive of General Motors, which filed for bankruptcy earlier today, outlined a plan.';
  assert.equal(anchorDates(gm, '2009-06-04'), gm);
  assert.equal(anchorDates('On Tuesday, the council voted to close the bridge.', '2009-06-04'), 'On Tuesday (June 2), the council voted to close the bridge.');
  // A day stated long before the article is background, not the day of writing.
  assert.equal(anchorDates('The plant, opened on March 3, 1998, closed yesterday.', '2009-06-04'), 'The plant, opened on March 3, 1998, closed on June 3.');
});
