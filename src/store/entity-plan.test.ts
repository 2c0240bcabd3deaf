import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Annotation, EntityMention, EntityType, Quote } from '../types.ts';
import { nameIndex, type KnownEntity, type NameIndex } from '../nlp/resolve.ts';
import { planAnnotationEntities } from './entity-plan.ts';

let offset = 0;
function mention(text: string, type: EntityType, opts: { canonical?: string; role?: string } = {}): EntityMention {
  const start = offset;
  offset += text.length + 1;
  return { text, type, canonical: opts.canonical ?? text, role: opts.role ?? null, start, end: start + text.length };
}

function quote(speaker: string | null): Quote {
  return { start: 0, end: 5, text: 'words', speaker, speakerStart: null, speakerEnd: null, cue: 'said', kind: 'direct' };
}

function ann(entities: EntityMention[], quotes: Quote[] = []): Annotation {
  return { id: 'a', sentences: [], entities, quotes };
}

/** A store's names: the index plus the case-insensitive lookup the adapters' databases answer `exists` with. */
function stored(known: KnownEntity[]): { index: NameIndex; exists: (c: string) => boolean; asked: string[] } {
  const names = new Set(known.map((k) => k.canonical.toLowerCase()));
  const asked: string[] = [];
  return {
    index: nameIndex(known),
    asked,
    exists: (c) => {
      asked.push(c);
      return names.has(c.toLowerCase());
    },
  };
}

const canonicalsUnder = (index: NameIndex, key: string) => (index.byKey.get(key) ?? []).map((e) => e.canonical).sort();

test('short name then full name in one annotation: the short entity is created, then folded, and every row lands on the full name', () => {
  const s = stored([]);
  const plan = planAnnotationEntities(
    s.index,
    ann([mention('Putin', 'PERSON'), mention('Vladimir Putin', 'PERSON', { role: 'President' }), mention('Putin', 'PERSON')], [quote('Putin')]),
    s.exists,
  );
  assert.deepEqual(plan.entities, [
    { canonical: 'Putin', type: 'PERSON', created: true },
    { canonical: 'Vladimir Putin', type: 'PERSON', created: true },
  ]);
  assert.deepEqual(plan.folds, [{ short: 'Putin', into: 'Vladimir Putin' }]);
  assert.deepEqual(
    plan.mentions.map((m) => [m.canonical, m.text, m.role]),
    [
      ['Vladimir Putin', 'Putin', null],
      ['Vladimir Putin', 'Vladimir Putin', 'President'],
      ['Vladimir Putin', 'Putin', null],
    ],
  );
  // The first "Putin" was its own canonical when written (no alias); the fold itself records the short name.
  assert.deepEqual(plan.aliases, [
    { canonical: 'Vladimir Putin', alias: 'Putin' },
    { canonical: 'Vladimir Putin', alias: 'Putin' },
  ]);
  assert.deepEqual(plan.roles, [{ canonical: 'Vladimir Putin', role: 'President' }]);
  assert.deepEqual(plan.speakers, ['Vladimir Putin'], 'speakers resolve after the fold');
  assert.deepEqual(s.asked, ['Putin', 'Vladimir Putin'], 'the later "Putin" is not asked again');
  assert.deepEqual(canonicalsUnder(s.index, 'putin'), ['Vladimir Putin'], 'the index loses the short name and gains the full one');
});

test('full name stored, short name arriving: it joins the full name, nothing is created or folded', () => {
  const s = stored([{ canonical: 'Vladimir Putin', type: 'PERSON' }]);
  const plan = planAnnotationEntities(s.index, ann([mention("Mr. Putin's", 'PERSON', { canonical: 'Putin' })], [quote('Putin'), quote(null)]), s.exists);
  assert.deepEqual(plan.entities, [{ canonical: 'Vladimir Putin', type: 'PERSON', created: false }]);
  assert.deepEqual(plan.folds, []);
  assert.deepEqual(plan.aliases, [
    { canonical: 'Vladimir Putin', alias: "Mr. Putin's" },
    { canonical: 'Vladimir Putin', alias: 'Putin' },
  ]);
  assert.deepEqual(
    plan.mentions.map((m) => m.canonical),
    ['Vladimir Putin'],
  );
  assert.deepEqual(plan.speakers, ['Vladimir Putin', null]);
});

test('short names stored before a full name are folded into it, in order, and the folds are applied to the index', () => {
  const s = stored([
    { canonical: 'Putin', type: 'PERSON' },
    { canonical: 'NATO', type: 'ORG' },
  ]);
  const plan = planAnnotationEntities(
    s.index,
    ann([mention('Putin', 'PERSON'), mention('North Atlantic Treaty Organization', 'ORG'), mention('Vladimir Putin', 'PERSON')]),
    s.exists,
  );
  assert.deepEqual(plan.entities, [
    { canonical: 'Putin', type: 'PERSON', created: false },
    { canonical: 'North Atlantic Treaty Organization', type: 'ORG', created: true },
    { canonical: 'Vladimir Putin', type: 'PERSON', created: true },
  ]);
  assert.deepEqual(plan.folds, [
    { short: 'NATO', into: 'North Atlantic Treaty Organization' },
    { short: 'Putin', into: 'Vladimir Putin' },
  ]);
  // The first mention used the stored "Putin", folded after it was written: it follows the fold.
  assert.deepEqual(
    plan.mentions.map((m) => m.canonical),
    ['Vladimir Putin', 'North Atlantic Treaty Organization', 'Vladimir Putin'],
  );
  assert.deepEqual(canonicalsUnder(s.index, 'nato'), []);
  assert.deepEqual(canonicalsUnder(s.index, '\u0000NATO'), ['North Atlantic Treaty Organization']);
});

test('acronyms: an organisation acronym joins its stored expansion; a person is never an acronym', () => {
  const s = stored([
    { canonical: 'North Atlantic Treaty Organization', type: 'ORG' },
    { canonical: 'John Fitzgerald Kennedy', type: 'PERSON' },
  ]);
  const plan = planAnnotationEntities(s.index, ann([mention('NATO', 'ORG'), mention('JFK', 'PERSON')], [quote('JFK')]), s.exists);
  assert.deepEqual(plan.entities, [
    { canonical: 'North Atlantic Treaty Organization', type: 'ORG', created: false },
    { canonical: 'JFK', type: 'PERSON', created: true },
  ]);
  assert.deepEqual(plan.aliases, [
    { canonical: 'North Atlantic Treaty Organization', alias: 'NATO' },
    { canonical: 'North Atlantic Treaty Organization', alias: 'NATO' },
  ]);
  assert.deepEqual(plan.folds, []);
  assert.deepEqual(plan.speakers, ['JFK']);
});

test('ambiguous short forms never join: "Bush" with two full Bushes stays apart, and a third full name does not absorb it', () => {
  const s = stored([
    { canonical: 'Jeb Bush', type: 'PERSON' },
    { canonical: 'George W. Bush', type: 'PERSON' },
  ]);
  const plan = planAnnotationEntities(s.index, ann([mention('Bush', 'PERSON')], [quote('Bush')]), s.exists);
  assert.deepEqual(plan.entities, [{ canonical: 'Bush', type: 'PERSON', created: true }]);
  assert.deepEqual(plan.folds, []);
  assert.deepEqual(plan.aliases, []);
  assert.deepEqual(plan.speakers, ['Bush']);

  const t = stored([
    { canonical: 'Bush', type: 'PERSON' },
    { canonical: 'Jeb Bush', type: 'PERSON' },
  ]);
  const later = planAnnotationEntities(t.index, ann([mention('George W. Bush', 'PERSON')]), t.exists);
  assert.deepEqual(later.entities, [{ canonical: 'George W. Bush', type: 'PERSON', created: true }]);
  assert.deepEqual(later.folds, [], 'Bush already has another full name');
  // Types must agree: an organisation named like a stored person is its own entity.
  const u = stored([{ canonical: 'Vladimir Putin', type: 'PERSON' }]);
  const org = planAnnotationEntities(u.index, ann([mention('Putin', 'ORG')]), u.exists);
  assert.deepEqual(org.entities, [{ canonical: 'Putin', type: 'ORG', created: true }]);
});

test('a chain of folds in one annotation ends on the longest name', () => {
  const s = stored([]);
  const plan = planAnnotationEntities(
    s.index,
    ann([
      mention('Council', 'ORG'),
      mention('Security Council', 'ORG'),
      mention('COUNCIL', 'ORG', { canonical: 'COUNCIL' }),
      mention('United Nations Security Council', 'ORG'),
    ]),
    s.exists,
  );
  assert.deepEqual(
    plan.entities.map((e) => [e.canonical, e.created]),
    [
      ['Council', true],
      ['Security Council', true],
      ['United Nations Security Council', true],
    ],
  );
  assert.deepEqual(plan.folds, [
    { short: 'Council', into: 'Security Council' },
    { short: 'Security Council', into: 'United Nations Security Council' },
  ]);
  assert.deepEqual(
    plan.mentions.map((m) => m.canonical),
    Array(4).fill('United Nations Security Council'),
  );
  assert.deepEqual(plan.aliases, [
    { canonical: 'United Nations Security Council', alias: 'COUNCIL' },
    { canonical: 'United Nations Security Council', alias: 'COUNCIL' },
  ]);
});

test('names differing only in case are one entity, written under the name first used', () => {
  const s = stored([]);
  const plan = planAnnotationEntities(s.index, ann([mention('Putin', 'PERSON'), mention('PUTIN', 'PERSON')]), s.exists);
  assert.deepEqual(plan.entities, [{ canonical: 'Putin', type: 'PERSON', created: true }]);
  assert.deepEqual(
    plan.mentions.map((m) => [m.canonical, m.text]),
    [
      ['Putin', 'Putin'],
      ['Putin', 'PUTIN'],
    ],
  );
  // Resolution is cached by lower-cased name, so "PUTIN" resolves to "Putin" and is recorded as its alias.
  assert.deepEqual(plan.aliases, [
    { canonical: 'Putin', alias: 'PUTIN' },
    { canonical: 'Putin', alias: 'PUTIN' },
  ]);
  assert.deepEqual(s.asked, ['Putin']);
});

test('mentions without a name are skipped; a speaker takes the type of the mention naming them', () => {
  const s = stored([
    { canonical: 'Acme Holdings', type: 'ORG' },
    { canonical: 'Mara Holdings', type: 'PERSON' },
  ]);
  const plan = planAnnotationEntities(
    s.index,
    ann([mention('  ', 'PERSON', { canonical: ' ' }), mention('Holdings', 'ORG')], [quote('Holdings'), quote('Unknown Speaker')]),
    s.exists,
  );
  assert.equal(plan.mentions.length, 1);
  assert.deepEqual(plan.entities, [{ canonical: 'Acme Holdings', type: 'ORG', created: false }]);
  assert.deepEqual(plan.speakers, ['Acme Holdings', 'Unknown Speaker']);
});
