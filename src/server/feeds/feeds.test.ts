// The outbound feeds, read as a feed reader and a validator would: Atom parsed by a strict XML parser and
// checked against RFC 4287's required elements, JSON Feed 1.1's required fields, and the same entry id
// for a story across brief versions.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { JSDOM } from 'jsdom';
import { seededApp } from '../testdata/harness.ts';
import { BRIDGE, HOSTILE, bridgeBrief, sentenceCite } from '../testdata/seed.ts';

const ATOM = 'http://www.w3.org/2005/Atom';
const RFC3339 = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/;

function parseAtom(xml: string): Document {
  // jsdom's XML mode is a conforming parser: a well-formedness error throws.
  const doc = new JSDOM(xml, { contentType: 'application/xml' }).window.document;
  assert.equal(doc.getElementsByTagName('parsererror').length, 0);
  return doc;
}

const kids = (el: Element, name: string) => [...el.children].filter((c) => c.namespaceURI === ATOM && c.localName === name);
const one = (el: Element, name: string) => {
  const found = kids(el, name);
  assert.equal(found.length, 1, `exactly one <${name}> in <${el.localName}>`);
  return found[0];
};

/** RFC 4287's rules a validator checks first (sections 4.1.1 and 4.1.2). */
function checkAtomRules(doc: Document): Element[] {
  const feed = doc.documentElement;
  assert.equal(feed.namespaceURI, ATOM);
  assert.equal(feed.localName, 'feed');
  assert.ok(one(feed, 'id').textContent!.trim());
  assert.ok(one(feed, 'title').textContent!.trim());
  assert.match(one(feed, 'updated').textContent!, RFC3339);
  const feedAuthor = kids(feed, 'author').length > 0;
  assert.ok(kids(feed, 'link').some((l) => l.getAttribute('rel') === 'self'), 'a self link (recommended, and required for validity warnings)');
  const entries = kids(feed, 'entry');
  for (const e of entries) {
    assert.match(one(e, 'id').textContent!, /^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.ok(one(e, 'title').textContent!.trim());
    assert.match(one(e, 'updated').textContent!, RFC3339);
    assert.ok(feedAuthor || kids(e, 'author').length > 0, 'an author on the feed or on every entry');
    const alternates = kids(e, 'link').filter((l) => (l.getAttribute('rel') ?? 'alternate') === 'alternate');
    assert.equal(alternates.length, 1, 'one alternate link (no content-less entry without one)');
    const content = one(e, 'content');
    assert.equal(content.getAttribute('type'), 'html');
  }
  return entries;
}

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
  const feed = (await res.json()) as { version: string; title: string; feed_url: string; items: { id: string; url: string; title: string; content_html: string; date_modified: string }[] };
  assert.equal(feed.version, 'https://jsonfeed.org/version/1.1');
  assert.ok(feed.title);
  assert.equal(feed.feed_url, 'http://localhost/feeds/stories.json');
  const atom = checkAtomRules(parseAtom(await (await app.request('/feeds/stories.atom')).text()));
  assert.deepEqual(feed.items.map((i) => i.id), atom.map((e) => one(e, 'id').textContent));
  for (const i of feed.items) {
    assert.ok(i.id && i.content_html && i.url.startsWith('http://localhost/stories/'));
    assert.match(i.date_modified, RFC3339);
  }
});
