import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import zlib from 'node:zlib';
import net, { type AddressInfo } from 'node:net';
import { startBlackhole } from './testdata/blackhole.ts';
import { fetchUrl, FetchError, type FetchOptions } from './fetch.ts';
import { fetchWithRetry, parseRetryAfter, backoffDelay } from './retry.ts';
import { RobotsCache } from './robots.ts';
import { HostLimiter } from './limiter.ts';
import { pollFeed } from './poll.ts';

let server: http.Server;
let base = '';
let port = 0;
const hits: Record<string, number> = {};
const ua: string[] = [];

const FEED = '<?xml version="1.0"?><rss version="2.0"><channel><title>T</title><item><title>Caf\u00e9</title><link>/a</link></item></channel></rss>';

before(async () => {
  server = http.createServer((req, res) => {
    const path = req.url ?? '/';
    hits[path] = (hits[path] ?? 0) + 1;
    ua.push(String(req.headers['user-agent']));
    switch (path) {
      case '/feed':
        if (req.headers['if-none-match'] === '"v1"') {
          res.writeHead(304, { etag: '"v1"' });
          return res.end();
        }
        res.writeHead(200, {
          'content-type': 'application/rss+xml',
          etag: '"v1"',
          'last-modified': 'Mon, 01 Jan 2024 00:00:00 GMT',
          'content-encoding': 'gzip',
        });
        return res.end(zlib.gzipSync(FEED));
      case '/deflate':
        res.writeHead(200, { 'content-encoding': 'deflate' });
        return res.end(zlib.deflateSync('zlib deflate'));
      case '/raw-deflate':
        res.writeHead(200, { 'content-encoding': 'deflate' });
        return res.end(zlib.deflateRawSync('raw deflate'));
      case '/br':
        res.writeHead(200, { 'content-type': 'text/plain', 'content-encoding': 'br' });
        return res.end(zlib.brotliCompressSync('brotli body'));
      case '/429':
        if (hits[path] === 1) {
          res.writeHead(429, { 'retry-after': '1' });
          return res.end('slow down');
        }
        res.writeHead(200);
        return res.end('ok after 429');
      case '/503':
        if (hits[path] === 1) {
          res.writeHead(503);
          return res.end();
        }
        res.writeHead(200);
        return res.end('ok after 503');
      case '/loop-a':
        res.writeHead(302, { location: '/loop-b' });
        return res.end();
      case '/loop-b':
        res.writeHead(301, { location: '/loop-a' });
        return res.end();
      case '/hang':
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.write('partial…');
        return; // never ends
      case '/big':
        res.writeHead(200, { 'content-type': 'text/plain' });
        for (let i = 0; i < 20; i++) res.write(Buffer.alloc(64 * 1024, 97));
        return res.end();
      case '/big-declared':
        res.writeHead(200, { 'content-length': String(5 * 1024 * 1024) });
        return res.end();
      case '/bomb':
        res.writeHead(200, { 'content-encoding': 'gzip' });
        return res.end(zlib.gzipSync(Buffer.alloc(64 * 1024 * 1024)));
      case '/wrong-charset':
        res.writeHead(200, { 'content-type': 'text/xml; charset=utf-8' });
        return res.end(Buffer.from(FEED.replace('?>', ' encoding="iso-8859-1"?>'), 'latin1'));
      case '/robots.txt':
        res.writeHead(200, { 'content-type': 'text/plain' });
        return res.end('User-agent: *\nDisallow: /private\nAllow: /private/ok\nCrawl-delay: 2\n');
      case '/to-private':
        res.writeHead(302, { location: 'http://10.0.0.1/secret' });
        return res.end();
      default:
        res.writeHead(404);
        return res.end('nope');
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as AddressInfo).port;
  base = `http://127.0.0.1:${port}`;
});

after(() => {
  server.closeAllConnections();
  server.close();
});

const local: FetchOptions = { allowPrivate: true };

async function rejectsWith(p: Promise<unknown>, code: string, extra?: (e: FetchError) => void) {
  await assert.rejects(p, (err: unknown) => {
    assert.ok(err instanceof FetchError, `expected FetchError, got ${String(err)}`);
    assert.equal(err.code, code, err.message);
    assert.equal(err.stage, 'sources');
    assert.ok(err.input, 'error names the URL');
    extra?.(err);
    return true;
  });
}

test('gzip body decoded, validators returned, conditional GET answers 304', async () => {
  const first = await fetchUrl(`${base}/feed`, { ...local, userAgent: 'storyline-test/1' });
  assert.equal(first.status, 200);
  assert.equal(first.body.toString('utf8'), FEED);
  assert.equal(first.etag, '"v1"');
  assert.equal(first.lastModified, 'Mon, 01 Jan 2024 00:00:00 GMT');
  assert.equal(ua.at(-1), 'storyline-test/1');
  const second = await fetchUrl(`${base}/feed`, { ...local, etag: first.etag });
  assert.equal(second.status, 304);
  assert.equal(second.notModified, true);
  assert.equal(second.body.length, 0);
  const br = await fetchUrl(`${base}/br`, local);
  assert.equal(br.body.toString(), 'brotli body');
  assert.equal((await fetchUrl(`${base}/deflate`, local)).body.toString(), 'zlib deflate');
  assert.equal((await fetchUrl(`${base}/raw-deflate`, local)).body.toString(), 'raw deflate');
});

test('429 with Retry-After is retried after the stated delay', async () => {
  const slept: number[] = [];
  const res = await fetchWithRetry(`${base}/429`, { ...local, retries: 2, baseMs: 10, sleep: async (ms) => void slept.push(ms) });
  assert.equal(res.body.toString(), 'ok after 429');
  assert.deepEqual(slept, [1000]);
});

test('503 then 200 is retried with backoff; 404 is not retried', async () => {
  const slept: number[] = [];
  const res = await fetchWithRetry(`${base}/503`, { ...local, baseMs: 50, jitter: 0, sleep: async (ms) => void slept.push(ms) });
  assert.equal(res.body.toString(), 'ok after 503');
  assert.deepEqual(slept, [50]);
  await rejectsWith(fetchWithRetry(`${base}/missing`, { ...local, sleep: async () => assert.fail('must not retry') }), 'http_status', (e) =>
    assert.equal(e.status, 404),
  );
});

test('redirect loop and redirect limit', async () => {
  await rejectsWith(fetchUrl(`${base}/loop-a`, local), 'redirect_loop');
  await rejectsWith(fetchUrl(`${base}/loop-a`, { ...local, maxRedirects: 0 }), 'too_many_redirects');
});

test('a body that never finishes times out', async () => {
  const t0 = Date.now();
  await rejectsWith(fetchUrl(`${base}/hang`, { ...local, readTimeoutMs: 300 }), 'read_timeout');
  assert.ok(Date.now() - t0 < 3000);
});

test('a host that never answers the handshake is a connect_timeout; one that accepts and stays silent a read_timeout', { timeout: 20_000 }, async () => {
  const hole = await startBlackhole();
  const silent = net.createServer(() => undefined);
  await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
  try {
    let t0 = Date.now();
    await rejectsWith(fetchUrl(`http://127.0.0.1:${hole.port}/feed`, { ...local, connectTimeoutMs: 400 }), 'connect_timeout', (e) => {
      assert.match(e.message, /could not connect to 127\.0\.0\.1:\d+ within 400 ms/);
      assert.equal(e.input, `http://127.0.0.1:${hole.port}/feed`);
    });
    assert.ok(Date.now() - t0 < 3000, 'gave up at the connect timeout');
    t0 = Date.now();
    const port = (silent.address() as AddressInfo).port;
    await rejectsWith(fetchUrl(`http://127.0.0.1:${port}/feed`, { ...local, connectTimeoutMs: 400, readTimeoutMs: 300 }), 'read_timeout', (e) =>
      assert.match(e.message, /connected, but no data for 300 ms/),
    );
    assert.ok(Date.now() - t0 < 3000);
    // Both are worth one retry later: the host may be back.
    const retried = await fetchWithRetry(`http://127.0.0.1:${hole.port}/feed`, {
      ...local,
      connectTimeoutMs: 200,
      retries: 1,
      sleep: async () => undefined,
    }).catch((e) => e);
    assert.equal((retried as FetchError).code, 'connect_timeout');
  } finally {
    silent.close();
    await hole.close();
  }
});

test('body over the limit: streamed, declared, and a gzip bomb stopped while inflating', async () => {
  await rejectsWith(fetchUrl(`${base}/big`, { ...local, maxBytes: 256 * 1024 }), 'too_large');
  await rejectsWith(fetchUrl(`${base}/big-declared`, { ...local, maxBytes: 1024 * 1024 }), 'too_large');
  const t0 = Date.now();
  await rejectsWith(fetchUrl(`${base}/bomb`, { ...local, maxBytes: 1024 * 1024 }), 'too_large', (e) => assert.match(e.message, /decompressed/));
  assert.ok(Date.now() - t0 < 5000);
});

test('wrong charset header: the feed is still decoded from its real encoding', async () => {
  const r = await pollFeed({ url: `${base}/wrong-charset` }, local);
  assert.equal(r.status, 'ok');
  assert.equal(r.items[0].title, 'Caf\u00e9');
  assert.equal(r.items[0].link, `${base}/a`);
});

test('robots.txt: disallowed path refused, Allow overrides, Crawl-delay raises the host interval', async () => {
  const robots = new RobotsCache();
  const limiter = new HostLimiter({ minIntervalMs: 0 });
  await rejectsWith(fetchUrl(`${base}/private/x`, { ...local, robots, limiter }), 'robots_disallowed');
  const before = hits['/robots.txt'];
  await rejectsWith(fetchUrl(`${base}/private/ok`, { ...local, robots }), 'http_status');
  assert.equal(hits['/robots.txt'], before, 'robots.txt is cached per host');
  assert.equal(limiter.intervalFor(`127.0.0.1:${port}`), 2000);
});

test('private addresses refused by default, and on a redirect from an allowed host before connecting', async () => {
  await rejectsWith(fetchUrl(`${base}/feed`), 'private_address');
  const lookup = async (host: string) =>
    host === 'public.test' ? [{ address: '127.0.0.1', family: 4 as const }] : assert.fail(`unexpected lookup of ${host}`);
  const ok = await fetchUrl(`http://public.test:${port}/feed`, { lookup, allowOrigins: [`http://public.test:${port}`] });
  assert.equal(ok.status, 200);
  await rejectsWith(fetchUrl(`http://public.test:${port}/to-private`, { lookup, allowOrigins: [`http://public.test:${port}`] }), 'private_address', (e) =>
    assert.match(e.message, /10\.0\.0\.1/),
  );
  await rejectsWith(fetchUrl('file:///etc/passwd'), 'unsupported_protocol');
  await rejectsWith(fetchUrl('http://[::1]/'), 'private_address');
});

test('pollFeed: ok, then not_modified with the stored validators, errors as data', async () => {
  const first = await pollFeed({ url: `${base}/feed` }, local);
  assert.equal(first.status, 'ok');
  assert.equal(first.items.length, 1);
  const second = await pollFeed({ url: `${base}/feed`, etag: first.etag, lastModified: first.lastModified }, local);
  assert.equal(second.status, 'not_modified');
  assert.equal(second.etag, '"v1"');
  const bad = await pollFeed({ url: `${base}/429` }, { ...local, retries: 0 });
  assert.equal(bad.status, 'error');
});

test('Retry-After parsing and backoff', () => {
  assert.equal(parseRetryAfter('120'), 120_000);
  assert.equal(parseRetryAfter('Wed, 21 Oct 2015 07:28:00 GMT', Date.parse('Wed, 21 Oct 2015 07:27:00 GMT')), 60_000);
  assert.equal(parseRetryAfter('soon'), null);
  assert.equal(backoffDelay(0, { baseMs: 100, jitter: 0 }), 100);
  assert.equal(backoffDelay(3, { baseMs: 100, jitter: 0 }), 800);
  assert.equal(backoffDelay(30, { baseMs: 100, maxMs: 5000, jitter: 0 }), 5000);
  const d = backoffDelay(2, { baseMs: 100, jitter: 0.5, random: () => 0 });
  assert.equal(d, 200);
});

test('limiter spaces requests to one host and caps concurrency', async () => {
  // A fake clock: the limiter's waits move it instead of taking time.
  let clock = 1_000_000;
  const limiter = new HostLimiter({ minIntervalMs: 150, maxPerHost: 1, now: () => clock, sleep: async (ms) => void (clock += ms) });
  const starts: number[] = [];
  const t0 = clock;
  await Promise.all([1, 2, 3].map(() => limiter.run('h', async () => void starts.push(clock - t0))));
  assert.ok(starts[1] >= 150 && starts[2] >= 300, `starts ${starts}`);
});
