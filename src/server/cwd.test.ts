// `serve` started from another working directory, as a service manager does: tsx then finds no
// tsconfig.json, so the pages must carry their own JSX settings, and error pages their security headers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnServe } from './testdata/serve-process.ts';
import { scriptSrcOnlyKeys } from './testdata/harness.ts';

test('serve from cwd /: pages and the 404 page render, with the security headers', { timeout: 60_000 }, async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'storyline-cwd-'));
  const serve = spawnServe(['--port', '0', '--no-demo', '--no-poll'], { cwd: '/', env: { ...process.env, STORYLINE_DATA_DIR: dataDir, LOG_LEVEL: 'info' } });
  try {
    const url = await serve.url;
    for (const [path, status, text] of [
      ['', 200, /storyline/],
      ['search?q=bridge', 200, /Search/],
      ['no/such/page', 404, /There is no page at this address/],
      ['stories/none', 404, /Not found/],
    ] as const) {
      const res = await fetch(url + path);
      const body = await res.text();
      assert.equal(res.status, status, `${path}: ${body.slice(0, 200)}`);
      assert.match(body, text, path);
      assert.ok(scriptSrcOnlyKeys(res.headers.get('content-security-policy') ?? ''), `${path} carries the CSP`);
      assert.equal(res.headers.get('x-content-type-options'), 'nosniff', path);
    }
    assert.doesNotMatch(serve.log(), /React is not defined/);
  } finally {
    await serve.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
