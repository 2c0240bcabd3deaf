import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EntityMention, Quote } from '../types.ts';
import { acronymsOf, attributionHeadline, compressHeadline, DEV_HEADLINE_MAX, shortName } from './headline.ts';

interface Case {
  text: string;
  entities: { text: string; type: EntityMention['type']; canonical: string }[];
  story: string[];
  want: string | null;
}
const cases = JSON.parse(readFileSync(join(import.meta.dirname, 'testdata', 'headlines.json'), 'utf8')) as Case[];

function mentions(c: Case): EntityMention[] {
  return c.entities.map((e) => ({ ...e, start: c.text.indexOf(e.text), end: c.text.indexOf(e.text) + e.text.length, role: null }));
}

test('development headlines compress a sentence to who-does-what, or refuse', () => {
  for (const c of cases) {
    const got = compressHeadline({ text: c.text, entities: mentions(c), quotes: [], acronyms: acronymsOf([c.text, ...c.story]) });
    assert.equal(got, c.want, c.text);
    if (got) {
      const n = got.split(/\s+/).length;
      assert.ok(n >= 4 && n <= DEV_HEADLINE_MAX, got);
      assert.ok(!/["“”]/.test(got) && !/^(If|It|They|He|She|When|Because)\b/.test(got), got);
    }
  }
});

test('short names: story acronyms, surnames, company suffixes dropped', () => {
  const ac = acronymsOf(['The North Atlantic Treaty Organization (NATO) met.', 'Robert Nardelli (CEO) spoke.']);
  assert.equal(ac.get('North Atlantic Treaty Organization'), 'NATO');
  assert.equal(ac.has('Robert Nardelli'), false);
  const e = (text: string, type: EntityMention['type']): EntityMention => ({ text, type, canonical: text, start: 0, end: 0, role: null });
  assert.equal(shortName(e('North Atlantic Treaty Organization', 'ORG'), ac), 'NATO');
  assert.equal(shortName(e('Vladimir Putin', 'PERSON'), ac), 'Putin');
  assert.equal(shortName(e('Chrysler LLC', 'ORG'), ac), 'Chrysler');
});

test('an attribution headline names the speaker and the stance of a reported claim', () => {
  const text = 'Northwind said the dealerships to be closed were losing money and customers.';
  const ent: EntityMention = { text: 'Northwind', type: 'ORG', canonical: 'Northwind', start: 0, end: 9, role: null };
  const q: Quote = {
    text: 'the dealerships to be closed were losing money',
    start: 15,
    end: 61,
    speaker: 'Northwind',
    speakerStart: 0,
    speakerEnd: 9,
    cue: 'said',
    kind: 'indirect',
    stance: 'says',
  };
  assert.equal(
    attributionHeadline({ text, entities: [ent], quotes: [q], acronyms: new Map() }),
    'Northwind says the dealerships to be closed were losing money',
  );
  assert.equal(attributionHeadline({ text, entities: [ent], quotes: [{ ...q, kind: 'direct' }], acronyms: new Map() }), null);
});

test('dates go whole from a compressed headline: a part of the day, a day before its month, its zone, "back in"', () => {
  const h = (text: string) => compressHeadline({ text, entities: [], quotes: [], acronyms: new Map() });
  assert.equal(h('General Motors admitted Thursday night that the loss could swell further.'), 'General Motors admitted that the loss could swell further');
  assert.equal(h('Hackers attacked the Tokyo exchange on 10 November, Japanese time.'), 'Hackers attacked the Tokyo exchange');
  assert.equal(h('Hackers attacked the Tokyo exchange at 10:00 local time.'), 'Hackers attacked the Tokyo exchange');
  assert.equal(h('The space agency lost the shuttle Columbia back in 2003 over Texas.'), 'The space agency lost the shuttle Columbia over Texas');
});
