// The outbound feeds, read as a feed reader and a validator would: Atom parsed by a strict XML parser and
// checked against RFC 4287's required elements, JSON Feed 1.1's required fields, and the same entry id
// for a story across brief versions.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { JSDOM } from 'jsdom';
import { seededApp } from '../testdata/harness.ts';
import { RFC3339, checkAtomRules, one, parseAtom } from '../testdata/atom.ts';
import { BRIDGE, HOSTILE, bridgeBrief, sentenceCite } from '../testdata/seed.ts';

test('the Atom feed is well-formed, follows RFC 4287, and each entry is the brief with its citations as links', async () => {
  const { app } = await seededApp();
  const res = await app.request('/feeds/stories.atom');
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type')!, /^application\/atom\+xml/);
  const entries = checkAtomRules(parseAtom(await res.text()));
  // Only the bridge story has a brief.
  assert.equal(entries.length, 1);
  const e = entries[0];
  assert.equal(one(e, 'title').textContent, bridgeBrief().headline.text);
  assert.equal(one(e, 'link').getAttribute('href'), `http://localhost/stories/${BRIDGE}`);
  const html = new JSDOM(one(e, 'content').textContent!).window.document;
  const cites = [...html.querySelectorAll('a')].map((a) => a.getAttribute('href')!);
  const a2 = sentenceCite('a2', 1);
  assert.ok(cites.includes(`http://localhost/articles/a2#s-${a2.start}-${a2.end}`), 'a sentence links to the sentence it cites');
  assert.ok(cites.includes('https://citywire.example/bridge-cost'), 'the source list links the original article');
  assert.match(html.body.textContent!, /Finance officer Leo Brandt warned that the budget leaves little margin\. \[2\]/);
});

test('an entry keeps its id while the story grows; updated and content follow the new brief', async () => {
  const { app, store } = await seededApp();
  const before = checkAtomRules(parseAtom(await (await app.request('/feeds/stories.atom')).text()))[0];
  await new Promise((r) => setTimeout(r, 5));
  await store.saveBrief(BRIDGE, { ...bridgeBrief(), headline: { text: 'Harbour bridge approved as residents protest', citations: [sentenceCite('a3', 0)] } });
  const after = checkAtomRules(parseAtom(await (await app.request('/feeds/stories.atom')).text()))[0];
  assert.equal(one(after, 'id').textContent, one(before, 'id').textContent);
  assert.equal(one(after, 'title').textContent, 'Harbour bridge approved as residents protest');
  assert.ok(one(after, 'updated').textContent! > one(before, 'updated').textContent!);
});

test('hostile text stays text in Atom and JSON Feed, and a javascript: source address is not linked', async () => {
  const { app, store } = await seededApp();
  const evil = '<script>alert("x")</script> & <b>bold</b>\u0001';
  await store.saveBrief(HOSTILE, {
    ...bridgeBrief(),
    headline: { text: evil, citations: [{ articleId: 'evil', start: 0, end: 5 }] },
    lead: [{ text: evil, citations: [{ articleId: 'evil', start: 0, end: 5 }] }],
    developments: [],
  });
  const xml = await (await app.request('/feeds/stories.atom')).text();
  const entries = checkAtomRules(parseAtom(xml));
  const hostile = entries.find((e) => one(e, 'title').textContent!.includes('<script>'))!;
  assert.equal(one(hostile, 'title').textContent, evil.replace('\u0001', ''), 'the title reads as the text it is, minus a character XML cannot carry');
  const html = new JSDOM(one(hostile, 'content').textContent!).window.document;
  assert.equal(html.querySelectorAll('script, b, img').length, 0, 'no markup from the brief text survives as elements');
  const feed = (await (await app.request('/feeds/stories.json')).json()) as { items: { title: string; content_html: string }[] };
  const item = feed.items.find((i) => i.title.startsWith('<script>'))!;
  const jhtml = new JSDOM(item.content_html).window.document;
  assert.equal(jhtml.querySelectorAll('script, b, img').length, 0);
  assert.ok(![...jhtml.querySelectorAll('a')].some((a) => /^javascript:/i.test(a.getAttribute('href')!)));
});

test('the JSON Feed is version 1.1 with the same stable ids as the Atom entries', async () => {
  const { app } = await seededApp();
  const res = await app.request('/feeds/stories.json');
  assert.match(res.headers.get('content-type')!, /^application\/feed\+json/);
  const feed = (await res.json()) as {
    version: string;
    title: string;
    feed_url: string;
    items: { id: string; url: string; title: string; content_html: string; date_modified: string }[];
  };
  assert.equal(feed.version, 'https://jsonfeed.org/version/1.1');
  assert.ok(feed.title);
  assert.equal(feed.feed_url, 'http://localhost/feeds/stories.json');
  const atom = checkAtomRules(parseAtom(await (await app.request('/feeds/stories.atom')).text()));
  assert.deepEqual(
    feed.items.map((i) => i.id),
    atom.map((e) => one(e, 'id').textContent),
  );
  for (const i of feed.items) {
    assert.ok(i.id && i.content_html && i.url.startsWith('http://localhost/stories/'));
    assert.match(i.date_modified, RFC3339);
  }
});
