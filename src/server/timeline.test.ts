import { test } from 'node:test';
import assert from 'node:assert/strict';
import { timelineOf, type CitedText } from './timeline.ts';
import { citationKey } from './views.ts';
import type { BriefSentence, Citation } from '../types.ts';

/** A tiny world: article id -> [published, text]; a citation covers the whole text. */
function world(arts: Record<string, [string | null, string]>) {
  const cite = (id: string): Citation => ({ articleId: id, start: 0, end: arts[id][1].length });
  const byKey = new Map<string, CitedText>(Object.entries(arts).map(([id, [published, text]]) => [citationKey(cite(id)), { published, text }]));
  const s = (text: string, ...ids: string[]): BriefSentence => ({ text, citations: ids.map(cite) });
  return { s, cited: (c: Citation) => byKey.get(citationKey(c)) };
}

test('timeline: events under the day their source gives, planned ones marked, undated developments under their report', () => {
  const { s, cited } = world({
    a: ['2019-10-08', 'Trump announced late on Sunday that troops would leave.'],
    b: ['2019-10-08', 'The president will meet Erdogan on Wednesday, officials said.'],
    c: ['2019-10-09', 'Troops began to pack up equipment.'],
    d: [null, 'Yesterday the talks ended.'],
  });
  const rows = timelineOf(
    {
      lead: [s('Trump said the troops would leave.', 'a')],
      developments: [
        { headline: s('Talks planned', 'b'), sentences: [s('A meeting with Erdogan is set.', 'b')], date: '2019-10-08', articleIds: ['b'] },
        { headline: s('Troops pack up', 'c'), sentences: [s('Troops began to pack up.', 'c')], date: '2019-10-09', articleIds: ['c'] },
        // The same source sentence as the lead's: one event, not two.
        { headline: s('Withdrawal announced', 'a'), sentences: [s('Troops would leave, Trump announced.', 'a')], date: '2019-10-08', articleIds: ['a'] },
        // No article date to resolve "yesterday" against, none to report under: left out.
        { headline: s('Talks end', 'd'), sentences: [s('The talks ended.', 'd')], date: null, articleIds: ['d'] },
      ],
    },
    cited,
  );
  assert.deepEqual(
    rows.map((r) => [r.date, r.dating, r.said, r.sentence.text]),
    [
      ['2019-10-06', 'event', 'Sunday', 'Trump said the troops would leave.'],
      ['2019-10-09', 'planned', 'Wednesday', 'A meeting with Erdogan is set.'],
      ['2019-10-09', 'reported', null, 'Troops pack up'],
    ],
  );
});

test('timeline: a deadline is planned on the day it falls, whatever the tense of the report', () => {
  const { s, cited } = world({
    // Wednesday 5 June 2024.
    a: ['2024-06-05', 'The council was ordered to publish the report by Friday, the judge said.'],
    b: ['2024-06-05', 'Officers had finished searching the house by Monday.'],
  });
  const rows = timelineOf(
    {
      lead: [],
      developments: [
        { headline: s('Report due', 'a'), sentences: [s('The council must publish the report.', 'a')], date: '2024-06-05', articleIds: ['a'] },
        { headline: s('Search over', 'b'), sentences: [s('Officers finished the search.', 'b')], date: '2024-06-05', articleIds: ['b'] },
      ],
    },
    cited,
  );
  assert.deepEqual(
    rows.map((r) => [r.date, r.dating, r.said, r.sentence.text]),
    [
      ['2024-06-03', 'event', 'Monday', 'Officers finished the search.'],
      ['2024-06-07', 'planned', 'Friday', 'The council must publish the report.'],
    ],
  );
});
