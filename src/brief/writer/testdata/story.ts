// A small hand-written story (two articles, invented town) and its extractive brief, with the rewrites a
// writer model might send back: one faithful, and ones that slip in something no source says.
import type { Brief, BriefArticle, BriefSentence } from '../../../types.ts';
import type { RewrittenBrief } from '../prompt.ts';

const A1 =
  'A winter storm flooded the harbour district of Port Ellery on Tuesday, halting ferry service to the outer islands. ' +
  'Harbour master Lena Okafor said the water rose faster than forecast. Forty homes were evacuated.';
const A2 =
  'The town council estimated that repairs to the harbour wall will cost about 4 million euros. ' +
  'Council leader Tomas Reyes called the damage "the worst in a generation" and said the town would ask the national government for emergency funds.';

function sentencesOf(text: string) {
  const out: { start: number; end: number; text: string }[] = [];
  for (const m of text.matchAll(/[^.]+\./g)) {
    const lead = m[0].length - m[0].trimStart().length;
    out.push({ start: m.index + lead, end: m.index + m[0].length, text: m[0].trim() });
  }
  return out;
}

export const articles: BriefArticle[] = [
  {
    id: 'a1',
    title: 'Storm floods Port Ellery harbour',
    text: A1,
    published: '2031-03-12',
    source: 'Coastal Wire',
    annotation: { id: 'a1', sentences: sentencesOf(A1), entities: [], quotes: [] },
  },
  {
    id: 'a2',
    title: 'Repair bill estimated',
    text: A2,
    published: '2031-03-14',
    source: 'Island Herald',
    annotation: { id: 'a2', sentences: sentencesOf(A2), entities: [], quotes: [] },
  },
];

const cite = (a: number, s: number) => {
  const x = articles[a].annotation.sentences[s];
  return { articleId: articles[a].id, start: x.start, end: x.end };
};
const said = (text: string, ...cites: [number, number][]): BriefSentence => ({ text, citations: cites.map(([a, s]) => cite(a, s)) });

/** Source numbering the prompt gives, in reading order: [1] a1 s0, [2] a1 s2, [3] a2 s0, [4] a2 s1, [5] a1 s1. */
export function extractiveBrief(): Brief {
  return {
    headline: said('Storm floods Port Ellery harbour', [0, 0]),
    lead: [
      // The extractive writer anchors relative dates; the anchored form is grounding material too.
      said('A winter storm flooded the harbour district of Port Ellery on Tuesday (March 11), halting ferry service to the outer islands.', [0, 0]),
      said('Forty homes were evacuated.', [0, 2]),
    ],
    developments: [
      {
        headline: said('Harbour wall repairs to cost about 4 million euros', [1, 0]),
        sentences: [said(articles[1].annotation.sentences[0].text, [1, 0]), said(articles[1].annotation.sentences[1].text, [1, 1])],
        date: '2031-03-14',
        articleIds: ['a2'],
      },
      {
        headline: said('Water rose faster than forecast', [0, 1]),
        sentences: [said(articles[0].annotation.sentences[1].text, [0, 1])],
        date: '2031-03-12',
        articleIds: ['a1'],
      },
    ],
    timeline: [{ date: '2031-03-11', text: 'Storm floods the harbour district', citations: [cite(0, 0)] }],
    coverage: [
      { source: 'Coastal Wire', articles: 1, first: '2031-03-12' },
      { source: 'Island Herald', articles: 1, first: '2031-03-14' },
    ],
    people: [
      { name: 'Lena Okafor', role: 'Harbour master' },
      { name: 'Tomas Reyes', role: 'Council leader' },
    ],
  };
}

export function faithfulRewrite(): RewrittenBrief {
  return {
    headline: { text: 'Storm floods Port Ellery harbour district, halting ferries', sources: [1] },
    lead: [{ text: 'A winter storm flooded the Port Ellery harbour district on Tuesday (March 11), and forty homes were evacuated.', sources: [1, 2] }],
    developments: [
      {
        headline: { text: 'Harbour wall repairs put at 4 million euros', sources: [3] },
        sentences: [
          { text: 'The town council expects repairs to the harbour wall to cost about 4 million euros.', sources: [3] },
          {
            text: 'Council leader Tomas Reyes called the damage "the worst in a generation" and will ask the national government for emergency funds.',
            sources: [4],
          },
        ],
      },
      {
        headline: { text: 'Water rose faster than forecast', sources: [5] },
        sentences: [{ text: 'According to harbour master Lena Okafor, the water rose faster than forecast.', sources: [5] }],
      },
    ],
  };
}

/** The faithful rewrite with one sentence replaced (development 1, sentence 2 unless told otherwise). */
export function withSentence(text: string, sources: number[], dev = 0, index = 1): RewrittenBrief {
  const r = faithfulRewrite();
  r.developments[dev].sentences[index] = { text, sources };
  return r;
}
