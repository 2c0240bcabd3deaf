// `storyline feed <file|url>…`: parses feeds and prints them as JSON. One input → the feed object;
// several → one JSON line per input, `{input, ...feed}` or `{input, error}`, exit 2 only if all failed.
import type { Command } from 'commander';
import { StorylineError, errorMessage } from '../../errors.ts';
import { failBadInput, writeLine } from '../io.ts';
import { readBytes } from '../../io/read.ts';
import { parseFeed, type ParsedFeed } from '../../sources/feed/index.ts';
import { fetchWithRetry } from '../../sources/retry.ts';
import { documentBaseUrl } from '../../sources/poll.ts';

interface FeedCliOptions {
  userAgent?: string;
  timeout?: string;
  allowPrivate?: boolean;
}

function outputShape(feed: ParsedFeed) {
  return {
    title: feed.title,
    link: feed.link,
    items: feed.items.map(({ id, title, link, published, author, content, summary }) => ({ id, title, link, published, author, content, summary })),
  };
}

async function load(input: string, o: FeedCliOptions): Promise<ParsedFeed> {
  if (/^https?:\/\//i.test(input)) {
    const timeout = o.timeout ? Number(o.timeout) * 1000 : undefined;
    const res = await fetchWithRetry(input, {
      userAgent: o.userAgent,
      totalTimeoutMs: timeout,
      allowPrivate: o.allowPrivate,
      retries: 1,
      maxRetryAfterMs: 10_000,
    });
    return parseFeed(res.body, { url: documentBaseUrl(res), contentType: res.contentType ?? undefined });
  }
  return parseFeed(readBytes(input, 'sources'), { url: input === '-' ? 'stdin' : input });
}

function named(err: unknown, input: string): StorylineError {
  if (err instanceof StorylineError) {
    return err.input === input ? err : new StorylineError(err.stage, err.code, err.input ? `${err.input}: ${err.message}` : err.message, { input });
  }
  return new StorylineError('sources', 'unexpected', errorMessage(err), { input });
}

export function register(program: Command): void {
  program
    .command('feed')
    .description('Parse RSS, Atom, RDF or JSON feeds (files, "-" for stdin, or http(s) URLs) and print them as JSON')
    .argument('<inputs...>', 'feed files or URLs')
    .option('--user-agent <ua>', 'User-Agent for URL fetches')
    .option('--timeout <seconds>', 'overall time limit per URL fetch')
    .option('--allow-private', 'allow fetching loopback/private addresses')
    .action(async (inputs: string[], o: FeedCliOptions) => {
      if (inputs.length === 1) {
        try {
          writeLine(outputShape(await load(inputs[0], o)));
        } catch (err) {
          failBadInput(named(err, inputs[0]));
        }
        return;
      }
      let ok = 0;
      for (const input of inputs) {
        try {
          writeLine({ input, ...outputShape(await load(input, o)) });
          ok++;
        } catch (err) {
          const e = named(err, input);
          writeLine({ input, error: `${e.stage}.${e.code}: ${e.message}` });
        }
      }
      if (ok === 0) process.exit(2);
    });
}
