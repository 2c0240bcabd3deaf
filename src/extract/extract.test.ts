import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { extractArticle, MAX_DOM_DEPTH, MAX_HTML_CHARS } from './extract.ts';
import { decodeHtml } from './charset.ts';
import { StorylineError } from '../errors.ts';
import { SHARED_DATA } from '../../eval/data.ts';

const fixture = (name: string) => decodeHtml(readFileSync(join(import.meta.dirname, 'testdata', name))).html;

test('news article: metadata from JSON-LD and meta tags, furniture removed', () => {
  const page = extractArticle(fixture('news-article.html'), { url: 'https://courier.example/news/harbour-bridge-reopens?utm=x' });
  assert.equal(page.title, 'Harbour bridge reopens after two years of repairs');
  assert.equal(page.byline, 'Marta Lindqvist');
  assert.equal(page.published, '2024-03-05T08:30:00.000Z');
  assert.equal(page.lang, 'en-GB');
  assert.equal(page.siteName, 'The Riverside Courier');
  assert.equal(page.canonicalUrl, 'https://courier.example/news/harbour-bridge-reopens');
  assert.equal(page.thin, false);
  const paras = page.text.split('\n\n');
  assert.match(paras[0], /^The Harbour Bridge carried its first traffic/);
  assert.ok(paras.includes('Tolls stay off'), 'subheading kept');
  assert.match(paras.at(-1)!, /^Engineers will inspect the new deck/);
  for (const junk of ['Advertisement', 'Share on Facebook', 'Related stories', 'Ferry timetable extended', 'Photo: Courier staff', '© 2024', 'By Marta']) {
    assert.ok(!page.text.includes(junk), `"${junk}" removed`);
  }
  assert.equal(page.textLength, page.text.length);
  assert.ok(!/[ \t]{2,}|\n{3,}/.test(page.text), 'whitespace normalised');
});

test('legacy charset page decodes and its language is detected from the text', () => {
  const page = extractArticle(fixture('latin1-article.html'));
  assert.equal(page.title, 'Le café du port ferme ses portes');
  assert.match(page.text, /Hélène Garnier, âgée de soixante-huit ans/);
  assert.equal(page.lang, 'fr');
  assert.equal(page.text.split('\n\n').length, 4);
});

test('page without metadata: date from <time>, language detected, bare dateline dropped', () => {
  const page = extractArticle(fixture('plain-article.html'));
  assert.equal(page.published, '2023-11-14T00:00:00.000Z');
  assert.equal(page.lang, 'de');
  assert.equal(page.byline, null);
  assert.ok(page.text.startsWith('Die Rheinbrücke bei Wesel'));
  assert.ok(!page.text.includes('Veröffentlicht'));
});

test('consent wall and paywall teaser are flagged thin', () => {
  const consent = extractArticle(fixture('consent-wall.html'));
  assert.equal(consent.thin, true);
  const paywall = extractArticle(fixture('paywall.html'));
  assert.equal(paywall.thin, true);
  assert.equal(paywall.byline, 'Dev Anand');
  assert.match(paywall.text, /sodium instead of lithium/);
});

test('a bare fragment is read as a page', () => {
  const page = extractArticle('<p>Short wire item: the vote passed 52 to 48.</p>');
  assert.equal(page.text, 'Short wire item: the vote passed 52 to 48.');
  assert.equal(page.thin, true);
});

test('hostile input is refused with stable codes naming the input', () => {
  const code = (f: () => unknown) => {
    try {
      f();
    } catch (err) {
      assert.ok(err instanceof StorylineError);
      assert.equal(err.stage, 'extract');
      assert.equal(err.input, 'page.html');
      return err.code;
    }
    return 'no error';
  };
  assert.equal(
    code(() => extractArticle('<p>' + 'x'.repeat(MAX_HTML_CHARS) + '</p>', { input: 'page.html' })),
    'too_large',
  );
  assert.equal(
    code(() => extractArticle('<html><body>' + '<div>'.repeat(MAX_DOM_DEPTH + 10) + 'deep</body></html>', { input: 'page.html' })),
    'too_deep',
  );
  assert.equal(
    code(() => extractArticle('<html><body>' + '<span>a</span>'.repeat(40_000) + '</body></html>', { input: 'page.html' })),
    'too_many_elements',
  );
  assert.equal(
    code(() => extractArticle('', { input: 'page.html' })),
    'not_html',
  );
  assert.equal(
    code(() => extractArticle('plain text, no markup at all', { input: 'page.html' })),
    'not_html',
  );
});

const rtp = join(SHARED_DATA, 'readability-test-pages', 'pages');
test('titles match the expected metadata on a sample of Readability test pages', { skip: !existsSync(rtp) && 'shared data not found' }, () => {
  const names = readdirSync(rtp)
    .sort()
    .filter((_, i) => i % 6 === 0);
  let ok = 0;
  const misses: string[] = [];
  for (const n of names) {
    const expected = JSON.parse(readFileSync(join(rtp, n, 'expected-metadata.json'), 'utf8')) as { title: string };
    const html = gunzipSync(readFileSync(join(rtp, n, 'source.html.gz'))).toString('utf8');
    const got = extractArticle(html, { url: 'http://fakehost/test/page.html' });
    if (got.title?.replace(/\s+/g, ' ').trim() === expected.title.replace(/\s+/g, ' ').trim()) ok++;
    else misses.push(`${n}: ${got.title} ≠ ${expected.title}`);
  }
  assert.ok(ok / names.length >= 0.9, `titles matched ${ok}/${names.length}; misses: ${misses.join('; ')}`);
});
