import { test } from 'node:test';
import assert from 'node:assert/strict';
import { backoffMs, isBusyError, retryWhileBusy } from './retry.ts';

const busy = () => Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' });

test('retryWhileBusy retries busy failures with growing waits on a fake clock, then succeeds', async () => {
  const now = 0;
  const waits: number[] = [];
  let calls = 0;
  const result = await retryWhileBusy(
    () => {
      calls++;
      if (calls < 5) throw busy();
      return 'done';
    },
    { now: () => now, sleep: async (ms) => void waits.push(ms), deadlineMs: 10_000 },
  );
  assert.equal(result, 'done');
  assert.equal(calls, 5);
  assert.equal(waits.length, 4);
  assert.ok(waits[3] > waits[0], `waits grow: ${waits}`);
});

test('retryWhileBusy gives up at the deadline with the last busy error, and never retries other errors', async () => {
  let now = 0;
  let calls = 0;
  await assert.rejects(
    retryWhileBusy(
      () => {
        calls++;
        throw busy();
      },
      { now: () => now, sleep: async (ms) => void (now += ms), deadlineMs: 2_000 },
    ),
    /database is locked/,
  );
  assert.ok(calls > 5 && now <= 2_000, `${calls} tries within the deadline (${now} ms)`);
  calls = 0;
  await assert.rejects(
    retryWhileBusy(() => (calls++, Promise.reject(new Error('constraint failed')))),
    /constraint failed/,
  );
  assert.equal(calls, 1);
});

test('isBusyError: SQLite busy/locked codes and PostgreSQL serialisation failures and deadlocks', () => {
  for (const code of ['SQLITE_BUSY', 'SQLITE_BUSY_SNAPSHOT', 'SQLITE_LOCKED', '40001', '40P01']) assert.ok(isBusyError({ code }), code);
  for (const code of ['SQLITE_CONSTRAINT', '23505', undefined]) assert.ok(!isBusyError({ code }), String(code));
  assert.ok(!isBusyError(null));
  const waits = Array.from({ length: 12 }, (_, i) => backoffMs(i + 1, () => 0.5));
  assert.equal(waits[0], 5);
  assert.equal(waits.at(-1), 250, 'capped');
});
