/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
// The story page, shaped like a brief: headline, lead, "Key developments" (headline + paragraph each),
// then timeline, people, coverage and the articles. Every brief sentence links to the source sentence it
// came from; hovering or focusing its marker shows that sentence (pure CSS: the page works without its one script).
import type { BriefSentence, Citation } from '../../types.ts';
import { Layout, type Chrome } from './layout.tsx';
import { citationHref, citationKey, citesNew, markNew, type CitedSource, type StoryView } from '../views.ts';
import { formatDate, formatDateTime, plural, safeHref } from '../format.ts';
import { VolumeChart } from './chart.tsx';
import { Coverage, outletRows } from './coverage.tsx';
import { volumeOf } from '../volume.ts';
import { timelineOf } from '../timeline.ts';

interface Refs {
  cited: Map<string, CitedSource>;
  /** Reference number of each article, as listed under "Articles". */
  number: Map<string, number>;
  /** Articles that arrived after the visitor's last look: sentences citing them are marked. */
  fresh: Set<string>;
}

function popText(src: CitedSource | undefined, c: Citation): string {
  if (!src || src.text === null) return `Source sentence unavailable (article ${c.articleId})`;
  return `${src.source ?? 'Unknown source'}: “${src.text}”`;
}

function Cited(props: { s: BriefSentence; refs: Refs }) {
  const { s, refs } = props;
  if (s.citations.length === 0) return <>{s.text}</>;
  const first = s.citations[0];
  return (
    <>
      <a class="s" href={citationHref(first)} title={popText(refs.cited.get(citationKey(first)), first)}>
        {s.text}
      </a>
      {s.citations.map((c) => {
        const src = refs.cited.get(citationKey(c));
        return (
          <sup class="c">
            <a href={citationHref(c)} aria-label={`Source ${refs.number.get(c.articleId) ?? ''}`}>
              [{refs.number.get(c.articleId) ?? '?'}]
            </a>
            <span class="pop" role="tooltip">
              {src?.text ?? 'Source sentence unavailable.'}
              <br />
              <span class="muted">
                {src?.source ?? 'Unknown source'}
                {src?.title ? ` · ${src.title}` : ''}
              </span>
            </span>
          </sup>
        );
      })}
    </>
  );
}

function Sentences(props: { ss: BriefSentence[]; refs: Refs }) {
  return (
    <>
      {props.ss.map((s, i) => (
        <>
          {i > 0 ? ' ' : ''}
          {citesNew(s, props.refs.fresh) ? (
            <mark title="New since your last visit">
              <Cited s={s} refs={props.refs} />
            </mark>
          ) : (
            <Cited s={s} refs={props.refs} />
          )}
        </>
      ))}
    </>
  );
}

function NewSince(props: { since: Date; developments: number; sentences: number }) {
  const when = formatDate(props.since.toISOString());
  if (!props.developments && !props.sentences) return <p class="meta">Nothing new since your last visit ({when}).</p>;
  return (
    <p class="meta">
      <span class="badge">new</span> since your last visit ({when}):{' '}
      {props.developments ? plural(props.developments, 'development') : plural(props.sentences, 'sentence')} with reports that arrived since.
    </p>
  );
}

/**
 * The focused brief, offered as the feature it is: a rebuild of this brief around a topic the reader
 * types, built for that request and not stored. Folded away unless a focus is in use.
 */
function FocusForm(props: { id: string; focus: string | null }) {
  return (
    <details class="focus" open={props.focus ? true : undefined}>
      <summary>Focus this brief on a topic</summary>
      <form method="get" action={`/stories/${encodeURIComponent(props.id)}`}>
        <p class="meta" id="focus-help">
          The brief is rebuilt from this story's articles, preferring the sentences about what you type. It is made for you now and not saved; the usual brief
          stays as it is.
        </p>
        <label for="focus-topic">Topic</label>{' '}
        <input
          id="focus-topic"
          type="text"
          name="focus"
          maxlength={300}
          value={props.focus ?? ''}
          placeholder="e.g. the cost of the bridge"
          aria-describedby="focus-help"
        />{' '}
        <button type="submit">Build a focused brief</button>
        {props.focus ? (
          <>
            {' '}
            <a href={`/stories/${encodeURIComponent(props.id)}`}>Back to the full brief</a>
          </>
        ) : null}
      </form>
    </details>
  );
}

export function StoryPage(props: { chrome: Chrome; view: StoryView; since?: Date | null; fresh?: Set<string> }) {
  const v = props.view;
  const fresh = props.fresh ?? new Set<string>();
  const b = v.brief ? markNew(v.brief, fresh) : null;
  const number = new Map<string, number>();
  for (const a of v.articles) number.set(a.id, number.size + 1);
  const outside = [...v.cited.values()].filter((c) => !number.has(c.articleId));
  for (const c of outside) if (!number.has(c.articleId)) number.set(c.articleId, number.size + 1);
  const refs: Refs = { cited: v.cited, number, fresh };
  const newDevelopments = b ? b.developments.filter((d) => d.new).length : 0;
  const newSentences = b ? [...b.lead, ...b.developments.flatMap((d) => d.sentences)].filter((s) => citesNew(s, fresh)).length : 0;
  const title = b?.headline.text ?? v.articles[v.articles.length - 1]?.title ?? 'Story';
  const sources = new Set(v.articles.map((a) => a.sourceName ?? '')).size;
  const latest = v.versions[v.versions.length - 1] ?? null;
  const events = b ? timelineOf(b, (c) => v.cited.get(citationKey(c))) : [];
  const outsideArticles = outside.filter((c, i, all) => all.findIndex((x) => x.articleId === c.articleId) === i);

  return (
    <Layout title={title} chrome={props.chrome}>
      <article class="brief">
        <h1>{b ? <Cited s={b.headline} refs={refs} /> : title}</h1>
        <p class="meta">
          {plural(v.articles.length, 'article')} · {plural(sources, 'source')}
          {v.record.first ? <> · first reported {formatDate(v.record.first)}</> : null}
          {v.record.updated ? <> · updated {formatDate(v.record.updated)}</> : null}
          {b?.writer?.startsWith('model:') ? <> · reworded by {b.writer.slice('model:'.length)}, checked against its sources</> : null}
        </p>
        {b && v.focus ? (
          <p class="banner" role="note">
            This brief is focused on “{v.focus}”: rebuilt for you from the story's articles, not saved.{' '}
            <a href={`/stories/${encodeURIComponent(v.id)}`}>Back to the full brief</a>
          </p>
        ) : null}
        {b && latest && b.version !== latest.version && !v.focus ? (
          <p class="banner" role="note">
            You are reading an earlier version of this brief, written {formatDateTime(b.createdAt)}.{' '}
            <a href={`/stories/${encodeURIComponent(v.id)}`}>Read the current brief</a>
          </p>
        ) : null}
        {b ? <FocusForm id={v.id} focus={v.focus} /> : null}
        {props.since && b ? <NewSince since={props.since} developments={newDevelopments} sentences={newSentences} /> : null}
        {b ? (
          <>
            <p class="lead">
              <Sentences ss={b.lead} refs={refs} />
            </p>
            {b.developments.length ? (
              <section>
                <h2>Key developments</h2>
                {b.developments.map((d) => (
                  <section class="development" data-item>
                    <h3>
                      <Cited s={d.headline} refs={refs} />
                      {d.new ? <span class="badge">new</span> : null}
                    </h3>
                    {d.date ? <p class="meta">{formatDate(d.date)}</p> : null}
                    <p>
                      <Sentences ss={d.sentences} refs={refs} />
                    </p>
                  </section>
                ))}
              </section>
            ) : null}
          </>
        ) : (
          <p class="muted">The brief for this story has not been written yet; its articles are listed below.</p>
        )}
      </article>

      {b && events.length ? (
        <section aria-labelledby="timeline">
          <h2 id="timeline">Timeline</h2>
          <p class="meta">
            Each event under the day its source gives for it.
            {events.some((e) => e.dating === 'reported') ? ' Where the source gives no day, the day its article was published, marked “reported”.' : ''}
          </p>
          <ol class="timeline">
            {events.map((e) => (
              <li>
                <div class="when">
                  <time datetime={e.date} title={e.said ? `From “${e.said}” in the source` : 'The day the article was published'}>
                    {formatDate(e.date)}
                  </time>
                  {e.dating === 'event' ? null : <span class="dating">{e.dating}</span>}
                </div>
                <div class="what">
                  <Cited s={e.sentence} refs={refs} />
                </div>
              </li>
            ))}
          </ol>
        </section>
      ) : null}

      {b && b.people.length ? (
        <section>
          <h2>People</h2>
          <ul class="plain">
            {b.people.map((p) => (
              <li>
                <a href={`/entities/${encodeURIComponent(p.name)}`}>{p.name}</a>
                {p.role ? <span class="muted">, {p.role}</span> : null}
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      <section aria-labelledby="volume">
        <h2 id="volume">Articles over time</h2>
        <VolumeChart v={volumeOf(v.record.articleDates)} id="story-volume" />
      </section>

      <Coverage rows={outletRows(v.coverage, v.articles)} />

      <section>
        <h2>Articles</h2>
        <ol class="refs">
          {v.articles.map((a) => (
            <li id={`ref-${number.get(a.id)}`}>
              <a href={`/articles/${encodeURIComponent(a.id)}`}>{a.title || 'Untitled'}</a>
              <div class="meta">
                {a.sourceName ?? 'Unknown source'}
                {a.published ? <> · {formatDate(a.published)}</> : null}
                {safeHref(a.url) ? (
                  <>
                    {' · '}
                    <a href={safeHref(a.url)!} rel="noopener noreferrer nofollow">
                      original
                    </a>
                  </>
                ) : null}
              </div>
            </li>
          ))}
          {outsideArticles.map((c) => (
            <li>
              <a href={`/articles/${encodeURIComponent(c.articleId)}`}>{c.title ?? c.articleId}</a>
              <div class="meta">cited, no longer part of this story</div>
            </li>
          ))}
        </ol>
      </section>

      {v.versions.length > 1 && !v.focus ? (
        <section aria-labelledby="versions">
          <h2 id="versions">Earlier versions of this brief</h2>
          <details>
            <summary class="meta">The brief is rewritten as new articles arrive; {plural(v.versions.length - 1, 'earlier version')} kept</summary>
            <ul class="plain">
              {[...v.versions].reverse().map((ver) => (
                <li>
                  {b && ver.version === b.version ? (
                    <strong>Written {formatDateTime(ver.createdAt)} (shown)</strong>
                  ) : (
                    <a href={`/stories/${encodeURIComponent(v.id)}?version=${ver.version}`}>Written {formatDateTime(ver.createdAt)}</a>
                  )}
                  <span class="muted"> · version {ver.version}</span>
                </li>
              ))}
            </ul>
          </details>
        </section>
      ) : null}
    </Layout>
  );
}
