import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { EntityMention, EntityType, Quote } from '../../types.ts';
import { splitSentences } from '../sentences.ts';
import { findAttributions } from './attribute.ts';
import { findQuoteSpans } from './marks.ts';

/** Hand-made entity list: every occurrence of each name, with its type and canonical name. */
function ents(text: string, names: [string, EntityType, string?][]): EntityMention[] {
  const out: EntityMention[] = [];
  for (const [name, type, canonical] of names) {
    for (let i = text.indexOf(name); i >= 0; i = text.indexOf(name, i + 1)) {
      out.push({ start: i, end: i + name.length, text: name, type, canonical: canonical ?? name, role: null });
    }
  }
  return out.sort((a, b) => a.start - b.start);
}

function run(text: string, names: [string, EntityType, string?][] = []): Quote[] {
  return findAttributions(text, splitSentences(text), ents(text, names));
}

function find(quotes: Quote[], content: string): Quote {
  const q = quotes.find((x) => x.text === content) ?? quotes.find((x) => x.text.includes(content));
  assert.ok(q, `no quote containing "${content}" in ${JSON.stringify(quotes.map((x) => x.text))}`);
  return q;
}

test('quote marks of every style are found, apostrophes are not quotes', () => {
  const text = 'He said "one" and \u201ctwo\u201d and \u00abthree\u00bb and \u2018four\u2019, but Korea\u2019s leaders\u2019 plan isn\'t a quote.';
  const inner = findQuoteSpans(text).map((s) => text.slice(s.innerStart, s.innerEnd));
  assert.deepEqual(inner, ['one', 'two', 'three', 'four']);
});

test('an unclosed quote continues when the next paragraph opens with a quote mark', () => {
  const text = '\u201cWe will fight on.\n\n\u201cAnd we will win,\u201d she said.\n\nThen "an unclosed one\n\nNext paragraph.';
  const spans = findQuoteSpans(text);
  assert.equal(text.slice(spans[0].innerStart, spans[0].innerEnd), 'We will fight on.\n\n\u201cAnd we will win');
  assert.equal(text.slice(spans[1].innerStart, spans[1].innerEnd), 'an unclosed one');
});

test('a quote split by its cue gives both parts the same speaker', () => {
  const text = 'Kim Jong-un spoke on Monday. "We will not," he said, "back down."';
  const qs = run(text, [['Kim Jong-un', 'PERSON']]);
  const a = find(qs, 'We will not');
  const b = find(qs, 'back down');
  assert.equal(a.speaker, 'Kim Jong-un');
  assert.equal(b.speaker, 'Kim Jong-un');
  assert.equal(text.slice(a.speakerStart!, a.speakerEnd!), 'he');
  assert.equal(a.kind, 'direct');
  assert.equal(a.cue, 'said');
});

test('speaker before or after the quote, inverted, and according to', () => {
  const text =
    'The Foreign Ministry met on Monday. Antony Blinken said: "The treaty is a threat." "It changes nothing," said Maria Zakharova. ' +
    '"We are ready," the ministry said. "Talks will resume," according to the Foreign Ministry.';
  const qs = run(text, [
    ['Antony Blinken', 'PERSON'],
    ['Maria Zakharova', 'PERSON'],
    ['Foreign Ministry', 'ORG', 'Russian Foreign Ministry'],
  ]);
  assert.equal(find(qs, 'The treaty is a threat').speaker, 'Antony Blinken');
  assert.equal(find(qs, 'It changes nothing').speaker, 'Maria Zakharova');
  const ministry = find(qs, 'We are ready');
  assert.equal(text.slice(ministry.speakerStart!, ministry.speakerEnd!), 'the ministry');
  assert.equal(ministry.speaker, 'Russian Foreign Ministry');
  const acc = find(qs, 'Talks will resume');
  assert.equal(acc.speaker, 'Russian Foreign Ministry');
  assert.equal(acc.cue, 'according to');
});

test('indirect speech: the reported clause is the content, with stance from the cue', () => {
  const text =
    'Jens Stoltenberg expressed concern that Russia could help the programme. ' +
    'Kim Hong-kyun urged Russia to stop the cooperation. ' +
    'Matthew Miller, a state department spokesperson, warned that arms deliveries would destabilise the region. ' +
    'The Kremlin denied sending any weapons. ' +
    'Moon Jae-in accused Pyongyang of breaking the truce.';
  const qs = run(text, [
    ['Jens Stoltenberg', 'PERSON'],
    ['Russia', 'PLACE'],
    ['Kim Hong-kyun', 'PERSON'],
    ['Matthew Miller', 'PERSON'],
    ['Kremlin', 'ORG'],
    ['Moon Jae-in', 'PERSON'],
    ['Pyongyang', 'PLACE'],
  ]);
  const concern = find(qs, 'Russia could help');
  assert.equal(concern.speaker, 'Jens Stoltenberg');
  assert.equal(concern.stance, 'concern');
  assert.equal(concern.kind, 'indirect');
  assert.match(concern.text, /^that Russia could help the programme$/);
  const urge = find(qs, 'to stop the cooperation');
  assert.equal(urge.speaker, 'Kim Hong-kyun');
  assert.equal(urge.stance, 'urges');
  const warn = find(qs, 'arms deliveries');
  assert.equal(warn.speaker, 'Matthew Miller');
  assert.equal(warn.stance, 'warns');
  assert.equal(text.slice(warn.speakerStart!, warn.speakerEnd!), 'Matthew Miller, a state department spokesperson');
  const deny = find(qs, 'sending any weapons');
  assert.equal(deny.kind, 'denial');
  assert.equal(deny.stance, 'denies');
  assert.equal(deny.speaker, 'Kremlin');
  const accuse = find(qs, 'of breaking the truce');
  assert.equal(accuse.stance, 'accuses');
  assert.equal(accuse.speaker, 'Moon Jae-in');
});

test('content before the cue: ", officials said" and ", said the minister"', () => {
  const text = 'The talks will resume next week, officials said. The border stays closed, said the defence minister.';
  const qs = run(text);
  const a = find(qs, 'talks will resume');
  assert.equal(text.slice(a.speakerStart!, a.speakerEnd!), 'officials');
  assert.equal(a.speaker, null);
  const b = find(qs, 'border stays closed');
  assert.equal(text.slice(b.speakerStart!, b.speakerEnd!), 'the defence minister');
});

test('labels: a label verb before a short quote, with the sentence subject for a participle', () => {
  const text = 'Vladimir Putin cautioned Seoul, labelling it a \u2018big mistake\u2019. It was a claim North Korea has labeled as "absurd."';
  const qs = run(text, [
    ['Vladimir Putin', 'PERSON'],
    ['Seoul', 'PLACE'],
    ['North Korea', 'PLACE'],
  ]);
  const big = find(qs, 'big mistake');
  assert.equal(big.kind, 'label');
  assert.equal(big.speaker, 'Vladimir Putin');
  const absurd = find(qs, 'absurd');
  assert.equal(absurd.kind, 'label');
  assert.equal(absurd.speaker, 'North Korea');
  assert.equal(absurd.stance, 'denies');
});

test('pronouns resolve to the subject of a recent sentence, not just the nearest name', () => {
  const text = 'Donald Trump attacked Hillary Clinton on Monday. He said, "She has failed."';
  const qs = run(text, [
    ['Donald Trump', 'PERSON'],
    ['Hillary Clinton', 'PERSON'],
  ]);
  assert.equal(find(qs, 'She has failed').speaker, 'Donald Trump');
});

test('a quote-only paragraph continues the previous speaker; scare quotes alone are not attributions', () => {
  const text = '"We are ready for talks," Lee Jae-myung said.\n\n"Our door remains open to anyone who wants peace."\n\nThe so-called "peace plan" was new.';
  const qs = run(text, [['Lee Jae-myung', 'PERSON']]);
  assert.equal(find(qs, 'Our door remains open').speaker, 'Lee Jae-myung');
  assert.equal(
    qs.some((q) => q.text === 'peace plan'),
    false,
  );
});

test("two apostrophes as quote marks, a colon hand-over, and ', adding that' sharing the source", () => {
  const text =
    "''The market is overblown,'' Bill Ackman said, adding that investors would come back.\n" +
    'Cruz continued:\n' +
    '\u201cWe will win this state and the next one.\u201d';
  const qs = run(text, [
    ['Bill Ackman', 'PERSON'],
    ['Cruz', 'PERSON', 'Ted Cruz'],
  ]);
  const a = find(qs, 'The market is overblown');
  assert.equal(a.speaker, 'Bill Ackman');
  const b = find(qs, 'that investors would come back');
  assert.equal(b.speaker, 'Bill Ackman');
  assert.equal(b.cue, 'adding');
  const c = find(qs, 'We will win this state');
  assert.equal(c.speaker, 'Ted Cruz');
  assert.equal(c.cue, 'continued');
});

test('headline colon attributions and stated positions through a noun', () => {
  const text = "John McCain: Populist anger appeals to our worst instincts\nDonald Trump's criticism of the trade deal grew louder.";
  const qs = run(text, [
    ['John McCain', 'PERSON'],
    ['Donald Trump', 'PERSON'],
  ]);
  const head = find(qs, 'Populist anger appeals');
  assert.equal(head.speaker, 'John McCain');
  assert.equal(head.cue, ':');
  const crit = find(qs, 'the trade deal grew louder');
  assert.equal(crit.speaker, 'Donald Trump');
  assert.equal(crit.stance, 'accuses');
});

test('titles in quotes and plural nouns that look like cues are not attributions', () => {
  const text = 'She appeared on "Fox & Friends" on Monday. The United States remarks were noted. His remarks drew attention.';
  const qs = run(text, [['United States', 'PLACE']]);
  assert.deepEqual(qs, []);
});

test('one claim reached from two cues is reported once', () => {
  // "said" and "according to" both report the bridge claim; nested spans sharing most text are one claim.
  const text = 'Ortiz said the bridge would reopen in May, according to the council.';
  const quotes = run(text, [['Ortiz', 'PERSON']]);
  assert.equal(quotes.length, 1, JSON.stringify(quotes.map((q) => [q.text, q.cue])));
  assert.ok(quotes[0].text.includes('the bridge would reopen in May'));
  // Claims that share little text both stay.
  const two = run('Ortiz said the bridge would reopen in May. The council said the tunnel was safe.', [['Ortiz', 'PERSON']]);
  assert.equal(two.length, 2);
});

test('"seemed to" and "is expected to": the whole clause is content, with no source', () => {
  const text = 'The new mayor seemed to relish the fight over the harbour budget. The final vote is expected to be close.';
  const quotes = run(text);
  const relish = find(quotes, 'relish the fight');
  assert.equal(relish.text, 'The new mayor seemed to relish the fight over the harbour budget');
  assert.equal(relish.speakerStart, null);
  const close = find(quotes, 'to be close');
  assert.equal(close.text, 'The final vote is expected to be close');
  assert.equal(close.speaker, null);
});

test('a second cue joined by "and" ends the first claim', () => {
  const text = 'Senator Ada Klein criticized the levy in a hearing and urged the council to scrap it before winter.';
  const quotes = run(text, [['Ada Klein', 'PERSON']]);
  const levy = find(quotes, 'the levy');
  assert.equal(levy.text, 'the levy in a hearing');
  const urge = find(quotes, 'scrap it');
  assert.equal(urge.speaker, 'Ada Klein');
  assert.equal(urge.stance, 'urges');
});

test('learnt cue forms and an age inside the source phrase', () => {
  // "thanked" is not in the hand lexicon; it comes from the cue forms learnt on PolNeAR train.
  const text = 'Governor Tom Reyes thanked the volunteers who rebuilt the school.\n\n\u201cWe owe them a great deal,\u201d Reyes, 58, told reporters.';
  const quotes = run(text, [
    ['Tom Reyes', 'PERSON'],
    ['Reyes', 'PERSON', 'Tom Reyes'],
  ]);
  const thanks = find(quotes, 'the volunteers who rebuilt the school');
  assert.equal(thanks.speaker, 'Tom Reyes');
  const owe = find(quotes, 'We owe them a great deal');
  assert.equal(owe.speaker, 'Tom Reyes');
  assert.equal(text.slice(owe.speakerStart!, owe.speakerEnd!), 'Reyes, 58');
});

test('"Asked whether …" is a question put by nobody named', () => {
  const text = 'Asked whether the plant would close, the manager shrugged.';
  const q = find(run(text), 'whether the plant would close');
  assert.equal(q.text, 'whether the plant would close');
  assert.equal(q.speakerStart, null);
});

test('"…, said he would" is a reported clause, not an inverted source', () => {
  const text = 'Sanders, who has already raised money for Canova, said he also may campaign for him. The plan is bad, said the official in a statement.';
  const quotes = run(text, [
    ['Sanders', 'PERSON'],
    ['Canova', 'PERSON'],
  ]);
  const campaign = find(quotes, 'he also may campaign for him');
  assert.equal(campaign.speaker, 'Sanders');
  assert.ok(text.slice(campaign.speakerStart!, campaign.speakerEnd!).startsWith('Sanders'));
  const plan = find(quotes, 'The plan is bad');
  assert.equal(text.slice(plan.speakerStart!, plan.speakerEnd!), 'the official');
});

test('a quote closed by its own sentence takes the tag sentence that follows on the same line', () => {
  const text = '\u201cI hope you are able to find the emails that are missing.\u201d Trump said.\n\nHe said, \u201cWe will see.\u201d He did not rule it out.';
  const quotes = run(text, [['Trump', 'PERSON']]);
  const missing = find(quotes, 'I hope you are able');
  assert.equal(missing.speaker, 'Trump');
  assert.equal(missing.cue, 'said');
  // Handed over by "He said," before it: the next sentence is not its tag.
  assert.equal(find(quotes, 'We will see').cue, 'said');
});

test('a comma-closed quote followed by a name is tagged past an appositive and an unknown verb', () => {
  const text =
    '\u201cYes, I support Ted Cruz,\u201d Brent Bozell, founder of the Media Research Center, tells the paper.\n\n\u201cGo back to Univision,\u201d Trump barked.';
  const quotes = run(text, [
    ['Ted Cruz', 'PERSON'],
    ['Brent Bozell', 'PERSON'],
    ['Trump', 'PERSON'],
    ['Media Research Center', 'ORG'],
  ]);
  const cruz = find(quotes, 'Yes, I support Ted Cruz');
  assert.equal(text.slice(cruz.speakerStart!, cruz.speakerEnd!), 'Brent Bozell');
  assert.equal(cruz.cue, 'tells');
  const go = find(quotes, 'Go back to Univision');
  assert.equal(go.speaker, 'Trump');
  assert.equal(go.cue, 'barked');
});

test("a paragraph ending in a colon hands the next paragraph's quote to its speaker; a lone quote paragraph stays unattributed", () => {
  const text =
    'Jones, a retired teacher, said that given the candidates on both sides:\n\n"There is only one choice here, and it is the one who pays his own way."\n\nThe rally ended at noon.\n\n"Not only can he win in November, he is the one with the best chance."';
  const quotes = run(text, [['Jones', 'PERSON']]);
  const one = find(quotes, 'There is only one choice');
  assert.equal(one.speaker, 'Jones');
  const lone = find(quotes, 'Not only can he win');
  assert.equal(lone.speaker, null);
  assert.equal(lone.kind, 'direct');
});

test('questions put to someone, labels with "called", data sources and polls are attributions', () => {
  const text =
    'When asked whether the city should have a vote in the House, he said he did not know. ' +
    'Mayor Ann Lee called him divisive and accused him of lying. ' +
    'The firm had lent the campaign money last month, new filings show. ' +
    'In a Gazette poll released Monday, 50 percent of respondents chose the mayor.';
  const quotes = run(text, [
    ['Ann Lee', 'PERSON'],
    ['Gazette', 'ORG'],
  ]);
  const q = find(quotes, 'whether the city should have a vote in the House');
  assert.equal(q.speaker, null, 'the asker is not named');
  assert.equal(find(quotes, 'he did not know').cue, 'said', '"said he did not know" is forward content');
  const label = find(quotes, 'him divisive');
  assert.equal(label.kind, 'label');
  assert.equal(label.speaker, 'Ann Lee');
  const filings = find(quotes, 'The firm had lent the campaign money last month');
  assert.equal(text.slice(filings.speakerStart!, filings.speakerEnd!), 'new filings');
  const poll = find(quotes, '50 percent of respondents chose the mayor');
  assert.equal(text.slice(poll.speakerStart!, poll.speakerEnd!), 'a Gazette poll released Monday');
});

test('a source headed by a generic noun is the whole description, never a name nested in it', () => {
  const text =
    'Economists in Lisbon said the harbour tax would cut trade. The Harbour Board will vote on Monday on the reported levy, traders said. ' +
    'Portuguese officials declined to comment on the plan. Sources close to the board said a delay was likely. ' +
    'The deal is fragile, said analysts at Meridian Bank. Officials said talks would go on.';
  const qs = run(text, [
    ['Lisbon', 'PLACE'],
    ['Harbour Board', 'ORG'],
    ['Portuguese', 'MISC'],
    ['Meridian Bank', 'ORG'],
  ]);
  const mention = (q: Quote) => text.slice(q.speakerStart!, q.speakerEnd!);

  const econ = find(qs, 'the harbour tax would cut trade');
  assert.equal(mention(econ), 'Economists in Lisbon');
  assert.equal(econ.speaker, 'Economists in Lisbon');

  const traders = find(qs, 'The Harbour Board will vote');
  assert.equal(mention(traders), 'traders');
  // A bare generic noun names nobody: left open, not taken from the organisation earlier in the sentence.
  assert.equal(traders.speaker, null);
  // "the reported levy" is an adjective, not a cue with the board as its speaker.
  assert.ok(!qs.some((q) => q.cue === 'reported'), JSON.stringify(qs.map((q) => q.cue)));

  const portuguese = find(qs, 'to comment on the plan');
  assert.equal(mention(portuguese), 'Portuguese officials');
  assert.equal(portuguese.speaker, 'Portuguese officials');

  const close = find(qs, 'a delay was likely');
  assert.equal(mention(close), 'Sources close to the board');
  assert.equal(close.speaker, 'Sources close to the board');

  const meridian = find(qs, 'The deal is fragile');
  assert.equal(mention(meridian), 'analysts at Meridian Bank');
  assert.equal(meridian.speaker, 'analysts at Meridian Bank');

  assert.equal(find(qs, 'talks would go on').speaker, null);
  assert.ok(!qs.some((q) => q.speaker === 'Lisbon' || q.speaker === 'Harbour Board' || q.speaker === 'Portuguese' || q.speaker === 'Meridian Bank'));
});

test('a place or nationality qualifying a common noun does not speak; a possessive owner and a named appositive do', () => {
  const text =
    'The Chilean navy said the ship had sunk. Peru\u2019s foreign ministry said it was concerned. ' +
    'Chile\u2019s trade adviser, Rosa Vidal, said exports would recover. A senior Peruvian official said the border stayed open.';
  const qs = run(text, [
    ['Chilean', 'MISC'],
    ['Peru', 'PLACE'],
    ['Chile', 'PLACE'],
    ['Rosa Vidal', 'PERSON'],
    ['Peruvian', 'MISC'],
  ]);
  assert.equal(find(qs, 'the ship had sunk').speaker, 'The Chilean navy');
  assert.equal(find(qs, 'it was concerned').speaker, 'Peru');
  assert.equal(find(qs, 'exports would recover').speaker, 'Rosa Vidal');
  const senior = find(qs, 'the border stayed open');
  assert.equal(text.slice(senior.speakerStart!, senior.speakerEnd!), 'A senior Peruvian official');
  assert.equal(senior.speaker, 'A senior Peruvian official');
});

test('a coordinated subject keeps every name, including one the recogniser missed', () => {
  const text =
    'Chile and Peru asked for a meeting of the council. Norway, Iceland and Denmark said the quota was too high. Okafor and Lindqvist said the vote was fair.';
  const qs = run(text, [
    ['Chile', 'PLACE'],
    ['Peru', 'PLACE'],
    ['Norway', 'PLACE'],
    ['Iceland', 'PLACE'],
    ['Denmark', 'PLACE'],
    ['Lindqvist', 'PERSON', 'Eva Lindqvist'],
  ]);
  const ask = find(qs, 'for a meeting of the council');
  assert.equal(text.slice(ask.speakerStart!, ask.speakerEnd!), 'Chile and Peru');
  assert.equal(ask.speaker, 'Chile and Peru');
  assert.equal(find(qs, 'the quota was too high').speaker, 'Norway, Iceland and Denmark');
  assert.equal(find(qs, 'the vote was fair').speaker, 'Okafor and Eva Lindqvist');
});

test('a later "and said" goes back to a generic subject the sentence opens with, not a name after it', () => {
  const text =
    'Fishermen in Valdivia met Ortega on Tuesday and said the quotas would ruin them. ' +
    'Sources close to the ministry reviewed the draft and warned that it would be delayed.';
  const qs = run(text, [
    ['Valdivia', 'PLACE'],
    ['Ortega', 'PERSON', 'Luis Ortega'],
  ]);
  const fishers = find(qs, 'the quotas would ruin them');
  assert.equal(text.slice(fishers.speakerStart!, fishers.speakerEnd!), 'Fishermen in Valdivia');
  assert.equal(fishers.speaker, 'Fishermen in Valdivia');
  const sources = find(qs, 'it would be delayed');
  assert.equal(sources.speaker, 'Sources close to the ministry');
});

test('a definite role qualified by a place refers back to the person, not to the place', () => {
  const text = 'Marta Quispe spoke in Lima on Sunday. The Peruvian senator said the mine would close.';
  const qs = run(text, [
    ['Marta Quispe', 'PERSON'],
    ['Lima', 'PLACE'],
    ['Peruvian', 'MISC'],
  ]);
  const mine = find(qs, 'the mine would close');
  assert.equal(text.slice(mine.speakerStart!, mine.speakerEnd!), 'The Peruvian senator');
  assert.equal(mine.speaker, 'Marta Quispe');
});
