// Contract of the briefs repository (repositories/briefs.ts): every adapter's test file runs it (through runStoreContract).
import assert from 'node:assert/strict';
import { StorylineError } from '../../errors.ts';
import { contractCase, type MakeStore, article, brief } from './contract-kit.ts';

export function runBriefsContract(name: string, makeStore: MakeStore): void {
  const withStore = contractCase(name, makeStore);

  withStore('briefs: versions kept, latest by default, headline feeds the story list', async (s) => {
    await s.addArticle(article('a1'));
    await s.assignStory('a1', 'st');
    await assert.rejects(s.saveBrief('ghost', brief('x')), (e: unknown) => e instanceof StorylineError && e.code === 'unknown_story');
    const v1 = await s.saveBrief('st', brief('Bridge plan approved'));
    const v2 = await s.saveBrief('st', brief('Bridge construction begins'));
    assert.equal(v1.version, 1);
    assert.equal(v2.version, 2);
    assert.equal((await s.getBrief('st'))?.headline.text, 'Bridge construction begins');
    assert.equal((await s.getBrief('st', 1))?.headline.text, 'Bridge plan approved');
    assert.equal(await s.getBrief('st', 9), null);
    assert.equal(await s.getBrief('ghost'), null);
    assert.deepEqual(
      (await s.listBriefVersions('st')).map((v) => v.version),
      [1, 2],
    );
    assert.deepEqual((await s.getBrief('st'))?.people, [{ name: 'Mara Quinn', role: 'mayor' }]);
    assert.equal((await s.listStories({ limit: 1, offset: 0 }))[0].headline, 'Bridge construction begins');
  });
}
