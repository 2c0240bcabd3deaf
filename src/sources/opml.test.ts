import { test } from 'node:test';
import assert from 'node:assert/strict';
import { joinFolders, opmlFeeds, opmlFromFeeds, parseOpml, serialiseOpml, splitFolder } from './opml.ts';
import { StorylineError } from '../errors.ts';

const SAMPLE = `<?xml version="1.0" encoding="UTF-8"?>
<!-- exported by a reader -->
<opml version="2.0">
  <head><title>My &amp; your feeds</title></head>
  <body>
    <outline text="World">
      <outline text="Wire &amp; more" type="rss" xmlUrl="https://example.test/wire.xml?a=1&amp;b=2" htmlUrl="https://example.test/"/>
      <outline text="Europe">
        <outline text="Deep" type="rss" xmlUrl="https://example.test/deep.xml" category="/eu"/>
      </outline>
    </outline>
    <outline title="Top level" type="rss" xmlUrl="https://example.test/top.xml"/>
  </body>
</opml>`;

test('parses nested outlines into feeds with their folder path', () => {
  const doc = parseOpml(SAMPLE, 'subs.opml');
  assert.equal(doc.title, 'My & your feeds');
  const feeds = opmlFeeds(doc);
  assert.deepEqual(
    feeds.map((f) => [f.xmlUrl, f.title, f.folders]),
    [
      ['https://example.test/wire.xml?a=1&b=2', 'Wire & more', ['World']],
      ['https://example.test/deep.xml', 'Deep', ['World', 'Europe']],
      ['https://example.test/top.xml', 'Top level', []],
    ],
  );
  assert.equal(doc.outlines[0].children[1].children[0].attributes.category, '/eu');
});

test('serialise then parse round-trips, escaping included', () => {
  const doc = parseOpml(SAMPLE);
  const again = parseOpml(serialiseOpml(doc));
  assert.deepEqual(again.outlines, doc.outlines);
  assert.equal(again.title, doc.title);
  const built = parseOpml(serialiseOpml(opmlFromFeeds(opmlFeeds(doc))));
  assert.deepEqual(
    opmlFeeds(built).map((f) => [f.xmlUrl, f.folders]),
    [
      ['https://example.test/wire.xml?a=1&b=2', ['World']],
      ['https://example.test/deep.xml', ['World', 'Europe']],
      ['https://example.test/top.xml', []],
    ],
  );
});

test('folders: nested paths export nested, same-named folders under different parents stay apart', () => {
  const feeds = [
    { xmlUrl: 'https://a.test/1', title: 'One', htmlUrl: null, folders: ['News', 'World'] },
    { xmlUrl: 'https://a.test/2', title: 'Two', htmlUrl: null, folders: ['News'] },
    { xmlUrl: 'https://a.test/3', title: 'Three', htmlUrl: null, folders: ['Sport', 'World'] },
    { xmlUrl: 'https://a.test/4', title: 'Four', htmlUrl: null, folders: [] },
    { xmlUrl: 'https://a.test/5', title: 'Five', htmlUrl: null, folders: ['News', 'World'] },
  ];
  const doc = parseOpml(serialiseOpml(opmlFromFeeds(feeds)));
  assert.deepEqual(
    doc.outlines.map((o) => o.text),
    ['News', 'Sport', 'Four'],
  );
  const news = doc.outlines[0];
  assert.deepEqual(
    news.children.map((o) => o.text),
    ['World', 'Two'],
  );
  assert.deepEqual(
    news.children[0].children.map((o) => o.xmlUrl),
    ['https://a.test/1', 'https://a.test/5'],
  );
  assert.deepEqual(
    opmlFeeds(doc).map((f) => [f.xmlUrl, f.folders]),
    [
      ['https://a.test/1', ['News', 'World']],
      ['https://a.test/5', ['News', 'World']],
      ['https://a.test/2', ['News']],
      ['https://a.test/3', ['Sport', 'World']],
      ['https://a.test/4', []],
    ],
  );
  assert.equal(joinFolders(['News', ' World ', '']), 'News / World');
  assert.equal(joinFolders([]), null);
  assert.deepEqual(splitFolder('News / World'), ['News', 'World']);
  assert.deepEqual(splitFolder('AC/DC'), ['AC/DC'], 'a slash inside a name is not a separator');
  assert.deepEqual(splitFolder(null), []);
});

test('bad XML and non-OPML documents are clear errors naming the input', () => {
  const bad = [
    ['<opml><body><outline text="a"></body></opml>', /closes <outline>/],
    ['<opml><body><outline text="a & b"/></body></opml>', /unescaped/],
    ['<opml><body>', /never closed/],
    ['<rss><channel/></rss>', /not <opml>/],
    ['<opml><head/></opml>', /no <body>/],
    ['', /no root element/],
  ] as const;
  for (const [text, msg] of bad) {
    assert.throws(
      () => parseOpml(text, 'in.opml'),
      (err: unknown) => err instanceof StorylineError && err.code === 'opml_invalid' && err.input === 'in.opml' && msg.test(err.message),
    );
  }
});
