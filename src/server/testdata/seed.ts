// A small, hand-written news world for the server tests: one story with a brief citing its articles,
// a story merged into it, a story whose article carries hostile markup in every field, and optional
// filler stories for pagination. The texts are invented for these tests.
import type { Annotation, Brief, BriefSentence, Citation, EntityMention, Quote } from '../../types.ts';
import type { Store } from '../../store/store.ts';
import { splitSentences } from '../../nlp/sentences.ts';

export const BRIDGE = 'st-bridge';
export const MERGED = 'st-old';
export const HOSTILE = 'st-fire';
export const HOSTILE_TITLE = '<script>alert("x")</script> Fire at the <b>depot</b>';

export const ARTICLES = {
  a1: {
    id: 'a1',
    url: 'https://gazette.example/bridge-vote',
    title: 'Council approves harbour bridge',
    source: 'Harbour Gazette',
    published: '2024-05-01T09:00:00Z',
    text:
      'The city council approved the new harbour bridge on Tuesday. Mayor Mara Quinn said the vote "ends ten years of waiting".\n\n' +
      'Construction is expected to start in the autumn. The bridge will carry trams and bicycles.',
  },
  a2: {
    id: 'a2',
    url: 'https://citywire.example/bridge-cost',
    title: 'Harbour bridge cost rises to 410 million',
    source: 'City Wire',
    published: '2024-05-03T12:30:00Z',
    text:
      'The estimated cost of the harbour bridge has risen to 410 million. Finance officer Leo Brandt warned that the budget leaves little margin. ' +
      'Mara Quinn, the mayor, denied that the project was in trouble.',
  },
  a3: {
    id: 'a3',
    url: 'https://gazette.example/bridge-protest',
    title: 'Residents protest bridge route',
    source: 'Harbour Gazette',
    published: '2024-05-04T08:00:00Z',
    text: 'Several hundred residents marched against the planned bridge route on Saturday. Organisers said the route cuts through a park.',
  },
  old1: {
    id: 'old1',
    url: 'https://citywire.example/bridge-plans',
    title: 'Bridge plans go to council',
    source: 'City Wire',
    published: '2024-04-28T10:00:00Z',
    text: 'Plans for a harbour bridge go before the council next week. A vote is expected on Tuesday.',
  },
  evil: {
    id: 'evil',
    url: 'javascript:alert(1)',
    title: HOSTILE_TITLE,
    source: '<img src=x onerror=alert(2)>',
    published: '2024-05-02T07:00:00Z',
    text: 'A fire broke out at the tram depot <script>alert(3)</script> overnight. Nobody was hurt.',
  },
} as const;

type Key = keyof typeof ARTICLES;

/** A citation of the n-th sentence (0-based) of an article, with its exact offsets. */
export function sentenceCite(key: Key, n: number): Citation {
  const s = splitSentences(ARTICLES[key].text)[n];
  if (!s) throw new Error(`seed: ${key} has no sentence ${n}`);
  return { articleId: ARTICLES[key].id, start: s.start, end: s.end };
}

function span(key: Key, needle: string): { start: number; end: number } {
  const start = ARTICLES[key].text.indexOf(needle);
  if (start < 0) throw new Error(`seed: "${needle}" not in ${key}`);
  return { start, end: start + needle.length };
}

function mention(key: Key, text: string, type: EntityMention['type'], canonical: string, role: string | null = null): EntityMention {
  return { ...span(key, text), text, type, canonical, role };
}

function annotation(key: Key, entities: EntityMention[], quotes: Quote[] = []): Annotation {
  return { id: ARTICLES[key].id, sentences: splitSentences(ARTICLES[key].text), entities, quotes };
}

const bs = (text: string, ...citations: Citation[]): BriefSentence => ({ text, citations });

export function bridgeBrief(): Brief {
  return {
    headline: bs('Council approves harbour bridge as costs rise', sentenceCite('a1', 0)),
    lead: [
      bs('The city council approved the new harbour bridge.', sentenceCite('a1', 0)),
      bs('The estimated cost has since risen to 410 million.', sentenceCite('a2', 0), sentenceCite('a1', 2)),
    ],
    developments: [
      {
        headline: bs('Costs rise', sentenceCite('a2', 0)),
        sentences: [
          bs('Finance officer Leo Brandt warned that the budget leaves little margin.', sentenceCite('a2', 1)),
          // Cites part of a sentence, not a whole one: the article page must still anchor it.
          bs('Mara Quinn denied that the project was in trouble.', { articleId: 'a2', ...span('a2', 'denied that the project was in trouble') }),
        ],
        date: '2024-05-03',
        articleIds: ['a2'],
      },
      {
        headline: bs('Residents protest', sentenceCite('a3', 0)),
        sentences: [bs('Several hundred residents marched against the planned route.', sentenceCite('a3', 0))],
        date: '2024-05-04',
        articleIds: ['a3'],
      },
    ],
    timeline: [
      { date: '2024-05-01', text: 'Council approves the bridge.', citations: [sentenceCite('a1', 0)] },
      { date: '2024-05-04', text: 'Residents march against the route.', citations: [sentenceCite('a3', 0)] },
    ],
    coverage: [
      { source: 'City Wire', articles: 2, first: '2024-04-28T10:00:00Z' },
      { source: 'Harbour Gazette', articles: 2, first: '2024-05-01T09:00:00Z' },
    ],
    people: [
      { name: 'Mara Quinn', role: 'mayor' },
      { name: 'Leo Brandt', role: 'finance officer' },
    ],
  };
}

async function add(store: Store, key: Key, storyId: string, ann: Annotation | null): Promise<void> {
  const a = ARTICLES[key];
  await store.addArticle({ id: a.id, url: a.url, title: a.title, text: a.text, published: a.published, source: a.source });
  if (ann) await store.saveAnnotation(a.id, ann);
  await store.assignStory(a.id, storyId);
}

/** Seeds the store; `filler` adds that many one-article stories (for pagination). */
export async function seed(store: Store, opts: { filler?: number } = {}): Promise<void> {
  const quinnQuote: Quote = {
    ...span('a1', 'ends ten years of waiting'),
    text: 'ends ten years of waiting',
    speaker: 'Mara Quinn',
    speakerStart: span('a1', 'Mara Quinn').start,
    speakerEnd: span('a1', 'Mara Quinn').end,
    cue: 'said',
    kind: 'direct',
    stance: 'says',
  };
  await add(store, 'a1', BRIDGE, annotation('a1', [mention('a1', 'Mara Quinn', 'PERSON', 'Mara Quinn', 'Mayor')], [quinnQuote]));
  await add(
    store,
    'a2',
    BRIDGE,
    annotation('a2', [mention('a2', 'Leo Brandt', 'PERSON', 'Leo Brandt', 'Finance officer'), mention('a2', 'Mara Quinn', 'PERSON', 'Mara Quinn', 'mayor')]),
  );
  // No annotation: the article page must fall back to splitting sentences itself.
  await add(store, 'a3', BRIDGE, null);
  await add(store, 'old1', MERGED, annotation('old1', []));
  await store.mergeStories(MERGED, BRIDGE);
  await store.saveBrief(BRIDGE, { ...bridgeBrief(), headline: bs('Council set to approve harbour bridge', sentenceCite('a1', 0)) });
  await store.saveBrief(BRIDGE, bridgeBrief());
  await add(store, 'evil', HOSTILE, annotation('evil', []));
  for (let i = 0; i < (opts.filler ?? 0); i++) {
    const id = `f${i}`;
    await store.addArticle({
      id,
      title: `Filler story number ${i}`,
      text: `Filler article ${i} for paging. It has nothing else to say.`,
      published: `2023-01-${String((i % 28) + 1).padStart(2, '0')}`,
      source: 'Filler Times',
    });
    await store.assignStory(id, `st-f${i}`);
  }
}
