// Atom as a feed reader and a validator read it: a strict XML parser, then RFC 4287's required elements.
import assert from 'node:assert/strict';
import { JSDOM } from 'jsdom';

export const ATOM = 'http://www.w3.org/2005/Atom';
export const RFC3339 = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/;

export function parseAtom(xml: string): Document {
  // jsdom's XML mode is a conforming parser: a well-formedness error throws.
  const doc = new JSDOM(xml, { contentType: 'application/xml' }).window.document;
  assert.equal(doc.getElementsByTagName('parsererror').length, 0);
  return doc;
}

export const kids = (el: Element, name: string) => [...el.children].filter((c) => c.namespaceURI === ATOM && c.localName === name);
export const one = (el: Element, name: string) => {
  const found = kids(el, name);
  assert.equal(found.length, 1, `exactly one <${name}> in <${el.localName}>`);
  return found[0];
};

/** RFC 4287's rules a validator checks first (sections 4.1.1 and 4.1.2). */
export function checkAtomRules(doc: Document): Element[] {
  const feed = doc.documentElement;
  assert.equal(feed.namespaceURI, ATOM);
  assert.equal(feed.localName, 'feed');
  assert.ok(one(feed, 'id').textContent!.trim());
  assert.ok(one(feed, 'title').textContent!.trim());
  assert.match(one(feed, 'updated').textContent!, RFC3339);
  const feedAuthor = kids(feed, 'author').length > 0;
  assert.ok(
    kids(feed, 'link').some((l) => l.getAttribute('rel') === 'self'),
    'a self link (recommended, and required for validity warnings)',
  );
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
