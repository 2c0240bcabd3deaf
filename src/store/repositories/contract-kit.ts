// What every repository contract shares: a test per case on a fresh, migrated, empty store from the
// adapter's factory (closed afterwards), and the sample rows the cases store. A repository's cases reach
// the other repositories only to set up the rows they need (an article before its annotation, say).
import { test } from 'node:test';
import type { Brief } from '../../types.ts';
import type { Store, NewArticle } from '../store.ts';

export type MakeStore = () => Promise<Store>;

/** Registers `title` as a test (named after the adapter) running `fn` on a fresh store. */
export function contractCase(name: string, makeStore: MakeStore): (title: string, fn: (s: Store) => Promise<void>) => void {
  return (title, fn) =>
    test(`${name}: ${title}`, async () => {
      const s = await makeStore();
      try {
        await fn(s);
      } finally {
        await s.close();
      }
    });
}

export function article(id: string, over: Partial<NewArticle> = {}): NewArticle {
  return {
    id,
    url: `https://news.example/${id}`,
    title: `Title of ${id}`,
    text: `Body text of ${id}. It has two sentences.`,
    published: '2024-05-01',
    source: 'Example News',
    ...over,
  };
}

export function brief(headline: string, lead = 'Lead sentence about the harbour bridge.'): Brief {
  const cite = [{ articleId: 'a1', start: 0, end: 10 }];
  return {
    headline: { text: headline, citations: cite },
    lead: [{ text: lead, citations: cite }],
    developments: [
      {
        headline: { text: 'Council votes', citations: cite },
        sentences: [{ text: 'The council voted nine to two.', citations: cite }],
        date: '2024-05-01',
        articleIds: ['a1'],
      },
    ],
    timeline: [],
    coverage: [{ source: 'Example News', articles: 1, first: '2024-05-01' }],
    people: [{ name: 'Mara Quinn', role: 'mayor' }],
  };
}

export const sig = (...xs: number[]) => Uint32Array.from(xs);
