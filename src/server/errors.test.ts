// Error responses (404, 500) answer through the app's middleware, so they carry the same security
// headers as every page.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { scriptSrcOnlyKeys, seededApp, seededStore } from './testdata/harness.ts';

function assertSecure(res: Response, what: string): void {
  assert.match(res.headers.get('content-security-policy') ?? '', /default-src 'self'/, `${what}: CSP`);
  assert.ok(scriptSrcOnlyKeys(res.headers.get('content-security-policy') ?? ''), `${what}: CSP allows only the keyboard script`);
  assert.equal(res.headers.get('x-content-type-options'), 'nosniff', `${what}: nosniff`);
  assert.equal(res.headers.get('referrer-policy'), 'no-referrer', `${what}: referrer policy`);
}

test('errors: 404 and 500 pages and API errors carry the security headers', async () => {
  const store = await seededStore();
  // A store that fails on the front page's query: the route throws, onError answers.
  const broken = Object.create(store, { countStories: { value: async () => Promise.reject(new Error('disk on fire')) } });
  const { app } = await seededApp({ store: broken });
  try {
    const missing = await app.request('/no/such/page');
    assert.equal(missing.status, 404);
    assertSecure(missing, '404 page');
    const failed = await app.request('/');
    assert.equal(failed.status, 500);
    assert.match(await failed.text(), /could not build this page/);
    assertSecure(failed, '500 page');
    const api = await app.request('/api/stories');
    assert.equal(api.status, 500);
    assert.deepEqual(await api.json(), { error: { code: 'internal', message: 'internal error' } });
    assertSecure(api, '500 API');
  } finally {
    await store.close();
  }
});
