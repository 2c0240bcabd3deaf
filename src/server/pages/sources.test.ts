// /sources groups feeds by their OPML folder and marks the ones allowed on a private address.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseHTML } from 'linkedom';
import { openSqliteStore } from '../../store/sqlite/sqlite-store.ts';
import { createApp } from '../app.ts';

test('sources page: folders as row groups (unfiled last), private-allowed feeds marked', async () => {
  const store = await openSqliteStore(':memory:');
  try {
    await store.upsertSource({ url: 'https://a.example/rss', kind: 'feed', title: 'Wire', folder: 'News / World' });
    await store.upsertSource({ url: 'https://b.example/rss', kind: 'feed', title: 'Loose' });
    await store.upsertSource({ url: 'http://127.0.0.1:8000/rss', kind: 'feed', title: 'Home server', folder: 'Local', allowPrivate: true });
    const app = createApp({ store, attributionHtml: '' });
    const doc = parseHTML(await (await app.request('/sources')).text()).document;
    const groups = [...doc.querySelectorAll('tbody.folder')];
    assert.deepEqual(
      groups.map((g) => g.querySelector('th')?.textContent?.trim()),
      ['Local', 'News / World', 'Not in a folder'],
    );
    assert.match(groups[1].textContent ?? '', /Wire/);
    assert.match(groups[2].textContent ?? '', /Loose/);
    assert.equal(groups[0].querySelector('.badge')?.textContent, 'local');
    assert.equal(groups[1].querySelector('.badge'), null);

    const api = (await (await app.request('/api/sources')).json()) as { sources: { title: string; folder: string | null; allowPrivate: boolean }[] };
    assert.deepEqual(api.sources.map((s) => [s.title, s.folder, s.allowPrivate]).sort(), [
      ['Home server', 'Local', true],
      ['Loose', null, false],
      ['Wire', 'News / World', false],
    ]);
  } finally {
    await store.close();
  }
});
