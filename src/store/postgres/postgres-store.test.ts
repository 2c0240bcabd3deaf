// The PostgreSQL adapter against the shared Store contract (a fresh database per test), plus what only a
// shared server raises: concurrent migration, reopening, connection errors, and atomicity under bad input.
// Skips with a clear message when no PostgreSQL is available (STORYLINE_REQUIRE_PG=1 turns that into a failure).
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { StorylineError } from '../../errors.ts';
import type { Annotation } from '../../types.ts';
import { nameIndex } from '../../nlp/resolve.ts';
import { runStoreContract } from '../store.contract.ts';
import { openStore } from '../open.ts';
import { entityNameKeys, openPostgresStore, redactDatabaseUrl, snippetOf, type PostgresStore } from './postgres-store.ts';
import { PG_MIGRATIONS } from './migrations.ts';
import { PG_UNAVAILABLE, testPgServer } from './test-server.ts';

// Pure: runs with or without a server.
test('postgres: stored name keys are exactly the keys the name index files entities under', () => {
  const samples = [
    { canonical: 'Vladimir Putin', type: 'PERSON' as const },
    { canonical: 'North Atlantic Treaty Organization', type: 'ORG' as const },
    { canonical: "Mr. Miller's", type: 'PERSON' as const },
    { canonical: 'United Nations Security Council', type: 'ORG' as const },
    { canonical: 'São Paulo', type: 'PLACE' as const },
    { canonical: 'NATO', type: 'ORG' as const },
    { canonical: 'Kim Jong-un', type: 'PERSON' as const },
  ];
  for (const e of samples) {
    assert.deepEqual(entityNameKeys(e.canonical, e.type).sort(), [...nameIndex([e]).byKey.keys()].sort(), e.canonical);
  }
});

test('postgres: snippets are the words around the densest match, folded like the index, cut with …', () => {
  const words = Array.from({ length: 40 }, (_, i) => `w${i}`);
  const text = [...words.slice(0, 20), 'Harbour', 'bridge', ...words.slice(20)].join(' ') + '.';
  const snip = snippetOf(text, ['harbour', 'bridge']);
  assert.equal(snip, '…w18 w19 Harbour bridge w20 w21 w22 w23 w24 w25 w26 w27 w28 w29 w30 w31…');
  assert.equal(snippetOf('Rain is expected across the région today.', ['region']), 'Rain is expected across the région today.');
  assert.match(snippetOf(`${words.join(' ')} the région`, ['region']), /^….*the région$/);
  assert.equal(snippetOf('Short text.', ['absent']), 'Short text.', 'no match: the start of the text');
  assert.equal(snippetOf('', ['x']), '');
});

test('postgres: the password is redacted from URLs shown to people', () => {
  assert.equal(redactDatabaseUrl('postgres://app:s3cret@db.example:5432/news'), 'postgres://app:***@db.example:5432/news');
  assert.equal(redactDatabaseUrl('postgresql://app@db.example/news'), 'postgresql://app@db.example/news');
  assert.equal(redactDatabaseUrl('postgres://db.example/news?password=s3cret'), 'postgres://db.example/news?password=***');
  assert.doesNotMatch(redactDatabaseUrl('postgres://app:p@ss w0rd@db/news'), /ss w0rd/);
});

test('postgres: a malformed URL is a bad_database_url error before any connection', async () => {
  await assert.rejects(
    openPostgresStore('mysql://app:pw@db/news'),
    (e: unknown) => e instanceof StorylineError && e.stage === 'store' && e.code === 'bad_database_url' && e.input === 'mysql://app:***@db/news',
  );
  await assert.rejects(
    openPostgresStore('postgres://app:pw@[bad/news'),
    (e: unknown) => e instanceof StorylineError && e.code === 'bad_database_url' && !String(e.input).includes(':pw@'),
  );
});

test('postgres: an unreachable server is a db_unreachable error naming the URL without its password', async () => {
  // Port 1 on loopback: nothing listens there, so the connection is refused at once.
  const url = 'postgres://storyline:topsecret@127.0.0.1:1/news';
  await assert.rejects(openPostgresStore(url, { connectTimeoutMs: 2000 }), (e: unknown) => {
    assert.ok(e instanceof StorylineError);
    assert.equal(e.stage, 'store');
    assert.equal(e.code, 'db_unreachable');
    assert.equal(e.input, 'postgres://storyline:***@127.0.0.1:1/news');
    assert.doesNotMatch(e.describe(), /topsecret/);
    return true;
  });
});

const server = await testPgServer();

if (!server) {
  test('postgres: contract and server tests', { skip: PG_UNAVAILABLE }, () => {});
} else {
  after(() => server.dropCreated());

  runStoreContract('postgres', async () => openPostgresStore(await server.freshDatabase('sl_contract'), { poolSize: 4 }));

  const rows = async <T extends pg.QueryResultRow>(url: string, sql: string, values: unknown[] = []): Promise<T[]> => {
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    try {
      return (await c.query<T>(sql, values)).rows;
    } finally {
      await c.end();
    }
  };

  test('postgres: stores migrating at the same moment record each migration once', async () => {
    const url = await server.freshDatabase('sl_race');
    const stores = await Promise.all(Array.from({ length: 4 }, () => openPostgresStore(url, { poolSize: 2 })));
    try {
      await Promise.all(stores.map((s) => s.migrate()));
      const got = await rows<{ version: number }>(url, 'SELECT version FROM schema_migrations ORDER BY version');
      assert.deepEqual(
        got.map((r) => r.version),
        PG_MIGRATIONS.map((m) => m.version),
      );
      await stores[0].addArticle({ id: 'x1', title: 'One', text: 'Written after the race.' });
      assert.equal(await stores[3].countArticles(), 1, 'every store sees one schema');
    } finally {
      await Promise.all(stores.map((s) => s.close()));
    }
  });

  test('postgres: data survives reopening, and openStore picks PostgreSQL from the URL', async () => {
    const url = await server.freshDatabase('sl_reopen');
    const s = await openPostgresStore(url);
    await s.addArticle({ id: 'p1', title: 'Kept', text: 'Still here after a restart.' });
    await s.assignStory('p1', 'st');
    await s.saveClusterState({ n: 1, seen: new Set(['p1']) });
    await s.close();
    const t = await openStore({ dbPath: '/nonexistent/never-used.db', databaseUrl: url });
    try {
      assert.equal((t as PostgresStore).url, redactDatabaseUrl(url));
      assert.equal((await t.getArticle('p1'))?.title, 'Kept');
      assert.equal(await t.storyOf('p1'), 'st');
      assert.deepEqual(await t.loadClusterState(), { n: 1, seen: new Set(['p1']) });
    } finally {
      await t.close();
    }
  });

  test('postgres: a database that does not exist is db_unreachable, password redacted', async () => {
    const u = new URL(server.adminUrl);
    u.password = 'hunter2';
    u.pathname = '/no_such_database_here';
    await assert.rejects(openPostgresStore(u.toString()), (e: unknown) => {
      assert.ok(e instanceof StorylineError);
      assert.equal(e.code, 'db_unreachable');
      assert.match(e.message, /no_such_database_here/);
      assert.doesNotMatch(e.describe(), /hunter2/);
      return true;
    });
  });

  test('postgres: a commitArticle failing half-way leaves no row of any kind behind', async () => {
    const url = await server.freshDatabase('sl_atomic');
    const s = await openPostgresStore(url);
    try {
      const ann: Annotation = {
        id: 'bad',
        sentences: [],
        entities: [{ start: 0, end: 10, text: 'Mara Quinn', type: 'PERSON', canonical: 'Mara Quinn', role: 'mayor' }],
        quotes: [{ start: 0, end: 5, text: 'Mara.', speaker: 'Mara Quinn', speakerStart: 0, speakerEnd: 10, cue: 'said', kind: 'direct' }],
      };
      const rec = {
        article: { id: 'bad', title: 'T', text: 'Mara Quinn spoke at length.' },
        textKey: 'kb',
        copy: { canonicalId: 'ghost', bands: ['b1'], signature: Uint32Array.from([7]) },
        annotation: ann,
        storyId: 'S',
      };
      await assert.rejects(s.commitArticle(rec), (e: unknown) => e instanceof StorylineError && e.code === 'integrity' && e.input === 'bad');
      // A quote whose offset is not an integer fails at the last insert, after everything else was written.
      const late = { ...rec, copy: { ...rec.copy, canonicalId: 'bad' }, annotation: { ...ann, quotes: [{ ...ann.quotes[0], start: 1.5 }] } };
      await assert.rejects(s.commitArticle(late), (e: unknown) => e instanceof StorylineError && e.stage === 'store');
      for (const table of [
        'articles',
        'article_order',
        'copies',
        'copy_bands',
        'annotations',
        'entities',
        'entity_aliases',
        'entity_roles',
        'mentions',
        'quotes',
        'stories',
        'story_articles',
      ]) {
        assert.deepEqual(await rows(url, `SELECT * FROM ${table}`), [], `${table} is empty`);
      }
      // The store carries on: the same article, corrected, goes in whole.
      assert.equal((await s.commitArticle({ ...rec, copy: { ...rec.copy, canonicalId: 'bad' } }))?.id, 'bad');
      assert.equal((await s.getEntity('Quinn'))?.canonical, 'Mara Quinn');
      assert.equal((await s.quotesBy('Mara Quinn', 5)).length, 1);
      assert.deepEqual(
        (await s.findCopyCandidates(['b1'])).map((c) => c.articleId),
        ['bad'],
      );
    } finally {
      await s.close();
    }
  });

  test('postgres: names match case-insensitively in ASCII only, as SQLite NOCASE does, accents included', async () => {
    const url = await server.freshDatabase('sl_case');
    const s = await openPostgresStore(url);
    try {
      const text = 'Émile Zola wrote. Zola spoke. Ōsaka Gas said.';
      await s.addArticle({ id: 'z1', title: 't', text });
      const at = (t: string) => ({ start: text.indexOf(t), end: text.indexOf(t) + t.length });
      await s.saveAnnotation('z1', {
        id: 'z1',
        sentences: [],
        entities: [
          { ...at('Émile Zola'), text: 'Émile Zola', type: 'PERSON', canonical: 'Émile Zola', role: null },
          { ...at('Zola spoke'), end: at('Zola spoke').start + 4, text: 'Zola', type: 'PERSON', canonical: 'Zola', role: null },
          { ...at('Ōsaka Gas'), text: 'Ōsaka Gas', type: 'ORG', canonical: 'Ōsaka Gas', role: null },
        ],
        quotes: [{ start: 0, end: 10, text: 'Émile Zola', speaker: 'Émile Zola', speakerStart: 0, speakerEnd: 10, cue: 'wrote', kind: 'direct' }],
      });
      assert.equal((await s.getEntity('ÉMILE ZOLA'))?.canonical, 'Émile Zola', 'ASCII letters fold');
      assert.equal((await s.getEntity('Zola'))?.canonical, 'Émile Zola');
      assert.equal((await s.getEntity('Émile Zola'))?.mentions, 2);
      assert.equal(await s.getEntity('émile zola'), null, 'É and é differ, as under SQLite NOCASE');
      assert.equal((await s.getEntity('ōsaka gas'))?.canonical, undefined);
      assert.equal((await s.getEntity('Ōsaka GAS'))?.canonical, 'Ōsaka Gas');
      assert.equal((await s.quotesBy('ÉMILE zola', 5)).length, 1);
    } finally {
      await s.close();
    }
  });

  test('postgres: articlesSince numbers articles in commit order, so a reader resuming from a watermark misses none', async () => {
    const url = await server.freshDatabase('sl_order');
    const s = await openPostgresStore(url);
    const held = new pg.Client({ connectionString: url });
    await held.connect();
    try {
      // Another writer inserts first but commits last.
      await held.query('BEGIN');
      await held.query("INSERT INTO articles (id, title, text, fetched) VALUES ('early', 'Early', 'Inserted first, committed last.', '2026-01-01')");
      await s.addArticle({ id: 'later', title: 'Later', text: 'Inserted and committed in between.' });
      const first = await s.articlesSince(0, 10);
      assert.deepEqual(
        first.map((r) => r.article.id),
        ['later'],
      );
      const watermark = first[0].seq;
      await held.query('COMMIT');
      const next = await s.articlesSince(watermark, 10);
      assert.deepEqual(
        next.map((r) => r.article.id),
        ['early'],
        'the late commit comes after the watermark',
      );
      assert.equal(await s.latestArticleSeq(), next[0].seq);
    } finally {
      await held.end();
      await s.close();
    }
  });

  test('postgres: a merge racing with assignments to the merged story loses no article', async () => {
    const url = await server.freshDatabase('sl_merge');
    const a = await openPostgresStore(url, { poolSize: 6 });
    const b = await openPostgresStore(url, { poolSize: 6 });
    try {
      for (const [id, story] of [
        ['m0', 'KEEP'],
        ['m1', 'GONE'],
      ]) {
        await a.addArticle({ id, title: id, text: `Body of ${id}.` });
        await a.assignStory(id, story);
      }
      const late = Array.from({ length: 16 }, (_, i) => `late${i}`);
      for (const id of late) await a.addArticle({ id, title: id, text: `Body of ${id}.` });
      await Promise.all([
        ...late.slice(0, 8).map((id) => b.assignStory(id, 'GONE')),
        a.mergeStories('GONE', 'KEEP'),
        ...late.slice(8).map((id) => b.assignStory(id, 'GONE')),
      ]);
      // Every article is filed under the live story itself, not left behind in the merged one.
      assert.equal((await a.getStory('KEEP'))?.articleIds.length, 18);
      assert.deepEqual((await a.getStory('GONE'))?.articleIds, []);
      assert.deepEqual(
        (await b.listStories({ limit: 5, offset: 0 })).map((x) => [x.id, x.articles]),
        [['KEEP', 18]],
      );
    } finally {
      await a.close();
      await b.close();
    }
  });

  test('postgres: a short name and its full name stored by two workers at once end as one entity', async () => {
    const url = await server.freshDatabase('sl_split');
    const a = await openPostgresStore(url, { poolSize: 4 });
    const b = await openPostgresStore(url, { poolSize: 4 });
    try {
      const rec = (id: string, name: string) => ({
        article: { id, title: `${name} speaks`, text: `${name} spoke on Monday.` },
        textKey: `k-${id}`,
        copy: { canonicalId: id, bands: [`band-${id}`], signature: Uint32Array.from([id.length]) },
        annotation: {
          id,
          sentences: [],
          entities: [{ start: 0, end: name.length, text: name, type: 'PERSON' as const, canonical: name, role: null }],
          quotes: [],
        },
        storyId: `S-${id}`,
      });
      // One writer would fold "Kovac" into "Ivana Kovac" (or resolve it to the stored full name) whichever comes
      // first; two writers racing must end the same way, every round.
      const rounds = Array.from({ length: 30 }, (_, i) => `Kovac${String.fromCharCode(97 + (i % 26))}${Math.floor(i / 26) || ''}`);
      for (const [i, surname] of rounds.entries()) {
        const short = a.commitArticle(rec(`short${i}`, surname));
        const full = b.commitArticle(rec(`full${i}`, `Ivana ${surname}`));
        await Promise.all(i % 2 ? [short, full] : [full, short]);
      }
      for (const surname of rounds) {
        const e = await a.getEntity(`Ivana ${surname}`);
        assert.equal(e?.canonical, `Ivana ${surname}`);
        assert.equal(e?.mentions, 2, `${surname}: both mentions on the full name`);
        assert.equal((await b.getEntity(surname))?.canonical, `Ivana ${surname}`, `${surname} is not an entity of its own`);
      }
    } finally {
      await a.close();
      await b.close();
    }
  });

  test('postgres: workers inserting the same articles at once store each once, and NUL characters are kept harmless', async () => {
    const url = await server.freshDatabase('sl_concurrent');
    const a = await openPostgresStore(url, { poolSize: 4 });
    const b = await openPostgresStore(url, { poolSize: 4 });
    try {
      const ann: Annotation = {
        id: 'x',
        sentences: [],
        entities: [{ start: 0, end: 14, text: 'Vladimir Putin', type: 'PERSON', canonical: 'Vladimir Putin', role: null }],
        quotes: [],
      };
      const recs = Array.from({ length: 12 }, (_, i) => ({
        article: { id: `c${i}`, title: `Title ${i}`, text: `Vladimir Putin spoke, item ${i}.` },
        textKey: `k${i}`,
        copy: { canonicalId: `c${i}`, bands: [`band${i % 3}`], signature: Uint32Array.from([i]) },
        annotation: ann,
        storyId: `S${i % 2}`,
      }));
      const results = await Promise.all(recs.flatMap((r) => [a.commitArticle(r), b.commitArticle(r)]));
      assert.equal(results.filter((r) => r !== null).length, 12, 'exactly one of each pair inserted');
      assert.equal(await a.countArticles(), 12);
      assert.equal((await b.getEntity('Putin'))?.mentions, 12, 'one entity, every mention once');
      const nul = await a.addArticle({ id: 'nul', title: 'Bad\u0000title', text: 'Text with a \u0000 inside.' });
      assert.equal(nul?.text.length, 'Text with a \u0000 inside.'.length, 'offsets are kept');
      assert.equal((await b.getArticle('nul'))?.title, 'Bad\uFFFDtitle');
    } finally {
      await a.close();
      await b.close();
    }
  });
}
