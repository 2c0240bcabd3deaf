import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkGrounding, nameGrounded, nameRuns, numbersIn, quotedPhrases, sentenceProblems, type GroundingLimits } from './grounding.ts';
import { buildPrompt, parseRewrite } from './prompt.ts';
import { articles, extractiveBrief, faithfulRewrite, withSentence } from './testdata/story.ts';
import type { RewrittenBrief } from './prompt.ts';

const { sources } = buildPrompt(extractiveBrief(), articles);
const limits: GroundingLimits = {
  developments: 2,
  leadSentences: 2,
  developmentSentences: [2, 1],
  headlineWords: 14,
  leadWords: 60,
  developmentHeadlineWords: 14,
};
const check = (r: RewrittenBrief, l: Partial<GroundingLimits> = {}) => checkGrounding(r, sources, { ...limits, ...l });

test('sources are numbered in reading order with the brief sentences built from them', () => {
  assert.deepEqual(
    sources.map((s) => `${s.n}:${s.citation.articleId}:${s.text.slice(0, 12)}`),
    ['1:a1:A winter sto', '2:a1:Forty homes ', '3:a2:The town cou', '4:a2:Council lead', '5:a1:Harbour mast'],
  );
  assert.ok(sources[0].renderings.some((r) => r.includes('(March 11)')));
  assert.ok(sources[0].renderings.includes('Storm floods Port Ellery harbour'));
});

test('a faithful rewrite passes', () => {
  const r = check(faithfulRewrite());
  assert.deepEqual(r.failures, []);
  assert.equal(r.ok, true);
});

test('an invented name, number, quote or date fails, naming the check and the sentence', () => {
  const cases: [RewrittenBrief, string, RegExp][] = [
    [withSentence('Mayor Anna Berg said the town would ask the national government for emergency funds.', [4]), 'name', /Anna Berg/],
    [withSentence('Smith said the town would ask the national government for emergency funds.', [4]), 'name', /Smith/],
    [withSentence('The council put repairs to the harbour wall at about 5 million euros.', [3]), 'number', /5 million/],
    [withSentence('The council put repairs to the harbour wall at about four million euros, or 40,000 per home.', [3]), 'number', /40,000/],
    [withSentence('Tomas Reyes called the damage "a national catastrophe".', [4]), 'quote', /a national catastrophe/],
    [withSentence("Tomas Reyes called the damage 'the worst in a century'.", [4]), 'quote', /worst in a century/],
    [withSentence('Repairs to the harbour wall will cost about 4 million euros, the council said on Wednesday.', [3]), 'date', /Wednesday/],
  ];
  for (const [rewrite, checkName, detail] of cases) {
    const r = check(rewrite);
    assert.equal(r.ok, false, `accepted: ${rewrite.developments[0].sentences[1].text}`);
    const f = r.failures.find((x) => x.check === checkName);
    assert.ok(f, `${checkName} not among ${JSON.stringify(r.failures)}`);
    assert.match(f.detail, detail);
    assert.equal(f.section, 'development 1 sentence 2');
    assert.equal(f.sentence, rewrite.developments[0].sentences[1].text);
  }
});

test('a fact must be in the sources the sentence cites, not just somewhere in the brief', () => {
  // Tomas Reyes is in source 4, not in source 3.
  const r = check(withSentence('Tomas Reyes estimated repairs to the harbour wall at about 4 million euros.', [3]));
  assert.equal(r.ok, false);
  assert.match(r.failures[0].detail, /Tomas Reyes.*\[3\]/);
});

test('support: a sentence saying something its sources do not is rejected even without names or numbers', () => {
  const r = check(withSentence('The flooding was caused by climate change and poor planning.', [4]));
  assert.equal(r.failures[0].check, 'support');
  assert.match(r.failures[0].detail, /% of its content words/);
  // The wrong source: the words are all there, in another sentence.
  assert.equal(check(withSentence('The water rose faster than forecast.', [3])).failures[0].check, 'support');
});

test('citations: none, or a number that was not given, fail', () => {
  let r = check(withSentence('The town will ask the national government for emergency funds.', []));
  assert.equal(r.failures[0].check, 'citation');
  r = check(withSentence('The town will ask the national government for emergency funds.', [9]));
  assert.equal(r.failures[0].check, 'citation');
  assert.match(r.failures[0].detail, /\[9\]/);
});

test('shape and length: dropped developments, empty sections, long headline or lead', () => {
  const dropped = faithfulRewrite();
  dropped.developments.pop();
  assert.equal(check(dropped).failures[0].check, 'shape');
  assert.match(check(dropped).failures[0].detail, /2 developments given, 1 returned/);

  const emptyLead = faithfulRewrite();
  emptyLead.lead = [];
  assert.ok(check(emptyLead).failures.some((f) => f.check === 'shape' && /lead/.test(f.detail)));

  const long = faithfulRewrite();
  long.headline.text = 'A winter storm flooded the harbour district of Port Ellery on Tuesday, halting ferry service to the outer islands';
  const f = check(long).failures.find((x) => x.check === 'length');
  assert.equal(f?.section, 'headline');

  const wordy = faithfulRewrite();
  wordy.lead = Array.from({ length: 5 }, () => ({
    text: 'A winter storm flooded the harbour district of Port Ellery, halting ferry service to the outer islands.',
    sources: [1],
  }));
  assert.ok(check(wordy).failures.some((x) => x.check === 'length' && /lead has \d+ words, at most 60/.test(x.detail)));
  assert.ok(check(faithfulRewrite(), { maxWords: 20 }).failures.some((x) => /body has \d+ words, at most 20/.test(x.detail)));
});

test('numbers: digits, scales, written numbers and dates compare by value', () => {
  const v = (s: string) => numbersIn(s).map((n) => n.value);
  assert.deepEqual(v('about 4 million euros and $2.5bn'), [4e6, 2.5e9]);
  assert.deepEqual(v('forty homes, twenty-five people, two hundred and fifty cars'), [40, 25, 250]);
  assert.deepEqual(v('1,200 people on the 11th, in the 1980s'), [1200, 11, 1980]);
  assert.deepEqual(v('one of the worst; no one came; a third time'), [3]);
  assert.deepEqual(v('5m runners, $5m, 3.6bn'), [5, 5e6, 3.6e9]);
  assert.deepEqual(sentenceProblems('Forty homes were evacuated.', 'Forty homes were evacuated.'), []);
  assert.deepEqual(sentenceProblems('40 homes were evacuated.', 'Forty homes were evacuated.'), []);
  assert.deepEqual(sentenceProblems('Repairs cost 4,000,000 euros.', 'Repairs cost about 4 million euros.'), []);
});

test('names: titles and ordinary words at the edges may go, the name itself must be there', () => {
  const m = 'Council leader Tomas Reyes said so. Russian President Vladimir Putin spoke in Pyongyang.';
  assert.equal(nameGrounded('Tomas Reyes', m), true);
  assert.equal(nameGrounded('Council Leader Tomas Reyes', m, true), true);
  assert.equal(nameGrounded('Council Leader Tomas Reyes', 'The council leader, Tomas Reyes, said so.'), true);
  assert.equal(nameGrounded('President Putin', m), true);
  assert.equal(nameGrounded("Putin's", m), true);
  assert.equal(nameGrounded('Vladimir Reyes', m), false);
  assert.equal(nameGrounded('Kim Jong-un', m), false);
  assert.equal(nameGrounded('US State Department', 'The U.S. State Department said so.'), true);
  assert.equal(nameGrounded('U.S.', 'US troops'), true);
  assert.deepEqual(
    nameRuns('The Port Ellery council met NATO on Tuesday March 11, and Lena Okafor said "Water rose".').map((n) => n.text),
    ['Port Ellery', 'NATO', 'Lena Okafor'],
  );
  assert.deepEqual(
    quotedPhrases(`Putin's 'big mistake', a "serious threat" and the farmers' union ‘absurd’`).map((q) => q.text),
    ['big mistake', 'serious threat', 'absurd'],
  );
});

test('parseRewrite: fenced JSON, string source numbers and bare strings are read; other text is rejected', () => {
  const r = parseRewrite(
    'Here it is:\n```json\n{"headline": {"text": "H", "sources": ["[1]", "2"]}, "lead": [{"text": "L", "sources": [1]}], "developments": []}\n```',
  );
  assert.deepEqual(r.headline, { text: 'H', sources: [1, 2] });
  assert.deepEqual(parseRewrite('{"headline": "H", "lead": "L", "developments": []}').lead, [{ text: 'L', sources: [] }]);
  assert.throws(() => parseRewrite('The storm flooded the harbour.'), { code: 'writer_bad_output' });
  assert.throws(() => parseRewrite("I'm sorry, but I can't help with that."), { code: 'writer_refused' });
  assert.throws(() => parseRewrite('{"headline": '), { code: 'writer_bad_output' });
  assert.throws(
    () => parseRewrite('{"headline": {"text": "H"}, "lead": []}'),
    (e: Error & { code?: string }) => e.code === 'writer_bad_output' && /developments/.test(e.message),
  );
});
