// What every route owes a client: a description in /api/openapi.json that matches the routes the app
// serves, an ETag with 304 on GET, {error:{code,message}} and never a 500 on bad input, and the API rate limit.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { seededApp } from './testdata/harness.ts';
import { RequestLimiter, createToken } from './auth.ts';
import { BRIDGE } from './testdata/seed.ts';

/** The app's routes as "METHOD /path/{}" (parameters and wildcards alike), middleware left out. */
function servedRoutes(routes: { method: string; path: string }[]): Set<string> {
  return new Set(routes.filter((r) => r.method !== 'ALL').map((r) => `${r.method} ${r.path.replace(/:[A-Za-z_]+/g, '{}').replace(/\*$/, '{}')}`));
}

test('/api/openapi.json documents every route the app serves, and no route it does not', async () => {
  const { app } = await seededApp();
  const res = await app.request('/api/openapi.json');
  assert.equal(res.status, 200);
  const doc = (await res.json()) as { openapi: string; paths: Record<string, Record<string, { summary: string; responses: object }>> };
  assert.match(doc.openapi, /^3\.1\./);
  const documented = new Set<string>();
  for (const [path, ops] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(ops)) {
      assert.ok(op.summary && Object.keys(op.responses).length, `${method} ${path} has a summary and responses`);
      documented.add(`${method.toUpperCase()} ${path.replace(/\{[^}]+\}/g, '{}')}`);
    }
  }
  const served = servedRoutes(app.routes);
  assert.deepEqual([...served].filter((r) => !documented.has(r)).sort(), [], 'served but not documented');
  assert.deepEqual([...documented].filter((r) => !served.has(r)).sort(), [], 'documented but not served');
});

test('GET answers carry an ETag; a matching If-None-Match gets 304 with no body; a change gets a new one', async () => {
  const { app, store } = await seededApp();
  for (const path of [
    '/',
    `/stories/${BRIDGE}`,
    '/api/stories',
    `/api/stories/${BRIDGE}`,
    '/feeds/stories.atom',
    '/feeds/stories.json',
    '/api/openapi.json',
    '/sources',
  ]) {
    const first = await app.request(path);
    assert.equal(first.status, 200, path);
    const tag = first.headers.get('etag');
    assert.match(tag ?? '', /^"[^"]+"$/, path);
    const again = await app.request(path, { headers: { 'If-None-Match': tag! } });
    assert.equal(again.status, 304, path);
    assert.equal(await again.text(), '', path);
    assert.equal(again.headers.get('etag'), tag, path);
    assert.equal((await app.request(path, { headers: { 'If-None-Match': '"stale"' } })).status, 200, path);
  }
  const before = (await app.request('/api/stories')).headers.get('etag')!;
  await store.addArticle({ id: 'late', title: 'A late article', text: 'Something happened late. It was noted.' });
  await store.assignStory('late', 'st-late');
  const after = await app.request('/api/stories', { headers: { 'If-None-Match': before } });
  assert.equal(after.status, 200, 'the list changed: a new body, not a 304');
  assert.notEqual(after.headers.get('etag'), before);
});

const BAD_SEGMENTS = ['%00', '%E0%A4%A', 'x'.repeat(3000), '..%2F..%2Fetc%2Fpasswd', "'%20OR%201=1--", '%F0%9F%92%A9', 'wl_zz.atom'];
const BAD_QUERIES = [
  'limit=-1',
  'limit=abc',
  'limit=99999999999',
  'offset=-3',
  'offset=1e3',
  'page=0',
  'page=%00',
  'version=x',
  'since=garbage',
  'since=2024-99-99',
  'focus=%00%01',
  'focus=' + 'y'.repeat(2000),
  'q=' + 'z'.repeat(5000),
  'q=%E0%A4%A',
  'new=maybe',
  'n=-5',
  'c=%00',
  's=feed%2F%00',
  'i=not-an-item',
  'output=xml',
];

test('no route answers 500 to bad parameters or bodies; API errors are {error:{code,message}}', { timeout: 300_000 }, async () => {
  const { app, store } = await seededApp();
  const { token } = await createToken(store, 'ana');
  const login = await app.request('/accounts/ClientLogin', { method: 'POST', body: new URLSearchParams({ Email: 'ana', Passwd: token }) });
  const session = /Auth=(\S+)/.exec(await login.text())![1];
  const routes = app.routes.filter((r) => r.method !== 'ALL');
  const checked: string[] = [];
  const check = async (method: string, url: string, init: { body?: string; type?: string } = {}) => {
    // The reader API takes its own session; everything else the bearer token, so bad input reaches the routes.
    const auth = url.startsWith('/reader/') ? `GoogleLogin auth=${session}` : `Bearer ${token}`;
    const res = await app.request(url, {
      method,
      headers: { Authorization: auth, ...(init.type ? { 'Content-Type': init.type } : {}) },
      ...(init.body !== undefined ? { body: init.body } : {}),
    });
    checked.push(url);
    assert.ok(res.status < 500, `${method} ${url.slice(0, 120)} answered ${res.status}`);
    if (url.startsWith('/api/') && res.status >= 400) {
      const body = (await res.json()) as { error?: { code?: unknown; message?: unknown } };
      assert.ok(typeof body.error?.code === 'string' && typeof body.error?.message === 'string', `${method} ${url.slice(0, 120)}: ${JSON.stringify(body)}`);
    } else {
      await res.arrayBuffer();
    }
  };
  for (const r of routes) {
    const fill = (seg: string) => r.path.replace(/:[A-Za-z_]+/g, seg).replace(/\*$/, seg);
    const base = fill(r.path.includes('/api/stories/') || r.path.startsWith('/stories/') ? BRIDGE : 'a1');
    for (const seg of r.path.includes(':') || r.path.endsWith('*') ? BAD_SEGMENTS : []) await check(r.method, fill(seg));
    for (const q of BAD_QUERIES) await check(r.method, `${base}?${q}`);
    if (r.method !== 'GET') {
      for (const [body, type] of [
        ['{not json', 'application/json'],
        ['[]', 'application/json'],
        ['{"name": {"x": 1}, "entities": "a\\u0000b"}', 'application/json'],
        ['%%%=&&=', 'application/x-www-form-urlencoded'],
        ['x'.repeat(100_000), 'text/plain'],
      ]) {
        await check(r.method, base, { body, type });
      }
    }
  }
  assert.ok(checked.length > 500, `${checked.length} requests`);
});

test('the API is rate limited per client address: 429 with Retry-After past the burst, then allowed again', async () => {
  let now = 1_000_000;
  const { app } = await seededApp({ apiLimiter: new RequestLimiter(60, 3, () => now) });
  for (let i = 0; i < 3; i++) assert.equal((await app.request('/api/stories')).status, 200);
  const refused = await app.request('/api/stories');
  assert.equal(refused.status, 429);
  assert.equal(refused.headers.get('retry-after'), '1');
  assert.equal(((await refused.json()) as { error: { code: string } }).error.code, 'rate_limited');
  assert.equal((await app.request('/')).status, 200, 'pages are not the API');
  now += 1000;
  assert.equal((await app.request('/api/stories')).status, 200, 'one more a second at 60 a minute');
  assert.equal((await app.request('/api/stories')).status, 429);
});
