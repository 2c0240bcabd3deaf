import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findRoles, type NamedSpan } from './roles.ts';
import { tokenize } from './tokenize.ts';

// Mentions are given by hand so these tests check the role rules alone, independent of the NER model.
function roleFor(text: string, person: string, others: [string, string][] = []): string | null {
  const tokens = tokenize(text);
  const span = (s: string): { start: number; end: number } => {
    const at = text.indexOf(s);
    const start = tokens.findIndex((t) => t.start === at);
    const end = tokens.findIndex((t) => t.end === at + s.length) + 1;
    return { start, end };
  };
  const target = span(person);
  const named: NamedSpan[] = [{ ...target, type: 'PERSON' }, ...others.map(([s, type]) => ({ ...span(s), type }))];
  return findRoles(text, tokens, [target], named)[0];
}

test('premodifier titles', () => {
  assert.equal(roleFor('US Secretary of State Antony Blinken spoke.', 'Antony Blinken'), 'US Secretary of State');
  assert.equal(roleFor('It was Russian President Vladimir Putin who came.', 'Vladimir Putin'), 'Russian President');
  assert.equal(roleFor('Talks with North Korean leader Kim Jong-un ended.', 'Kim Jong-un'), 'North Korean leader');
  assert.equal(roleFor('He met Russian ambassador Georgy Zinoviev.', 'Georgy Zinoviev'), 'Russian ambassador');
});

test('appositives after and before the name', () => {
  assert.equal(roleFor('Matthew Miller, a US state department spokesperson, said so.', 'Matthew Miller'), 'US state department spokesperson');
  assert.equal(
    roleFor("South Korea's vice foreign minister, Kim Hong-kyun, said so.", 'Kim Hong-kyun', [['South Korea', 'PLACE']]),
    "South Korea's vice foreign minister",
  );
  assert.equal(
    roleFor('North Atlantic Treaty Organization head, Jens Stoltenberg, said so.', 'Jens Stoltenberg', [['North Atlantic Treaty Organization', 'ORG']]),
    'North Atlantic Treaty Organization head',
  );
  assert.equal(roleFor('Still, the national security adviser, Chang Ho-jin, said so.', 'Chang Ho-jin'), 'national security adviser');
});

test('no role where the text states none', () => {
  assert.equal(roleFor('Yesterday Anna Smith went home, and then she slept.', 'Anna Smith'), null);
  assert.equal(roleFor('Anna Smith, who lives nearby, agreed.', 'Anna Smith'), null);
});

test('a role tied to a year is what the person was then, not a role', () => {
  // Demo corpus (2020): Jo Jorgensen was the 1996 vice presidential nominee and the 2020 presidential one.
  assert.equal(roleFor("At the convention, the party's 1996 vice presidential nominee, Jo Jorgensen, won the presidential nomination.", 'Jo Jorgensen'), null);
  assert.equal(roleFor("The party nominated Jo Jorgensen, the party's 1996 vice presidential nominee, for president.", 'Jo Jorgensen'), null);
  assert.equal(roleFor('Former President Bill Clinton spoke.', 'Bill Clinton'), 'Former President');
});

test('endsWithRole: a title standing right before where a name would go', async () => {
  const { endsWithRole } = await import('./roles.ts');
  assert.equal(endsWithRole('Apple company CEO '), true);
  assert.equal(endsWithRole('On Monday, U.S. President '), true);
  assert.equal(endsWithRole('Talks with US Secretary of State '), true);
  assert.equal(endsWithRole('On Monday, the company said '), false);
  assert.equal(endsWithRole(''), false);
});
