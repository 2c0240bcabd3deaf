// The one contract every Store adapter must pass (one interface, several implementations, one test
// suite). An adapter's test file calls runStoreContract with a factory that returns a fresh, migrated,
// empty store.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Annotation, Brief } from '../types.ts';
import { StorylineError } from '../errors.ts';
import type { Store, NewArticle } from './store.ts';

function article(id: string, over: Partial<NewArticle> = {}): NewArticle {
  return {
    id,
    url: `https://news.example/${id}`,
    title: `Title of ${id}`,
    text: `Body text of ${id}. It has two sentences.`,
    published: '2024-05-01',
    source: 'Example News',
    ...over,
  };
}

function brief(headline: string, lead = 'Lead sentence about the harbour bridge.'): Brief {
  const cite = [{ articleId: 'a1', start: 0, end: 10 }];
  return {
    headline: { text: headline, citations: cite },
    lead: [{ text: lead, citations: cite }],
    developments: [
      { headline: { text: 'Council votes', citations: cite }, sentences: [{ text: 'The council voted nine to two.', citations: cite }], date: '2024-05-01', articleIds: ['a1'] },
    ],
    timeline: [],
    coverage: [{ source: 'Example News', articles: 1, first: '2024-05-01' }],
    people: [{ name: 'Mara Quinn', role: 'mayor' }],
  };
}

const sig = (...xs: number[]) => Uint32Array.from(xs);

export function runStoreContract(name: string, makeStore: () => Promise<Store>): void {
  const withStore = (title: string, fn: (s: Store) => Promise<void>) =>
    test(`${name}: ${title}`, async () => {
      const s = await makeStore();
      try {
        await fn(s);
      } finally {
        await s.close();
      }
    });

  withStore('migrate is idempotent and an empty store is empty', async (s) => {
    await s.migrate();
    await s.migrate();
    assert.equal(await s.countArticles(), 0);
    assert.equal(await s.countStories(), 0);
    assert.deepEqual(await s.listStories({ limit: 10, offset: 0 }), []);
    assert.equal(await s.loadClusterState(), null);
  });

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
    assert.deepEqual((await s.getArticles(['a2', 'missing', 'a1'])).map((x) => x.id), ['a2', 'a1']);
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
    assert.deepEqual((await s.getArticles(['p1', 'p2'])).map((a) => a.partial), [true, false]);
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
    await assert.rejects(s.recordCopy('missing', 'k', { canonicalId: 'missing', bands: [], signature: sig(1) }), (e: unknown) => e instanceof StorylineError && e.code === 'unknown_article');
  });

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
      quotes: [{ start: 40, end: 60, text: 'We will build it', speaker: 'Mara Quinn', speakerStart: 0, speakerEnd: 10, cue: 'said', kind: 'direct', stance: 'says' }],
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
    assert.deepEqual(e?.roles, [{ role: 'mayor', articleId: 'n2' }, { role: 'mayor', articleId: 'n1' }]);
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
    const mention = (t: string, type: 'PERSON' | 'ORG', role: string | null = null) => ({ start: text.indexOf(t), end: text.indexOf(t) + t.length, text: t, type, canonical: t, role });
    const quote = (speaker: string) => ({ start: 0, end: 12, text: 'Putin spoke.', speaker, speakerStart: 0, speakerEnd: 5, cue: 'said', kind: 'direct' as const, stance: 'warns' as const });
    // The short forms arrive first, each alone in its article.
    await s.saveAnnotation('r1', { id: 'r1', sentences: [], entities: [mention('Putin', 'PERSON'), mention('NATO', 'ORG'), mention('Bush', 'PERSON')], quotes: [quote('Putin')] });
    await s.saveAnnotation('r2', {
      id: 'r2',
      sentences: [],
      entities: [mention('Vladimir Putin', 'PERSON', 'Russian President'), mention('North Atlantic Treaty Organization', 'ORG'), mention('Jeb Bush', 'PERSON')],
      quotes: [quote('Vladimir Putin')],
    });
    // A later short mention joins the full name directly.
    await s.saveAnnotation('r3', { id: 'r3', sentences: [], entities: [mention('Putin', 'PERSON'), mention('George W. Bush', 'PERSON')], quotes: [quote('Putin')] });
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

  withStore('commitArticle is atomic: a failing part leaves no article behind', async (s) => {
    const ann: Annotation = { id: 'x', sentences: [], entities: [], quotes: [] };
    const ok = await s.commitArticle({ article: article('t1'), textKey: 'k1', copy: { canonicalId: 't1', bands: ['b'], signature: sig(1) }, annotation: ann, storyId: 'S' });
    assert.equal(ok?.id, 't1');
    assert.equal(await s.storyOf('t1'), 'S');
    assert.deepEqual(await s.getAnnotation('t1'), ann);
    assert.equal(await s.findExactCopy('k1'), 't1');
    assert.equal(await s.commitArticle({ article: article('t1'), textKey: 'k1', copy: { canonicalId: 't1', bands: [], signature: sig(1) }, annotation: ann, storyId: 'S2' }), null);
    assert.equal(await s.storyOf('t1'), 'S');
    // canonical id that does not exist violates a foreign key after the article row was written
    await assert.rejects(s.commitArticle({ article: article('t2'), textKey: 'k2', copy: { canonicalId: 'ghost', bands: [], signature: sig(1) }, annotation: ann, storyId: 'S' }));
    assert.equal(await s.getArticle('t2'), null);
    assert.equal(await s.countArticles(), 1);
  });

  withStore('stories: assignment, merge redirects, ranking by size, sources and recency', async (s) => {
    const add = async (id: string, story: string, published: string, source: string) => {
      await s.addArticle(article(id, { published, source }));
      await s.assignStory(id, story);
    };
    await add('r1', 'big', '2024-05-01', 'A');
    await add('r2', 'big', '2024-05-02', 'B');
    await add('r3', 'big', '2024-05-02', 'C');
    await add('r4', 'small', '2024-05-02', 'A');
    await add('r5', 'old', '2024-04-01', 'A');
    await add('r6', 'other', '2024-05-02', 'A');
    assert.equal(await s.countStories(), 4);
    const list = await s.listStories({ limit: 10, offset: 0 });
    assert.equal(list[0].id, 'big');
    assert.equal(list[0].articles, 3);
    assert.equal(list[0].sources, 3);
    assert.equal(list[0].first, '2024-05-01');
    assert.equal(list[0].updated, '2024-05-02');
    assert.equal(list.at(-1)!.id, 'old', 'an old single-article story ranks last');
    assert.equal(list[0].headline, 'Title of r3', 'without a brief the newest title stands in');
    assert.deepEqual((await s.listStories({ limit: 2, offset: 1 })).map((x) => x.id), list.slice(1, 3).map((x) => x.id));

    await s.mergeStories('small', 'other');
    await s.mergeStories('other', 'big');
    assert.equal(await s.countStories(), 2);
    assert.equal(await s.resolveStory('small'), 'big');
    assert.equal(await s.resolveStory('nope'), null);
    assert.equal(await s.storyOf('r4'), 'big');
    const merged = await s.getStory('small');
    assert.equal(merged?.mergedInto, 'big');
    assert.deepEqual(merged?.articleIds, []);
    const big = await s.getStory('big');
    assert.deepEqual(big?.articleIds, ['r1', 'r2', 'r3', 'r4', 'r6']);
    assert.equal(big?.mergedInto, null);
    await s.assignStory('r5', 'small'); // assigning to a merged id lands in the live story
    assert.equal(await s.storyOf('r5'), 'big');
    await assert.rejects(s.mergeStories('big', 'ghost'), (e: unknown) => e instanceof StorylineError && e.code === 'unknown_story');
    await s.mergeStories('small', 'big'); // already merged: nothing to do
    assert.equal(await s.getStory('ghost'), null);
  });

  withStore('articlesSince pages through articles in insertion order with their copy group and story', async (s) => {
    assert.equal(await s.latestArticleSeq(), 0);
    assert.deepEqual(await s.articlesSince(0, 10), []);
    const ann: Annotation = { id: 'x', sentences: [], entities: [], quotes: [] };
    await s.commitArticle({ article: article('z1'), textKey: 'k1', copy: { canonicalId: 'z1', bands: [], signature: sig(1) }, annotation: ann, storyId: 'S1' });
    await s.addArticle(article('a0')); // stored outside ingest: no copy group, no story
    await s.commitArticle({ article: article('m2'), textKey: 'k1', copy: { canonicalId: 'z1', bands: [], signature: sig(1) }, annotation: ann, storyId: 'S1' });
    await s.commitArticle({ article: article('b3'), textKey: 'k3', copy: { canonicalId: 'b3', bands: [], signature: sig(3) }, annotation: ann, storyId: 'S2' });
    await s.mergeStories('S2', 'S1');
    const all = await s.articlesSince(0, 10);
    // Insertion order, not id order.
    assert.deepEqual(all.map((r) => r.article.id), ['z1', 'a0', 'm2', 'b3']);
    assert.ok(all.every((r, i) => i === 0 || r.seq > all[i - 1].seq));
    assert.equal(await s.latestArticleSeq(), all[3].seq);
    assert.deepEqual(all.map((r) => r.canonicalId), ['z1', null, 'z1', 'b3']);
    // A merge moves the article's row to the story it was merged into.
    assert.deepEqual(all.map((r) => r.storyId), ['S1', null, 'S1', 'S1']);
    assert.equal(all[2].article.title, 'Title of m2');
    const page = await s.articlesSince(all[0].seq, 2);
    assert.deepEqual(page.map((r) => r.article.id), ['a0', 'm2']);
    assert.deepEqual(await s.articlesSince(all[3].seq, 10), []);
  });

  withStore('cluster state round-trips structured values', async (s) => {
    const state = { version: 2, vectors: new Map([['x', Float32Array.from([0.5, 0.25])]]), seen: new Set(['a']) };
    await s.saveClusterState(state);
    await s.saveClusterState({ ...state, version: 3 });
    const got = (await s.loadClusterState()) as typeof state;
    assert.equal(got.version, 3);
    assert.deepEqual([...got.vectors.get('x')!], [0.5, 0.25]);
    assert.ok(got.seen.has('a'));
  });

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
    assert.deepEqual((await s.listBriefVersions('st')).map((v) => v.version), [1, 2]);
    assert.deepEqual((await s.getBrief('st'))?.people, [{ name: 'Mara Quinn', role: 'mayor' }]);
    assert.equal((await s.listStories({ limit: 1, offset: 0 }))[0].headline, 'Bridge construction begins');
  });

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
