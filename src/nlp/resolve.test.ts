import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { EntityMention } from '../types.ts';
import { acronymOf, canonicalKey, canonicalNames, cleanName, countryOf, longerForm, nameIndex, resolveAcrossDocuments, shortFormsOf } from './resolve.ts';

test('short person names resolve to the full name; shared first word goes to the first-introduced person', () => {
  const m = canonicalNames([
    { text: 'Kim Jong-un', type: 'PERSON' },
    { text: 'Vladimir Putin', type: 'PERSON' },
    { text: 'Kim Hong-kyun', type: 'PERSON' },
    { text: 'Putin', type: 'PERSON' },
    { text: "Putin's", type: 'PERSON' },
    { text: 'Kim', type: 'PERSON' },
    { text: 'Mr. Putin', type: 'PERSON' },
  ]);
  assert.equal(m.get(canonicalKey('Putin', 'PERSON')), 'Vladimir Putin');
  assert.equal(m.get(canonicalKey("Putin's", 'PERSON')), 'Vladimir Putin');
  assert.equal(m.get(canonicalKey('Mr. Putin', 'PERSON')), 'Vladimir Putin');
  assert.equal(m.get(canonicalKey('Kim', 'PERSON')), 'Kim Jong-un');
  assert.equal(m.get(canonicalKey('Kim Hong-kyun', 'PERSON')), 'Kim Hong-kyun');
});

test('acronyms and expansions share one canonical; US means the United States; ambiguous short places stay', () => {
  const m = canonicalNames([
    { text: 'NATO', type: 'ORG' },
    { text: 'North Atlantic Treaty Organization', type: 'ORG' },
    { text: 'US', type: 'PLACE' },
    { text: 'Korea', type: 'PLACE' },
    { text: 'North Korea', type: 'PLACE' },
    { text: 'South Korea', type: 'PLACE' },
    { text: 'Security Council', type: 'ORG' },
    { text: 'United Nations Security Council', type: 'ORG' },
  ]);
  assert.equal(m.get(canonicalKey('NATO', 'ORG')), 'North Atlantic Treaty Organization');
  assert.equal(m.get(canonicalKey('US', 'PLACE')), 'United States');
  assert.equal(m.get(canonicalKey('Korea', 'PLACE')), 'Korea');
  assert.equal(m.get(canonicalKey('Security Council', 'ORG')), 'United Nations Security Council');
});

test('helpers', () => {
  assert.equal(acronymOf('North Atlantic Treaty Organization'), 'NATO');
  assert.equal(acronymOf('World Health Organization'), 'WHO');
  assert.equal(cleanName('Mr. Miller'), 'Miller');
  assert.equal(countryOf('Ukrainian'), 'Ukraine');
});

test('across documents a short canonical takes the longer one from another article', () => {
  const mk = (text: string, type: EntityMention['type']): EntityMention => ({ start: 0, end: text.length, text, type, canonical: text, role: null });
  const out = resolveAcrossDocuments([[mk('Blinken', 'PERSON')], [mk('Antony Blinken', 'PERSON'), mk('Paris', 'PLACE')]]);
  assert.equal(out[0][0].canonical, 'Antony Blinken');
  assert.equal(out[1][1].canonical, 'Paris');
});

test('store-wide: a short name joins the one longer canonical that contains it, never an ambiguous one', () => {
  const idx = nameIndex([
    { canonical: 'Vladimir Putin', type: 'PERSON' },
    { canonical: 'Jeb Bush', type: 'PERSON' },
    { canonical: 'George W. Bush', type: 'PERSON' },
    { canonical: 'North Atlantic Treaty Organization', type: 'ORG' },
    { canonical: 'Kim Jong-un', type: 'PERSON' },
    { canonical: 'Washington Post', type: 'ORG' },
    { canonical: 'New York Post', type: 'ORG' },
  ]);
  assert.equal(longerForm(idx, 'Putin', 'PERSON'), 'Vladimir Putin');
  assert.equal(longerForm(idx, "Mr. Putin's", 'PERSON'), 'Vladimir Putin');
  assert.equal(longerForm(idx, 'Vladimir Putin', 'PERSON'), null, 'a canonical is not its own short form');
  assert.equal(longerForm(idx, 'Bush', 'PERSON'), null, 'two Bushes: ambiguous');
  assert.equal(longerForm(idx, 'NATO', 'ORG'), 'North Atlantic Treaty Organization');
  assert.equal(longerForm(idx, 'Kim', 'PERSON'), 'Kim Jong-un');
  assert.equal(longerForm(idx, 'Post', 'ORG'), null);
  assert.equal(longerForm(idx, 'Putin', 'ORG'), null, 'types must agree');
});

test('store-wide: a new full name collects the short canonicals stored before it', () => {
  const idx = nameIndex([
    { canonical: 'Putin', type: 'PERSON' },
    { canonical: 'NATO', type: 'ORG' },
    { canonical: 'Bush', type: 'PERSON' },
    { canonical: 'Jeb Bush', type: 'PERSON' },
  ]);
  assert.deepEqual(
    shortFormsOf(idx, 'Vladimir Putin', 'PERSON').map((e) => e.canonical),
    ['Putin'],
  );
  assert.deepEqual(
    shortFormsOf(idx, 'North Atlantic Treaty Organization', 'ORG').map((e) => e.canonical),
    ['NATO'],
  );
  assert.deepEqual(shortFormsOf(idx, 'George W. Bush', 'PERSON'), [], 'Bush already has another full name');
  assert.equal(longerForm(idx, 'Putin', 'PERSON'), null, 'the index passed in is not changed');
});
