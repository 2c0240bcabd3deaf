import { test } from 'node:test';
import assert from 'node:assert/strict';
import { seededApp } from './testdata/harness.ts';

// Feed health is visible to a user in the API and on /sources: last success, last error with its code,
// failures in a row and the next check.
test('sources: API and page show each feed with its health', async () => {
  const { app, store } = await seededApp();
  const ok = await store.upsertSource({ url: 'https://good.example/rss', kind: 'feed', title: 'Good Feed' });
  await store.updateSourceHealth(ok.id, { lastSuccess: '2026-11-29T10:00:00.000Z', consecutiveFailures: 0, nextCheck: '2026-11-29T10:30:00.000Z' });
  const bad = await store.upsertSource({ url: 'https://bad.example/feed', kind: 'feed', title: '<script>alert(1)</script>' });
  await store.updateSourceHealth(bad.id, {
    lastError: 'HTTP 500',
    lastErrorCode: 'http_status',
    consecutiveFailures: 3,
    nextCheck: '2026-11-29T12:00:00.000Z',
  });

  const res = await app.request('/api/sources');
  assert.equal(res.status, 200);
  const body = (await res.json()) as {
    sources: { url: string; status: string; consecutiveFailures: number; lastErrorCode: string | null; nextCheck: string | null }[];
  };
  const byUrl = new Map(body.sources.map((s) => [s.url, s]));
  assert.equal(byUrl.get('https://good.example/rss')?.status, 'ok');
  assert.equal(byUrl.get('https://bad.example/feed')?.status, 'failing');
  assert.equal(byUrl.get('https://bad.example/feed')?.consecutiveFailures, 3);
  assert.equal(byUrl.get('https://bad.example/feed')?.lastErrorCode, 'http_status');
  assert.equal(byUrl.get('https://good.example/rss')?.nextCheck, '2026-11-29T10:30:00.000Z');

  const page = await (await app.request('/sources')).text();
  assert.match(page, /Good Feed/);
  assert.match(page, /http_status: HTTP 500/);
  assert.match(page, /29 Nov 2026 12:00 UTC/);
  assert.ok(!page.includes('<script>alert(1)</script>'), 'a feed title is escaped');
  assert.match(page, /&lt;script&gt;/);
});

test('sources: an empty list says how to add a feed', async () => {
  const { app } = await seededApp();
  const page = await (await app.request('/sources')).text();
  assert.match(page, /storyline sources add/);
});
