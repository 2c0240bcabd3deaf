// The sources repository: the feeds and pages storyline follows, with their fetch health.

export interface SourceRecord {
  id: string;
  url: string;
  title: string | null;
  kind: 'feed' | 'page' | 'file' | 'corpus';
  etag: string | null;
  lastModified: string | null;
  lastSuccess: string | null;
  lastError: string | null;
  lastErrorCode: string | null;
  consecutiveFailures: number;
  nextCheck: string | null;
  intervalSeconds: number | null;
  createdAt: string;
  /** Folder path from an OPML import ("News/World"), or null for top level. */
  folder: string | null;
  /** This source (and its pages on the same host) may be fetched from private/loopback addresses. */
  allowPrivate: boolean;
}

export interface SourceRepository {
  upsertSource(src: Partial<SourceRecord> & { url: string; kind: SourceRecord['kind'] }): Promise<SourceRecord>;
  listSources(): Promise<SourceRecord[]>;
  getSource(id: string): Promise<SourceRecord | null>;
  updateSourceHealth(id: string, patch: Partial<Omit<SourceRecord, 'id' | 'url' | 'createdAt'>>): Promise<void>;
  removeSource(id: string): Promise<boolean>;
}
