/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
// The page shell: head with the inlined stylesheet and keyboard script, a skip link, the site header
// (brand, navigation, search box), the import banner while the first import runs, the keyboard help
// overlay, and the footer carrying the data attribution.
import type { Child } from 'hono/jsx';
import { raw } from 'hono/html';
import { CSS } from '../style.ts';
import { KEYS_JS, SHORTCUTS } from '../keys.ts';

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

/**
 * `searchBox: false` leaves the header's search box out, for a page that has a search form of its own
 * (the search page): one box per page, so "/" and a screen reader's search landmark find the one in use.
 */
export function Layout(props: { title: string; chrome: Chrome; q?: string; refresh?: boolean; searchBox?: boolean; children: Child }) {
  const st = props.chrome.status;
  return (
    <>
      {raw('<!doctype html>')}
      <html lang="en">
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          {/* A meta refresh, not a script, keeps the import progress current, so it works with script off too. */}
          {props.refresh && st?.importing ? <meta http-equiv="refresh" content="10" /> : null}
          <title>{props.title === 'storyline' ? 'storyline' : `${props.title} · storyline`}</title>
          <style dangerouslySetInnerHTML={{ __html: CSS }} />
        </head>
        <body>
          <a class="skip" href="#main">
            Skip to content
          </a>
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
              <a href="/">Top stories</a>
              <a href="/watchlists">Watchlists</a>
              <a href="/sources">Feeds</a>
            </nav>
            {props.searchBox === false ? null : (
              <form class="search" method="get" action="/search" role="search">
                <input
                  type="search"
                  name="q"
                  value={props.q ?? ''}
                  placeholder="Search stories and articles"
                  aria-label="Search stories and articles"
                  maxlength={200}
                />
                <button type="submit">Search</button>
              </form>
            )}
          </header>
          <main id="main">{props.children}</main>
          <KeysHelp />
          <footer class="site">
            {props.chrome.attributionHtml ? <div class="attribution">{raw(props.chrome.attributionHtml)}</div> : null}
            <div>
              storyline: stories and cited briefs, built offline from the articles shown. <a href="/sources">Feeds and their health</a>
              {/* Shown by the keyboard script: without it the shortcuts do not exist. */}
              <button type="button" id="keys-open" class="linkish" hidden>
                Keyboard shortcuts (?)
              </button>
            </div>
          </footer>
          {/* Last, so the elements it wires up exist when it runs. */}
          <script dangerouslySetInnerHTML={{ __html: KEYS_JS }} />
        </body>
      </html>
    </>
  );
}

/** The keyboard help overlay, opened by "?" (a modal dialog: Esc and the button close it). */
function KeysHelp() {
  return (
    <dialog id="keys" aria-labelledby="keys-title">
      <h2 id="keys-title">Keyboard shortcuts</h2>
      <dl class="keys">
        {SHORTCUTS.map(([keys, what]) => (
          <>
            <dt>
              {keys.map((k, i) => (
                <>
                  {i ? ' or ' : ''}
                  <kbd>{k}</kbd>
                </>
              ))}
            </dt>
            <dd>{what}</dd>
          </>
        ))}
      </dl>
      <form method="dialog">
        <button type="submit">Close</button>
      </form>
    </dialog>
  );
}
