// The pages in a real browser (Debian's Chromium through eval/browser.ts): what a reader does, clicked and
// typed, with the CSP the server sends in force: front page, story, a citation to its source sentence,
// search with filters, keyboard shortcuts, watchlists, phone width. One browser for the file, one server
// over the small seed world. Screenshots of each step go to test-output/screenshots/ (gitignored; see the README).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../../eval/browser.ts';
import { startServer, type RunningServer } from './app.ts';
import { ATTRIBUTION, seededStore } from './testdata/harness.ts';
import { createToken } from './auth.ts';
import { ARTICLES, BRIDGE, bridgeBrief, sentenceCite } from './testdata/seed.ts';
import type { Store } from '../store/store.ts';

export const SCREENSHOTS = join(import.meta.dirname, '..', '..', 'test-output', 'screenshots');

let browser: Browser | null = null;
let skip: string | false = false;
let store: Store;
let server: RunningServer;
let base = '';

before(async () => {
  const got = await launchChromium();
  if (typeof got === 'string') {
    skip = got;
    return;
  }
  browser = got;
  store = await seededStore();
  server = await startServer({ store, port: 0, attributionHtml: ATTRIBUTION, readCacheMs: 0 });
  base = `http://127.0.0.1:${server.port}`;
  mkdirSync(SCREENSHOTS, { recursive: true });
});

after(async () => {
  await browser?.close();
  if (browser) {
    await server.close();
    await store.close();
  }
});

/** A fresh page that fails the test on any script error or CSP violation the browser reports. */
async function open(path: string, viewport = { width: 1280, height: 900 }): Promise<Page & { problems: string[] }> {
  const page = (await browser!.newPage({ viewport })) as Page & { problems: string[] };
  page.problems = [];
  page.on('pageerror', (e) => page.problems.push(`page error: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' && !/favicon/.test(m.text()) && !/status of 404/.test(m.text())) page.problems.push(`console: ${m.text()}`);
  });
  await page.goto(base + path);
  return page;
}

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

const focusedText = (page: Page) => page.evaluate(() => document.activeElement?.textContent?.trim() ?? '');

test('front page: stories listed with their volume charts; j/k move between them, o opens one', async (t) => {
  if (skip) return t.skip(skip);
  const page = await open('/');
  assert.equal(await page.locator('ol.stories h2 a').first().textContent(), bridgeBrief().headline.text);
  assert.match((await page.locator('footer').textContent()) ?? '', /Wikinews/, 'the attribution is visible');
  assert.match((await page.locator('svg.spark').first().getAttribute('aria-label')) ?? '', /^Articles per day: 4 articles from 28 Apr 2024 to 4 May 2024/);
  await page.keyboard.press('j');
  assert.equal(await focusedText(page), bridgeBrief().headline.text, 'j focuses the first story');
  assert.equal(await page.locator('li.current').count(), 1);
  await page.keyboard.press('j');
  assert.notEqual(await focusedText(page), bridgeBrief().headline.text, 'j again: the next story');
  await page.keyboard.press('k');
  assert.equal(await focusedText(page), bridgeBrief().headline.text, 'k goes back');
  await shot(page, 'front-keyboard');
  await Promise.all([page.waitForURL(`**/stories/${BRIDGE}`), page.keyboard.press('o')]);
  assert.equal(await page.locator('h1 a.s').textContent(), bridgeBrief().headline.text);
  assert.deepEqual(page.problems, []);
  await page.close();
});

test('story page: a citation opens its source sentence, scrolled into view and highlighted', async (t) => {
  if (skip) return t.skip(skip);
  const page = await open(`/stories/${BRIDGE}`);
  assert.ok(await page.locator('svg.volume[role=img]').isVisible(), 'the volume chart is drawn');
  assert.match((await page.locator('figure.volume figcaption').textContent()) ?? '', /4 articles from 28 Apr 2024 to 4 May 2024/);
  await shot(page, 'story');
  // The residents' development cites the first sentence of a3, far down a long page on a phone.
  const cite = sentenceCite('a3', 0);
  const target = `s-${cite.start}-${cite.end}`;
  await Promise.all([page.waitForURL(`**/articles/a3#${target}`), page.locator(`section.development a.s[href$="#${target}"]`).first().click()]);
  const sentence = page.locator(`[id="${target}"]`);
  assert.equal(await sentence.textContent(), ARTICLES.a3.text.slice(cite.start, cite.end));
  assert.ok(await sentence.isVisible());
  const look = await sentence.evaluate((el) => {
    const r = el.getBoundingClientRect();
    return {
      bg: getComputedStyle(el).backgroundColor,
      top: r.top,
      bottom: r.bottom,
      inView: r.top >= 0 && r.bottom <= innerHeight,
      plain: getComputedStyle(el.parentElement!).backgroundColor,
    };
  });
  assert.ok(look.inView, `the cited sentence is in view (${look.top}..${look.bottom})`);
  assert.notEqual(look.bg, look.plain, 'the cited sentence is highlighted');
  assert.notEqual(look.bg, 'rgba(0, 0, 0, 0)');
  await shot(page, 'citation-target');
  // On an article page j walks the sentences the brief cites.
  await page.keyboard.press('j');
  assert.equal(await page.evaluate(() => document.activeElement?.classList.contains('cited') ?? false), true, 'j focuses a cited sentence');
  assert.deepEqual(page.problems, []);
  await page.close();
});

test('keyboard: / focuses search, ? opens the help and Esc closes it; shortcuts stay out of the way while typing', async (t) => {
  if (skip) return t.skip(skip);
  const page = await open(`/stories/${BRIDGE}`);
  await page.keyboard.press('?');
  const help = page.locator('dialog#keys');
  assert.ok(await help.isVisible(), '? opens the help');
  assert.match((await help.textContent()) ?? '', /next story, development or result/);
  await shot(page, 'keyboard-help');
  await page.keyboard.press('Escape');
  assert.equal(await help.isVisible(), false, 'Esc closes it');
  await page.keyboard.press('j');
  assert.equal(await focusedText(page), bridgeBrief().developments[0].headline.text, 'j on a story page: the first development');
  await page.keyboard.press('/');
  assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('name')), 'q', '/ focuses the search box');
  await page.keyboard.type('jk?');
  assert.equal(await page.inputValue('input[name=q]'), 'jk?', 'typed letters go to the box, not to the shortcuts');
  assert.equal(await help.isVisible(), false);
  // The footer button is the shortcuts' visible entry point; without the script it stays hidden.
  await page.locator('#keys-open').click();
  assert.ok(await help.isVisible());
  assert.deepEqual(page.problems, []);
  await page.close();
});

test('search with a filter: words marked, results grouped by story, the outlet filter narrows and is shown', async (t) => {
  if (skip) return t.skip(skip);
  const page = await open('/');
  await page.keyboard.press('/');
  await page.keyboard.type('bridge');
  await Promise.all([page.waitForURL('**/search?q=bridge'), page.keyboard.press('Enter')]);
  assert.equal(await page.locator(`ol.results h2 a[href="/stories/${BRIDGE}"]`).count(), 1, 'the story once, its articles under it');
  assert.ok((await page.locator('p.snippet mark').count()) >= 4);
  await page.locator('form.filters summary').click();
  await page.locator('#ssource').fill('City Wire');
  await page.locator('#sfrom').fill('2024-05-02');
  await Promise.all([page.waitForURL(/source=City\+Wire/), page.locator('form.filters button[type=submit]').click()]);
  assert.deepEqual(await page.locator('li.hit > a').allTextContents(), [ARTICLES.a2.title], 'City Wire from 2 May: the cost report');
  assert.match((await page.locator('.active-filters').textContent()) ?? '', /from 2 May 2024 \(remove\), in City Wire \(remove\)/);
  await page.keyboard.press('j');
  assert.equal(await focusedText(page), bridgeBrief().headline.text, 'j moves through the result groups');
  await shot(page, 'search-filtered');
  await Promise.all([page.waitForURL(/search\?q=bridge&from=2024-05-02$/), page.locator('.active-filters a').nth(1).click()]);
  assert.ok((await page.locator('li.hit > a').count()) >= 2, 'removing the outlet filter brings the others back');
  assert.deepEqual(page.problems, []);
  await page.close();
});

test('watchlists: signed in with a token, a watchlist made in the form lists the articles it matches', async (t) => {
  if (skip) return t.skip(skip);
  const { token } = await createToken(store, 'ana');
  // A browser sends the token name and token as Basic credentials, as a feed reader would.
  const ctx = await browser!.newContext({ httpCredentials: { username: 'ana', password: token }, viewport: { width: 1280, height: 900 } });
  const page = await ctx.newPage();
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(e.message));
  await page.goto(`${base}/`);
  await Promise.all([page.waitForURL('**/watchlists'), page.locator('nav.site a', { hasText: 'Watchlists' }).click()]);
  await page.locator('#wl-name').fill('Bridge people');
  await page.locator('#wl-entities').fill('Leo Brandt');
  await page.locator('#wl-keywords').fill('protest');
  await Promise.all([page.waitForURL(/\/watchlists\/wl_/), page.locator('form.watch button[type=submit]').click()]);
  assert.equal(await page.locator('h1').textContent(), 'Bridge people');
  const matched = await page.locator('ol.matches li h2 a').allTextContents();
  assert.deepEqual([...matched].sort(), [ARTICLES.a2.title, ARTICLES.a3.title].sort(), 'the cost report names Leo Brandt, the protest report says protest');
  await shot(page, 'watchlist');
  await page.goto(`${base}/watchlists`);
  assert.match((await page.locator('ul.watchlists').textContent()) ?? '', /Bridge people/);
  assert.deepEqual(problems, []);
  await ctx.close();
});

test('screen readers: one h1, no skipped heading levels, landmarks, every field labelled, every image described', async (t) => {
  if (skip) return t.skip(skip);
  for (const path of ['/', `/stories/${BRIDGE}`, '/articles/a2', '/search?q=bridge&source=City+Wire', '/entities/Mara%20Quinn']) {
    const page = await open(path);
    const audit = await page.evaluate(() => {
      const levels = [...document.querySelectorAll('h1,h2,h3,h4,h5,h6')].map((h) => Number(h.tagName[1]));
      const skips = levels.filter((l, i) => i > 0 && l > levels[i - 1] + 1);
      const unlabelled = [...document.querySelectorAll('input:not([type=hidden]),select,textarea')].filter((el) => {
        const id = el.getAttribute('id');
        return !el.getAttribute('aria-label') && !(id && document.querySelector(`label[for="${id}"]`)) && !el.closest('label');
      });
      const images = [...document.querySelectorAll('svg[role=img]')].filter((svg) => !svg.getAttribute('aria-label') && !svg.getAttribute('aria-labelledby'));
      return {
        h1: levels.filter((l) => l === 1).length,
        skips: skips.length,
        landmarks: ['header', 'nav', 'main', 'footer', '[role=search]'].filter((sel) => !document.querySelector(sel)),
        unlabelled: unlabelled.map((el) => el.outerHTML.slice(0, 80)),
        images: images.length,
        lang: document.documentElement.lang,
      };
    });
    assert.deepEqual(audit, { h1: 1, skips: 0, landmarks: [], unlabelled: [], images: 0, lang: 'en' }, path);
    await page.close();
  }
});

test('phone width: nothing wider than the screen, and the pages work with script off', async (t) => {
  if (skip) return t.skip(skip);
  for (const path of ['/', `/stories/${BRIDGE}`, '/articles/a2', '/search?q=bridge']) {
    const page = await open(path, { width: 390, height: 844 });
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 390, `${path}: ${width}px wide at 390`);
    await shot(page, `phone${path.replace(/[^a-z0-9]+/gi, '-')}`);
    assert.deepEqual(page.problems, []);
    await page.close();
  }
  const noScript = await browser!.newContext({ javaScriptEnabled: false });
  const page = await noScript.newPage();
  await page.goto(`${base}/`);
  assert.equal(await page.locator('#keys-open').isVisible(), false, 'no shortcuts button without script');
  await Promise.all([page.waitForURL(`**/stories/${BRIDGE}`), page.locator('ol.stories h2 a').first().click()]);
  assert.ok(await page.locator('svg.volume').isVisible(), 'the chart needs no script');
  await noScript.close();
});
