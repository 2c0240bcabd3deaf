/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
// The page shell: head with the inlined stylesheet, site header with the search box, the import banner
// while the first import runs, and the footer carrying the data attribution.
import type { Child } from 'hono/jsx';
import { raw } from 'hono/html';
import { CSS } from '../style.ts';

/** First-start import progress, shown as a banner on every page while it runs. */
export interface ServerStatus {
  importing: boolean;
  imported: number;
  total: number;
}

/** What every page needs besides its own content. */
export interface Chrome {
  /** Trusted HTML from the operator's configuration (the corpus licence line), shown in the footer. */
  attributionHtml: string | null;
  status: ServerStatus | null;
}

export function Layout(props: { title: string; chrome: Chrome; q?: string; refresh?: boolean; children: Child }) {
  const st = props.chrome.status;
  return (
    <>
      {raw('<!doctype html>')}
      <html lang="en">
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          {/* A meta refresh, not a script, keeps the import progress current: the CSP allows no scripts. */}
          {props.refresh && st?.importing ? <meta http-equiv="refresh" content="10" /> : null}
          <title>{props.title === 'storyline' ? 'storyline' : `${props.title} · storyline`}</title>
          <style dangerouslySetInnerHTML={{ __html: CSS }} />
        </head>
        <body>
          {st?.importing ? (
            <div class="banner" role="status">
              Importing the sample corpus: {st.imported}/{st.total} articles
            </div>
          ) : null}
          <header class="site">
            <a class="brand" href="/">
              storyline
            </a>
            <nav class="site" aria-label="Site">
              <a href="/watchlists">Watchlists</a>
            </nav>
            <form class="search" method="get" action="/search" role="search">
              <input type="search" name="q" value={props.q ?? ''} placeholder="Search stories and articles" aria-label="Search" maxlength={200} />
              <button type="submit">Search</button>
            </form>
          </header>
          <main>{props.children}</main>
          <footer class="site">
            {props.chrome.attributionHtml ? <div class="attribution">{raw(props.chrome.attributionHtml)}</div> : null}
            <div>
              storyline: stories and cited briefs, built offline from the articles shown. <a href="/sources">Feeds and their health</a>
            </div>
          </footer>
        </body>
      </html>
    </>
  );
}
