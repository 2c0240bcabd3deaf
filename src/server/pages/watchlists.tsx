/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
// The watchlist pages: the account's watchlists with their "new" counts and a form to make one, and one
// watchlist's matches (those since the last visit marked new), its feeds and its webhook deliveries.
import { Layout, type Chrome } from './layout.tsx';
import type { Delivery, Page, WatchMatch, Watchlist } from '../../store/repositories/watchlists.ts';
import type { Article } from '../../types.ts';
import { formatDate, formatDateTime, plural, safeHref } from '../format.ts';

export interface MatchView {
  match: WatchMatch;
  article: Article | null;
  fresh: boolean;
}

function follows(w: Watchlist): string {
  const parts: string[] = [];
  if (w.terms.entities.length) parts.push(`people and organisations: ${w.terms.entities.join(', ')}`);
  if (w.terms.keywords.length) parts.push(`words: ${w.terms.keywords.join(', ')}`);
  if (w.terms.stories.length) parts.push(plural(w.terms.stories.length, 'story', 'stories'));
  return parts.join(' · ');
}

/** "entity:Mara Quinn" → "Mara Quinn"; a story term reads as "the followed story". */
function reasonText(r: string): string {
  const colon = r.indexOf(':');
  const kind = r.slice(0, colon);
  const value = r.slice(colon + 1);
  return kind === 'story' ? 'followed story' : kind === 'keyword' ? `“${value}”` : value;
}

export function WatchlistsPage(props: {
  chrome: Chrome;
  owner: string;
  watchlists: Watchlist[];
  unseen: Map<string, number>;
  error: string | null;
  form: Record<string, string | undefined> | null;
}) {
  const f = props.form ?? {};
  return (
    <Layout title="Watchlists" chrome={props.chrome}>
      <h1>Watchlists</h1>
      <p class="muted">
        Signed in as {props.owner}. A watchlist follows people, organisations, words or stories and collects every article that mentions them as it arrives.
      </p>
      {props.watchlists.length === 0 ? (
        <p class="muted">No watchlists yet: make one below.</p>
      ) : (
        <ul class="plain watchlists">
          {props.watchlists.map((w) => {
            const n = props.unseen.get(w.id) ?? 0;
            return (
              <li data-watchlist={w.id}>
                <a href={`/watchlists/${w.id}`}>{w.name}</a>
                {n ? (
                  <span class="badge" aria-label={`${plural(n, 'new match', 'new matches')}`}>
                    {n} new
                  </span>
                ) : null}
                <div class="meta">{follows(w)}</div>
              </li>
            );
          })}
        </ul>
      )}
      <h2 id="new">New watchlist</h2>
      {props.error ? (
        <p class="error" role="alert">
          {props.error}
        </p>
      ) : null}
      <form class="watch" method="post" action="/watchlists">
        <label for="wl-name">Name</label>
        <input id="wl-name" name="name" maxlength={100} value={f.name ?? ''} placeholder="optional: the terms below name it otherwise" />
        <label for="wl-entities">People and organisations, one per line</label>
        <textarea id="wl-entities" name="entities" rows={3}>
          {f.entities ?? ''}
        </textarea>
        <label for="wl-keywords">Words or phrases, one per line</label>
        <textarea id="wl-keywords" name="keywords" rows={3}>
          {f.keywords ?? ''}
        </textarea>
        <label for="wl-stories">Story ids, one per line</label>
        <textarea id="wl-stories" name="stories" rows={2}>
          {f.stories ?? ''}
        </textarea>
        <label for="wl-webhook">Webhook URL (optional): each match is POSTed there, signed</label>
        <input id="wl-webhook" name="webhook" type="url" maxlength={2000} value={f.webhook ?? ''} />
        <button type="submit">Create watchlist</button>
      </form>
    </Layout>
  );
}

function DeliveryRow(props: { d: Delivery }) {
  const d = props.d;
  const state = d.state === 'delivered' ? 'delivered' : d.state === 'failed' ? 'gave up' : d.attempts ? 'retrying' : 'queued';
  return (
    <tr data-delivery={d.id} data-state={d.state}>
      <td>{formatDateTime(d.createdAt)}</td>
      <td>{state}</td>
      <td>{d.attempts}</td>
      <td>{d.lastStatus ?? (d.lastError ? 'no answer' : '–')}</td>
      <td>
        {d.state === 'delivered' ? formatDateTime(d.deliveredAt) : d.state === 'pending' ? `next try ${formatDateTime(d.nextAttemptAt)}` : (d.lastError ?? '–')}
      </td>
    </tr>
  );
}

export function WatchlistPage(props: { chrome: Chrome; watchlist: Watchlist; matches: MatchView[]; total: number; deliveries: Page<Delivery> | null }) {
  const w = props.watchlist;
  const fresh = props.matches.filter((m) => m.fresh).length;
  const feed = `/feeds/watchlists/${w.id}`;
  return (
    <Layout title={w.name} chrome={props.chrome}>
      <p class="meta">
        <a href="/watchlists">Watchlists</a>
      </p>
      <h1>{w.name}</h1>
      <p class="meta">
        Follows {follows(w)}. {plural(props.total, 'match', 'matches')}
        {fresh ? `, ${fresh} new since you last looked` : ''}. Feeds: <a href={`${feed}.atom`}>Atom</a> · <a href={`${feed}.json`}>JSON</a>
      </p>
      {props.matches.length === 0 ? (
        <p class="muted">Nothing has matched yet. Articles are checked as they arrive.</p>
      ) : (
        <ol class="stories matches">
          {props.matches.map(({ match: m, article: a, fresh: isNew }) => {
            const href = a ? safeHref(a.url) : null;
            return (
              <li data-article={m.articleId} class={isNew ? 'new' : undefined}>
                <h2>
                  <a href={`/articles/${encodeURIComponent(m.articleId)}`}>{a?.title ?? m.articleId}</a>
                  {isNew ? <span class="badge">new</span> : null}
                </h2>
                <p class="meta">
                  {a?.sourceName ? `${a.sourceName} · ` : ''}
                  {a?.published ? `${formatDate(a.published)} · ` : ''}
                  matched {m.reasons.map(reasonText).join(', ')}
                  {m.storyId ? (
                    <>
                      {' · '}
                      <a href={`/stories/${encodeURIComponent(m.storyId)}`}>the story</a>
                    </>
                  ) : null}
                  {href ? (
                    <>
                      {' · '}
                      <a href={href} rel="noopener noreferrer nofollow">
                        original
                      </a>
                    </>
                  ) : null}
                </p>
              </li>
            );
          })}
        </ol>
      )}
      {props.deliveries ? (
        <>
          <h2>Webhook</h2>
          <p class="meta">
            {w.webhookUrl ? (
              <>Matches are POSTed to {w.webhookUrl}, signed with the watchlist's secret (X-Storyline-Signature).</>
            ) : (
              'No webhook any more; earlier calls below.'
            )}
          </p>
          {props.deliveries.items.length === 0 ? (
            <p class="muted">No calls yet.</p>
          ) : (
            <table class="deliveries">
              <thead>
                <tr>
                  <th>Queued</th>
                  <th>Status</th>
                  <th>Attempts</th>
                  <th>Last answer</th>
                  <th>When</th>
                </tr>
              </thead>
              <tbody>
                {props.deliveries.items.map((d) => (
                  <DeliveryRow d={d} />
                ))}
              </tbody>
            </table>
          )}
        </>
      ) : null}
      <form method="post" action={`/watchlists/${w.id}/delete`}>
        <button type="submit">Delete this watchlist</button>
      </form>
    </Layout>
  );
}
