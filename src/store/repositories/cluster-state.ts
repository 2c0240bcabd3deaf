// The cluster-state repository: the clusterer's opaque state, saved now and then so a restart resumes the
// stream (ingest replays what came after the state's watermark).

export interface ClusterStateRepository {
  saveClusterState(state: unknown): Promise<void>;
  loadClusterState(): Promise<unknown | null>;
}
