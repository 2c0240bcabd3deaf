import type { SourceRecord } from '../../store/store.ts';
import { Layout, type Chrome } from './layout.tsx';
import { formatDateTime, safeHref } from '../format.ts';
import { sourceStatus } from '../../sources/health.ts';

export function SourcesPage(props: { chrome: Chrome; sources: SourceRecord[] }) {
  const feeds = props.sources;
  return (
    <Layout title="Sources" chrome={props.chrome}>
      <h1>Sources</h1>
      {feeds.length === 0 ? (
        <p class="muted">No feeds yet. Add one with <code>storyline sources add URL</code> or import an OPML file with <code>storyline sources import FILE</code>.</p>
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
          <tbody>
            {feeds.map((s) => {
              const href = safeHref(s.url);
              return (
                <tr>
                  <td>{href ? <a href={href} rel="noopener noreferrer nofollow">{s.title || s.url}</a> : s.title || s.url}</td>
                  <td>{sourceStatus(s)}</td>
                  <td>{s.lastSuccess ? formatDateTime(s.lastSuccess) : '–'}</td>
                  <td>{s.lastError ? `${s.lastErrorCode ?? 'error'}: ${s.lastError}` : '–'}</td>
                  <td>{s.consecutiveFailures}</td>
                  <td>{s.nextCheck ? formatDateTime(s.nextCheck) : 'now'}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </Layout>
  );
}
