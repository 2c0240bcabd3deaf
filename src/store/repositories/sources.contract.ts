// Contract of the sources repository (repositories/sources.ts): every adapter's test file runs it (through runStoreContract).
import assert from 'node:assert/strict';
import { StorylineError } from '../../errors.ts';
import { contractCase, type MakeStore, article } from './contract-kit.ts';

export function runSourcesContract(name: string, makeStore: MakeStore): void {
  const withStore = contractCase(name, makeStore);

  withStore('sources: upsert by URL, health updates, removal keeps articles', async (s) => {
    const a = await s.upsertSource({ url: 'https://feeds.example/rss', kind: 'feed', title: 'Example' });
    assert.equal(a.consecutiveFailures, 0);
    const again = await s.upsertSource({ url: 'https://feeds.example/rss', kind: 'feed', etag: '"x1"' });
    assert.equal(again.id, a.id, 'same URL, same source');
    assert.equal(again.title, 'Example', 'fields not given are kept');
    assert.equal(again.etag, '"x1"');
    await s.updateSourceHealth(a.id, { lastError: 'timeout', lastErrorCode: 'fetch_timeout', consecutiveFailures: 2 });
    const got = await s.getSource(a.id);
    assert.equal(got?.lastErrorCode, 'fetch_timeout');
    assert.equal(got?.consecutiveFailures, 2);
    await assert.rejects(s.updateSourceHealth('nope', { lastError: 'x' }), (e: unknown) => e instanceof StorylineError && e.code === 'unknown_source');
    const art = await s.addArticle(article('s1', { sourceId: a.id, source: null }));
    assert.equal(art?.sourceName, 'Example', 'source name comes from the source record');
    assert.equal((await s.listSources()).length, 1);
    assert.equal(await s.removeSource(a.id), true);
    assert.equal(await s.removeSource(a.id), false);
    assert.equal((await s.getArticle('s1'))?.sourceId, null);
  });

  withStore('sources: folder and allowPrivate are stored; a known id with a new URL moves the source', async (s) => {
    const a = await s.upsertSource({ url: 'https://old.example/feed', kind: 'feed', title: 'Old', folder: 'News/World' });
    assert.equal(a.folder, 'News/World');
    assert.equal(a.allowPrivate, false);
    const local = await s.upsertSource({ url: 'http://127.0.0.1:8000/feed', kind: 'feed', allowPrivate: true });
    assert.equal(local.allowPrivate, true);
    assert.equal(local.folder, null);
    await s.updateSourceHealth(local.id, { allowPrivate: false, folder: 'Local' });
    assert.equal((await s.getSource(local.id))?.allowPrivate, false);
    assert.equal((await s.getSource(local.id))?.folder, 'Local');
    await s.addArticle(article('m1', { sourceId: a.id }));
    await s.updateSourceHealth(a.id, { etag: '"v1"', consecutiveFailures: 1 });
    const moved = await s.upsertSource({ id: a.id, url: 'https://new.example/feed', kind: 'feed' });
    assert.equal(moved.id, a.id, 'the id stays');
    assert.equal(moved.url, 'https://new.example/feed');
    assert.equal(moved.title, 'Old');
    assert.equal(moved.folder, 'News/World');
    assert.equal(moved.etag, '"v1"', 'fields not given are kept');
    assert.equal((await s.listSources()).length, 2);
    assert.equal((await s.getArticle('m1'))?.sourceId, a.id);
    const again = await s.upsertSource({ url: 'https://old.example/feed', kind: 'feed' });
    assert.notEqual(again.id, a.id, 'the old URL is free for a new source');
  });
}
