/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
// The search page: the words, then filters (dates, outlet, a person or organisation named), then the hits
// grouped by story, the words marked in each snippet. Plain GET forms: it works without script.
import type { SearchFilter } from '../../store/store.ts';
import { Layout, type Chrome } from './layout.tsx';
import { highlight } from '../highlight.ts';
import { searchHref } from '../views.ts';
import type { SearchGroup } from '../search.ts';
import { formatDate, plural } from '../format.ts';

function Snippet(props: { text: string; terms: string[] }) {
  // A brief's searchable text keeps one sentence or headline per line; a snippet across lines reads as one run-on sentence otherwise.
  const text = props.text.replace(/\s*\n\s*/g, ' · ');
  return <p class="snippet">{highlight(text, props.terms).map((p) => (p.hit ? <mark>{p.text}</mark> : p.text))}</p>;
}

/** The query string of this search with one filter changed (null removes it). */
export function searchUrl(q: string, filter: SearchFilter, change: Partial<Record<keyof SearchFilter, string | null>> = {}): string {
  const p = new URLSearchParams({ q });
  const f: Record<string, string | null | undefined> = { ...filter, ...change };
  for (const k of ['from', 'to', 'source', 'entity'] as const) if (f[k]) p.set(k, f[k]!);
  return `/search?${p.toString()}`;
}

function FilterForm(props: { q: string; filter: SearchFilter; outlets: string[] }) {
  const { q, filter } = props;
  const open = !!(filter.from || filter.to || filter.source || filter.entity);
  return (
    <form class="filters" method="get" action="/search" role="search" aria-label="Search with filters">
      <p>
        <label for="sq">Words</label>
        <input id="sq" type="search" name="q" value={q} maxlength={200} />
      </p>
      <details open={open ? true : undefined}>
        <summary>Filters: dates, outlet, who is named</summary>
        <p>
          <label for="sfrom">Published from</label>
          <input id="sfrom" type="date" name="from" value={filter.from ?? ''} />
          <label for="sto">to</label>
          <input id="sto" type="date" name="to" value={filter.to ?? ''} />
        </p>
        <p>
          <label for="ssource">Outlet</label>
          <input id="ssource" type="text" name="source" value={filter.source ?? ''} maxlength={200} list="outlets" placeholder="any outlet" />
          <datalist id="outlets">
            {props.outlets.map((o) => (
              <option value={o} />
            ))}
          </datalist>
        </p>
        <p>
          <label for="sentity">Names</label>
          <input
            id="sentity"
            type="text"
            name="entity"
            value={filter.entity ?? ''}
            maxlength={200}
            placeholder="a person, organisation or place"
            aria-describedby="sentity-help"
          />
          <span id="sentity-help" class="meta">
            {' '}
            only articles that name them
          </span>
        </p>
      </details>
      <button type="submit">Search</button>
    </form>
  );
}

function ActiveFilters(props: { q: string; filter: SearchFilter }) {
  const { q, filter } = props;
  const parts: { label: string; key: keyof SearchFilter }[] = [];
  if (filter.from) parts.push({ label: `from ${formatDate(filter.from)}`, key: 'from' });
  if (filter.to) parts.push({ label: `to ${formatDate(filter.to)}`, key: 'to' });
  if (filter.source) parts.push({ label: `in ${filter.source}`, key: 'source' });
  if (filter.entity) parts.push({ label: `naming ${filter.entity}`, key: 'entity' });
  if (!parts.length) return null;
  return (
    <p class="meta active-filters">
      Only articles{' '}
      {parts.map((p, i) => (
        <>
          {i ? ', ' : ''}
          {p.label} (<a href={searchUrl(q, filter, { [p.key]: null })}>remove</a>)
        </>
      ))}
      .
    </p>
  );
}

export function SearchPage(props: {
  chrome: Chrome;
  q: string | null;
  terms: string[];
  filter: SearchFilter;
  groups: SearchGroup[];
  outlets: string[];
  tooCommon?: boolean;
}) {
  const { q, groups, filter, terms } = props;
  const hits = groups.reduce((n, g) => n + g.articles.length + (g.brief ? 1 : 0), 0);
  return (
    <Layout title={q ? `Search: ${q}` : 'Search'} chrome={props.chrome} q={q ?? ''} searchBox={false}>
      <h1>{q ? <>Results for “{q}”</> : 'Search'}</h1>
      <FilterForm q={q ?? ''} filter={filter} outlets={props.outlets} />
      {q ? <ActiveFilters q={q} filter={filter} /> : null}
      {!q ? (
        <p class="muted">Type words to find in briefs and articles; every word must match. Filters narrow the articles by date, outlet and who they name.</p>
      ) : props.tooCommon ? (
        <p class="muted">Every word of this search is too common to search for (“the”, “of”, “said”…); add a name or a topic.</p>
      ) : groups.length === 0 ? (
        <p class="muted">Nothing matches every word of this search{filter.from || filter.to || filter.source || filter.entity ? ' with these filters' : ''}.</p>
      ) : (
        <>
          <p class="meta" role="status">
            {plural(hits, 'match', 'matches')} in {plural(groups.filter((g) => g.storyId).length, 'story', 'stories')}
            {groups.some((g) => !g.storyId) ? ' and articles in no story yet' : ''}, best first.
          </p>
          <ol class="results">
            {groups.map((g) => (
              <li data-item class="group">
                <h2>{g.storyId ? <a href={`/stories/${encodeURIComponent(g.storyId)}`}>{g.title || 'Untitled story'}</a> : <span>Not in a story yet</span>}</h2>
                {g.brief ? (
                  <div class="hit brief-hit">
                    <span class="kind">In the brief</span>
                    <Snippet text={g.brief.snippet} terms={terms} />
                  </div>
                ) : null}
                {g.articles.length ? (
                  <ul class="plain hits">
                    {g.articles.map((h) => (
                      <li class="hit">
                        <a href={searchHref(h)}>{h.title || 'Untitled'}</a>
                        <span class="meta">
                          {' · '}
                          {h.source ?? 'Unknown source'}
                          {h.published ? (
                            <>
                              {' '}
                              · <time datetime={h.published}>{formatDate(h.published)}</time>
                            </>
                          ) : null}
                        </span>
                        {h.snippet ? <Snippet text={h.snippet} terms={terms} /> : null}
                      </li>
                    ))}
                  </ul>
                ) : null}
              </li>
            ))}
          </ol>
        </>
      )}
    </Layout>
  );
}
