// `storyline poll`: one pass over the feeds that are due (or all of them), fetching full text for
// teasers and ingesting new articles. Sources that fail are reported and recorded in their health; the
// exit status stays 0 because a broken feed is an expected state, not a failed command.
import type { Command } from 'commander';
import { loadConfig } from '../../config.ts';
import { defaultStages } from '../../pipeline/stages.ts';
import { createLogger } from '../../log.ts';
import { openStore } from '../../store/open.ts';
import { writeLine } from '../io.ts';
import { pollOnce, type SourcePollReport } from '../../pipeline/poll.ts';

interface PollCliOptions {
  all?: boolean;
  allowPrivate?: boolean;
  fullText: boolean;
  briefs: boolean;
  json?: boolean;
}

function describe(r: SourcePollReport): string {
  if (r.status === 'error') return `failed  ${r.url}: ${r.error?.code ? `[${r.error.code}] ` : ''}${r.error?.message ?? ''}`;
  if (r.status === 'not_modified') return `ok      ${r.url}: not modified${r.movedTo ? `; moved permanently, now ${r.movedTo}` : ''}`;
  const extra = [
    r.fullText ? `${r.fullText} full text` : '',
    r.partial.length ? `${r.partial.length} summary only` : '',
    r.itemErrors.length ? `${r.itemErrors.length} item problems` : '',
  ]
    .filter(Boolean)
    .join(', ');
  const moved = r.movedTo ? `; moved permanently, now ${r.movedTo}` : '';
  return `ok      ${r.url}: ${r.items} items, ${r.added} new${extra ? ` (${extra})` : ''}${moved}`;
}

/** A one-line bar redrawn in place on a terminal. */
function progressBar(done: number, total: number, label: string): string {
  const width = 24;
  const filled = total ? Math.round((done / total) * width) : width;
  const cols = process.stderr.columns ?? 80;
  const line = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} ${label}`;
  return `\r${line.slice(0, cols - 1).padEnd(cols - 1)}`;
}

export function register(program: Command): void {
  program
    .command('poll')
    .description('poll the feeds that are due (full text for teasers), ingest new articles, record source health')
    .option('--all', 'poll every feed, due or not')
    .option(
      '--allow-private',
      'allow loopback/private addresses for every source this pass (sources added with --allow-private need no flag; STORYLINE_ALLOW_PRIVATE=1 does the same)',
    )
    .option('--no-full-text', 'do not fetch article pages for teaser items')
    .option('--no-briefs', 'store and cluster only; write briefs later')
    .option('--json', 'print one JSON line per source and a JSON summary')
    .action(async (o: PollCliOptions) => {
      const config = loadConfig();
      // Per-source lines already tell what happened; the log adds only real failures.
      const log = createLogger(config.logLevel === 'info' ? 'error' : config.logLevel);
      const store = await openStore(config);
      const tty = process.stderr.isTTY && !o.json;
      let total = 0;
      let done = 0;
      try {
        const summary = await pollOnce(store, {
          log,
          all: o.all,
          allowPrivate: o.allowPrivate || process.env.STORYLINE_ALLOW_PRIVATE === '1',
          fullText: o.fullText,
          ingest: { briefs: o.briefs, stages: defaultStages({ writer: config.writer, log }) },
          onPlan: (due) => {
            total = due.length;
            if (tty && total) process.stderr.write(progressBar(0, total, 'polling…'));
          },
          onSourceDone: (r) => {
            done++;
            if (o.json) writeLine(r);
            else if (tty) process.stderr.write(progressBar(done, total, r.url));
            else process.stderr.write(`${describe(r)}\n`);
          },
        });
        if (tty) {
          if (total) process.stderr.write('\n');
          for (const r of summary.reports.filter((x) => x.status === 'error')) process.stderr.write(`${describe(r)}\n`);
        }
        const { reports: _r, ...totals } = summary;
        if (o.json) writeLine({ summary: totals });
        else if (summary.sources === 0) process.stdout.write('no sources: add one with `storyline sources add <url>`\n');
        else
          process.stdout.write(
            `polled ${summary.polled} of ${summary.sources} sources: ${summary.ok} updated, ${summary.notModified} not modified, ${summary.failed} failed; ` +
              `${summary.added} new articles (${summary.fullText} full text, ${summary.partial} summary only)\n`,
          );
      } finally {
        await store.close();
      }
    });
}
