import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SEEN_MAX_BYTES, parseSeen, serialiseSeen } from './seen.ts';

const NOW = Date.UTC(2026, 10, 29, 12, 0, 0);

test('seen cookie: round trip of story ids of any characters, to the second', () => {
  const m = new Map([
    ['st-bridge', NOW - 3_600_000],
    ['story with spaces.and~dots', NOW - 60_000],
    ['ünïcode/ström', NOW],
  ]);
  const raw = serialiseSeen(m);
  assert.match(raw, /^[A-Za-z0-9_~.-]+$/, 'only characters a cookie value carries unencoded');
  assert.deepEqual(parseSeen(raw, NOW), m);
});

test('seen cookie: garbage, tampered and out-of-range entries are skipped, the rest kept', () => {
  const good = serialiseSeen(new Map([['st-a', NOW - 1000]]));
  for (const raw of [undefined, null, '', '%%%', 'a~b~c', '....', '{"st-a":1}', 'x'.repeat(10_000)]) assert.equal(parseSeen(raw, NOW).size, 0, String(raw));
  const farFuture = serialiseSeen(new Map([['st-b', NOW + 10 * 24 * 3600 * 1000]]));
  const ancient = serialiseSeen(new Map([['st-c', Date.UTC(1999, 0, 1)]]));
  // "c3QtYQ" is "st-a"; the padded-looking variant "c3QtYR" decodes to the same bytes but was not written by us.
  const mixed = [good, farFuture, ancient, 'c3QtYR~zzz', 'not an entry', `${good}`].join('.');
  assert.deepEqual([...parseSeen(mixed, NOW)], [['st-a', NOW - 1000]]);
});

test('seen cookie: bounded in size, newest visits kept', () => {
  const m = new Map<string, number>();
  for (let i = 0; i < 500; i++) m.set(`story-number-${i}`, NOW - (500 - i) * 1000);
  const raw = serialiseSeen(m);
  assert.ok(raw.length <= SEEN_MAX_BYTES, `${raw.length} bytes`);
  const back = parseSeen(raw, NOW);
  assert.ok(back.size > 50, `${back.size} entries kept`);
  assert.ok(back.has('story-number-499') && !back.has('story-number-0'), 'the oldest visits are dropped first');
});
