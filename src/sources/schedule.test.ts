import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nextCheckInterval } from './schedule.ts';

const now = Date.parse('2024-06-01T12:00:00Z');
const MIN = 60_000;
const HOUR = 60 * MIN;
const every = (gapMs: number, n: number) => Array.from({ length: n }, (_, i) => new Date(now - i * gapMs).toISOString());

test('adapts to publishing frequency within bounds', () => {
  const busy = nextCheckInterval({ itemDates: every(30 * MIN, 20) }, { now });
  const daily = nextCheckInterval({ itemDates: every(24 * HOUR, 10) }, { now });
  assert.equal(busy, 15 * MIN);
  assert.equal(daily, 12 * HOUR);
  assert.equal(nextCheckInterval({ itemDates: every(MIN, 20) }, { now }), 10 * MIN, 'floor');
  assert.equal(nextCheckInterval({ itemDates: every(5 * 24 * HOUR, 3) }, { now }), 24 * HOUR, 'ceiling');
  assert.equal(nextCheckInterval({ itemDates: [null, 'garbage'] }, { now }), 2 * HOUR, 'default without dates');
});

test('a feed gone quiet is checked less often', () => {
  const stale = every(30 * MIN, 10).map((d) => new Date(Date.parse(d) - 2 * 24 * HOUR).toISOString());
  assert.ok(nextCheckInterval({ itemDates: stale }, { now }) >= 12 * HOUR);
});

test('backs off on consecutive failures and honours Retry-After', () => {
  const dates = every(30 * MIN, 20);
  const one = nextCheckInterval({ itemDates: dates, consecutiveFailures: 1 }, { now });
  const three = nextCheckInterval({ itemDates: dates, consecutiveFailures: 3 }, { now });
  assert.equal(one, 30 * MIN);
  assert.equal(three, 120 * MIN);
  assert.equal(nextCheckInterval({ itemDates: dates, consecutiveFailures: 20 }, { now }), 24 * HOUR);
  assert.equal(nextCheckInterval({ itemDates: dates, retryAfterMs: 3 * HOUR }, { now }), 3 * HOUR);
});
