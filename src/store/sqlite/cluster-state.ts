// SQLite cluster-state repository: one row, the clusterer's state serialised with node:v8.
import { deserialize } from 'node:v8';
import { StorylineError, errorMessage } from '../../errors.ts';
import type { ClusterStateRepository } from '../repositories/cluster-state.ts';
import { serializeClusterState } from '../rows.ts';
import type { SqliteConnection } from './connection.ts';

export class SqliteClusterState implements ClusterStateRepository {
  constructor(private readonly c: SqliteConnection) {}

  async saveClusterState(state: unknown): Promise<void> {
    const blob = serializeClusterState(state);
    await this.c.write(() =>
      this.c
        .q(
          'INSERT INTO cluster_state (id, state, saved_at) VALUES (1, ?, ?) ON CONFLICT (id) DO UPDATE SET state = excluded.state, saved_at = excluded.saved_at',
        )
        .run(blob, new Date().toISOString()),
    );
  }

  async loadClusterState(): Promise<unknown | null> {
    const r = this.c.q('SELECT state FROM cluster_state WHERE id = 1').get() as { state: Buffer } | undefined;
    if (!r) return null;
    try {
      return deserialize(r.state);
    } catch (err) {
      // A damaged row must not become a bare v8 error in every import and every start of serve. Deleting it is
      // safe: with no saved state the next run replays the stored articles and keeps their stories.
      const file = this.c.path;
      throw new StorylineError(
        'store',
        'cluster_state_damaged',
        `the saved cluster state in ${file} cannot be read (${errorMessage(err)}); delete it with: sqlite3 '${file}' 'DELETE FROM cluster_state' and the next import or serve rebuilds it from the stored articles`,
        { input: file, cause: err },
      );
    }
  }
}
