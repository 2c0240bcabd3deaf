/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
// An article with every sentence an anchored span (id "s-<start>-<end>"), so a citation link lands on
// the sentence it cites and CSS :target highlights it.
import { Layout, type Chrome } from './layout.tsx';
import { entityList, segmentText, spanAnchor, type ArticleView } from '../views.ts';
import { formatDate, safeHref } from '../format.ts';

/** Plain words for the stored partial reason ('too_little_text', 'fetch_failed: <code>', …). */
function partialWhy(reason: string | null | undefined): string | null {
  if (!reason) return null;
  if (reason === 'too_little_text') return 'the page held too little text, likely a paywall or consent wall';
  if (reason === 'not_fetched') return 'the page was not fetched';
  if (reason === 'no_link') return 'the feed item links to no page';
  const failed = /^fetch_failed: (\S+)$/.exec(reason);
  if (failed) return `the page could not be fetched: ${failed[1]}`;
  return null;
}

export function ArticlePage(props: { chrome: Chrome; view: ArticleView }) {
  const { article: a, annotation, sentences, cited, storyId, storyHeadline, copies } = props.view;
  const segments = segmentText(a.text, sentences, cited);
  const href = safeHref(a.url);
  const entities = entityList(annotation)
    .filter((e) => e.type !== 'MISC')
    .slice(0, 40);
  const quotes = annotation?.quotes ?? [];
  // A quote links to the anchored segment holding its start (quotes rarely align with sentence edges).
  const anchorOf = (pos: number) => {
    const seg = segments.find((g) => g.anchor && g.start <= pos && pos < g.end);
    return seg ? spanAnchor(seg) : null;
  };
  return (
    <Layout title={a.title || 'Article'} chrome={props.chrome}>
      <article>
        <h1>{a.title || 'Untitled'}</h1>
        <p class="meta">
          {a.sourceName ?? 'Unknown source'}
          {a.byline ? <> · {a.byline}</> : null}
          {a.published ? (
            <>
              {' '}
              · <time datetime={a.published}>{formatDate(a.published)}</time>
            </>
          ) : null}
          {href ? (
            <>
              {' · '}
              <a href={href} rel="noopener noreferrer nofollow">
                original article
              </a>
            </>
          ) : null}
        </p>
        {storyId ? (
          <p class="meta">
            Part of the story <a href={`/stories/${encodeURIComponent(storyId)}`}>{storyHeadline ?? storyId}</a>
          </p>
        ) : null}
        {a.partial ? (
          <p class="banner partial-note" role="note">
            Only the feed's summary was available
            {partialWhy(a.partialReason) ? ` (${partialWhy(a.partialReason)})` : ''}
            {href ? (
              <>
                {': '}
                <a href={href} rel="noopener noreferrer nofollow">
                  read the full article at the source
                </a>
              </>
            ) : null}
            .
          </p>
        ) : null}
        <div class="article-text">
          {segments.map((seg) => {
            const text = a.text.slice(seg.start, seg.end);
            if (!seg.anchor) return text;
            return (
              <span class={seg.cited ? 's cited' : 's'} id={spanAnchor(seg)} {...(seg.cited ? { 'data-item': true, tabindex: -1 } : {})}>
                {text}
              </span>
            );
          })}
        </div>
      </article>

      {copies.length ? (
        <section>
          <h2>Also published as</h2>
          <ul class="plain">
            {copies.map((c) => (
              <li>
                <a href={`/articles/${encodeURIComponent(c.id)}`}>{c.title || 'Untitled'}</a>
                <span class="muted">
                  {' · '}
                  {c.sourceName ?? 'Unknown source'}
                  {c.published ? ` · ${formatDate(c.published)}` : ''}
                </span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      {entities.length ? (
        <section>
          <h2>Named in this article</h2>
          <ul class="plain">
            {entities.map((e) => (
              <li>
                <a href={`/entities/${encodeURIComponent(e.canonical)}`}>{e.canonical}</a>
                <span class="muted">
                  {e.role ? `, ${e.role}` : ''} · {e.type.toLowerCase()}
                </span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      {quotes.length ? (
        <section>
          <h2>Quotes and claims</h2>
          {quotes.map((q) => (
            <blockquote>
              {anchorOf(q.start) ? (
                <a class="s" href={`#${anchorOf(q.start)}`}>
                  {q.text}
                </a>
              ) : (
                q.text
              )}
              <div class="meta">
                {q.speaker ? <a href={`/entities/${encodeURIComponent(q.speaker)}`}>{q.speaker}</a> : 'Unattributed'} ({q.cue})
              </div>
            </blockquote>
          ))}
        </section>
      ) : null}
    </Layout>
  );
}
