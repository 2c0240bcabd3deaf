/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
import type { SearchHit } from '../../store/store.ts';
import { Layout, type Chrome } from './layout.tsx';
import { searchHref } from '../views.ts';

export function SearchPage(props: { chrome: Chrome; q: string | null; hits: SearchHit[]; tooCommon?: boolean }) {
  const { q, hits } = props;
  return (
    <Layout title={q ? `Search: ${q}` : 'Search'} chrome={props.chrome} q={q ?? ''}>
      <h1>{q ? <>Results for “{q}”</> : 'Search'}</h1>
      {!q ? (
        <p class="muted">Type words to find in briefs and articles; every word must match.</p>
      ) : props.tooCommon ? (
        <p class="muted">Every word of this search is too common to search for (“the”, “of”, “said”…); add a name or a topic.</p>
      ) : hits.length === 0 ? (
        <p class="muted">Nothing matches every word of this search.</p>
      ) : (
        <ol class="stories">
          {hits.map((h) => (
            <li data-item>
              <h2>
                <a href={searchHref(h)}>{h.title || 'Untitled'}</a>
              </h2>
              {h.snippet ? <p>{h.snippet}</p> : null}
              <p class="meta">
                {h.kind === 'brief' ? 'Story brief' : 'Article'}
                {h.kind === 'article' && h.storyId ? (
                  <>
                    {' · '}
                    <a href={`/stories/${encodeURIComponent(h.storyId)}`}>its story</a>
                  </>
                ) : null}
              </p>
            </li>
          ))}
        </ol>
      )}
    </Layout>
  );
}
