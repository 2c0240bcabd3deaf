// Contract of the search repository (repositories/search.ts): every adapter's test file runs it (through runStoreContract).
import assert from 'node:assert/strict';
import { contractCase, type MakeStore, article, brief } from './contract-kit.ts';

export function runSearchContract(name: string, makeStore: MakeStore): void {
  const withStore = contractCase(name, makeStore);

  withStore('search: articles and latest briefs, operator characters are harmless', async (s) => {
    await s.addArticle(article('h1', { title: 'Harbour bridge vote', text: 'The council approved the harbour bridge on Tuesday.' }));
    await s.addArticle(article('h2', { title: 'Weather', text: 'Rain is expected across the région.' }));
    await s.assignStory('h1', 'st');
    await s.saveBrief('st', brief('Old headline', 'Nothing relevant here.'));
    await s.saveBrief('st', brief('Harbour bridge approved'));
    const hits = await s.search('harbour  bridge', 10);
    assert.ok(hits.some((h) => h.kind === 'article' && h.id === 'h1' && h.storyId === 'st'));
    const b = hits.filter((h) => h.kind === 'brief');
    assert.equal(b.length, 1, 'only the latest brief version is indexed');
    assert.equal(b[0].title, 'Harbour bridge approved');
    assert.equal((await s.search('region', 10))[0]?.id, 'h2', 'diacritics fold');
    assert.deepEqual(await s.search('"unbalanced AND (OR', 10), []);
    assert.deepEqual(await s.search('   ', 10), []);
    assert.deepEqual(await s.search('Nothing relevant', 10), [], 'superseded brief text is not searchable');
    assert.equal((await s.search('bridge', 1)).length, 1);
  });
}
