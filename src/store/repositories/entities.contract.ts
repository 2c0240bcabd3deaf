// Contract of the entities repository (repositories/entities.ts: annotations and the names resolved across
// articles): every adapter's test file runs it (through runStoreContract).
import assert from 'node:assert/strict';
import type { Annotation } from '../../types.ts';
import { contractCase, type MakeStore, article } from './contract-kit.ts';

export function runEntitiesContract(name: string, makeStore: MakeStore): void {
  const withStore = contractCase(name, makeStore);

  withStore('annotations: round trip, entities with aliases and roles, quotes by speaker', async (s) => {
    await s.addArticle(article('n1', { published: '2024-05-01' }));
    await s.addArticle(article('n2', { published: '2024-05-03' }));
    const ann = (id: string): Annotation => ({
      id,
      sentences: [{ start: 0, end: 10, text: 'Body text.' }],
      entities: [
        { start: 0, end: 10, text: 'Mara Quinn', type: 'PERSON', canonical: 'Mara Quinn', role: 'mayor' },
        { start: 20, end: 25, text: 'Quinn', type: 'PERSON', canonical: 'Mara Quinn', role: null },
        { start: 30, end: 36, text: 'Harbor', type: 'PLACE', canonical: 'Harbor City', role: null },
      ],
      quotes: [
        { start: 40, end: 60, text: 'We will build it', speaker: 'Mara Quinn', speakerStart: 0, speakerEnd: 10, cue: 'said', kind: 'direct', stance: 'says' },
      ],
    });
    await s.assignStory('n1', 'st1');
    await s.assignStory('n2', 'st2');
    await s.saveAnnotation('n1', ann('n1'));
    await s.saveAnnotation('n2', ann('n2'));
    await s.saveAnnotation('n2', ann('n2')); // re-annotation replaces, never duplicates
    assert.deepEqual(await s.getAnnotation('n1'), ann('n1'));
    assert.equal(await s.getAnnotation('nope'), null);
    const e = await s.getEntity('mara quinn');
    assert.equal(e?.canonical, 'Mara Quinn');
    assert.equal(e?.type, 'PERSON');
    assert.deepEqual(e?.aliases, ['Quinn']);
    assert.equal(e?.mentions, 4);
    assert.deepEqual(e?.roles, [
      { role: 'mayor', articleId: 'n2' },
      { role: 'mayor', articleId: 'n1' },
    ]);
    assert.deepEqual(e?.storyIds, ['st2', 'st1'], 'newest story first');
    assert.equal(await s.getEntity('Nobody'), null);
    const qs = await s.quotesBy('Mara Quinn', 10);
    assert.equal(qs.length, 2);
    assert.equal(qs[0].articleId, 'n2');
    assert.equal(qs[0].stance, 'says');
    assert.equal(qs[0].cue, 'said');
    assert.equal((await s.quotesBy('Mara Quinn', 1)).length, 1);
  });

  withStore('a short name folded into a full name later in the same annotation keeps its later mentions', async (s) => {
    // The short name is stored first within the article, then the full name arrives and absorbs it, then
    // the short name appears again: every mention must land on the full name (no dangling entity id).
    const text = 'Kurtzer spoke. Gregory Kurtzer founded it. Kurtzer left.';
    await s.addArticle(article('k1', { text }));
    const at = (t: string, from = 0) => text.indexOf(t, from);
    const mention = (t: string, start: number) => ({ start, end: start + t.length, text: t, type: 'PERSON' as const, canonical: t, role: null });
    await s.saveAnnotation('k1', {
      id: 'k1',
      sentences: [],
      entities: [mention('Kurtzer', at('Kurtzer')), mention('Gregory Kurtzer', at('Gregory Kurtzer')), mention('Kurtzer', at('Kurtzer left'))],
      quotes: [],
    });
    const e = await s.getEntity('Kurtzer');
    assert.equal(e?.canonical, 'Gregory Kurtzer');
    assert.equal(e?.mentions, 3);
  });

  withStore('entities resolve across articles: short name to the one full name, acronym to expansion, any alias finds the page', async (s) => {
    const text = 'Putin spoke. NATO met. Vladimir Putin replied. North Atlantic Treaty Organization. Bush. Jeb Bush. George W. Bush.';
    for (const id of ['r1', 'r2', 'r3']) await s.addArticle(article(id, { text }));
    await s.assignStory('r1', 'sa');
    await s.assignStory('r2', 'sb');
    const mention = (t: string, type: 'PERSON' | 'ORG', role: string | null = null) => ({
      start: text.indexOf(t),
      end: text.indexOf(t) + t.length,
      text: t,
      type,
      canonical: t,
      role,
    });
    const quote = (speaker: string) => ({
      start: 0,
      end: 12,
      text: 'Putin spoke.',
      speaker,
      speakerStart: 0,
      speakerEnd: 5,
      cue: 'said',
      kind: 'direct' as const,
      stance: 'warns' as const,
    });
    // The short forms arrive first, each alone in its article.
    await s.saveAnnotation('r1', {
      id: 'r1',
      sentences: [],
      entities: [mention('Putin', 'PERSON'), mention('NATO', 'ORG'), mention('Bush', 'PERSON')],
      quotes: [quote('Putin')],
    });
    await s.saveAnnotation('r2', {
      id: 'r2',
      sentences: [],
      entities: [mention('Vladimir Putin', 'PERSON', 'Russian President'), mention('North Atlantic Treaty Organization', 'ORG'), mention('Jeb Bush', 'PERSON')],
      quotes: [quote('Vladimir Putin')],
    });
    // A later short mention joins the full name directly.
    await s.saveAnnotation('r3', {
      id: 'r3',
      sentences: [],
      entities: [mention('Putin', 'PERSON'), mention('George W. Bush', 'PERSON')],
      quotes: [quote('Putin')],
    });
    for (const name of ['Putin', 'Vladimir Putin', 'vladimir putin']) {
      const e = await s.getEntity(name);
      assert.equal(e?.canonical, 'Vladimir Putin', name);
      assert.equal(e?.mentions, 3);
      assert.ok(e?.aliases.includes('Putin'));
      assert.deepEqual(e?.roles, [{ role: 'Russian President', articleId: 'r2' }]);
      assert.deepEqual([...(e?.storyIds ?? [])].sort(), ['sa', 'sb']);
    }
    assert.equal((await s.quotesBy('Vladimir Putin', 10)).length, 3, 'quotes of every article, whatever name they used');
    assert.equal((await s.quotesBy('Putin', 10)).length, 3);
    const nato = await s.getEntity('NATO');
    assert.equal(nato?.canonical, 'North Atlantic Treaty Organization');
    assert.equal(nato?.mentions, 2);
    // "Bush" was folded into Jeb Bush before George W. Bush arrived; George stays his own entity.
    assert.equal((await s.getEntity('George W. Bush'))?.mentions, 1);
    assert.equal((await s.getAnnotation('r1'))?.quotes[0].speaker, 'Putin', 'the stored annotation is left as written');
  });

  withStore('names match ignoring ASCII case only, the same on every adapter', async (s) => {
    // One rule on both databases (SQLite NOCASE, PostgreSQL lower() under COLLATE "C"): letters A-Z match
    // their lower case, any other letter only itself. So "MARA QUINN" is Mara Quinn, while "émile zola" is
    // not "Émile Zola" (É and é differ), on SQLite and PostgreSQL alike.
    const text = 'Mara Quinn. MARA QUINN. Émile Zola. ÉMILE ZOLA. émile zola.';
    const mention = (t: string) => ({ start: text.indexOf(t), end: text.indexOf(t) + t.length, text: t, type: 'PERSON' as const, canonical: t, role: null });
    const save = async (id: string, names: string[]) => {
      await s.addArticle(article(id, { text }));
      await s.saveAnnotation(id, { id, sentences: [], entities: names.map(mention), quotes: [] });
    };
    await save('u1', ['Mara Quinn', 'Émile Zola']);
    await save('u2', ['MARA QUINN', 'ÉMILE ZOLA']);
    await save('u3', ['émile zola']);
    const seen = async (name: string) => {
      const e = await s.getEntity(name);
      return e && { canonical: e.canonical, mentions: e.mentions };
    };
    assert.deepEqual(await seen('mara quinn'), { canonical: 'Mara Quinn', mentions: 2 });
    assert.deepEqual(await seen('MARA QUINN'), { canonical: 'Mara Quinn', mentions: 2 });
    assert.deepEqual(await seen('Émile ZOLA'), { canonical: 'Émile Zola', mentions: 2 });
    assert.deepEqual(await seen('émile zola'), { canonical: 'émile zola', mentions: 1 });
    assert.deepEqual(await seen('ÉMILE ZOLA'), { canonical: 'Émile Zola', mentions: 2 });
  });
}
