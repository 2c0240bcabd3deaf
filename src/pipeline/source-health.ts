// A feed's health as users see it (CLI `sources list`, `/api/sources`, `/sources`): one word and the
// fields behind it, so every surface reports the same thing.
import type { SourceRecord } from '../store/store.ts';

export type SourceHealthWord = 'new' | 'ok' | 'failing';

export function sourceStatus(s: SourceRecord): SourceHealthWord {
  if (s.consecutiveFailures > 0) return 'failing';
  return s.lastSuccess ? 'ok' : 'new';
}

export function sourceHealthJson(s: SourceRecord) {
  return {
    id: s.id,
    url: s.url,
    title: s.title,
    kind: s.kind,
    status: sourceStatus(s),
    lastSuccess: s.lastSuccess,
    lastError: s.lastError,
    lastErrorCode: s.lastErrorCode,
    consecutiveFailures: s.consecutiveFailures,
    nextCheck: s.nextCheck,
    intervalSeconds: s.intervalSeconds,
    createdAt: s.createdAt,
    folder: s.folder ?? null,
    allowPrivate: s.allowPrivate === true,
  };
}
