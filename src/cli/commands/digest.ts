// `storyline digest --since 24h [--watchlist ID] [--limit N] --format html|md|text`: a briefing of what moved
// in the window (pipeline/digest.ts collects it, brief/digest.ts renders it), every sentence's sources named
// in notes with title, outlet, date and URL.
import type { Command } from 'commander';
import { loadConfig } from '../../config.ts';
import { openStore } from '../../store/open.ts';
import { StorylineError } from '../../errors.ts';
import { collectDigest, parseSince } from '../../pipeline/digest.ts';
import { renderDigest, type DigestFormat } from '../../brief/digest.ts';
import { lookupIn } from '../../brief/footnotes.ts';

const FORMATS: DigestFormat[] = ['md', 'text', 'html'];

export function register(program: Command): void {
  program
    .command('digest')
    .description('a briefing of the stories with news since a time (all stories, or one watchlist)')
    .option('--since <when>', 'start of the window: 24h, 90m, 7d, or an ISO date or time', '24h')
    .option('--watchlist <id>', "only this watchlist's matched stories")
    .option('--limit <n>', 'stories at most', '10')
    .option('--format <format>', 'md | text | html', 'md')
    .action(async (o: { since: string; watchlist?: string; limit: string; format: string }) => {
      if (!(FORMATS as string[]).includes(o.format)) throw new StorylineError('cli', 'bad_option', `--format must be md, text or html, not "${o.format}"`);
      const limit = Number(o.limit);
      if (!/^\d+$/.test(o.limit) || limit < 1 || limit > 500)
        throw new StorylineError('cli', 'bad_option', `--limit must be an integer from 1 to 500, not "${o.limit}"`);
      const now = new Date();
      const since = parseSince(o.since, now);
      const store = await openStore(loadConfig());
      try {
        const { digest, articles } = await collectDigest(store, {
          since,
          until: now,
          limit,
          ...(o.watchlist !== undefined ? { watchlistId: o.watchlist } : {}),
        });
        process.stdout.write(renderDigest(digest, o.format as DigestFormat, lookupIn(articles)));
      } finally {
        await store.close();
      }
    });
}
