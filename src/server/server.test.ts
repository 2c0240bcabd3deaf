import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './app.ts';
import { seededStore, captureLog, ATTRIBUTION } from './testdata/harness.ts';
import { BRIDGE, MERGED } from './testdata/seed.ts';
import { StorylineError } from '../errors.ts';

test('startServer: serves over loopback on a free port, logs, and closes promptly', async () => {
  const store = await seededStore();
  const { log, lines } = captureLog();
  const srv = await startServer({ store, port: 0, log, attributionHtml: ATTRIBUTION });
  try {
    assert.ok(srv.port > 0);
    const base = `http://127.0.0.1:${srv.port}`;
    const h = await fetch(`${base}/healthz`);
    assert.equal(h.status, 200);
    assert.equal(((await h.json()) as { status: string }).status, 'ok');
    const r = await fetch(`${base}/stories/${MERGED}`, { redirect: 'manual' });
    assert.equal(r.status, 301);
    assert.equal(r.headers.get('location'), `/stories/${BRIDGE}`);
    const page = await fetch(`${base}/stories/${BRIDGE}`);
    assert.match(await page.text(), /Key developments/);
    assert.ok(lines.some((l) => l.msg === 'listening' && String(l.url).endsWith(`:${srv.port}/`)));
  } finally {
    const t0 = Date.now();
    await srv.close();
    assert.ok(Date.now() - t0 < 2000, 'keep-alive connections do not hold close() open');
    await store.close();
  }
});

test('startServer: a port in use is a server.listen_failed error naming host and port', async () => {
  const store = await seededStore();
  const first = await startServer({ store, port: 0 });
  try {
    await assert.rejects(startServer({ store, port: first.port }), (e: unknown) => {
      assert.ok(e instanceof StorylineError);
      assert.equal(e.stage, 'server');
      assert.equal(e.code, 'listen_failed');
      assert.equal(e.input, `127.0.0.1:${first.port}`);
      assert.match(e.message, /already in use/);
      return true;
    });
  } finally {
    await first.close();
    await store.close();
  }
});
