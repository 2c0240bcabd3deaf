/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
import { Layout, type Chrome } from './layout.tsx';
import type { StoryCard } from '../views.ts';
import { formatDate, plural } from '../format.ts';
import { Sparkline, VolumeChart } from './chart.tsx';
import type { Volume } from '../volume.ts';

/** The front page: the ranked stories, then the volume of the whole stream (every stored article, per day, week or month). */
export function FrontPage(props: { chrome: Chrome; cards: StoryCard[]; page: number; pages: number; total: number; volume: Volume }) {
  const { cards, page, pages } = props;
  return (
    <Layout title="storyline" chrome={props.chrome} refresh>
      <h1>Top stories</h1>
      {cards.length === 0 ? (
        <p class="muted">{props.total === 0 ? 'No stories yet. Add feeds or import articles and they will appear here.' : 'No stories on this page.'}</p>
      ) : (
        <ol class="stories">
          {cards.map((s) => (
            <li data-item>
              <h2>
                <a href={`/stories/${encodeURIComponent(s.id)}`}>{s.headline}</a>
              </h2>
              {s.excerpt ? <p>{s.excerpt}</p> : null}
              <p class="meta card-meta">
                <Sparkline v={s.volume} />
                {plural(s.articles, 'article')} · {plural(s.sources, 'source')}
                {s.updated ? (
                  <>
                    {' '}
                    · updated <time datetime={s.updated}>{formatDate(s.updated)}</time>
                  </>
                ) : null}
              </p>
            </li>
          ))}
        </ol>
      )}
      {props.volume.bars.length ? (
        <section aria-labelledby="stream-volume-heading">
          <h2 id="stream-volume-heading">Articles in the stream</h2>
          <VolumeChart v={props.volume} id="stream-volume" />
        </section>
      ) : null}
      {pages > 1 ? (
        <nav class="pages" aria-label="Pages">
          <span>
            {page > 1 ? (
              <a href={page === 2 ? '/' : `/?page=${page - 1}`} rel="prev">
                ← Newer
              </a>
            ) : null}
          </span>
          <span class="muted">
            Page {page} of {pages}
          </span>
          <span>
            {page < pages ? (
              <a href={`/?page=${page + 1}`} rel="next">
                Older →
              </a>
            ) : null}
          </span>
        </nav>
      ) : null}
    </Layout>
  );
}
