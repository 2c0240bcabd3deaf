// Contract of the cluster-state repository (repositories/cluster-state.ts): every adapter's test file runs it (through runStoreContract).
import assert from 'node:assert/strict';
import { contractCase, type MakeStore } from './contract-kit.ts';

export function runClusterStateContract(name: string, makeStore: MakeStore): void {
  const withStore = contractCase(name, makeStore);

  withStore('cluster state round-trips structured values', async (s) => {
    const state = { version: 2, vectors: new Map([['x', Float32Array.from([0.5, 0.25])]]), seen: new Set(['a']) };
    await s.saveClusterState(state);
    await s.saveClusterState({ ...state, version: 3 });
    const got = (await s.loadClusterState()) as typeof state;
    assert.equal(got.version, 3);
    assert.deepEqual([...got.vectors.get('x')!], [0.5, 0.25]);
    assert.ok(got.seen.has('a'));
  });
}
