import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createGate } from './gate.ts';
import { StorylineError } from '../errors.ts';

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

test('gate: at most `concurrency` run, the rest wait in order; beyond maxQueue a server.busy error', async () => {
  const gate = createGate(2, 2);
  const order: string[] = [];
  const blockers = [deferred(), deferred(), deferred(), deferred()];
  const runs = blockers.map((d, i) =>
    gate.run(async () => {
      order.push(`start ${i}`);
      await d.promise;
      order.push(`end ${i}`);
      return i;
    }),
  );
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(order, ['start 0', 'start 1']);
  assert.equal(gate.running, 2);
  assert.equal(gate.waiting, 2);
  await assert.rejects(
    gate.run(async () => 9),
    (e: unknown) => e instanceof StorylineError && e.stage === 'server' && e.code === 'busy',
  );
  blockers[1].resolve();
  await runs[1];
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(order, ['start 0', 'start 1', 'end 1', 'start 2'], 'the first waiter takes the freed slot');
  for (const d of blockers) d.resolve();
  assert.deepEqual(await Promise.all(runs), [0, 1, 2, 3]);
  assert.equal(gate.running, 0);
  assert.equal(gate.waiting, 0);
});

test('gate: a failing task frees its slot; the next task starts only after pending I/O callbacks ran', async () => {
  const gate = createGate(1, 10);
  const seen: string[] = [];
  const first = gate.run(async () => {
    // Queued during the first task, as a socket read would be: it must run before the second task.
    setImmediate(() => seen.push('io'));
    throw new Error('boom');
  });
  const second = gate.run(async () => {
    seen.push('second');
  });
  await assert.rejects(first, /boom/);
  await second;
  assert.deepEqual(seen, ['io', 'second']);
});

test('gate in the app: costly routes queue behind a running search and overflow as 503; cheap routes do not wait', async () => {
  const { seededStore } = await import('./testdata/harness.ts');
  const { createApp } = await import('./app.ts');
  const { BRIDGE } = await import('./testdata/seed.ts');
  const store = await seededStore();
  const held = deferred();
  const slow = Object.create(store, {
    search: { value: async (q: string, n: number) => (await held.promise, store.search(q, n)) },
  });
  const app = createApp({ store: slow, costly: { concurrency: 1, maxQueue: 0 } });
  try {
    const running = app.request('/api/search?q=bridge');
    await new Promise((r) => setImmediate(r));
    for (const path of ['/api/search?q=ferry', '/search?q=ferry', '/', '/api/stories', `/api/stories/${BRIDGE}?focus=cost`]) {
      const res = await app.request(path);
      assert.equal(res.status, 503, path);
      assert.equal(res.headers.get('retry-after'), '1', path);
    }
    for (const path of ['/healthz', `/stories/${BRIDGE}`, `/api/stories/${BRIDGE}`, '/articles/a1', '/sources']) {
      assert.equal((await app.request(path)).status, 200, `${path} does not wait for the search`);
    }
    held.resolve();
    assert.equal((await running).status, 200);
    assert.equal((await app.request('/')).status, 200, 'the slot is free again');
  } finally {
    await store.close();
  }
});
