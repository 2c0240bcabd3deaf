// The pruned ranking (rankFromStats) against ranking every story, on generated figures: same stories in the
// same order for every window asked, while reading only part of the stories.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rankFromStats, statsWith, mergedStats, toAggregate, type StatsReader, type StoryStats } from './story-stats.ts';
import { rankStories, sizeScore } from './ranking.ts';
import { rng } from '../../eval/rng.ts';

function world(stories: number, days: number, seed: number): StoryStats[] {
  const r = rng(seed);
  const end = Date.UTC(2026, 11, 1);
  const out: StoryStats[] = [];
  for (let i = 0; i < stories; i++) {
    // Mostly small stories, a few large; a few undated, and whole days shared so ties of date occur.
    const articles = r() < 0.9 ? 1 + Math.floor(r() * 3) : 5 + Math.floor(r() * 60);
    const sources = Math.max(1, Math.min(articles, Math.floor(r() * 8)));
    const undated = r() < 0.02;
    const t = end - Math.floor(r() * days) * 86_400_000;
    const updated = undated ? 'sometime' : new Date(t).toISOString().slice(0, 10);
    out.push({
      storyId: `s${i}`,
      articles,
      sources,
      updated,
      updatedMs: undated ? null : Date.parse(updated),
      first: null,
      latestSeq: i,
      latestTitle: `Story ${i}`,
      briefHeadline: null,
      sizeScore: sizeScore(articles, sources),
    });
  }
  return out;
}

function reader(rows: StoryStats[]): StatsReader & { read: number } {
  const dated = rows.filter((s) => s.updatedMs !== null).map((s) => s.updatedMs!);
  const r = {
    read: 0,
    count: async () => rows.length,
    all: async () => ((r.read += rows.length), rows),
    span: async () => (dated.length ? { newest: Math.max(...dated), oldest: Math.min(...dated) } : null),
    bySize: async (n: number) => {
      const got = [...rows].sort((a, b) => b.sizeScore - a.sizeScore).slice(0, n);
      r.read += got.length;
      return got;
    },
    since: async (ms: number) => {
      const got = rows.filter((s) => s.updatedMs !== null && s.updatedMs >= ms);
      r.read += got.length;
      return got;
    },
  };
  return r;
}

test('the pruned ranking equals ranking every story, for every window, reading a part of them', async () => {
  const rows = world(20_000, 400, 16);
  const full = rankStories(rows.map(toAggregate));
  for (const [limit, offset] of [
    [20, 0],
    [20, 180],
    [50, 0],
    [1000, 0],
    [7, 993],
    [100, 3000],
  ]) {
    const r = reader(rows);
    assert.deepEqual(await rankFromStats(r, { limit, offset }), full.slice(offset, offset + limit), `limit ${limit}, offset ${offset}`);
    if (offset + limit <= 1000) assert.ok(r.read < rows.length / 2, `limit ${limit}, offset ${offset}: read ${r.read} of ${rows.length} stories`);
  }
  // Past the end, and nothing asked.
  assert.deepEqual(await rankFromStats(reader(rows), { limit: 10, offset: 19_995 }), full.slice(19_995));
  assert.deepEqual(await rankFromStats(reader(rows), { limit: 0, offset: 0 }), []);
});

test('a small store is ranked whole', async () => {
  const rows = world(300, 30, 3);
  assert.deepEqual(await rankFromStats(reader(rows), { limit: 10, offset: 5 }), rankStories(rows.map(toAggregate)).slice(5, 15));
});

test('figures built one article at a time and merged equal those of all the articles at once', () => {
  const a = { seq: 1, title: 'One', published: '2024-05-02', fetched: '2024-05-02T10:00:00Z' };
  const b = { seq: 2, title: 'Two', published: null, fetched: '2024-05-03T00:00:00Z' };
  const c = { seq: 3, title: 'Three', published: '2024-05-01', fetched: '2024-05-04' };
  let s = statsWith(null, 'X', a, true, 'Brief X');
  s = statsWith(s, 'X', b, false, null);
  assert.deepEqual([s.articles, s.sources, s.updated, s.first, s.latestTitle, s.briefHeadline], [2, 1, '2024-05-03T00:00:00Z', '2024-05-02', 'Two', 'Brief X']);
  const other = statsWith(null, 'Y', c, true, null);
  const m = mergedStats(other, s, 'Y', 2, null);
  assert.deepEqual(
    [m.storyId, m.articles, m.sources, m.updated, m.first, m.latestTitle, m.briefHeadline],
    ['Y', 3, 2, '2024-05-03T00:00:00Z', '2024-05-01', 'Two', null],
  );
  assert.equal(m.sizeScore, sizeScore(3, 2));
});
