import { test } from 'node:test';
import assert from 'node:assert/strict';
import { StoryClusterer } from './stream.ts';
import { ageKeys, streetKeys } from './particulars.ts';
import { annotate } from '../nlp/annotate.ts';
import type { ClusterDoc } from '../types.ts';

type Gold = ClusterDoc & { gold: string };

// A company's product events years apart: every report shares the company, its chief executive, the
// product line and the launch vocabulary, as WWDC 2005, the iPod nano, the first iPhone and the iPhone 4
// did in the demo corpus. Each event has a follow-up a few days later that must stay with it.
const launches: Gold[] = [
  [
    '2005-06-06',
    'Orchard chief Ada Brennan opens developer conference in San Jose',
    'Orchard Computer chief executive Ada Brennan opened the annual developer conference in San Jose on Monday, telling developers that the company will move its Pulse desktops to new processors next year. Brennan showed the Pulse software running on the new chips and said developers would get test machines this month.',
    'dev2005',
  ],
  [
    '2005-06-09',
    'Developers react to Orchard processor switch',
    'Developers at the Orchard Computer conference in San Jose said on Thursday that the switch of Pulse desktops to new processors announced by chief executive Ada Brennan would mean months of work. Brennan said on Monday the test machines ship this month.',
    'dev2005',
  ],
  [
    '2007-01-09',
    'Orchard unveils Pulse phone',
    'Orchard Computer chief executive Ada Brennan unveiled the Pulse phone in San Francisco on Tuesday, a touch-screen handset that plays music and browses the web. Brennan said the phone will go on sale in June for 499 dollars with a two-year contract.',
    'phone2007',
  ],
  [
    '2007-01-12',
    'Carrier confirms deal for Orchard Pulse phone',
    'A mobile carrier confirmed on Friday that it will be the only network for the Pulse phone that Orchard Computer chief executive Ada Brennan unveiled on Tuesday. The phone goes on sale in June for 499 dollars.',
    'phone2007',
  ],
  [
    '2010-06-07',
    'Orchard unveils Pulse phone 4 at developer conference',
    'Orchard Computer chief executive Ada Brennan unveiled the Pulse phone 4 at the developer conference in San Francisco on Monday, with a steel band around the edge as its antenna and a sharper screen. Brennan said the phone goes on sale on June 24 for 199 dollars.',
    'phone2010',
  ],
  [
    '2010-06-16',
    'Orchard swamped by Pulse phone 4 pre-orders',
    'Orchard Computer said on Wednesday it took 600,000 pre-orders for the Pulse phone 4 on the first day, more than it could handle, a week after chief executive Ada Brennan unveiled the phone in San Francisco. The phone goes on sale on June 24.',
    'phone2010',
  ],
].map(([published, title, text, gold], i) => ({ id: `l${i}`, published: `${published}T12:00:00Z`, title, text, gold }));

// Two look-alike shootings reported the same weekend in one city: same words, other street, other victim.
const shootings: Gold[] = [
  [
    '2015-06-01',
    'Man shot dead on Cerise Avenue',
    "A 20-year-old man was shot dead early Saturday in the 13500 block of Cerise Avenue in Hawthorne, sheriff's officials said. The victim, identified as Bernard Gillis, died at the scene. Deputies are looking for a gunman who fled in a dark sedan.",
    'a',
  ],
  [
    '2015-06-01',
    'Teen wounded in shooting on Rosecrans Avenue',
    "A 16-year-old boy was wounded early Sunday on Rosecrans Avenue in Hawthorne, sheriff's officials said. The teen, identified as Marcus Hale, was taken to a hospital in stable condition. Deputies are looking for a gunman who fled on foot.",
    'b',
  ],
  [
    '2015-06-02',
    'Victim of Cerise Avenue shooting named',
    "The man shot dead early Saturday on Cerise Avenue in Hawthorne was Bernard Gillis, 20, the coroner's office said Tuesday. Gillis was shot in the 13500 block of Cerise Avenue. No arrest has been made.",
    'a',
  ],
  [
    '2015-06-03',
    'Police seek gunman in Rosecrans Avenue shooting',
    'Deputies on Wednesday released a sketch of the gunman who wounded Marcus Hale, 16, early Sunday on Rosecrans Avenue in Hawthorne. Hale is recovering.',
    'b',
  ],
].map(([published, title, text, gold], i) => ({ id: `g${i}`, published: `${published}T12:00:00Z`, title, text, gold }));

function storiesOf(docs: Gold[], tag: boolean): Map<string, string> {
  const c = new StoryClusterer();
  const out = new Map<string, string>();
  for (const d of docs) {
    const doc = tag ? { ...d, entities: annotate({ id: d.id, title: d.title, text: d.text }).entities } : d;
    out.set(d.id, c.add(doc).story);
  }
  for (const [k, v] of out) out.set(k, c.resolve(v));
  return out;
}

/** Every gold group in one predicted story, and no predicted story holding two gold groups. */
function assertGroups(docs: Gold[], pred: Map<string, string>, what: string): void {
  const byGold = new Map<string, Set<string>>();
  for (const d of docs) (byGold.get(d.gold) ?? byGold.set(d.gold, new Set()).get(d.gold)!).add(pred.get(d.id)!);
  for (const [g, ss] of byGold) assert.equal(ss.size, 1, `${what}: event ${g} split over ${[...ss]}`);
  const owners = [...byGold.values()].map((ss) => [...ss][0]);
  assert.equal(new Set(owners).size, byGold.size, `${what}: events merged: ${JSON.stringify([...pred])}`);
}

for (const tag of [false, true]) {
  const path = tag ? 'nlp entities' : 'raw text';
  test(`dated model (${path}): product events years apart stay apart, each with its follow-up`, () => {
    assertGroups(launches, storiesOf(launches, tag), path);
  });
  // Known error on the nlp path: the tagger types "Cerise Avenue" as a person, so the two victims' names do
  // not clash, and the shared city outweighs the street and age clashes (p 0.58 against the 0.4 threshold).
  const todo = tag ? 'nlp path: a shared city outweighs the street and age clashes (src/cluster/README.md)' : undefined;
  test(`dated model (${path}): two look-alike shootings the same weekend stay two stories`, { todo }, () => {
    assertGroups(shootings, storiesOf(shootings, tag), path);
  });
}

test('particulars: ages and streets, normalised', () => {
  assert.deepEqual(ageKeys('A 20-year-old man and Jane Doe, 23, were hurt; a 300-year-old oak fell.').sort(), ['a:20', 'a:23']);
  assert.deepEqual(streetKeys('in the 13500 block of Cerise Avenue and on S. Halsted St. near West 52nd Street').sort(), [
    'r:cerise ave',
    'r:s halsted st',
    'r:w 52nd st',
  ]);
  assert.deepEqual(streetKeys('The Street was quiet'), []);
});
