/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
import type { SourceRecord } from '../../store/store.ts';
import { Layout, type Chrome } from './layout.tsx';
import { formatDateTime, safeHref } from '../format.ts';
import { sourceStatus } from '../../pipeline/source-health.ts';

/** Feeds grouped by folder (as imported from OPML), folders in name order, unfiled feeds last. */
function byFolder(sources: SourceRecord[]): { folder: string | null; sources: SourceRecord[] }[] {
  const groups = new Map<string | null, SourceRecord[]>();
  for (const s of sources) {
    const key = s.folder?.trim() || null;
    groups.set(key, [...(groups.get(key) ?? []), s]);
  }
  return [...groups.entries()].sort(([a], [b]) => (a === null ? 1 : b === null ? -1 : a.localeCompare(b))).map(([folder, list]) => ({ folder, sources: list }));
}

export function SourcesPage(props: { chrome: Chrome; sources: SourceRecord[] }) {
  const feeds = props.sources;
  const groups = byFolder(feeds);
  const foldered = groups.some((g) => g.folder !== null);
  return (
    <Layout title="Sources" chrome={props.chrome}>
      <h1>Sources</h1>
      {feeds.length === 0 ? (
        <p class="muted">
          No feeds yet. Add one with <code>storyline sources add URL</code> or import an OPML file with <code>storyline sources import FILE</code>.
        </p>
      ) : (
        <table class="sources">
          <thead>
            <tr>
              <th>Feed</th>
              <th>Status</th>
              <th>Last success</th>
              <th>Last error</th>
              <th>Failures in a row</th>
              <th>Next check</th>
            </tr>
          </thead>
          {groups.map((g) => (
            <tbody class="folder" data-folder={g.folder ?? ''}>
              {foldered ? (
                <tr>
                  <th colspan={6} scope="rowgroup">
                    {g.folder ?? 'Not in a folder'}
                  </th>
                </tr>
              ) : null}
              {g.sources.map((s) => {
                const href = safeHref(s.url);
                return (
                  <tr>
                    <td>
                      {href ? (
                        <a href={href} rel="noopener noreferrer nofollow">
                          {s.title || s.url}
                        </a>
                      ) : (
                        s.title || s.url
                      )}
                      {s.allowPrivate ? (
                        <span class="badge" title="may be fetched from a private or loopback address">
                          local
                        </span>
                      ) : null}
                    </td>
                    <td>{sourceStatus(s)}</td>
                    <td>{s.lastSuccess ? formatDateTime(s.lastSuccess) : '–'}</td>
                    <td>{s.lastError ? `${s.lastErrorCode ?? 'error'}: ${s.lastError}` : '–'}</td>
                    <td>{s.consecutiveFailures}</td>
                    <td>{s.nextCheck ? formatDateTime(s.nextCheck) : 'now'}</td>
                  </tr>
                );
              })}
            </tbody>
          ))}
        </table>
      )}
    </Layout>
  );
}
