// `storyline sources add|import|export|list|remove`: the feed subscriptions `poll` and `serve` keep up
// with. `add` checks that the URL really is a feed (or a page announcing one) before storing it;
// `import` reads OPML, reporting each bad outline and adding the rest.
import type { Command } from 'commander';
import { sourceHealthJson, sourceStatus } from '../../pipeline/source-health.ts';
import { loadConfig } from '../../config.ts';
import { openStore } from '../../store/open.ts';
import type { SourceRecord, Store } from '../../store/store.ts';
import { StorylineError, errorMessage } from '../../errors.ts';
import { writeLine } from '../io.ts';
import { readInput } from '../../io/read.ts';
import { parseFeed, type ParsedFeed } from '../../sources/feed/index.ts';
import { fetchWithRetry } from '../../sources/retry.ts';
import { documentBaseUrl } from '../../sources/poll.ts';
import { canonicalizeUrl } from '../../sources/url.ts';
import { joinFolders, opmlFeeds, opmlFromFeeds, parseOpml, serialiseOpml, splitFolder, type OpmlOutline } from '../../sources/opml.ts';

async function withStore<T>(fn: (store: Store) => Promise<T>): Promise<T> {
  const store = await openStore(loadConfig());
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

/** An http(s) URL, or a cli.bad_url error naming it. */
function feedUrl(raw: string, input = raw): string {
  const s = raw.trim();
  let u: URL;
  try {
    u = new URL(s);
  } catch {
    throw new StorylineError('cli', 'bad_url', 'not a valid URL', { input });
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:')
    throw new StorylineError('cli', 'bad_url', `only http(s) feeds can be polled, not ${u.protocol}`, { input });
  return u.href;
}

/** Feed links a page announces (`<link rel="alternate" type="application/rss+xml" href=…>`), in page order. */
export function discoverFeedLinks(html: string, base: string): string[] {
  const out: string[] = [];
  for (const tag of html.match(/<link\b[^>]*>/gi) ?? []) {
    const attr = (name: string) =>
      new RegExp(`\\b${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s>]+))`, 'i')
        .exec(tag)
        ?.slice(1)
        .find((v) => v !== undefined) ?? null;
    const rel = (attr('rel') ?? '').toLowerCase().split(/\s+/);
    const type = (attr('type') ?? '').toLowerCase();
    const href = attr('href');
    if (!href || !rel.includes('alternate') || !/^application\/(rss|atom|feed)\+(xml|json)$|^application\/json$/.test(type)) continue;
    try {
      out.push(new URL(href.replace(/&amp;/g, '&'), base).href);
    } catch {
      // An unreadable href is the page's mistake; the next candidate may be fine.
    }
  }
  return out;
}

interface CheckOptions {
  allowPrivate?: boolean;
  timeout?: string;
}

/** The global switch (tests, an all-local setup); `--allow-private` on a source is the narrow one. */
function allowPrivateEverywhere(): boolean {
  return process.env.STORYLINE_ALLOW_PRIVATE === '1';
}

/**
 * Fetches the URL and parses it as a feed; an HTML page is searched for the feed it announces. The URL
 * returned is where a permanent redirect says the feed lives, so the subscription starts there.
 */
async function checkFeed(url: string, o: CheckOptions): Promise<{ url: string; feed: ParsedFeed }> {
  const fetchOpts = {
    allowPrivate: o.allowPrivate || allowPrivateEverywhere(),
    retries: 1,
    maxRetryAfterMs: 10_000,
    totalTimeoutMs: o.timeout ? Number(o.timeout) * 1000 : 30_000,
  };
  const res = await fetchWithRetry(url, fetchOpts);
  try {
    return { url: res.permanentUrl, feed: parseFeed(res.body, { url: documentBaseUrl(res), contentType: res.contentType ?? undefined }) };
  } catch (err) {
    if (!/html/i.test(res.contentType ?? '') && !/^\s*<(!doctype html|html)/i.test(res.body.subarray(0, 512).toString('latin1'))) throw err;
    const links = discoverFeedLinks(res.body.toString('utf8'), documentBaseUrl(res));
    if (!links.length) throw new StorylineError('sources', 'not_a_feed', 'the page is HTML and announces no feed', { input: url });
    const feedRes = await fetchWithRetry(links[0], fetchOpts);
    return { url: feedRes.permanentUrl, feed: parseFeed(feedRes.body, { url: documentBaseUrl(feedRes), contentType: feedRes.contentType ?? undefined }) };
  }
}

/** The source an id or URL names (exact URL first, then the canonical form). */
async function findSource(store: Store, key: string): Promise<SourceRecord | null> {
  const byId = await store.getSource(key.trim());
  if (byId) return byId;
  const all = await store.listSources();
  const exact = all.find((s) => s.url === key.trim());
  if (exact) return exact;
  const canon = canonicalizeUrl(key);
  return canon ? (all.find((s) => canonicalizeUrl(s.url) === canon) ?? null) : null;
}

/** Outlines that look like subscriptions but cannot be one, with the reason. */
function badOutlines(outlines: OpmlOutline[], path: string[] = []): { where: string; reason: string }[] {
  const out: { where: string; reason: string }[] = [];
  for (const o of outlines) {
    const name = [...path, o.title || o.text || '(untitled)'].join(' / ');
    if (o.xmlUrl !== null) {
      try {
        feedUrl(o.xmlUrl);
      } catch (err) {
        out.push({ where: name, reason: `xmlUrl "${o.xmlUrl}": ${err instanceof StorylineError ? err.message : errorMessage(err)}` });
      }
    } else if (!o.children.length && (o.type === 'rss' || o.type === 'atom')) {
      out.push({ where: name, reason: `type="${o.type}" outline has no xmlUrl` });
    }
    if (o.children.length) out.push(...badOutlines(o.children, o.xmlUrl ? path : [...path, o.text || o.title || '']));
  }
  return out;
}

function fmtTime(iso: string | null): string {
  return iso ? iso.slice(0, 16).replace('T', ' ') : '-';
}

export function register(program: Command): void {
  const sources = program.command('sources').description('manage feed subscriptions (add, import, export, list, remove)');

  sources
    .command('add')
    .description('subscribe to a feed (checked to be a feed unless --no-check)')
    .argument('<url>', 'feed URL, or a page that announces its feed')
    .option('--title <title>', 'name to show instead of the feed title')
    .option('--no-check', 'store without fetching (the first poll will tell whether it works)')
    .option('--allow-private', 'this feed may be on a loopback/private address (stored with the source; its pages on the same host too)')
    .option('--folder <path>', 'folder to file it under ("News / World" nests)')
    .option('--timeout <s>', 'seconds allowed for the check')
    .option('--json', 'print the stored source as JSON')
    .action(async (raw: string, o: CheckOptions & { title?: string; folder?: string; check: boolean; json?: boolean }) => {
      const folder = o.folder !== undefined ? joinFolders(o.folder.split(/\s*\/\s*/)) : null;
      let url = feedUrl(raw);
      let title = o.title?.trim() || null;
      let items: number | null = null;
      if (o.check) {
        const found = await checkFeed(url, o);
        url = found.url;
        title ??= found.feed.title?.trim() || null;
        items = found.feed.items.length;
      }
      await withStore(async (store) => {
        const existing = await findSource(store, url);
        if (existing && existing.kind === 'feed') {
          // Adding again with the permission or a folder grants or files it; nothing else changes.
          const patch = {
            ...(o.allowPrivate && !existing.allowPrivate ? { allowPrivate: true } : {}),
            ...(folder && folder !== existing.folder ? { folder } : {}),
          };
          if (Object.keys(patch).length) await store.updateSourceHealth(existing.id, patch);
          process.stderr.write(
            `storyline: ${url}: already subscribed as ${existing.id}${Object.keys(patch).length ? ` (updated: ${Object.keys(patch).join(', ')})` : ''}\n`,
          );
          if (o.json) writeLine((await store.getSource(existing.id)) ?? existing);
          return;
        }
        const s = await store.upsertSource({
          url,
          kind: 'feed',
          ...(title ? { title } : {}),
          ...(folder ? { folder } : {}),
          ...(o.allowPrivate ? { allowPrivate: true } : {}),
        });
        if (o.json) writeLine(s);
        else process.stdout.write(`added ${s.id} ${s.url}${s.title ? ` (${s.title})` : ''}${items !== null ? `, ${items} items in the feed now` : ''}\n`);
      });
    });

  sources
    .command('import')
    .description('subscribe to every feed of an OPML file (bad outlines are reported, the others added)')
    .argument('<opml>', 'OPML file ("-" for stdin)')
    .action(async (path: string) => {
      const name = path === '-' ? 'stdin' : path;
      const doc = parseOpml(readInput(path), name);
      const problems = badOutlines(doc.outlines);
      for (const p of problems) process.stderr.write(`storyline: ${name}: outline "${p.where}": ${p.reason}\n`);
      const feeds: { url: string; title: string; folder: string | null }[] = [];
      for (const f of opmlFeeds(doc)) {
        try {
          feeds.push({ url: feedUrl(f.xmlUrl), title: f.title.trim(), folder: joinFolders(f.folders) });
        } catch {
          // Reported above.
        }
      }
      if (!feeds.length) throw new StorylineError('cli', 'nothing_imported', 'the OPML file holds no usable feed outline', { input: name });
      await withStore(async (store) => {
        let added = 0;
        let known = 0;
        for (const f of feeds) {
          const existing = await findSource(store, f.url);
          if (existing) {
            // A feed filed nowhere yet takes the folder the list gives it; a folder already set is the user's.
            if (f.folder && !existing.folder) await store.updateSourceHealth(existing.id, { folder: f.folder });
            known++;
            continue;
          }
          await store.upsertSource({ url: f.url, kind: 'feed', ...(f.title ? { title: f.title } : {}), ...(f.folder ? { folder: f.folder } : {}) });
          added++;
        }
        process.stdout.write(`imported ${added} feeds (${known} already subscribed, ${problems.length} bad outlines)\n`);
      });
    });

  sources
    .command('export')
    .description('print the subscriptions as OPML 2.0')
    .action(async () => {
      await withStore(async (store) => {
        const feeds = (await store.listSources()).filter((s) => s.kind === 'feed');
        const doc = opmlFromFeeds(feeds.map((s) => ({ xmlUrl: s.url, title: s.title ?? s.url, htmlUrl: null, folders: splitFolder(s.folder) })));
        process.stdout.write(serialiseOpml(doc));
      });
    });

  sources
    .command('list')
    .description('list subscriptions with their health')
    .option('--json', 'one JSON object per source')
    .action(async (o: { json?: boolean }) => {
      await withStore(async (store) => {
        const list = await store.listSources();
        if (o.json) {
          for (const s of list) {
            writeLine(sourceHealthJson(s));
          }
          return;
        }
        if (!list.length) {
          process.stdout.write('no sources yet: add one with `storyline sources add <url>`\n');
          return;
        }
        const idw = Math.max(2, ...list.map((s) => s.id.length));
        process.stdout.write(`${'id'.padEnd(idw)}  status   last success      next check        fails  source\n`);
        for (const s of list) {
          const tags = [s.folder ? `[${s.folder}]` : '', s.allowPrivate ? '(private allowed)' : ''].filter(Boolean).join(' ');
          process.stdout.write(
            `${s.id.padEnd(idw)}  ${sourceStatus(s).padEnd(7)}  ${fmtTime(s.lastSuccess).padEnd(16)}  ${fmtTime(s.nextCheck).padEnd(16)}  ${String(s.consecutiveFailures).padStart(5)}  ` +
              `${s.title ? `${s.title} <${s.url}>` : s.url}${tags ? ` ${tags}` : ''}\n`,
          );
          if (s.lastError) process.stdout.write(`${''.padEnd(idw)}  last error: ${s.lastErrorCode ? `[${s.lastErrorCode}] ` : ''}${s.lastError}\n`);
        }
      });
    });

  sources
    .command('remove')
    .description('unsubscribe (stored articles stay)')
    .argument('<id-or-url>', 'source id (as `sources list` shows) or feed URL')
    .action(async (key: string) => {
      await withStore(async (store) => {
        const s = await findSource(store, key);
        if (!s) throw new StorylineError('cli', 'unknown_source', 'no source with this id or URL', { input: key });
        await store.removeSource(s.id);
        process.stdout.write(`removed ${s.id} ${s.url}\n`);
      });
    });
}
