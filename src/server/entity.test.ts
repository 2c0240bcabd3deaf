// Entity page and JSON over articles annotated by the real nlp stage: quotes grouped by stance, aliases,
// roles with the article they came from, stories, and a short name from another article resolving to the
// same entity. The texts are invented for this test.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseHTML } from 'linkedom';
import { annotate } from '../nlp/annotate.ts';
import { openSqliteStore } from '../store/sqlite/sqlite-store.ts';
import type { Store } from '../store/store.ts';
import { createApp } from './app.ts';

const ARTICLES = [
  {
    id: 'v1',
    url: 'https://courier.example/ceasefire',
    title: 'Minister doubts ceasefire',
    source: 'Northern Courier',
    published: '2024-06-01T08:00:00Z',
    text:
      'Defence Minister Ilse Varga warned that the ceasefire would not hold. She denied that troops had crossed the border.\n\n' +
      '"We will not be intimidated by anyone," Varga said.',
    story: 'st-ceasefire',
  },
  {
    // Only the short name here: the entity must still be the one from the first article.
    id: 'v2',
    url: 'https://ledger.example/budget',
    title: 'Budget vote delayed',
    source: 'Capital Ledger',
    published: '2024-06-03T08:00:00Z',
    text: 'Speaking in parliament, Ms Varga urged the council to approve the new defence budget before the summer recess.',
    story: 'st-budget',
  },
];

async function world(): Promise<Store> {
  const store = await openSqliteStore(':memory:');
  for (const a of ARTICLES) {
    await store.addArticle({ id: a.id, url: a.url, title: a.title, source: a.source, published: a.published, text: a.text });
    await store.assignStory(a.id, a.story);
    await store.saveAnnotation(a.id, annotate({ id: a.id, text: a.text }));
  }
  return store;
}

interface EntityJson {
  canonical: string;
  type: string;
  aliases: string[];
  roles: { role: string; articles: number; articleId: string; title: string | null }[];
  stories: { id: string; headline: string }[];
  quotes: { text: string; stance: string; cue: string; articleId: string; title: string | null }[];
  stances: { stance: string; label: string; count: number }[];
}

test('entity JSON: quotes from every article labelled by stance, aliases, roles with their article, stories', async () => {
  const store = await world();
  const app = createApp({ store });
  const r = await app.request('/api/entities/Ilse%20Varga');
  assert.equal(r.status, 200);
  const e = (await r.json()) as EntityJson;
  assert.equal(e.canonical, 'Ilse Varga');
  assert.equal(e.type, 'PERSON');
  assert.ok(e.aliases.includes('Varga'), `aliases ${JSON.stringify(e.aliases)}`);
  assert.deepEqual(
    e.roles.map((x) => [x.role.toLowerCase(), x.articleId, x.title]),
    [['defence minister', 'v1', 'Minister doubts ceasefire']],
  );
  assert.deepEqual(e.stories.map((s) => s.id).sort(), ['st-budget', 'st-ceasefire']);
  const byStance = Object.fromEntries(e.quotes.map((q) => [q.stance, q]));
  assert.match(byStance.warns.text, /ceasefire would not hold/);
  assert.match(byStance.denies.text, /troops had crossed the border/);
  assert.match(byStance.urges.text, /approve the new defence budget/);
  assert.equal(byStance.urges.articleId, 'v2', 'the short name in another article is the same person');
  assert.match(byStance.says.text, /We will not be intimidated/);
  assert.deepEqual(
    e.stances.map((s) => [s.stance, s.count]),
    [
      ['warns', 1],
      ['denies', 1],
      ['urges', 1],
      ['says', 1],
    ],
    'strongest reactions first, neutral reporting last',
  );
  assert.equal(e.stances[0].label, 'Warns or threatens');
  await store.close();
});

test('entity page: reachable by the short name, quotes grouped under stance headings, roles link their article', async () => {
  const store = await world();
  const app = createApp({ store });
  for (const path of ['/entities/Ilse%20Varga', '/entities/Varga']) {
    const r = await app.request(path);
    assert.equal(r.status, 200, path);
    const doc = parseHTML(await r.text()).document;
    assert.equal(doc.querySelector('h1')!.textContent, 'Ilse Varga', path);
    assert.match(doc.querySelector('p')!.parentElement!.textContent ?? '', /Also named:[^R]*\bVarga\b/);
    const roleLink = doc.querySelector('a[href="/articles/v1"][title="Minister doubts ceasefire"]');
    assert.ok(roleLink, 'the role links the article it came from');
    const headings = [...doc.querySelectorAll('section.stance h3')].map((h) => h.textContent);
    assert.deepEqual(headings, ['Warns or threatens', 'Denies or rejects', 'Urges or demands', 'Says']);
    const warns = doc.querySelector('#stance-warns')!;
    assert.match(warns.querySelector('blockquote')!.textContent ?? '', /ceasefire would not hold/);
    assert.match(warns.querySelector('blockquote .meta')!.textContent ?? '', /warned · Minister doubts ceasefire · Northern Courier/);
    assert.match(doc.querySelector('#stance-says blockquote')!.textContent ?? '', /“We will not be intimidated by anyone”/);
    assert.match(doc.querySelector('#stance-urges blockquote')!.textContent ?? '', /Budget vote delayed · Capital Ledger/);
    assert.ok(doc.querySelector('a[href="#stance-denies"]'), 'the stance summary links each group');
    assert.ok(doc.querySelector('a[href="/stories/st-budget"]') && doc.querySelector('a[href="/stories/st-ceasefire"]'));
  }
  assert.equal((await app.request('/entities/Nobody%20Here')).status, 404);
  await store.close();
});
