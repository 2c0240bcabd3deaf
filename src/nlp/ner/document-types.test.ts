import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { EntityType } from '../../types.ts';
import { settleDocumentTypes, type DocMention } from './document-types.ts';

/** Mentions of `text` at the given phrases (each occurrence, in order), typed as given. */
function mentionsOf(text: string, spans: [string, EntityType, string?][]): DocMention[] {
  const out: DocMention[] = [];
  let from = 0;
  for (const [phrase, type, role] of spans) {
    const start = text.indexOf(phrase, from);
    assert.ok(start >= 0, phrase);
    out.push({ start, end: start + phrase.length, type, role: role ?? null });
    from = start + phrase.length;
  }
  return out;
}
const names = new Set(['condoleezza', 'rice', 'doris', 'day']);
const settle = (text: string, spans: [string, EntityType, string?][]) =>
  settleDocumentTypes(text, mentionsOf(text, spans), { knownPersonWord: (l) => names.has(l) }).map((m) => [text.slice(m.start, m.end), m.type]);

test('a one-word name never introduced in full, unknown as a name, silent and without a role is not a person', () => {
  const text = 'Searches on Google, Bing, and Yahoo rose. Li Wei spoke. Sergey said it worked. Later Sergey left.';
  assert.deepEqual(
    settle(text, [
      ['Google', 'ORG'],
      ['Bing', 'PERSON'],
      ['Yahoo', 'ORG'],
      ['Li Wei', 'PERSON'],
      ['Sergey', 'PERSON'],
      ['Sergey', 'PERSON'],
    ]),
    [
      ['Google', 'ORG'],
      ['Bing', 'MISC'],
      ['Yahoo', 'ORG'],
      ['Li Wei', 'PERSON'],
      ['Sergey', 'PERSON'],
      ['Sergey', 'PERSON'],
    ],
  );
  // Introduced in full, or a known surname, or with a role: a person.
  const t2 = 'Condoleezza Rice arrived. Rice spoke first. Later Mendes left, and the minister Okafor stayed.';
  assert.deepEqual(
    settle(t2, [
      ['Condoleezza Rice', 'PERSON'],
      ['Rice', 'PERSON'],
      ['Mendes', 'PERSON'],
      ['Okafor', 'PERSON', 'minister'],
    ]),
    [
      ['Condoleezza Rice', 'PERSON'],
      ['Rice', 'PERSON'],
      ['Mendes', 'MISC'],
      ['Okafor', 'PERSON'],
    ],
  );
});

test('a word or phrase takes the reading the document gives it most', () => {
  const text = 'Typhoon Haiyan struck. Haiyan left. Doris Day sang on Doris Day Show and Doris Day danced.';
  assert.deepEqual(
    settle(text, [
      ['Typhoon Haiyan', 'MISC'],
      ['Haiyan', 'PERSON'],
      ['Doris Day', 'PERSON'],
      ['Doris Day', 'MISC'],
      ['Doris Day', 'PERSON'],
    ]),
    [
      ['Typhoon Haiyan', 'MISC'],
      ['Haiyan', 'MISC'],
      ['Doris Day', 'PERSON'],
      ['Doris Day', 'MISC'],
      ['Doris Day', 'PERSON'],
    ],
  );
});

test('an acronym defined in brackets is what its definition is, and nothing when that is no name', () => {
  const text = 'claims over the exclusive economic zone (EEZ) grew; the EEZ is wide. The World Health Organization (WHO) met.';
  assert.deepEqual(
    settle(text, [
      ['EEZ', 'ORG'],
      ['EEZ', 'ORG'],
      ['World Health Organization', 'ORG'],
      ['WHO', 'ORG'],
    ]),
    [
      ['World Health Organization', 'ORG'],
      ['WHO', 'ORG'],
    ],
  );
  const t2 = 'a take-down notice under the Digital Millennium Copyright Act (DMCA) arrived.';
  assert.deepEqual(
    settle(t2, [
      ['Digital Millennium Copyright Act', 'MISC'],
      ['DMCA', 'ORG'],
    ]),
    [
      ['Digital Millennium Copyright Act', 'MISC'],
      ['DMCA', 'MISC'],
    ],
  );
});
