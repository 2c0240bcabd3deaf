// Contract of the articles repository (repositories/articles.ts): every adapter's test file runs it (through runStoreContract).
import assert from 'node:assert/strict';
import { StorylineError } from '../../errors.ts';
import { contractCase, type MakeStore, article } from './contract-kit.ts';

export function runArticlesContract(name: string, makeStore: MakeStore): void {
  const withStore = contractCase(name, makeStore);

  withStore('articles: insert, duplicate id is a no-op, derived ids, order kept', async (s) => {
    const a = await s.addArticle(article('a1'));
    assert.equal(a?.id, 'a1');
    assert.equal(a?.canonicalUrl, 'https://news.example/a1');
    assert.ok(a?.fetched);
    assert.equal(await s.addArticle(article('a1', { title: 'changed' })), null);
    assert.equal((await s.getArticle('a1'))?.title, 'Title of a1');
    const derived = await s.addArticle({ title: 'No id', text: 'Some text here.', url: 'https://news.example/x' });
    assert.match(derived!.id, /^a_[0-9a-f]{16}$/);
    assert.equal(await s.addArticle({ title: 'No id again', text: 'Other text.', url: 'https://news.example/x' }), null, 'same URL, same id');
    await s.addArticle(article('a2'));
    assert.deepEqual(
      (await s.getArticles(['a2', 'missing', 'a1'])).map((x) => x.id),
      ['a2', 'a1'],
    );
    assert.equal(await s.countArticles(), 3);
    await assert.rejects(s.addArticle(article('e', { text: '  ' })), (e: unknown) => e instanceof StorylineError && e.code === 'empty_text');
    await assert.rejects(s.addArticle(article('e2', { sourceId: 'src_missing' })), (e: unknown) => e instanceof StorylineError && e.code === 'unknown_source');
    assert.equal(await s.countArticles(), 3);
  });

  withStore('articles: the partial flag and its reason are stored; full articles are not partial', async (s) => {
    const p = await s.addArticle(article('p1', { partial: true, partialReason: 'too_little_text' }));
    assert.equal(p?.partial, true);
    assert.equal(p?.partialReason, 'too_little_text');
    const got = await s.getArticle('p1');
    assert.equal(got?.partial, true);
    assert.equal(got?.partialReason, 'too_little_text');
    await s.addArticle(article('p2'));
    assert.equal((await s.getArticle('p2'))?.partial, false, 'absent means a full article');
    assert.equal((await s.getArticle('p2'))?.partialReason, null);
    await s.addArticle(article('p3', { partial: false, partialReason: 'ignored' }));
    assert.equal((await s.getArticle('p3'))?.partialReason, null, 'a reason without the flag is not kept');
    assert.deepEqual(
      (await s.getArticles(['p1', 'p2'])).map((a) => a.partial),
      [true, false],
    );
  });
}
