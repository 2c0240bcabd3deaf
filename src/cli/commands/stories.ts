// `storyline stories [--limit N] [--offset N] [--json]`: the ranked story list, as the front page shows it.
import type { Command } from 'commander';
import { loadConfig } from '../../config.ts';
import { openStore } from '../../store/open.ts';
import { StorylineError } from '../../errors.ts';
import { writeLine } from '../io.ts';

function intOption(name: string, value: string, min: number, max: number): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || n < min || n > max) {
    throw new StorylineError('cli', 'bad_option', `--${name} must be an integer from ${min} to ${max}, not "${value}"`);
  }
  return n;
}

export function register(program: Command): void {
  program
    .command('stories')
    .description('list stories, best first (recency, size and number of sources)')
    .option('--limit <n>', 'how many', '20')
    .option('--offset <n>', 'skip this many first', '0')
    .option('--json', 'one JSON object per story')
    .action(async (o: { limit: string; offset: string; json?: boolean }) => {
      const limit = intOption('limit', o.limit, 1, 10_000);
      const offset = intOption('offset', o.offset, 0, 10_000_000);
      const store = await openStore(loadConfig());
      try {
        const list = await store.listStories({ limit, offset });
        if (o.json) {
          for (const s of list) writeLine(s);
          return;
        }
        if (list.length === 0) {
          process.stdout.write(offset ? 'no stories at this offset\n' : 'no stories yet: run `storyline import <file>` first\n');
          return;
        }
        const idWidth = Math.max(5, ...list.map((s) => s.id.length));
        process.stdout.write(`${'#'.padStart(4)}  ${'story'.padEnd(idWidth)}  arts  srcs  updated     headline\n`);
        list.forEach((s, i) => {
          process.stdout.write(
            `${String(offset + i + 1).padStart(4)}  ${s.id.padEnd(idWidth)}  ${String(s.articles).padStart(4)}  ${String(s.sources).padStart(4)}  ` +
              `${(s.updated ?? '').slice(0, 10).padEnd(10)}  ${s.headline}\n`,
          );
        });
      } finally {
        await store.close();
      }
    });
}
