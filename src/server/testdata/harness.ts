// Builds an app over a fresh in-memory SQLite store holding the seed world, for the server tests.
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { openSqliteStore } from '../../store/sqlite/sqlite-store.ts';
import type { Store } from '../../store/store.ts';
import { createApp, type AppDeps } from '../app.ts';
import { seed } from './seed.ts';
import { KEYS_HASH, KEYS_JS } from '../keys.ts';

/** The CSP allows exactly one script, the pages' own keyboard shortcuts, by its hash: `script-src <hash>` and nothing else. */
export function scriptSrcOnlyKeys(csp: string): boolean {
  return csp.split(';').some((d) => d.trim() === `script-src ${KEYS_HASH}`);
}

/** The page's HTML without the one script it is allowed (keys.ts), so what remains can be checked for injected ones. */
export function withoutOwnScript(html: string): string {
  return html.split(`<script>${KEYS_JS}</script>`).join('');
}

export const ATTRIBUTION = 'Demo articles from <a href="https://en.wikinews.org/">Wikinews</a>, licensed CC BY 2.5.';

export async function seededStore(opts: { filler?: number } = {}): Promise<Store> {
  const store = await openSqliteStore(':memory:');
  await seed(store, opts);
  return store;
}

/** A pino logger whose JSON lines land in `lines`. */
export function captureLog(): { log: AppDeps['log'] & object; lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      for (const l of String(chunk).split('\n')) if (l.trim()) lines.push(JSON.parse(l));
      done();
    },
  });
  return { log: pino({ level: 'info' }, sink), lines };
}

export async function seededApp(opts: { filler?: number } & Partial<AppDeps> = {}) {
  const store = opts.store ?? (await seededStore({ filler: opts.filler }));
  const app = createApp({ attributionHtml: ATTRIBUTION, ...opts, store });
  return { store, app };
}
