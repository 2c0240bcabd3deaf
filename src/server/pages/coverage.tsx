/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
// Coverage by outlet, said in words first: who reported, who was first and how far behind the others
// came, who carried most; with one outlet, how long and how often it covered the story, and plainly that
// no second outlet's account is there to compare. The table follows only when there are outlets to compare.
import type { Article, CoverageEntry } from '../../types.ts';
import { formatDate, plural } from '../format.ts';
import { UNKNOWN_SOURCE } from '../../brief/coverage.ts';

const DAY_MS = 86_400_000;

export interface OutletRow extends CoverageEntry {
  latest: string | null;
}

/** The coverage rows with each outlet's latest article date added (from the story's articles). */
export function outletRows(coverage: CoverageEntry[], articles: Article[]): OutletRow[] {
  const latest = new Map<string, string>();
  for (const a of articles) {
    const key = a.sourceName?.trim() || UNKNOWN_SOURCE;
    if (a.published && (!latest.has(key) || a.published > latest.get(key)!)) latest.set(key, a.published);
  }
  return coverage.map((c) => ({ ...c, latest: latest.get(c.source) ?? null }));
}

/** Calendar days between two dates as written (their own days, whatever the hour). */
function days(from: string, to: string): number {
  return Math.round((Date.parse(to.slice(0, 10)) - Date.parse(from.slice(0, 10))) / DAY_MS);
}

/** "2 days", "5 weeks", "4 months": how long between two dates, in the unit a reader would use. */
export function spanWords(d: number): string {
  if (d < 14) return plural(d, 'day');
  if (d < 90) return plural(Math.round(d / 7), 'week');
  if (d < 730) return plural(Math.round(d / 30.44), 'month');
  return plural(Math.round(d / 365.25), 'year');
}

/** The coverage sentences: what a reader learns from the table, or instead of it when there is one outlet. */
export function coverageWords(rows: OutletRow[]): string[] {
  if (!rows.length) return ['No articles yet.'];
  const total = rows.reduce((n, r) => n + r.articles, 0);
  if (rows.length === 1) {
    const r = rows[0];
    const first = r.first;
    const last = r.latest ?? r.first;
    let when = '';
    if (first && last && days(first, last) >= 1) {
      when = `, from ${formatDate(first)} to ${formatDate(last)} (${spanWords(days(first, last))}`;
      when += total > 2 ? `, about one every ${spanWords(Math.max(1, Math.round(days(first, last) / (total - 1))))})` : ')';
    } else if (first) when = `, on ${formatDate(first)}`;
    return [
      `${total === 1 ? 'The one article' : `All ${total} articles`} came from ${r.source}${when}.`,
      'No other outlet among the followed feeds has reported this story, so there is no second account to compare it with.',
    ];
  }
  const out = [`${plural(rows.length, 'outlet')} reported this story, with ${plural(total, 'article')}.`];
  const dated = rows.filter((r) => r.first);
  if (dated.length) {
    const lead = dated[0];
    const rest = dated.slice(1);
    let s = `${lead.source} was first, on ${formatDate(lead.first)}`;
    if (rest.length) {
      const lag = days(lead.first!, rest[0].first!);
      s += lag < 1 ? `; ${rest[0].source} reported the same day` : `; ${rest[0].source} followed ${spanWords(lag)} later`;
    }
    out.push(s + '.');
  }
  const most = [...rows].sort((a, b) => b.articles - a.articles)[0];
  if (most.articles > 1 && rows.filter((r) => r.articles === most.articles).length === 1) {
    out.push(`${most.source} carried the most: ${most.articles} of ${total}.`);
  }
  return out;
}

export function Coverage(props: { rows: OutletRow[] }) {
  const { rows } = props;
  const first = rows.find((r) => r.first)?.source ?? null;
  return (
    <section aria-labelledby="coverage">
      <h2 id="coverage">Coverage by outlet</h2>
      <p>{coverageWords(rows).join(' ')}</p>
      {rows.length > 1 ? (
        <div class="scroll">
          <table>
            <caption class="sr-only">Articles per outlet, earliest reporter first</caption>
            <thead>
              <tr>
                <th scope="col">Outlet</th>
                <th scope="col">Articles</th>
                <th scope="col">First report</th>
                <th scope="col">Latest</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((c) => (
                <tr>
                  <th scope="row">
                    {c.source}
                    {c.source === first ? <span class="badge">first</span> : null}
                  </th>
                  <td>{c.articles}</td>
                  <td>{c.first ? <time datetime={c.first}>{formatDate(c.first)}</time> : '—'}</td>
                  <td>{c.latest ? <time datetime={c.latest}>{formatDate(c.latest)}</time> : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}
