import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SHARED_DATA } from '../../eval/data.ts';
import { recognizeEntities } from './entities.ts';
import { countryOf } from './resolve.ts';
import { StorylineError } from '../errors.ts';

const example = join(SHARED_DATA, '..', 'examples', 'brief-example.txt');

test('every person of the example brief is found with the role the text states', { skip: !existsSync(example) && 'shared example brief not found' }, () => {
  const text = readFileSync(example, 'utf8');
  const ms = recognizeEntities(text);
  for (const m of ms) assert.equal(text.slice(m.start, m.end), m.text);
  const people = new Map(ms.filter((m) => m.type === 'PERSON').map((m) => [m.canonical, m.role]));
  const expected: [string, string][] = [
    ['Matthew Miller', 'US state department spokesperson'],
    ['Antony Blinken', 'US Secretary of State'],
    ['Kim Hong-kyun', "South Korea's vice foreign minister"],
    ['Georgy Zinoviev', 'Russian ambassador'],
    ['Chang Ho-jin', 'national security adviser'],
    ['Jens Stoltenberg', 'North Atlantic Treaty Organization head'],
    ['Vladimir Putin', 'Russian President'],
    ['Kim Jong-un', 'North Korean leader'],
  ];
  for (const [name, role] of expected) {
    assert.ok(people.has(name), `${name} not found; people: ${[...people.keys()].join(', ')}`);
    assert.ok(people.get(name)?.includes(role), `${name}: role ${people.get(name)} does not state "${role}"`);
  }
  const putin = ms.filter((m) => m.text === 'Putin');
  assert.ok(putin.length >= 3 && putin.every((m) => m.canonical === 'Vladimir Putin'));
  const nato = ms.find((m) => m.text === 'NATO');
  assert.equal(nato?.canonical, 'North Atlantic Treaty Organization');
});

test('fixture sentences: premodifier and appositive roles, short names and acronyms', () => {
  const text = readFileSync(join(import.meta.dirname, 'testdata', 'roles-sentences.txt'), 'utf8');
  const ms = recognizeEntities(text);
  const by = (name: string) => ms.find((m) => m.type === 'PERSON' && m.canonical === name);
  assert.equal(by('Ana Torres')?.role, 'Foreign Minister');
  assert.equal(by('Daniel Okafor')?.role, 'Canadian Prime Minister');
  assert.ok(by('Helen Park')?.role?.startsWith('senior analyst'));
  assert.ok(by('Rafael Mendes')?.role?.endsWith('chief executive'));
  const mendes = ms.filter((m) => m.text === 'Mendes');
  assert.equal(mendes.length, 1);
  assert.equal(mendes[0].canonical, 'Rafael Mendes');
  const who = ms.find((m) => m.text === 'WHO');
  assert.equal(who?.type, 'ORG');
  assert.equal(who?.canonical, 'World Health Organization');
  assert.ok(ms.some((m) => m.text === 'Lima' && m.type === 'PLACE'));
});

test('Title Case and ALL-CAPS headlines still yield the names', () => {
  const tc = recognizeEntities('Russian President Vladimir Putin Meets Chinese Leader In Beijing');
  assert.ok(
    tc.some((m) => m.text === 'Vladimir Putin' && m.type === 'PERSON'),
    JSON.stringify(tc),
  );
  assert.ok(tc.some((m) => m.text === 'Beijing' && m.type === 'PLACE'));
  const caps = recognizeEntities('PUTIN MEETS XI IN BEIJING AS TALKS RESUME', { title: 'Putin meets Xi in Beijing' });
  assert.ok(
    caps.some((m) => m.text === 'BEIJING' && m.type === 'PLACE'),
    JSON.stringify(caps),
  );
});

test('countryOf maps adjectives and short forms to countries', () => {
  assert.equal(countryOf('Russian'), 'Russia');
  assert.equal(countryOf('North Korean'), 'North Korea');
  assert.equal(countryOf('US'), 'United States');
  assert.equal(countryOf('table'), null);
});

test('empty text gives no mentions; a non-string is a clear nlp error', () => {
  assert.deepEqual(recognizeEntities(''), []);
  assert.throws(
    () => recognizeEntities(42 as unknown as string),
    (e: unknown) => e instanceof StorylineError && e.stage === 'nlp' && e.code === 'bad_text',
  );
});

test('a closing quote mark before a name is not part of the name', () => {
  const text = '\u201cYes, I support Ted Cruz,\u201d Brent Bozell III, founder of the group, tells the paper.';
  const names = recognizeEntities(text).map((m) => m.text);
  assert.ok(names.includes('Brent Bozell III'), JSON.stringify(names));
  assert.ok(
    names.every((n) => /^[\p{L}\p{N}]/u.test(n)),
    JSON.stringify(names),
  );
});
