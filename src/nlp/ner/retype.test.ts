import { test } from 'node:test';
import assert from 'node:assert/strict';
import { retypeSpans, type TypedSpan } from './retype.ts';
import { headClass } from './lexicon.ts';

const run = (sentence: string, spans: TypedSpan[], ctx = {}) => {
  const words = sentence.split(' ');
  return retypeSpans(words, spans, ctx).map((s) => [words.slice(s.start, s.end).join(' '), s.type]);
};

test('head words classify a phrase whatever precedes them', () => {
  assert.equal(headClass('avenue'), 'STREET');
  assert.equal(headClass('corporation'), 'ORG');
  assert.equal(headClass('awards'), 'EVENT');
  assert.equal(headClass('smith'), null);
});

test('a street read as a person becomes a place, whole, also when the head was left out of the span', () => {
  assert.deepEqual(run('shot near Cerise Avenue on Sunday', [{ start: 2, end: 4, type: 'PERSON' }]), [['Cerise Avenue', 'PLACE']]);
  assert.deepEqual(run('shot near Cerise Avenue on Sunday', [{ start: 2, end: 3, type: 'PERSON' }]), [['Cerise Avenue', 'PLACE']]);
  // The head alone as a person, with the street's first word left untagged.
  assert.deepEqual(run('at 400 Rosecrans Avenue', [{ start: 3, end: 4, type: 'PERSON' }]), [['Rosecrans Avenue', 'PLACE']]);
  // A weekday run into the name, a route number and a compass point after the head.
  assert.deepEqual(run('on Oaks Road Sunday', [{ start: 1, end: 4, type: 'PERSON' }]), [['Oaks Road', 'PLACE']]);
  assert.deepEqual(run('on County Road 664', [{ start: 1, end: 4, type: 'PERSON' }]), [['County Road 664', 'PLACE']]);
});

test('a surname that is also a head names a place only after a locative preposition and never alone as a person', () => {
  assert.deepEqual(run('protesters in Lincoln Park', [{ start: 2, end: 4, type: 'PERSON' }], { alonePerson: new Set(['park']) }), [['Lincoln Park', 'PERSON']]);
  assert.deepEqual(run('protesters in Lincoln Park', [{ start: 2, end: 4, type: 'PERSON' }]), [['Lincoln Park', 'PLACE']]);
  // Where no place is expected, a person it stays.
  assert.deepEqual(run('Helen Park , a senior analyst', [{ start: 0, end: 2, type: 'PERSON' }]), [['Helen Park', 'PERSON']]);
});

test('organisations, events, storms and products are not people', () => {
  assert.deepEqual(run('at the University of North Carolina', [{ start: 2, end: 6, type: 'PERSON' }]), [['University of North Carolina', 'ORG']]);
  assert.deepEqual(run('the Rory Peck Awards', [{ start: 1, end: 3, type: 'PERSON' }]), [['Rory Peck Awards', 'MISC']]);
  assert.deepEqual(run("the 2010 Worldwide Developer 's Conference", [{ start: 2, end: 4, type: 'PERSON' }]), [["Worldwide Developer 's Conference", 'MISC']]);
  assert.deepEqual(run('after Typhoon Haiyan struck', [{ start: 2, end: 3, type: 'PERSON' }]), [['Typhoon Haiyan', 'MISC']]);
  assert.deepEqual(run('iPhones , iPod Touches and iPads', [{ start: 2, end: 4, type: 'PERSON' }]), [['iPod Touches', 'MISC']]);
  assert.deepEqual(run('Android phones outsold them', [{ start: 0, end: 1, type: 'PERSON' }]), [['Android', 'MISC']]);
  assert.deepEqual(run('the Nevada Test and Training Range', [{ start: 1, end: 3, type: 'PERSON' }]), [['Nevada Test and Training Range', 'PLACE']]);
  assert.deepEqual(
    run('the Nevada Test and Training Range', [
      { start: 1, end: 3, type: 'PERSON' },
      { start: 4, end: 6, type: 'PERSON' },
    ]),
    [['Nevada Test and Training Range', 'PLACE']],
  );
  assert.deepEqual(run("NASA 's James Webb space telescope", [{ start: 2, end: 4, type: 'PERSON' }]), [['James Webb', 'MISC']]);
  assert.deepEqual(run('" Only God can judge me "', [{ start: 2, end: 3, type: 'PERSON' }]), [['God', 'MISC']]);
  assert.deepEqual(run('Voters in Connecticut', [{ start: 2, end: 3, type: 'PERSON' }]), [['Connecticut', 'PLACE']]);
});

test('titles, initials and common words alone are dropped; a title before a surname is cut off', () => {
  assert.deepEqual(run('the MP said', [{ start: 1, end: 2, type: 'ORG' }]), []);
  assert.deepEqual(run('According to Attorney Bash , the', [{ start: 2, end: 4, type: 'PERSON' }]), [['Bash', 'PERSON']]);
  assert.deepEqual(run('Why did you join ?', [{ start: 0, end: 1, type: 'PERSON' }]), []);
  assert.deepEqual(run('Water said', [{ start: 0, end: 1, type: 'PERSON' }], { commonLower: new Set(['water']) }), []);
  // Unless the document names a person with it in full.
  assert.deepEqual(run('Water said', [{ start: 0, end: 1, type: 'PERSON' }], { commonLower: new Set(['water']), inLongerName: new Set(['water']) }), [
    ['Water', 'PERSON'],
  ]);
  assert.deepEqual(
    run('activist J. R. Myers for president', [
      { start: 1, end: 2, type: 'PERSON' },
      { start: 3, end: 5, type: 'ORG' },
    ]),
    [['Myers', 'ORG']],
  );
  // Real names go through untouched.
  assert.deepEqual(
    run('Angela Merkel met Boris Johnson', [
      { start: 0, end: 2, type: 'PERSON' },
      { start: 3, end: 5, type: 'PERSON' },
    ]),
    [
      ['Angela Merkel', 'PERSON'],
      ['Boris Johnson', 'PERSON'],
    ],
  );
});

test('a town before its state or country is a place; an article before a name makes it a thing', () => {
  assert.deepEqual(run('between El Paso and Ciudad Juárez , Mexico , separated by', [{ start: 4, end: 6, type: 'PERSON' }]), [['Ciudad Juárez', 'PLACE']]);
  // Not when the region opens a longer phrase.
  assert.deepEqual(run('Congresswoman Val Demings , New Mexico governor Michelle', [{ start: 1, end: 3, type: 'PERSON' }]), [['Val Demings', 'PERSON']]);
  assert.deepEqual(run('nominated for the Oscar for the film', [{ start: 3, end: 4, type: 'PERSON' }]), [['Oscar', 'MISC']]);
  assert.deepEqual(run('chosen by the Charlotte Hornets in the draft', [{ start: 3, end: 5, type: 'PERSON' }]), [['Charlotte Hornets', 'MISC']]);
  // A name modifying a noun, alone or coordinated, stays a person.
  assert.deepEqual(run('the Johnson campaign said', [{ start: 1, end: 2, type: 'PERSON' }]), [['Johnson', 'PERSON']]);
  assert.deepEqual(
    run('an Edward Steichen and Andy Warhol exhibit', [
      { start: 1, end: 3, type: 'PERSON' },
      { start: 4, end: 6, type: 'PERSON' },
    ]),
    [
      ['Edward Steichen', 'PERSON'],
      ['Andy Warhol', 'PERSON'],
    ],
  );
});

test('a phrase of common words that holds no known name is a title, not a person', () => {
  const ctx = { commonLower: new Set(['never', 'enough', 'will']), gazetteer: (p: string) => (p === 'smith' ? new Set(['PER']) : undefined) };
  assert.deepEqual(run('the book Never Enough alleges', [{ start: 2, end: 4, type: 'PERSON' }], ctx), [['Never Enough', 'MISC']]);
  assert.deepEqual(run('actor Will Smith said', [{ start: 1, end: 3, type: 'PERSON' }], ctx), [['Will Smith', 'PERSON']]);
});

test('a US state read as an organisation is a place', () => {
  assert.deepEqual(
    run('members from Alabama , Arkansas and New Hampshire', [
      { start: 2, end: 3, type: 'ORG' },
      { start: 6, end: 8, type: 'ORG' },
    ]),
    [
      ['Alabama', 'PLACE'],
      ['New Hampshire', 'PLACE'],
    ],
  );
});
