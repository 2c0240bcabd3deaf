// PostgreSQL cluster-state repository: one row, the clusterer's state serialised with node:v8.
import { deserialize } from 'node:v8';
import type { ClusterStateRepository } from '../repositories/cluster-state.ts';
import { serializeClusterState } from '../rows.ts';
import { exec, one, type PgConnection } from './connection.ts';

export class PgClusterState implements ClusterStateRepository {
  constructor(private readonly c: PgConnection) {}

  async saveClusterState(state: unknown): Promise<void> {
    const blob = serializeClusterState(state);
    await this.c.read((db) =>
      exec(
        db,
        'INSERT INTO cluster_state (id, state, saved_at) VALUES (1, $1, $2) ON CONFLICT (id) DO UPDATE SET state = excluded.state, saved_at = excluded.saved_at',
        [blob, new Date().toISOString()],
      ),
    );
  }

  async loadClusterState(): Promise<unknown | null> {
    const r = await this.c.read((db) => one<{ state: Buffer }>(db, 'SELECT state FROM cluster_state WHERE id = 1'));
    return r ? deserialize(r.state) : null;
  }
}
