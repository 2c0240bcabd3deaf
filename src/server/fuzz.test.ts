// Property tests over every route's parameters: the JSON API, the pages, the outbound feeds and the Google
// Reader API, each asked with random values (binary strings, huge numbers, malformed percent escapes,
// repeated parameters, bad auth headers) and with real values mutated (ids and names from the store, words
// of real Wikinews titles from ../shared/data, dates, Reader item ids and streams). Whatever comes in, the
// answer is a deliberate one (200, 301, 400, 401, 404, 429 or a 503 asking to retry), never a 500 or an
// escaped exception; /api/ answers are JSON with an error field when they fail; every answer carries the
// CSP; no request takes long or logs an error; the heap stays bounded.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { dataset } from '../../eval/data.ts';
import { cpuMs, heapMb } from '../../eval/fuzz/mutate.ts';
import { ingestArticles } from '../pipeline/ingest.ts';
import type { Store } from '../store/store.ts';
import { LoginLimiter, createToken, hashToken, sessionToken } from './auth.ts';
import { createApp } from './app.ts';
import { ATTRIBUTION, captureLog, scriptSrcOnlyKeys, seededStore } from './testdata/harness.ts';
import { BRIDGE, HOSTILE, MERGED } from './testdata/seed.ts';

const SEED = Number(process.env.FUZZ_SEED ?? 17);
/** Per request, in process on a loaded 2-core machine: the costliest (a focused brief) takes ~100 ms. */
const REQUEST_MS = 5_000;
const ANSWERS = new Set([200, 301, 302, 400, 401, 404, 429, 503]);

type Method = 'GET' | 'POST';
interface Route {
  method: Method;
  /** Path with :name placeholders filled from `slots`. */
  path: string;
  params: string[];
}

// Every route of src/server (app.ts, greader/routes.ts) but the two that fetch a subscribed URL from the
// network (quickadd, subscription/edit with ac=subscribe; their checks are in session.test.ts).
const ROUTES: Route[] = [
  { method: 'GET', path: '/healthz', params: [] },
  { method: 'GET', path: '/api/stories', params: ['limit', 'offset'] },
  { method: 'GET', path: '/api/stories/:story', params: ['version', 'focus', 'since'] },
  { method: 'GET', path: '/api/articles/:article', params: [] },
  { method: 'GET', path: '/api/entities/:entity', params: [] },
  { method: 'GET', path: '/api/search', params: ['q', 'limit'] },
  { method: 'GET', path: '/api/sources', params: [] },
  { method: 'POST', path: '/api/stories', params: ['limit'] },
  { method: 'GET', path: '/', params: ['page'] },
  { method: 'GET', path: '/stories/:story', params: ['version', 'focus', 'since'] },
  { method: 'GET', path: '/articles/:article', params: [] },
  { method: 'GET', path: '/entities/:entity', params: [] },
  { method: 'GET', path: '/search', params: ['q'] },
  { method: 'GET', path: '/sources', params: [] },
  { method: 'GET', path: '/feeds/stories.atom', params: [] },
  { method: 'GET', path: '/feeds/stories.json', params: [] },
  { method: 'POST', path: '/accounts/ClientLogin', params: ['Email', 'Passwd', 'output'] },
  { method: 'GET', path: '/reader/api/0/token', params: ['T'] },
  { method: 'GET', path: '/reader/api/0/user-info', params: ['output'] },
  { method: 'GET', path: '/reader/api/0/tag/list', params: ['output'] },
  { method: 'GET', path: '/reader/api/0/subscription/list', params: ['output'] },
  { method: 'GET', path: '/reader/api/0/stream/items/ids', params: ['s', 'n', 'r', 'xt', 'it', 'ot', 'nt', 'c', 'output'] },
  { method: 'POST', path: '/reader/api/0/stream/items/ids', params: ['s', 'n', 'r', 'xt', 'c'] },
  { method: 'GET', path: '/reader/api/0/stream/contents/:stream', params: ['n', 'r', 'xt', 'it', 'ot', 'nt', 'c', 'output'] },
  { method: 'GET', path: '/reader/api/0/stream/items/contents', params: ['i', 'output'] },
  { method: 'POST', path: '/reader/api/0/stream/items/contents', params: ['i', 'output'] },
  { method: 'GET', path: '/reader/api/0/unread-count', params: ['output'] },
  { method: 'POST', path: '/reader/api/0/edit-tag', params: ['i', 'a', 'r', 'T'] },
  { method: 'POST', path: '/reader/api/0/mark-all-as-read', params: ['s', 'ts', 'T'] },
  { method: 'POST', path: '/reader/api/0/subscription/edit', params: ['ac', 's', 't', 'a', 'r'] },
  { method: 'GET', path: '/reader/api/0/no/such/call', params: ['x'] },
];

/** Values a careless client or an attacker sends for anything. */
const HOSTILE_VALUES = [
  '',
  ' ',
  '0',
  '-1',
  '1.5',
  '1e309',
  '-0',
  'NaN',
  'Infinity',
  '0x10',
  '007',
  '99999999999999999999999',
  '9007199254740993',
  '1_000',
  'true',
  'null',
  'undefined',
  '[]',
  '{}',
  '__proto__',
  'constructor',
  'toString',
  '%',
  '%zz',
  '%C0%AF',
  '%00',
  '%uD800',
  '\u0000',
  '\uD800',
  '\uFFFD',
  '\u202E',
  '../../etc/passwd',
  '..%2f..%2f',
  '<script>alert(1)</script>',
  '"><svg onload=alert(1)>',
  'javascript:alert(1)',
  "' OR 1=1 --",
  '"; DROP TABLE articles; --',
  'a" OR "1"="1',
  '*',
  '"',
  'NEAR(a b)',
  'a AND',
  'OR',
  '(',
  ')',
  '^',
  'col:term',
  '-',
  'x'.repeat(201),
  'the '.repeat(60),
  'é'.repeat(300),
  '1970-01-01',
  '2019-10-06T00:00:00Z',
  '275760-09-13T00:00:00.000Z',
  '+275760-09-13T00:00:00Z',
  '9999-99-99',
  'x.x',
  '.',
  '12.',
  '.34',
  '1.x',
  'x.',
  'feed/1',
  'feed/',
  'user/-/state/com.google/read',
  'user/-/state/com.google/starred',
  'user/-/label/',
  'user/-/label/a',
  'user/1/state/com.google/reading-list',
  'feed/storyline:stories',
  'splice/a',
  'tag:google.com,2005:reader/item/',
  'tag:google.com,2005:reader/item/ffffffffffffffff',
  'tag:google.com,2005:reader/item/zz',
  '18446744073709551616',
  'subscribe',
  'unsubscribe',
  'edit',
  'json',
  'xml',
];

/** Percent-escapes the UTF-8 bytes (a lone surrogate goes as U+FFFD, as a browser sends it). */
function escape(s: string): string {
  return [...Buffer.from(s, 'utf8')]
    .map((b) => (/[A-Za-z0-9\-_.~]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : '%' + b.toString(16).toUpperCase().padStart(2, '0')))
    .join('');
}

/** A value as it may arrive: escaped, raw but for the URL's own delimiters, broken escapes, escaped twice. */
function percentMess(s: string): fc.Arbitrary<string> {
  const raw = escape(s).replace(/%([0-9A-F]{2})/g, (all, h: string) =>
    /[#?&/%\s]/.test(String.fromCharCode(parseInt(h, 16))) || parseInt(h, 16) > 0x7e || parseInt(h, 16) < 0x21 ? all : String.fromCharCode(parseInt(h, 16)),
  );
  return fc.constantFrom(escape(s), raw, escape(s) + '%', '%' + escape(s), escape(s).replace(/%/g, '%25'));
}

/** A real value changed a little: cut, repeated, wrapped in markup or quotes, a byte flipped. */
function mutated(real: string[]): fc.Arbitrary<string> {
  return fc
    .tuple(fc.constantFrom(...real), fc.integer({ min: 0, max: 7 }), fc.nat(), fc.constantFrom('<', '"', "'", '%', '\u0000', ' OR ', '*', '&', '#', '/', '..'))
    .map(([v, op, n, frag]) => {
      const at = v.length ? n % v.length : 0;
      switch (op) {
        case 0:
          return v;
        case 1:
          return v.slice(0, at);
        case 2:
          return v.slice(0, at) + frag + v.slice(at);
        case 3:
          return v.repeat(2 + (n % 40));
        case 4:
          return v.toUpperCase();
        case 5:
          return v.slice(0, at) + String.fromCharCode((v.charCodeAt(at) ^ (1 + (n % 255))) & 0xffff) + v.slice(at + 1);
        case 6:
          return `<b>${v}</b>`;
        default:
          return v + frag;
      }
    });
}

interface World {
  store: Store;
  session: string;
  token: string;
  real: string[];
  slots: Record<string, string[]>;
}

function titleWords(): string[] {
  const wn = dataset('wikinews');
  if (!wn) return [];
  const words = readFileSync(join(wn, 'articles.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .slice(0, 200)
    .flatMap((l) => (JSON.parse(l) as { title: string }).title.split(/\s+/));
  return [...new Set(words)].filter((w) => w.length > 2);
}

async function world(): Promise<World> {
  const store = await seededStore({ filler: 5 });
  // Real articles when the shared data is there: their ids, entity names and title words become inputs.
  const wn = dataset('wikinews');
  const articles = ['a1', 'a2', 'a3', 'old1', 'evil', 'f0', 'nope'];
  if (wn) {
    const inputs = readFileSync(join(wn, 'articles.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .slice(290, 310)
      .map((l) => JSON.parse(l) as { id: string; title: string; text: string; published: string; url: string });
    const res = await ingestArticles(
      store,
      inputs.map((a) => ({ ...a, source: 'Wikinews' })),
    );
    assert.equal(res.errors.length, 0, 'the real articles are stored');
    articles.push(...inputs.map((a) => a.id));
  }
  const { name, token } = await createToken(store, 'fuzz');
  const record = await store.tokenByHash(hashToken(token));
  assert.ok(record && record.name === name);
  const stories = (await store.listStories({ limit: 50, offset: 0 })).map((s) => s.id);
  const entities = ['Mara Quinn', 'Leo Brandt', 'Wikinews', ...titleWords().slice(0, 30)];
  const streams = [
    'user/-/state/com.google/reading-list',
    'user/-/state/com.google/read',
    'user/-/state/com.google/starred',
    'feed/storyline:stories',
    'user/-/label/News',
    'feed/1',
  ];
  const itemIds = ['tag:google.com,2005:reader/item/0000000000000001', '1', '2', '00000000000000ff', '-1', 'tag:google.com,2005:reader/item/'];
  const real = [
    ...stories,
    ...articles,
    ...entities,
    ...streams,
    ...itemIds,
    ...titleWords(),
    '2019-10-06',
    '2020-01-01T12:00:00Z',
    '1577880000',
    '10',
    '1.2',
    'x.3',
  ];
  return {
    store,
    session: sessionToken(record),
    token,
    real,
    slots: { story: [...stories, BRIDGE, MERGED, HOSTILE, 'st-none'], article: articles, entity: entities, stream: streams },
  };
}

interface Request {
  route: Route;
  slot: string;
  query: [string, string][];
  auth: 'none' | 'session' | 'bearer' | 'garbage';
  garbage: string;
  asBody: boolean;
}

function requestArb(w: World, value: fc.Arbitrary<string>): fc.Arbitrary<Request> {
  return fc.constantFrom(...ROUTES).chain((route) => {
    const slotName = /:(\w+)/.exec(route.path)?.[1];
    const slot = slotName ? fc.oneof(mutated(w.slots[slotName]).chain(percentMess), value.chain(percentMess)) : fc.constant('');
    // A parameter may be missing, given once or given several times (params(c, …) reads every copy).
    const name = fc.oneof(
      { arbitrary: fc.constantFrom(...(route.params.length ? route.params : ['x'])), weight: 5 },
      { arbitrary: fc.string({ maxLength: 8 }), weight: 1 },
    );
    const query = fc.array(fc.tuple(name, value.chain(percentMess)), { maxLength: 6 });
    return fc.record({
      route: fc.constant(route),
      slot,
      query,
      auth: fc.constantFrom('none', 'session', 'session', 'bearer', 'garbage'),
      garbage: fc.oneof(
        fc.constantFrom(
          'GoogleLogin auth=',
          'GoogleLogin auth=fuzz/0',
          'Bearer ',
          'Basic ' + Buffer.from('fuzz:x').toString('base64'),
          'Basic !!!',
          'GoogleLogin',
        ),
        fc.string({ maxLength: 50 }),
      ),
      asBody: fc.boolean(),
    });
  });
}

function build(r: Request, w: World): { url: string; init: RequestInit } {
  const path = r.route.path.replace(/:\w+/, r.slot);
  // Query values are already escaped (or deliberately broken); names are escaped here.
  const qs = r.query.map(([k, v]) => `${escape(k)}=${v}`).join('&');
  const headers: Record<string, string> = {};
  if (r.auth === 'session') headers.authorization = `GoogleLogin auth=${w.session}`;
  if (r.auth === 'bearer') headers.authorization = `Bearer ${w.token}`;
  // Header values must be ByteStrings: a client cannot send others.
  if (r.auth === 'garbage') headers.authorization = r.garbage.replace(/[^\x20-\x7e]/g, '?');
  if (r.route.method === 'POST' && r.asBody) {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    return { url: `http://fuzz.local${path}`, init: { method: 'POST', headers, body: qs } };
  }
  return { url: `http://fuzz.local${path}${qs ? '?' + qs : ''}`, init: { method: r.route.method, headers } };
}

/** Log lines at level error and above (pino: 50), which a request must never cause. */
type ErrorLines = () => Record<string, unknown>[];

async function check(app: ReturnType<typeof createApp>, r: Request, w: World, errors: ErrorLines, statuses: Map<number, number>) {
  const { url, init } = build(r, w);
  const what = `${init.method} ${url} ${JSON.stringify(init.headers)} ${typeof init.body === 'string' ? init.body.slice(0, 300) : ''}`.slice(0, 800);
  const logged = errors().length;
  const t0 = cpuMs();
  let res: Response;
  try {
    res = await app.request(url, init);
  } catch (err) {
    throw new Error(`an exception escaped the app for ${what}: ${(err as Error).stack}`);
  }
  const body = await res.text();
  statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
  const took = cpuMs() - t0;
  assert.ok(took < REQUEST_MS, `took ${Math.round(took)} ms of CPU: ${what}`);
  assert.ok(ANSWERS.has(res.status), `status ${res.status} for ${what}: ${body.slice(0, 300)}`);
  assert.equal(errors().length, logged, `an error was logged for ${what}: ${JSON.stringify(errors().slice(logged)).slice(0, 500)}`);
  assert.ok(scriptSrcOnlyKeys(res.headers.get('content-security-policy') ?? ''), `CSP on ${what} allows only the pages' own script`);
  const path = new URL(url).pathname;
  if (path.startsWith('/api/') && res.status !== 301) {
    let json: unknown;
    assert.doesNotThrow(() => (json = JSON.parse(body)), `JSON from ${what}: ${body.slice(0, 200)}`);
    if (res.status >= 400) assert.ok(json && typeof json === 'object' && 'error' in json, `an /api/ error names itself: ${what}`);
  }
  if (res.status === 503) assert.ok(res.headers.get('retry-after'), `a 503 says when to retry: ${what}`);
}

async function runProperty(value: fc.Arbitrary<string>, numRuns: number) {
  const w = await world();
  const { log, lines } = captureLog();
  // Failed sign-ins are part of the input here; the limiter's own test is in access.test.ts.
  const app = createApp({ store: w.store, log, attributionHtml: ATTRIBUTION, loginLimiter: new LoginLimiter(Number.MAX_SAFE_INTEGER) });
  const errors = () => lines.filter((l) => (l.level as number) >= 50);
  const statuses = new Map<number, number>();
  const before = heapMb();
  try {
    await fc.assert(
      fc.asyncProperty(requestArb(w, value), (r) => check(app, r, w, errors, statuses)),
      { numRuns, seed: SEED, endOnFailure: true, includeErrorInReport: true },
    );
  } finally {
    await w.store.close();
  }
  // Not only refusals: a good share of the requests got through to the store and the renderers.
  const share = (code: number) => (statuses.get(code) ?? 0) / numRuns;
  assert.ok(share(200) > 0.25 && share(400) > 0.02 && share(404) > 0.02, `answers ${JSON.stringify([...statuses])}`);
  const grown = heapMb() - before;
  assert.ok(grown < 300, `heap grew by ${Math.round(grown)} MB over ${numRuns} requests`);
}

test('fuzz API parameters: random values on every route get a deliberate answer, never a 500', { timeout: 600_000 }, async () => {
  const random = fc.oneof(
    { arbitrary: fc.constantFrom(...HOSTILE_VALUES), weight: 4 },
    { arbitrary: fc.string({ unit: 'binary', maxLength: 60 }), weight: 2 },
    { arbitrary: fc.string({ unit: 'grapheme', maxLength: 300 }), weight: 1 },
    { arbitrary: fc.oneof(fc.integer(), fc.double()).map(String), weight: 1 },
  );
  await runProperty(random, 400);
});

test('fuzz API parameters: mutated real ids, names and words get a deliberate answer, never a 500', { timeout: 600_000 }, async () => {
  const w = await world();
  const real = w.real;
  await w.store.close();
  await runProperty(fc.oneof(mutated(real), fc.constantFrom(...HOSTILE_VALUES)), 300);
});
