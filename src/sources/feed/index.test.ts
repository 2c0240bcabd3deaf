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

test('titles come out as plain text whatever the declared type (text, html, xhtml, base64, RSS markup)', () => {
  const atom = `<feed xmlns="http://www.w3.org/2005/Atom"><title type="html">Harbour &amp;lt;b&amp;gt;news&amp;lt;/b&amp;gt; &amp;amp; more</title>
    <entry><id>1</id><title type="text">Why the &lt;blink&gt; tag died</title></entry>
    <entry><id>2</id><title type="html">Council &lt;em&gt;approves&lt;/em&gt; bridge &amp;amp; ferry</title></entry>
    <entry><id>3</id><title type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">Frost hits <b>Vale</b>
      orchards &lt;again&gt;</div></title></entry>
    <entry><id>4</id><title type="application/octet-stream">${Buffer.from('<p>Robots in the <i>library</i></p>').toString('base64')}</title></entry>
    <entry><id>5</id><title>Plain   title</title></entry></feed>`;
  const f = parseFeed(atom);
  assert.equal(f.title, 'Harbour <b>news</b> & more', 'escaped twice: one level is markup, the other is text');
  assert.deepEqual(
    f.items.map((i) => i.title),
    ['Why the <blink> tag died', 'Council approves bridge & ferry', 'Frost hits Vale orchards <again>', 'Robots in the library', 'Plain title'],
  );
  const rss = `<rss version="2.0"><channel><title>2 &gt; 1</title>
    <item><title><![CDATA[Budget <b>deal</b> reached]]></title><guid>a</guid></item>
    <item><title>About &lt;blink&gt;</title><guid>b</guid></item></channel></rss>`;
  const r = parseFeed(rss);
  assert.equal(r.title, '2 > 1');
  assert.deepEqual(
    r.items.map((i) => i.title),
    ['Budget deal reached', 'About <blink>'],
  );
});

test('CDF channels: HREF, BASE, LASTMOD, TITLE and ABSTRACT, any letter case, nested channels', () => {
  const cdf = `<?xml version="1.0"?>
<CHANNEL HREF="http://cdf.example/?a=1&amp;b=2" BASE="http://cdf.example/news/">
  <TITLE>Intranet news</TITLE>
  <ABSTRACT>Company channel</ABSTRACT>
  <ITEM HREF="item/1.htm" LASTMOD="2004-04-06T23:05:43-05:00"><TITLE>Canteen reopens</TITLE><ABSTRACT>New menu from Monday.</ABSTRACT></ITEM>
  <Channel Base="http://other.example/">
    <item href="/2.htm"><title>Parking</title></item>
  </Channel>
  <ITEM HREF="item/3.htm"/>
</CHANNEL>`;
  const f = parseFeedDetailed(cdf, { url: 'http://fallback.example/channel.cdf' });
  assert.equal(f.diagnostics.format, 'cdf');
  assert.equal(f.title, 'Intranet news');
  assert.equal(f.link, 'http://cdf.example/?a=1&b=2');
  assert.deepEqual(
    f.items.map((i) => [i.title, i.link, i.published, i.summary]),
    [
      ['Canteen reopens', 'http://cdf.example/news/item/1.htm', '2004-04-07T04:05:43.000Z', 'New menu from Monday.'],
      ['Parking', 'http://other.example/2.htm', null, null],
      [null, 'http://cdf.example/news/item/3.htm', null, null],
    ],
  );
  assert.throws(
    () => parseFeed('<CHANNELS><ITEM/></CHANNELS>'),
    (e: unknown) => e instanceof StorylineError && e.code === 'feed_unparseable',
  );
});

test('windows-1252 punctuation smuggled in as C1 controls is restored; itunes:summary is a summary', () => {
  const rss = `<rss version="2.0"><channel><title>Caf\u0080 \u0093quoted\u0094</title>
    <item><guid>1</guid><description>don\u0092t</description></item>
    <item><guid>2</guid><itunes:summary xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd">Episode notes</itunes:summary></item></channel></rss>`;
  const f = parseFeed(Buffer.from(rss, 'utf8'));
  assert.equal(f.title, 'Caf\u20ac \u201cquoted\u201d');
  assert.equal(f.items[0].summary, 'don\u2019t');
  assert.equal(f.items[1].summary, 'Episode notes');
});
