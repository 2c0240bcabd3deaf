import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseFeed, parseFeedDetailed } from './index.ts';
import { StorylineError } from '../../errors.ts';

const data = (name: string) => readFileSync(join(import.meta.dirname, 'testdata', name));

test('windows-1252 declared in the XML declaration is decoded, RFC 822 zone names applied', () => {
  const f = parseFeedDetailed(data('cp1252.xml'));
  assert.equal(f.title, 'Caf\u00e9 \u201cnews\u201d');
  assert.equal(f.items[0].title, 'Price \u20ac5 \u2013 don\u2019t miss');
  assert.equal(f.items[0].published, '2003-06-10T08:00:00.000Z');
  assert.equal(f.diagnostics.encoding, 'windows-1252');
});

test('HTTP charset overrides a wrong XML declaration; without it the bytes are sniffed', () => {
  const withHeader = parseFeedDetailed(data('latin1-http-utf8-decl.xml'), { contentType: 'application/xml; charset="ISO-8859-1"' });
  assert.equal(withHeader.title, 'Na\u00efve r\u00e9sum\u00e9');
  assert.equal(withHeader.diagnostics.bozo, false);
  const sniffed = parseFeedDetailed(data('latin1-http-utf8-decl.xml'));
  assert.equal(sniffed.title, 'Na\u00efve r\u00e9sum\u00e9');
  assert.equal(sniffed.diagnostics.bozo, true);
});

test('UTF-16 with BOM, EUC-KR declared, KOI8-R undeclared', () => {
  const u16 = parseFeedDetailed(data('utf16le-bom.xml'));
  assert.equal(u16.title, '\u65e5\u672c\u8a9e');
  assert.equal(u16.items[0].title, 'Entr\u00e9e');
  assert.equal(u16.items[0].published, '2024-03-01T08:00:00.000Z');
  assert.equal(u16.diagnostics.format, 'atom');
  assert.equal(parseFeed(data('euc-kr.xml')).items[0].title, '\uc624\ub298\uc758 \uc18c\uc2dd');
  const koi = parseFeedDetailed(data('koi8r-undeclared.xml'));
  assert.equal(koi.diagnostics.encoding, 'koi8-r');
  assert.match(koi.title!, /^новости дня/);
});

test('xml:base and feed URL resolve links; entities decoded; enclosures; duplicates removed', () => {
  const f = parseFeed(data('base-and-entities.xml'), { url: 'http://example.test/feed.xml' });
  assert.equal(f.title, 'Local & Global');
  assert.equal(f.link, 'http://example.test/home');
  assert.equal(f.items.length, 2, 'same guid and same link are folded');
  const [a, b] = f.items;
  assert.equal(a.title, 'First\u2019s story');
  assert.equal(a.link, 'http://example.test/news/stories/1.html?a=1&b=2');
  assert.equal(a.id, 'story-1');
  assert.equal(a.author, 'Ada Writer');
  assert.equal(a.published, '2024-03-01T04:30:00.000Z');
  assert.equal(a.summary, 'Short <b>summary</b>');
  assert.equal(a.content, '<p>Full <em>content</em> here.</p>');
  assert.deepEqual(a.enclosures, [{ url: 'http://example.test/news/media/1.mp3', type: 'audio/mpeg', length: 1234 }]);
  assert.equal(b.published, '2024-03-04T08:15:00.000Z');
});

test('ill-formed feed (junk before root, bare &, HTML entity) still yields its items', () => {
  const f = parseFeed(data('illformed.xml'));
  assert.equal(f.title, 'Broken \u00a9 feed');
  assert.equal(f.items[0].title, 'Tom & Jerry');
  assert.equal(f.items[0].link, 'http://example.test/?a=1&b=2');
  assert.equal(f.items[0].published, '2024-05-06T07:08:09.000Z', 'zoneless date taken as UTC');
});

test('JSON Feed 1.1 and 1.0', () => {
  const f = parseFeed(data('feed11.json'), { url: 'https://example.test/feed.json' });
  assert.equal(f.title, 'JSON side');
  assert.equal(f.items.length, 2);
  assert.equal(f.items[0].link, 'https://example.test/posts/1');
  assert.equal(f.items[0].published, '2024-01-02T11:04:05.000Z');
  assert.equal(f.items[0].author, 'Feed Author');
  assert.equal(f.items[1].author, 'Item Author');
  assert.equal(f.items[1].content, 'Two body');
  const old = parseFeed(data('feed10.json'));
  assert.equal(old.items[0].author, 'Solo');
});

test('RSS without a channel is an empty feed; HTML and garbage are feed_unparseable naming the input', () => {
  assert.deepEqual(parseFeed('<rss version="2.0"></rss>'), { title: null, link: null, items: [] });
  for (const body of ['<html><body>hello</body></html>', 'not a feed at all', '', '{"hello": 1}', '{broken']) {
    assert.throws(
      () => parseFeed(body, { url: 'http://example.test/x' }),
      (err: unknown) => err instanceof StorylineError && err.code === 'feed_unparseable' && err.stage === 'sources' && err.input === 'http://example.test/x',
    );
  }
});

test('nested relative xml:base values compose from the document URL; Atom xhtml content keeps markup', () => {
  const atom = `<feed xmlns="http://www.w3.org/2005/Atom" xml:base="/blog/"><title>B</title><link href="home"/>
    <entry xml:base="2024/"><id>e1</id><link href="post.html"/>
      <content type="html">&lt;a href="img/x.png"&gt;x&lt;/a&gt;</content>
      <summary type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">Some <b>bold</b> text</div></summary>
      <link rel="enclosure" href="a.mp3" type="audio/mpeg" length="10"/></entry></feed>`;
  const f = parseFeed(atom, { url: 'https://ex.test/feeds/atom.xml' });
  assert.equal(f.link, 'https://ex.test/blog/home');
  const [e] = f.items;
  assert.equal(e.link, 'https://ex.test/blog/2024/post.html');
  assert.equal(e.content, '<a href="https://ex.test/blog/2024/img/x.png">x</a>');
  assert.equal(e.summary, 'Some <b>bold</b> text');
  assert.deepEqual(e.enclosures, [{ url: 'https://ex.test/blog/2024/a.mp3', type: 'audio/mpeg', length: 10 }]);
});
