// A database damaged while `serve` runs (a disk fault, a careless copy over the file) is only met when a
// query reads a damaged page, perhaps days after the open-time check passed. Then every page and API read
// answers 503 saying the database is damaged (not a 500 "could not build this page"), the server log names
// the file and what to do once (not once per request), and the answers do not leak the server's paths.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { closeSync, mkdtempSync, openSync, rmSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadDemoCorpus } from '../pipeline/corpus.ts';
import { flushIngest, ingestArticles } from '../pipeline/ingest.ts';
import { openSqliteStore } from '../store/sqlite/sqlite-store.ts';
import { rng } from '../../eval/rng.ts';
import { ATTRIBUTION, captureLog } from './testdata/harness.ts';
import { createApp } from './app.ts';

const work = mkdtempSync(join(tmpdir(), 'storyline-serve-damaged-'));
after(() => rmSync(work, { recursive: true, force: true }));

/** Random bytes over every page but the first (the header and the start of the schema, read at open). */
function damagePagesAfterOpen(path: string, seed: number): void {
  const pageSize = 4096;
  const size = statSync(path).size;
  const next = rng(seed);
  const fd = openSync(path, 'r+');
  try {
    for (let at = pageSize; at < size; at += pageSize) {
      const bytes = Buffer.alloc(pageSize);
      for (let i = 0; i < pageSize; i++) bytes[i] = Math.floor(next() * 256);
      writeSync(fd, bytes, 0, pageSize, at);
    }
  } finally {
    closeSync(fd);
  }
}

test('a page damaged after serve opened the database: 503 "damaged" on pages, API and healthz, logged once with the file', async () => {
  const path = join(work, 'storyline.db');
  const built = await openSqliteStore(path);
  const res = await ingestArticles(built, loadDemoCorpus().slice(0, 40));
  assert.equal(res.errors.length, 0);
  await flushIngest(built);
  const storyId = (await built.listStories({ limit: 1, offset: 0 }))[0].id;
  await built.close();

  // Opened (and checked) sound, as serve opens it; the damage comes afterwards.
  const store = await openSqliteStore(path);
  const { log, lines } = captureLog();
  const app = createApp({ store, log, attributionHtml: ATTRIBUTION });
  try {
    damagePagesAfterOpen(path, 7);
    const api = await app.request('/api/stories');
    assert.equal(api.status, 503, await api.clone().text());
    const body = (await api.json()) as { error: { code: string; message: string } };
    assert.equal(body.error.code, 'damaged');
    assert.doesNotMatch(body.error.message, new RegExp(work.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')), 'no server path in the answer');

    const page = await app.request(`/stories/${storyId}`);
    assert.equal(page.status, 503);
    assert.match(await page.text(), /database is damaged/);
    const front = await app.request('/');
    assert.equal(front.status, 503);

    const health = await app.request('/healthz');
    assert.equal(health.status, 503);
    assert.equal(((await health.json()) as { error: string }).error, 'store damaged');

    const told = lines.filter((l) => typeof l.msg === 'string' && l.msg.startsWith('store damaged'));
    assert.equal(told.length, 1, 'the damage is logged once, not once per request');
    assert.ok(String(told[0].msg).includes(path), 'the log names the file');
    assert.match(String(told[0].msg), /restore .* from a backup/, 'and says what to do');
    assert.ok(!lines.some((l) => l.msg === 'request failed'), 'no generic 500 logged');
  } finally {
    await store.close();
  }
});
