// The article page and API tell a reader when only the feed's summary could be stored.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseHTML } from 'linkedom';
import { openSqliteStore } from '../../store/sqlite/sqlite-store.ts';
import { createApp } from '../app.ts';

test('a partial article shows the summary-only note and says so in its JSON; a full one does not', async () => {
  const store = await openSqliteStore(':memory:');
  try {
    await store.addArticle({
      id: 'a_teaser',
      url: 'https://news.example/budget',
      title: 'Inside the budget talks',
      text: 'Negotiators are close to a deal on the regional budget.',
      partial: true,
      partialReason: 'too_little_text',
    });
    await store.addArticle({ id: 'a_full', title: 'Full story', text: 'The whole article text is here, from the page.' });
    const app = createApp({ store, attributionHtml: '' });

    const html = await (await app.request('/articles/a_teaser')).text();
    const note = parseHTML(html).document.querySelector('.partial-note');
    assert.ok(note, 'note present');
    assert.match(note.textContent ?? '', /Only the feed's summary was available/);
    assert.match(note.textContent ?? '', /paywall or consent wall/);
    assert.equal(note.querySelector('a')?.getAttribute('href'), 'https://news.example/budget');
    const json = (await (await app.request('/api/articles/a_teaser')).json()) as { partial: boolean; partialReason: string | null };
    assert.equal(json.partial, true);
    assert.equal(json.partialReason, 'too_little_text');

    const full = await (await app.request('/articles/a_full')).text();
    assert.equal(parseHTML(full).document.querySelector('.partial-note'), null);
    const fullJson = (await (await app.request('/api/articles/a_full')).json()) as { partial: boolean; partialReason: string | null };
    assert.equal(fullJson.partial, false);
    assert.equal(fullJson.partialReason, null);
  } finally {
    await store.close();
  }
});
