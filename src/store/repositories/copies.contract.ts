// Contract of the copies repository (repositories/copies.ts): every adapter's test file runs it (through runStoreContract).
import assert from 'node:assert/strict';
import { StorylineError } from '../../errors.ts';
import { contractCase, type MakeStore, article, sig } from './contract-kit.ts';

export function runCopiesContract(name: string, makeStore: MakeStore): void {
  const withStore = contractCase(name, makeStore);

  withStore('copies: band candidates with signatures, exact keys, groups', async (s) => {
    for (const id of ['c1', 'c2', 'c3', 'c4']) await s.addArticle(article(id));
    await s.recordCopy('c1', 'k1', { canonicalId: 'c1', bands: ['b1', 'b2'], signature: sig(1, 2, 3, 4) });
    await s.recordCopy('c2', 'k2', { canonicalId: 'c1', bands: ['b2', 'b3'], signature: sig(1, 2, 3, 5) });
    await s.recordCopy('c3', 'k3', { canonicalId: 'c2', bands: ['b9'], signature: sig(9, 9, 9, 9) });
    const cands = await s.findCopyCandidates(['b2', 'b3', 'zz']);
    assert.deepEqual(cands.map((c) => c.articleId).sort(), ['c1', 'c2']);
    assert.deepEqual([...cands.find((c) => c.articleId === 'c2')!.signature], [1, 2, 3, 5]);
    assert.deepEqual(await s.findCopyCandidates([]), []);
    assert.equal(await s.findExactCopy('k2'), 'c1');
    assert.equal(await s.findExactCopy('nope'), null);
    assert.deepEqual(await s.copiesOf('c3'), ['c1', 'c2', 'c3'], 'a copy of a copy joins the root group');
    assert.deepEqual(await s.copiesOf('c4'), ['c4']);
    assert.deepEqual(await s.copiesOf('missing'), []);
    await assert.rejects(
      s.recordCopy('missing', 'k', { canonicalId: 'missing', bands: [], signature: sig(1) }),
      (e: unknown) => e instanceof StorylineError && e.code === 'unknown_article',
    );
  });
}
