import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { parseHTML } from 'linkedom';
import { scriptSrcOnlyKeys, seededApp, withoutOwnScript } from './testdata/harness.ts';
import { KEYS_JS } from './keys.ts';
import { ARTICLES, BRIDGE, HOSTILE, HOSTILE_TITLE, MERGED, bridgeBrief } from './testdata/seed.ts';
import type { Store } from '../store/store.ts';

type Doc = ReturnType<typeof parseHTML>['document'];

async function page(app: { request(p: string): Response | Promise<Response> }, path: string, status = 200) {
  const r = await app.request(path);
  assert.equal(r.status, status, `${path} status`);
  const html = await r.text();
  return { r, html, doc: parseHTML(html).document };
}

const texts = (doc: Pick<Doc, 'querySelectorAll'>, sel: string) => [...doc.querySelectorAll(sel)].map((e) => (e.textContent ?? '').trim());

test('front page: ranked stories with lead excerpt, counts, date, attribution footer', async () => {
  const { app, store } = await seededApp();
  const { html, doc } = await page(app, '/');
  assert.match(html, /^<!doctype html>/i);
  const heads = texts(doc, 'ol.stories h2 a');
  assert.equal(heads[0], bridgeBrief().headline.text);
  assert.equal(heads.length, 2);
  const first = doc.querySelector('ol.stories li')!;
  assert.match(first.textContent ?? '', /The city council approved the new harbour bridge\./);
  assert.match(first.textContent ?? '', /4 articles · 2 sources · updated 4 May 2024/);
  assert.equal(doc.querySelector('ol.stories h2 a')!.getAttribute('href'), `/stories/${BRIDGE}`);
  const footer = doc.querySelector('footer')!;
  assert.match(footer.textContent ?? '', /licensed CC BY 2\.5/);
  assert.equal(footer.querySelector('a')!.getAttribute('href'), 'https://en.wikinews.org/');
  assert.equal(doc.querySelector('.banner'), null, 'no import running: no banner');
  await store.close();
});

test('front page: the stream volume chart, server-drawn SVG with a title, a description and the day counts as a table', async () => {
  const { app, store } = await seededApp();
  // Two more articles on 3 May, stored but in no story: the stream counts every stored article.
  for (const id of ['x1', 'x2'])
    await store.addArticle({ id, title: `Extra ${id}`, text: `Extra article ${id}. It adds to the day.`, published: '2024-05-03T18:00:00Z' });
  const { doc } = await page(app, '/');
  const section = doc.querySelector('section[aria-labelledby="stream-volume-heading"]')!;
  assert.ok(section, 'the chart has a section of its own');
  assert.equal(doc.getElementById('stream-volume-heading')!.textContent, 'Articles in the stream');
  const svg = section.querySelector('svg.volume')!;
  assert.equal(svg.getAttribute('role'), 'img');
  assert.equal(svg.getAttribute('aria-labelledby'), 'stream-volume-title stream-volume-desc');
  assert.equal(svg.querySelector('title#stream-volume-title')!.textContent, 'Articles per day');
  const summary = '7 articles from 28 Apr 2024 to 4 May 2024; the busiest day was 3 May 2024, with 3 articles.';
  assert.equal(svg.querySelector('desc#stream-volume-desc')!.textContent, summary);
  // One bar per day from 28 April to 4 May, none drawn for the two days without articles.
  assert.deepEqual(texts(svg, 'rect > title'), [
    '28 Apr 2024: 1 article',
    '1 May 2024: 1 article',
    '2 May 2024: 1 article',
    '3 May 2024: 3 articles',
    '4 May 2024: 1 article',
  ]);
  assert.match(section.querySelector('figcaption')!.textContent ?? '', new RegExp(summary.replace(/[.;]/g, '\\$&')));
  assert.deepEqual(
    [...section.querySelectorAll('table tbody tr')].map((tr) => texts(tr, 'td')),
    [
      ['28 Apr 2024', '1'],
      ['1 May 2024', '1'],
      ['2 May 2024', '1'],
      ['3 May 2024', '3'],
      ['4 May 2024', '1'],
    ],
  );
  assert.equal(doc.querySelectorAll('script[src]').length, 0, 'no script draws it');
  await store.close();
});

test('front page: pagination, out-of-range page 404, bad page 400', async () => {
  const { app, store } = await seededApp({ filler: 25 });
  const p1 = await page(app, '/');
  assert.equal(p1.doc.querySelectorAll('ol.stories li').length, 20);
  assert.equal(p1.doc.querySelector('a[rel=next]')!.getAttribute('href'), '/?page=2');
  const p2 = await page(app, '/?page=2');
  assert.equal(p2.doc.querySelectorAll('ol.stories li').length, 7);
  assert.equal(p2.doc.querySelector('a[rel=prev]')!.getAttribute('href'), '/');
  assert.equal(p2.doc.querySelector('a[rel=next]'), null);
  const seen = new Set([...texts(p1.doc, 'ol.stories h2 a'), ...texts(p2.doc, 'ol.stories h2 a')]);
  assert.equal(seen.size, 27, 'every story exactly once across pages');
  await page(app, '/?page=3', 404);
  const bad = await page(app, '/?page=two', 400);
  assert.match(bad.doc.querySelector('main')!.textContent ?? '', /page: must be an integer/);
  assert.match(bad.doc.querySelector('footer')!.textContent ?? '', /CC BY 2\.5/, 'error pages carry the footer too');
  await store.close();
});

test('import banner shows progress while the first import runs', async () => {
  let imported = 3;
  const { app, store } = await seededApp({ status: () => ({ importing: imported < 10, imported, total: 10 }) });
  const { doc } = await page(app, '/');
  assert.equal(doc.querySelector('.banner')!.textContent, 'Importing the sample corpus: 3/10 articles');
  assert.ok(doc.querySelector('meta[http-equiv=refresh]'), 'the front page refreshes itself while importing');
  const story = await page(app, `/stories/${BRIDGE}`);
  assert.match(story.doc.querySelector('.banner')!.textContent ?? '', /3\/10/);
  imported = 10;
  assert.equal((await page(app, '/')).doc.querySelector('.banner'), null);
  await store.close();
});

test('story page: brief shape, every sentence a citation link whose anchor exists on the article page', async () => {
  const { app, store } = await seededApp();
  const { doc } = await page(app, `/stories/${BRIDGE}`);
  const b = bridgeBrief();
  assert.equal(doc.querySelector('h1 a.s')!.textContent, b.headline.text);
  assert.equal(texts(doc, 'p.lead a.s').join(' '), b.lead.map((s) => s.text).join(' '));
  const h2s = texts(doc, 'h2');
  for (const h of ['Key developments', 'Timeline', 'People', 'Articles over time', 'Coverage by outlet', 'Articles', 'Earlier versions of this brief'])
    assert.ok(h2s.includes(h), h);
  assert.doesNotMatch(doc.body.textContent ?? '', /brief version \d/i, 'no version number as a label');
  const devs = [...doc.querySelectorAll('section.development')];
  assert.deepEqual(
    devs.map((d) => d.querySelector('h3 a.s')!.textContent),
    b.developments.map((d) => d.headline.text),
  );
  assert.deepEqual(
    devs.map((d) => [...d.querySelectorAll('p a.s')].map((a) => a.textContent).join(' ')),
    b.developments.map((d) => d.sentences.map((s) => s.text).join(' ')),
  );

  // Every brief sentence (headline, lead, developments, timeline) is one link to its first citation.
  const links = [...doc.querySelectorAll('a.s')];
  const sentenceCount = 1 + b.lead.length + b.developments.reduce((n, d) => n + 1 + d.sentences.length, 0) + doc.querySelectorAll('ol.timeline li').length;
  assert.equal(doc.querySelectorAll('ol.timeline li a.s').length, 3, 'each timeline row is one cited sentence');
  assert.equal(links.length, sentenceCount);
  const articlePages = new Map<string, Doc>();
  let hovers = 0;
  for (const a of [...links, ...doc.querySelectorAll('sup.c a')]) {
    const href = a.getAttribute('href')!;
    const m = /^\/articles\/([^#]+)#s-(\d+)-(\d+)$/.exec(href);
    assert.ok(m, `citation link shape: ${href}`);
    const [, id, start, end] = m;
    const sourceText = ARTICLES[id as keyof typeof ARTICLES].text.slice(Number(start), Number(end));
    if (a.classList.contains('s')) {
      hovers++;
      assert.ok(a.getAttribute('title')!.includes(sourceText), 'hover shows the source sentence');
    }
    if (!articlePages.has(id)) articlePages.set(id, (await page(app, `/articles/${id}`)).doc);
    const target = articlePages.get(id)!.getElementById(`s-${start}-${end}`);
    assert.ok(target, `anchor s-${start}-${end} exists on /articles/${id}`);
    assert.equal(target.textContent, sourceText, 'the anchor holds exactly the cited text');
  }
  assert.equal(hovers, links.length, 'every sentence link was checked for its hover');
  // The marker's popover shows the cited sentence without script.
  const pop = doc.querySelector('sup.c .pop')!;
  assert.match(pop.textContent ?? '', /The city council approved the new harbour bridge on Tuesday\./);

  const cov = doc.querySelector('section[aria-labelledby=coverage] table')!;
  assert.deepEqual(texts(cov, 'tbody tr th[scope=row]'), ['City Wirefirst', 'Harbour Gazette']);
  assert.match(
    doc.body.textContent ?? '',
    /2 outlets reported this story, with 4 articles\. City Wire was first, on 28 Apr 2024; Harbour Gazette followed 3 days later\./,
  );
  assert.deepEqual(
    texts(doc, 'ol.refs > li > a'),
    ['old1', 'a1', 'a2', 'a3'].map((k) => ARTICLES[k as keyof typeof ARTICLES].title),
  );
  // The timeline dates events by the source sentences: "approved ... on Tuesday" in an article of Wednesday
  // 1 May is 30 April; the cost development gives no day, so it stands under its report's date, marked so.
  assert.deepEqual(
    [...doc.querySelectorAll('ol.timeline li')].map((li) => [
      li.querySelector('time')!.getAttribute('datetime'),
      li.querySelector('.dating')?.textContent ?? 'event',
      li.querySelector('.what a.s')!.textContent,
    ]),
    [
      ['2024-04-30', 'event', b.lead[0].text],
      ['2024-05-03', 'reported', b.developments[0].headline.text],
      ['2024-05-04', 'event', b.developments[1].sentences[0].text],
    ],
  );
  assert.equal(doc.querySelector('ol.timeline time')!.getAttribute('title'), 'From “Tuesday” in the source');
  assert.equal(doc.querySelector('a[href="/entities/Mara%20Quinn"]')!.textContent, 'Mara Quinn');
  await store.close();
});

test('story page: older version, merged redirect, unknown story 404, story without brief', async () => {
  const { app, store } = await seededApp();
  const v1 = await page(app, `/stories/${BRIDGE}?version=1`);
  assert.equal(v1.doc.querySelector('h1 a.s')!.textContent, 'Council set to approve harbour bridge');
  const r = await app.request(`/stories/${MERGED}`);
  assert.equal(r.status, 301);
  assert.equal(r.headers.get('location'), `/stories/${BRIDGE}`);
  const nf = await page(app, '/stories/st-unknown', 404);
  assert.equal(nf.doc.querySelector('h1')!.textContent, 'Not found');
  assert.match(nf.r.headers.get('content-type') ?? '', /text\/html/);
  const nb = await page(app, `/stories/${HOSTILE}`);
  assert.match(nb.doc.querySelector('main')!.textContent ?? '', /has not been written yet/);
  assert.equal(nb.doc.querySelector('h1')!.textContent, HOSTILE_TITLE);
  await store.close();
});

test('story page: a brief reworded by a writer model says so; an extractive one does not', async () => {
  const { app, store } = await seededApp();
  const plain = await page(app, `/stories/${BRIDGE}`);
  assert.doesNotMatch(plain.doc.querySelector('p.meta')!.textContent ?? '', /reworded/);
  await store.saveBrief(BRIDGE, { ...bridgeBrief(), writer: 'model:llama3.1:8b' });
  const model = await page(app, `/stories/${BRIDGE}`);
  assert.match(model.doc.querySelector('p.meta')!.textContent ?? '', /reworded by llama3\.1:8b, checked against its sources/);
  await store.close();
});

test('article page: anchored sentences, cited ones marked, original link, story link, quotes', async () => {
  const { app, store } = await seededApp();
  const { doc } = await page(app, '/articles/a1');
  assert.equal(doc.querySelector('h1')!.textContent, ARTICLES.a1.title);
  assert.equal(doc.querySelector('.article-text')!.textContent, ARTICLES.a1.text, 'the whole text, in order, once');
  const spans = [...doc.querySelectorAll('.article-text span.s')];
  assert.equal(spans.length, 4);
  for (const s of spans) {
    const [, start, end] = /^s-(\d+)-(\d+)$/.exec(s.id)!;
    assert.equal(s.textContent, ARTICLES.a1.text.slice(Number(start), Number(end)));
  }
  assert.ok(doc.getElementById('s-0-60')!.classList.contains('cited'));
  assert.equal(doc.querySelector('a[rel~=noopener]')!.getAttribute('href'), ARTICLES.a1.url);
  assert.equal(doc.querySelector(`a[href="/stories/${BRIDGE}"]`)!.textContent, bridgeBrief().headline.text);
  assert.match(doc.querySelector('blockquote')!.textContent ?? '', /ends ten years of waiting/);
  assert.equal(doc.querySelector('blockquote a.s')!.getAttribute('href'), '#s-61-120', 'a quote links to its sentence');
  assert.match(doc.querySelector('style')!.textContent ?? '', /span\.s:target/, 'the cited sentence is highlighted by :target');
  await page(app, '/articles/nope', 404);
  await store.close();
});

test('hostile article fields are escaped everywhere and a javascript: URL is not linked', async () => {
  const { app, store } = await seededApp();
  // A brief quoting the hostile article puts its text into title attributes and popovers as well.
  const cite = { articleId: 'evil', start: 0, end: ARTICLES.evil.text.indexOf(' Nobody') };
  const line = { text: '<i>Depot</i> fire "quoted" <script>alert(4)</script>', citations: [cite] };
  await store.saveBrief(HOSTILE, {
    headline: line,
    lead: [line],
    developments: [{ headline: line, sentences: [line], date: null, articleIds: ['evil'] }],
    timeline: [{ date: '2024-05-02', text: line.text, citations: [cite] }],
    coverage: [{ source: ARTICLES.evil.source, articles: 1, first: null }],
    people: [{ name: '<script>x</script>', role: '<b>boss</b>' }],
  });
  for (const path of ['/', `/stories/${HOSTILE}`, '/articles/evil', '/search?q=depot', '/api/stories']) {
    const r = await app.request(path);
    const body = await r.text();
    if (path.startsWith('/api/')) continue;
    assert.doesNotMatch(withoutOwnScript(body), /<script/i, `${path}: no script element but the page's own`);
    assert.doesNotMatch(body, /<img/i, `${path}: no injected image`);
    assert.doesNotMatch(body, /<b>|<i>/, `${path}: markup in titles stays text`);
    assert.doesNotMatch(body, /href="javascript:/i, `${path}: no javascript: link`);
  }
  const sp = await page(app, `/stories/${HOSTILE}`);
  assert.equal(sp.doc.querySelector('h1 a.s')!.textContent, line.text);
  assert.match(sp.doc.querySelector('h1 a.s')!.getAttribute('title')!, /<script>alert\(3\)<\/script>/, 'attribute text round-trips, escaped in the markup');
  assert.equal(sp.doc.querySelector('a[href="/entities/%3Cscript%3Ex%3C%2Fscript%3E"]')!.textContent, '<script>x</script>');
  const { doc, html } = await page(app, '/articles/evil');
  assert.match(html, /&lt;script&gt;alert\(&quot;x&quot;\)&lt;\/script&gt;/);
  assert.equal(doc.querySelector('h1')!.textContent, HOSTILE_TITLE);
  assert.match(doc.querySelector('.article-text')!.textContent ?? '', /<script>alert\(3\)<\/script>/);
  const s = await page(app, '/search?q=%3Cscript%3Ealert(9)%3C%2Fscript%3E');
  assert.doesNotMatch(s.html, /<script>alert\(9\)/);
  assert.equal(s.doc.querySelector('input[name=q]')!.getAttribute('value'), '<script>alert(9)</script>');
  await store.close();
});

test('security headers: CSP default-src self whose style hash matches the inline stylesheet; no scripts or external assets', async () => {
  const { app, store } = await seededApp();
  for (const path of ['/', `/stories/${BRIDGE}`, '/articles/a2', '/entities/Mara%20Quinn', '/search?q=bridge', '/nowhere']) {
    const r = await app.request(path);
    const csp = r.headers.get('content-security-policy') ?? '';
    assert.match(csp, /default-src 'self'/, path);
    assert.ok(scriptSrcOnlyKeys(csp), `${path}: the CSP allows the keyboard script by its hash and no other`);
    assert.doesNotMatch(csp, /unsafe-inline/, path);
    assert.equal(r.headers.get('x-content-type-options'), 'nosniff');
    assert.ok(r.headers.get('x-frame-options'));
    assert.equal(r.headers.get('referrer-policy'), 'no-referrer');
    const html = await r.text();
    const doc = parseHTML(html).document;
    const css = doc.querySelector('style')!.textContent!;
    const hash = createHash('sha256').update(css).digest('base64');
    assert.ok(csp.includes(`'sha256-${hash}'`), `${path}: CSP allows exactly the inline stylesheet`);
    assert.deepEqual(
      [...doc.querySelectorAll('script')].map((s) => [s.textContent, s.getAttribute('src')]),
      [[KEYS_JS, null]],
      `${path}: one inline script, the keyboard shortcuts`,
    );
    assert.equal(doc.querySelectorAll('[onclick],[onkeydown],[onload]').length, 0, 'no event-handler attributes (the CSP would block them)');
    assert.equal(doc.querySelectorAll('[style]').length, 0, 'no style attributes (the CSP would block them)');
    for (const el of doc.querySelectorAll('[src], link[href]')) assert.fail(`${path}: external asset ${el.outerHTML}`);
  }
  await store.close();
});

test('entity page: roles, stories and quotes; names with a slash; unknown 404', async () => {
  const { app, store } = await seededApp();
  const { doc } = await page(app, '/entities/Mara%20Quinn');
  assert.equal(doc.querySelector('h1')!.textContent, 'Mara Quinn');
  assert.match(doc.querySelector('.meta')!.textContent ?? '', /Person · 2 mentions · 1 story/);
  assert.deepEqual(
    texts(doc, 'section:nth-of-type(1) li').map((t) => t.toLowerCase()),
    ['mayor (2 articles)'],
  );
  assert.equal(doc.querySelector(`a[href="/stories/${BRIDGE}"]`)!.textContent, bridgeBrief().headline.text);
  assert.match(doc.querySelector('blockquote')!.textContent ?? '', /“ends ten years of waiting”/);
  const nf = await page(app, '/entities/AC%2FDC', 404);
  assert.match(nf.doc.querySelector('main')!.textContent ?? '', /No entity named "AC\/DC"/);
  await store.close();
});

test('search page: hits link to stories and articles; empty query shows the form; long query 400', async () => {
  const { app, store } = await seededApp();
  const { doc } = await page(app, '/search?q=residents');
  const hrefs = [...doc.querySelectorAll('ol.results a')].map((a) => a.getAttribute('href'));
  assert.ok(hrefs.includes('/articles/a3'));
  assert.ok(hrefs.includes(`/stories/${BRIDGE}`));
  const empty = await page(app, '/search');
  assert.match(empty.doc.querySelector('main')!.textContent ?? '', /every word must match/);
  const none = await page(app, '/search?q=zebra');
  assert.match(none.doc.querySelector('main')!.textContent ?? '', /Nothing matches/);
  await page(app, `/search?q=${'y'.repeat(201)}`, 400);
  await store.close();
});

test('search page: one search box, its own, which is the search landmark; other pages keep the header box', async () => {
  const { app, store } = await seededApp();
  for (const path of ['/search', '/search?q=bridge']) {
    const { doc } = await page(app, path);
    const boxes = [...doc.querySelectorAll('input[name=q]')];
    assert.equal(boxes.length, 1, `${path}: one search box, not ${boxes.length}`);
    assert.equal(boxes[0].id, 'sq', `${path}: the box is the page's own, with its filters`);
    assert.equal(doc.querySelectorAll('[role=search]').length, 1, `${path}: one search landmark`);
    assert.equal(doc.querySelector('header.site form.search'), null, `${path}: no header search box`);
  }
  const front = await page(app, '/');
  assert.equal(front.doc.querySelectorAll('header.site form.search input[name=q]').length, 1, 'the front page keeps the header box');
  await store.close();
});

test('search page: hits grouped by story, words marked in snippets, filters narrow and can be removed; bad filters 400', async () => {
  const { app, store } = await seededApp();
  const all = await page(app, '/search?q=bridge');
  const groups = [...all.doc.querySelectorAll('ol.results > li')];
  assert.equal(groups[0].querySelector('h2 a')!.getAttribute('href'), `/stories/${BRIDGE}`, 'the bridge story first');
  assert.equal(groups[0].querySelector('h2 a')!.textContent, bridgeBrief().headline.text);
  const inGroup = [...groups[0].querySelectorAll('li.hit > a')].map((a) => a.getAttribute('href'));
  assert.deepEqual(
    [...inGroup].sort(),
    ['/articles/a1', '/articles/a2', '/articles/a3', '/articles/old1'],
    "the story's matching articles under it, once each",
  );
  assert.equal(all.doc.querySelectorAll(`ol.results h2 a[href="/stories/${BRIDGE}"]`).length, 1, 'one group per story');
  const marks = texts(all.doc, 'p.snippet mark');
  assert.ok(marks.length >= 4 && marks.every((m) => m.toLowerCase() === 'bridge'), `only the searched word is marked: ${marks}`);
  const filtered = await page(app, '/search?q=bridge&source=harbour+gazette&from=2024-05-02');
  assert.deepEqual(texts(filtered.doc, 'li.hit > a'), [ARTICLES.a3.title], 'Harbour Gazette from 2 May on: the protest report only');
  assert.match(filtered.doc.querySelector('.active-filters')!.textContent ?? '', /Only articles from 2 May 2024 \(remove\), in harbour gazette \(remove\)\./);
  const remove = [...filtered.doc.querySelectorAll('.active-filters a')].map((a) => a.getAttribute('href'));
  assert.deepEqual(remove, ['/search?q=bridge&source=harbour+gazette', '/search?q=bridge&from=2024-05-02']);
  assert.equal(filtered.doc.querySelector('details[open] input[name=source]')!.getAttribute('value'), 'harbour gazette', 'the filters stay open and filled');
  const named = await page(app, '/search?q=bridge&entity=leo+brandt');
  assert.deepEqual(texts(named.doc, 'li.hit > a'), [ARTICLES.a2.title]);
  const none = await page(app, '/search?q=bridge&entity=Nobody');
  assert.match(none.doc.querySelector('main')!.textContent ?? '', /Nothing matches every word of this search with these filters/);
  await page(app, '/search?q=bridge&from=2024-02-30', 400);
  const order = await page(app, '/search?q=bridge&from=2024-05-04&to=2024-05-01', 400);
  assert.match(order.doc.querySelector('main')!.textContent ?? '', /from: must not be after to/);
  await store.close();
});

test('a failure while building a page is a 500 page without internals', async () => {
  const real = (await seededApp()).store;
  const broken = new Proxy(real, {
    get(target, prop, recv) {
      if (prop === 'getArticle') return async () => Promise.reject(new Error('SQLITE_IOERR at /secret/db'));
      const v = Reflect.get(target, prop, recv);
      return typeof v === 'function' ? v.bind(target) : v;
    },
  }) as Store;
  const { app } = await seededApp({ store: broken });
  const { html, doc } = await page(app, '/articles/a1', 500);
  assert.doesNotMatch(html, /SQLITE|secret/);
  assert.equal(doc.querySelector('h1')!.textContent, 'Something went wrong');
  await real.close();
});
