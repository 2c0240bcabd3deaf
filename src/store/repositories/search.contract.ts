// Contract of the search repository (repositories/search.ts): every adapter's test file runs it (through runStoreContract).
import assert from 'node:assert/strict';
import type { Annotation } from '../../types.ts';
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

  withStore('search filters: dates inclusive by day, outlet and entity in any case; briefs only for stories holding a passing article', async (s) => {
    const put = async (id: string, published: string, source: string, story: string, names: string[]) => {
      await s.addArticle(article(id, { title: `Ferry ${id}`, text: `The ferry service ${id} resumed.`, published, source }));
      await s.assignStory(id, story);
      const ann: Annotation = {
        id,
        sentences: [{ start: 0, end: 10, text: 'The ferry.' }],
        entities: names.map((n) => ({ start: 0, end: 5, text: n, type: 'PERSON', canonical: n, role: null })),
        quotes: [],
      };
      await s.saveAnnotation(id, ann);
    };
    await put('f1', '2024-05-01T23:30:00Z', 'Harbour Gazette', 'ferry', ['Mara Quinn']);
    await put('f2', '2024-05-03', 'City Wire', 'ferry', []);
    await put('f3', '2024-06-10', 'City Wire', 'other', ['Leo Brandt']);
    await s.saveBrief('ferry', brief('Ferry service resumes', 'The ferry service resumed after the strike.'));
    const ids = async (f: Parameters<typeof s.search>[2]) => (await s.search('ferry', 10, f)).map((h) => `${h.kind}:${h.id}`).sort();
    assert.deepEqual(await ids(undefined), ['article:f1', 'article:f2', 'article:f3', 'brief:ferry']);
    assert.deepEqual(await ids({ from: '2024-05-01', to: '2024-05-01' }), ['article:f1', 'brief:ferry'], 'to takes the whole day');
    assert.deepEqual(await ids({ from: '2024-05-02' }), ['article:f2', 'article:f3', 'brief:ferry']);
    assert.deepEqual(await ids({ source: 'city wire' }), ['article:f2', 'article:f3', 'brief:ferry']);
    assert.deepEqual(await ids({ source: 'City Wire', from: '2024-06-01' }), ['article:f3'], 'the ferry story has no City Wire article in June');
    assert.deepEqual(await ids({ entity: 'mara QUINN' }), ['article:f1', 'brief:ferry']);
    assert.deepEqual(await ids({ entity: 'Nobody Known' }), []);
    const f1 = (await s.search('ferry', 10, { entity: 'Mara Quinn' })).find((h) => h.id === 'f1')!;
    assert.equal(f1.storyTitle, 'Ferry service resumes', "an article hit carries its story's headline");
    assert.equal(f1.source, 'Harbour Gazette');
    assert.equal(f1.published, '2024-05-01T23:30:00Z');
    assert.equal((await s.search('ferry', 10, { source: 'City Wire' })).find((h) => h.id === 'f3')!.storyTitle, null, 'no brief, no story headline');
  });
}
