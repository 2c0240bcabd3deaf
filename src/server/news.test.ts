// "New since you last looked" (cookie and ?since) and the focused brief (?focus), on the story page and
// the story API.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { seededApp } from './testdata/harness.ts';
import { BRIDGE, MERGED, bridgeBrief } from './testdata/seed.ts';
import type { Store } from '../store/store.ts';
import { splitSentences } from '../nlp/sentences.ts';
import { SEEN_COOKIE, parseSeen, serialiseSeen } from './seen.ts';

const LATE_TEXT = 'The harbour authority suspended the bridge tender on Monday after a complaint from a losing bidder. A ruling is due within a month.';

/** A report that arrives ten minutes from now, and a brief version whose third development cites it. */
async function lateReport(store: Store): Promise<{ arrived: number }> {
  const arrived = Date.now() + 10 * 60_000;
  await store.addArticle({
    id: 'a9',
    url: 'https://citywire.example/tender',
    title: 'Bridge tender suspended',
    text: LATE_TEXT,
    published: '2024-05-06T10:00:00Z',
    source: 'City Wire',
    fetched: new Date(arrived).toISOString(),
  });
  await store.assignStory('a9', BRIDGE);
  const s0 = splitSentences(LATE_TEXT)[0];
  const cite = { articleId: 'a9', start: s0.start, end: s0.end };
  const b = bridgeBrief();
  await store.saveBrief(BRIDGE, {
    ...b,
    developments: [
      ...b.developments,
      {
        headline: { text: 'Tender suspended', citations: [cite] },
        sentences: [{ text: 'The harbour authority suspended the bridge tender.', citations: [cite] }],
        date: '2024-05-06',
        articleIds: ['a9'],
      },
    ],
  });
  return { arrived };
}

interface Dev {
  headline: string;
  new?: boolean;
}
interface Detail {
  id: string;
  focus?: string;
  since?: string;
  brief: { headline: string; lead: string; developments: (Dev & { text: string })[] };
}

const cookieOf = (t: number) => `${SEEN_COOKIE}=${serialiseSeen(new Map([[BRIDGE, t]]))}`;

test('story page: the cookie records the visit (HttpOnly, SameSite=Lax, path /) and marks what arrived since', async () => {
  const { app, store } = await seededApp();
  const { arrived } = await lateReport(store);

  // First visit: nothing is marked, the visit is recorded.
  const first = await app.request(`/stories/${BRIDGE}`);
  assert.equal(first.status, 200);
  const setCookie = first.headers.get('set-cookie') ?? '';
  assert.match(setCookie, new RegExp(`^${SEEN_COOKIE}=`));
  assert.match(setCookie, /HttpOnly/);
  assert.match(setCookie, /SameSite=Lax/);
  assert.match(setCookie, /Path=\//);
  assert.match(first.headers.get('cache-control') ?? '', /private/);
  const recorded = parseSeen(decodeURIComponent(setCookie.split(';')[0].slice(SEEN_COOKIE.length + 1)));
  assert.ok(Math.abs((recorded.get(BRIDGE) ?? 0) - Date.now()) < 5000, 'the visit time is stored for the story');
  const firstHtml = await first.text();
  assert.ok(!/class="badge">new</.test(firstHtml), 'a first visit marks nothing');
  assert.ok(!/<mark/.test(firstHtml));

  // A visit before the late report arrived: its development is marked, the others are not.
  const before = await (await app.request(`/stories/${BRIDGE}`, { headers: { cookie: cookieOf(arrived - 60_000) } })).text();
  const sections = before.split('<section class="development"').slice(1);
  assert.equal(sections.length, 3);
  assert.match(sections[2], /Tender suspended[\s\S]*class="badge">new</);
  assert.ok(!/class="badge">new</.test(sections[0]) && !/class="badge">new</.test(sections[1]));
  assert.match(before, /since your last visit/);

  // A visit after it: nothing new.
  const after = await (await app.request(`/stories/${BRIDGE}`, { headers: { cookie: cookieOf(arrived + 60_000) } })).text();
  assert.ok(!/class="badge">new</.test(after));
  assert.match(after, /Nothing new since your last visit/);

  // ?since overrides the cookie; the lead sentences citing the late report would be highlighted too.
  const since = await (
    await app.request(`/stories/${BRIDGE}?since=${new Date(arrived - 1000).toISOString()}`, { headers: { cookie: cookieOf(arrived + 60_000) } })
  ).text();
  assert.equal((since.match(/class="badge">new</g) ?? []).length, 2, 'the banner and the one new development');
  await store.close();
});

test('story page: a garbage or oversized cookie is ignored and replaced, never an error', async () => {
  const { app, store } = await seededApp();
  for (const bad of ['%%%', 'AAAA~zzzzzzzzzz', 'x'.repeat(9000), '"quoted"', 'a.b.c~1']) {
    const r = await app.request(`/stories/${BRIDGE}`, { headers: { cookie: `${SEEN_COOKIE}=${bad}; other=1` } });
    assert.equal(r.status, 200, bad.slice(0, 20));
    const fresh = parseSeen(decodeURIComponent((r.headers.get('set-cookie') ?? '').split(';')[0].slice(SEEN_COOKIE.length + 1)));
    assert.deepEqual([...fresh.keys()], [BRIDGE]);
    assert.ok(!/class="badge">new</.test(await r.text()));
  }
  // Other stories' visits are kept when one more is recorded.
  const r = await app.request(`/stories/${BRIDGE}`, { headers: { cookie: `${SEEN_COOKIE}=${serialiseSeen(new Map([['st-other', Date.now() - 1000]]))}` } });
  const kept = parseSeen(decodeURIComponent((r.headers.get('set-cookie') ?? '').split(';')[0].slice(SEEN_COOKIE.length + 1)));
  assert.deepEqual([...kept.keys()].sort(), [BRIDGE, 'st-other'].sort());
  await store.close();
});

test('GET /api/stories/:id?since: developments citing later arrivals carry new: true; a bad time is a 400', async () => {
  const { app, store } = await seededApp();
  const { arrived } = await lateReport(store);
  const r = await app.request(`/api/stories/${BRIDGE}?since=${encodeURIComponent(new Date(arrived - 1000).toISOString())}`);
  assert.equal(r.status, 200);
  assert.equal(r.headers.get('set-cookie'), null, 'the API keeps no visitor state');
  const s = (await r.json()) as Detail;
  assert.deepEqual(
    s.brief.developments.map((d) => d.new ?? false),
    [false, false, true],
  );
  // Every article arrived after a time long past.
  const all = (await (await app.request(`/api/stories/${BRIDGE}?since=2001-01-01`)).json()) as Detail;
  assert.ok(all.brief.developments.every((d) => d.new === true));
  const none = (await (await app.request(`/api/stories/${BRIDGE}`)).json()) as Detail;
  assert.ok(none.brief.developments.every((d) => d.new === undefined));
  // An offset whose "+" the query string turned into a space still parses.
  assert.equal((await app.request(`/api/stories/${BRIDGE}?since=2024-05-01T09:00:00+02:00`)).status, 200);
  for (const bad of ['yesterday', '2024-13-01', '1714554000', '2024-05-01T25:00:00Z']) {
    const e = await app.request(`/api/stories/${BRIDGE}?since=${encodeURIComponent(bad)}`);
    assert.equal(e.status, 400, bad);
    const body = (await e.json()) as { error: { code: string; message: string; param: string } };
    assert.equal(body.error.param, 'since');
    assert.equal(body.error.code, 'bad_param');
    assert.match(body.error.message, /^since: must be an ISO 8601/);
  }
  assert.equal((await app.request(`/stories/${BRIDGE}?since=yesterday`)).status, 400);
  await store.close();
});

test('?focus rebuilds the brief from the story articles for a topic statement, not stored; bad focus is a 400', async () => {
  const { app, store } = await seededApp();
  const r = await app.request(`/api/stories/${BRIDGE}?focus=${encodeURIComponent('the cost of the bridge and the budget')}`);
  assert.equal(r.status, 200);
  const s = (await r.json()) as Detail;
  assert.equal(s.focus, 'the cost of the bridge and the budget');
  const text = [s.brief.lead, ...s.brief.developments.map((d) => d.text)].join(' ');
  assert.match(text, /410 million/);
  assert.notEqual(s.brief.headline, bridgeBrief().headline.text, 'built now, not the stored brief');
  assert.equal((await store.listBriefVersions(BRIDGE)).length, 2, 'nothing stored');
  // A merged story's id redirects with the focus kept.
  const moved = await app.request(`/api/stories/${MERGED}?focus=cost`);
  assert.equal(moved.status, 301);
  assert.equal(moved.headers.get('location'), `/api/stories/${BRIDGE}?focus=cost`);

  const page = await app.request(`/stories/${BRIDGE}?focus=cost`);
  assert.equal(page.status, 200);
  const html = await page.text();
  assert.match(html, /This brief is focused on “cost”: rebuilt for you/);
  assert.match(html, /<form method="get" action="\/stories\/st-bridge"/);

  for (const [q, why] of [
    [`focus=${'x'.repeat(301)}`, /at most 300/],
    ['focus=%21%21%3F', /at least one word/],
    ['focus=cost%00s', /control characters/],
    ['focus=cost&version=1', /cannot be combined with version/],
  ] as const) {
    const e = await app.request(`/api/stories/${BRIDGE}?${q}`);
    assert.equal(e.status, 400, q);
    const body = (await e.json()) as { error: { code: string; message: string; param: string } };
    assert.equal(body.error.param, 'focus', q);
    assert.match(body.error.message, why, q);
    assert.equal((await app.request(`/stories/${BRIDGE}?${q}`)).status, 400, q);
  }
  // A blank focus is no focus: the stored brief.
  const blank = (await (await app.request(`/api/stories/${BRIDGE}?focus=%20`)).json()) as Detail;
  assert.equal(blank.brief.headline, bridgeBrief().headline.text);
  assert.equal(blank.focus, undefined);
  await store.close();
});
