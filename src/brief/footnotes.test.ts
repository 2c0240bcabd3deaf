import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Brief } from '../types.ts';
import { Footnotes, lookupIn, markdownMarker, sourceLine } from './footnotes.ts';
import { renderMarkdown } from './render.ts';

const a1 = {
  id: 'wn_999290a32cf5',
  title: 'Council approves harbour bridge',
  sourceName: 'Harbour Gazette',
  published: '2024-05-01T09:00:00Z',
  fetched: '2024-05-02T00:00:00Z',
  url: 'https://gazette.example/bridge',
};
const a2 = { id: 'a2', title: 'Cost rises!', sourceName: null, published: null, fetched: '2024-05-03T10:00:00Z', url: null };

function brief(): Brief {
  const c = (articleId: string, start: number) => ({ articleId, start, end: start + 10 });
  return {
    headline: { text: 'Bridge approved', citations: [c('wn_999290a32cf5', 0)] },
    lead: [{ text: 'The council voted.', citations: [c('wn_999290a32cf5', 20), c('a2', 0)] }],
    developments: [
      {
        headline: { text: 'Costs', citations: [c('a2', 30)] },
        sentences: [{ text: 'It costs more.', citations: [c('ghost', 5)] }],
        date: '2024-05-03',
        articleIds: ['a2'],
      },
    ],
    timeline: [],
    coverage: [],
    people: [],
  };
}

test('a note names the title, outlet, date and address, with what the source lacks left out', () => {
  assert.equal(
    sourceLine({ title: 'Council approves harbour bridge', outlet: 'Harbour Gazette', date: '2024-05-01T09:00:00Z', url: 'https://gazette.example/bridge' }),
    'Council approves harbour bridge. Harbour Gazette, 2024-05-01. https://gazette.example/bridge',
  );
  assert.equal(sourceLine({ title: 'Cost rises!', outlet: null, date: '2024-05-03T10:00:00Z', url: null }), 'Cost rises. 2024-05-03.');
});

test('markdown footnotes: one per cited article in order of first citation; an unknown article keeps its span', () => {
  const md = renderMarkdown(brief(), lookupIn([a1, a2]));
  assert.match(md, /^# Bridge approved\[\^1\]\n\nThe council voted\.\[\^1\]\[\^2\]\n/);
  assert.match(md, /## Costs\[\^2\] \(2024-05-03\)\n\nIt costs more\.\[\^3\]/);
  const notes = md.split('\n').filter((l) => l.startsWith('[^'));
  assert.deepEqual(notes, [
    '[^1]: Council approves harbour bridge. Harbour Gazette, 2024-05-01. https://gazette.example/bridge',
    '[^2]: Cost rises. 2024-05-03.',
    '[^3]: ghost, characters 5-15',
  ]);
  assert.doesNotMatch(md, /wn_999290a32cf5/);
  // Without sources (summarize over a file) every span is its own note, as before.
  assert.match(renderMarkdown(brief()), /\[\^1\]: wn_999290a32cf5, characters 0-10\n\[\^2\]: wn_999290a32cf5, characters 20-30\n/);
});

test('notes are shared across renderings that pass one Footnotes', () => {
  const notes = new Footnotes(lookupIn([a1]));
  assert.equal(notes.mark(brief().headline, markdownMarker), 'Bridge approved[^1]');
  assert.equal(notes.mark(brief().lead[0], markdownMarker), 'The council voted.[^1][^2]');
  assert.deepEqual(
    notes.list().map((n) => Footnotes.text(n)),
    ['Council approves harbour bridge. Harbour Gazette, 2024-05-01. https://gazette.example/bridge', 'a2, characters 0-10'],
  );
});
