/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
import { Layout, type Chrome } from './layout.tsx';
import type { EntityView } from '../views.ts';
import { formatDate, plural } from '../format.ts';

const TYPE_NAMES: Record<string, string> = { PERSON: 'Person', ORG: 'Organisation', PLACE: 'Place', MISC: 'Other' };

export function EntityPage(props: { chrome: Chrome; view: EntityView }) {
  const { entity: e, roles, stories, quotes, stances } = props.view;
  const aliases = e.aliases.filter((a) => a !== e.canonical);
  return (
    <Layout title={e.canonical} chrome={props.chrome}>
      <h1>{e.canonical}</h1>
      <p class="meta">
        {TYPE_NAMES[e.type] ?? e.type} · {plural(e.mentions, 'mention')} · {plural(e.storyIds.length, 'story', 'stories')}
      </p>
      <form class="search within" method="get" action="/search" role="search" aria-label={`Search the articles naming ${e.canonical}`}>
        <input type="hidden" name="entity" value={e.canonical} />
        <label for="within-q">Search the articles naming {e.canonical}</label>{' '}
        <input id="within-q" type="search" name="q" maxlength={200} placeholder="words" />
        <button type="submit">Search</button>
      </form>
      {aliases.length ? (
        <p>
          <span class="muted">Also named: </span>
          {aliases.join(', ')}
        </p>
      ) : null}
      {roles.length ? (
        <section>
          <h2>Roles</h2>
          <ul class="plain">
            {roles.map((r) => (
              <li>
                {r.role}{' '}
                <span class="muted">
                  (
                  <a href={`/articles/${encodeURIComponent(r.articleId)}`} title={r.title ?? undefined}>
                    {plural(r.articles, 'article')}
                  </a>
                  )
                </span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <section>
        <h2>Stories</h2>
        {stories.length ? (
          <ul class="plain">
            {stories.map((s) => (
              <li>
                <a href={`/stories/${encodeURIComponent(s.id)}`}>{s.headline}</a>
              </li>
            ))}
          </ul>
        ) : (
          <p class="muted">Not in any story yet.</p>
        )}
      </section>
      {quotes.length ? (
        <section class="quotes">
          <h2>What {e.type === 'PERSON' ? 'they' : 'it'} said</h2>
          <p class="meta stances">
            {stances.map((g, i) => (
              <>
                {i ? ' · ' : ''}
                <a href={`#stance-${g.stance}`}>{g.label}</a> ({g.quotes.length})
              </>
            ))}
          </p>
          {stances.map((g) => (
            <section id={`stance-${g.stance}`} class={`stance stance-${g.stance}`}>
              <h3>{g.label}</h3>
              {g.quotes.map((q) => (
                <blockquote>
                  {q.kind === 'direct' ? `“${q.text}”` : q.text}
                  <div class="meta">
                    {q.cue ? `${q.cue} · ` : ''}
                    <a href={`/articles/${encodeURIComponent(q.articleId)}`}>{q.title ?? 'article'}</a>
                    {q.source ? ` · ${q.source}` : ''}
                    {q.published ? ` · ${formatDate(q.published)}` : ''}
                  </div>
                </blockquote>
              ))}
            </section>
          ))}
        </section>
      ) : null}
    </Layout>
  );
}
