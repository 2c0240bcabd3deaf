// Who may do what: writes to the JSON API need a token, reads are public unless STORYLINE_PRIVATE, and
// failed sign-ins (ClientLogin, bad tokens) are limited per client address.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { seededApp } from './testdata/harness.ts';
import { LoginLimiter, createToken } from './auth.ts';

const basic = (name: string, token: string) => 'Basic ' + Buffer.from(`${name}:${token}`).toString('base64');

test('a write to the JSON API without a valid bearer token is a 401 with {error:{code,message}}', async () => {
  const { app, store } = await seededApp();
  const { token } = await createToken(store, 'ana');
  for (const headers of [{}, { Authorization: 'Bearer sl_wrong' }, { Authorization: `Bearer ${token}x` }] as Record<string, string>[]) {
    const res = await app.request('/api/stories', { method: 'POST', headers });
    assert.equal(res.status, 401);
    const body = (await res.json()) as { error: { code: string; message: string } };
    assert.equal(body.error.code, 'unauthorized');
    assert.ok(body.error.message.length > 0);
  }
  // With the token the request reaches routing (there is no such write route yet, so 404, not 401).
  const ok = await app.request('/api/stories', { method: 'POST', headers: { Authorization: `Bearer ${token}` } });
  assert.equal(ok.status, 404);
  // Reads stay public by default.
  assert.equal((await app.request('/api/stories')).status, 200);
  assert.equal((await app.request('/')).status, 200);
});

test('with private on, every read but /healthz needs a token: bearer for the API, Basic for pages and feeds', async () => {
  const { app, store } = await seededApp({ private: true });
  const { token } = await createToken(store, 'ana');
  const api = await app.request('/api/stories');
  assert.equal(api.status, 401);
  assert.equal(((await api.json()) as { error: { code: string } }).error.code, 'unauthorized');
  assert.equal((await app.request('/api/stories', { headers: { Authorization: `Bearer ${token}` } })).status, 200);
  const page = await app.request('/');
  assert.equal(page.status, 401);
  assert.match(page.headers.get('www-authenticate')!, /^Basic/);
  assert.equal((await app.request('/', { headers: { Authorization: basic('ana', token) } })).status, 200);
  assert.equal((await app.request('/feeds/stories.atom')).status, 401);
  assert.equal((await app.request('/feeds/stories.atom', { headers: { Authorization: basic('ana', token) } })).status, 200);
  assert.equal((await app.request('/healthz')).status, 200);
});

test('failed sign-ins are limited per client: after the limit even the right password waits, then works again', async () => {
  let now = 1_000_000;
  const limiter = new LoginLimiter(3, 60_000, () => now);
  const { app, store } = await seededApp({ loginLimiter: limiter });
  const { token } = await createToken(store, 'ana');
  const login = (passwd: string) => app.request('/accounts/ClientLogin', { method: 'POST', body: new URLSearchParams({ Email: 'ana', Passwd: passwd }) });
  for (let i = 0; i < 3; i++) assert.equal((await login('wrong')).status, 401);
  const refused = await login(token);
  assert.equal(refused.status, 429);
  assert.equal(refused.headers.get('retry-after'), '60');
  // Bad bearer tokens count against the same address.
  assert.equal((await app.request('/api/stories', { method: 'POST', headers: { Authorization: `Bearer ${token}` } })).status, 429);
  now += 60_001;
  const ok = await login(token);
  assert.equal(ok.status, 200);
  assert.match(await ok.text(), /^SID=ana\/[0-9a-f]{64}\nLSID=ana\/[0-9a-f]{64}\nAuth=ana\/[0-9a-f]{64}\n$/);
});

test('ClientLogin answers JSON with output=json, and its Auth opens the reader API', async () => {
  const { app, store } = await seededApp();
  const { token } = await createToken(store, 'ana');
  const res = await app.request('/accounts/ClientLogin', { method: 'POST', body: new URLSearchParams({ Email: 'ana', Passwd: token, output: 'json' }) });
  const body = (await res.json()) as { SID: string; LSID: string; Auth: string };
  assert.equal(body.SID, body.Auth);
  const info = await app.request('/reader/api/0/user-info', { headers: { Authorization: `GoogleLogin auth=${body.Auth}` } });
  assert.deepEqual(await info.json(), { userId: 'ana', userName: 'ana', userProfileId: 'ana', userEmail: 'ana' });
  // The stored value is a hash: the token itself is nowhere in the store.
  assert.notEqual((await store.tokensNamed('ana'))[0].hash, token);
});
