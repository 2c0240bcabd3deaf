import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';

const root = join(import.meta.dirname, '..', '..', '..');
const testdata = join(root, 'src', 'sources', 'feed', 'testdata');

function run(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(root, 'bin', 'storyline.js'), ...args], { cwd: root });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

let server: http.Server;
let base = '';
before(async () => {
  server = http.createServer((req, res) => {
    if (req.url === '/feed.xml') {
      res.writeHead(200, { 'content-type': 'application/rss+xml' });
      res.end('<rss version="2.0"><channel><title>Served</title><item><title>One</title><link>/one</link></item></channel></rss>');
    } else {
      res.writeHead(500);
      res.end();
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => server.close());

test('one file: the feed as one JSON object with the contract fields', async () => {
  const r = await run(['feed', join(testdata, 'base-and-entities.xml')]);
  assert.equal(r.code, 0, r.stderr);
  const feed = JSON.parse(r.stdout);
  assert.equal(feed.title, 'Local & Global');
  assert.equal(feed.items.length, 2);
  assert.deepEqual(Object.keys(feed.items[0]).sort(), ['author', 'content', 'id', 'link', 'published', 'summary', 'title']);
});

test('several inputs: one line each, errors as lines, exit 0 when any parsed; URL fetched', async () => {
  const r = await run(['feed', '--allow-private', join(testdata, 'feed11.json'), join(testdata, 'missing.xml'), `${base}/feed.xml`]);
  assert.equal(r.code, 0, r.stderr);
  const lines = r.stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  assert.equal(lines.length, 3);
  assert.equal(lines[0].title, 'JSON side');
  assert.match(lines[1].error, /read_failed/);
  assert.equal(lines[1].input, join(testdata, 'missing.xml'));
  assert.equal(lines[2].items[0].link, `${base}/one`);
});

test('a single bad input: one line on stderr naming it, exit 2', async () => {
  const r = await run(['feed', join(testdata, '..', 'index.ts')]);
  assert.equal(r.code, 2);
  assert.equal(r.stdout, '');
  assert.equal(r.stderr.trim().split('\n').length, 1);
  assert.match(r.stderr, /index\.ts: sources\.feed_unparseable/);
  // Every input failed (a missing file; a loopback URL without --allow-private): exit 2, errors as lines.
  const all = await run(['feed', '/nonexistent/a.xml', `${base}/feed.xml`]);
  assert.equal(all.code, 2);
  const lines = all.stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  assert.match(lines[1].error, /private_address/);
});
