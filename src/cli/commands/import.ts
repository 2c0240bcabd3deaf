// `storyline import <file|dir>…`: reads articles (JSONL, JSON, text, HTML pages, feeds) into the
// database, folding copies, clustering stories and writing their briefs. A bad file or line is reported
// on stderr naming it and the rest go on. Exit 2 when nothing at all could be read or imported; exit 1
// when the rest was imported but something could not be stored (the database failed, not the input) or a
// directory entry could not be read (a symlink loop, a dangling link, no permission): the last lines of
// stderr name those inputs, so a rerun can pick them up.
import type { Command } from 'commander';
import { loadConfig } from '../../config.ts';
import { createLogger } from '../../log.ts';
import { describeDatabase, openStore } from '../../store/open.ts';
import { StorylineError, errorMessage } from '../../errors.ts';
import { flushIngest, ingestArticles } from '../../pipeline/ingest.ts';
import { defaultStages } from '../../pipeline/stages.ts';
import { parseJobs } from '../../pipeline/pool.ts';
import { readImportPaths } from '../../pipeline/read-inputs.ts';
import { writeLine } from '../io.ts';
import { labelOf, validateInput, type IngestInput } from '../../pipeline/ingest.ts';
import { openJobQueue } from '../../store/postgres/jobs.ts';
import type { Config } from '../../config.ts';

/**
 * `import --enqueue`: one process job per article, keyed by the id ingest would give it, so the same file
 * enqueued twice (or an article already queued from another file) adds nothing.
 */
async function enqueueInputs(config: Config, inputs: IngestInput[], problems: number, json?: boolean): Promise<void> {
  if (!config.databaseUrl) throw new StorylineError('cli', 'needs_postgres', '--enqueue puts work on the PostgreSQL job queue: set STORYLINE_DATABASE_URL');
  const jobs: { key: string; payload: IngestInput }[] = [];
  let refused = 0;
  inputs.forEach((input, i) => {
    const label = labelOf(input, i);
    try {
      jobs.push({ key: validateInput(input, label).id!, payload: { ...input, label } });
    } catch (err) {
      refused++;
      process.stderr.write(`storyline: ${errorMessage(err)}\n`);
    }
  });
  // Opening the store creates the schema (and the jobs table) on a new database.
  await (await openStore(config)).close();
  const queue = openJobQueue(config.databaseUrl);
  try {
    const added = await queue.enqueue('process', jobs);
    const summary = { read: inputs.length, enqueued: added, alreadyQueued: jobs.length - added, errors: problems + refused };
    if (json) writeLine(summary);
    else process.stdout.write(`enqueued ${added} of ${inputs.length} articles (${summary.alreadyQueued} already queued, ${summary.errors} errors)\n`);
    if (jobs.length === 0) throw new StorylineError('cli', 'nothing_imported', `none of the ${inputs.length} articles could be enqueued`);
  } finally {
    await queue.close();
  }
}

export function register(program: Command): void {
  program
    .command('import')
    .description('import articles from JSONL/JSON/.txt/.html files, feed files or directories of them')
    .argument('<paths...>', 'files or directories ("-" is not supported: give a file)')
    .option('--no-briefs', 'store and cluster only; write briefs later (faster for large imports)')
    .option('--json', 'print the summary as one JSON object')
    .option('--jobs <n>', 'threads for annotation and briefs (default: one per core); the stories do not depend on it')
    .option('--enqueue', 'put the articles on the PostgreSQL job queue for `storyline worker` instead of processing them')
    .action(async (paths: string[], o: { briefs: boolean; json?: boolean; jobs?: string; enqueue?: boolean }) => {
      const jobs = parseJobs(o.jobs);
      const config = loadConfig();
      // Skipped articles are already reported on stderr one line each; the log adds only real failures.
      const log = createLogger(config.logLevel === 'info' ? 'error' : config.logLevel);
      const read = await readImportPaths(paths);
      for (const p of read.problems) process.stderr.write(`storyline: ${p.input}: ${p.error}\n`);
      if (read.inputs.length === 0) {
        throw new StorylineError('cli', 'nothing_read', 'no articles could be read', { input: paths.join(' ') });
      }
      if (o.enqueue) return enqueueInputs(config, read.inputs, read.problems.length, o.json);
      const store = await openStore(config);
      try {
        const r = await ingestArticles(store, read.inputs, { briefs: o.briefs, log, stages: defaultStages({ writer: config.writer, log, jobs }) });
        for (const e of r.errors) process.stderr.write(`storyline: ${e.error.startsWith(e.input) ? e.error : `${e.input}: ${e.error}`}\n`);
        const notStored = r.errors.filter((e) => e.kind === 'store').map((e) => e.input);
        const unreadable = read.problems.filter((p) => p.unreadable).map((p) => p.input);
        const summary = {
          read: read.inputs.length,
          added: r.added,
          duplicates: r.duplicates,
          copies: r.copies,
          storiesTouched: r.storiesTouched.length,
          briefs: r.briefsBuilt,
          errors: read.problems.length + r.errors.length,
          notStored,
          unreadable,
          articles: await store.countArticles(),
          stories: await store.countStories(),
          database: describeDatabase(config),
        };
        if (r.added === 0 && r.duplicates === 0) {
          throw new StorylineError('cli', 'nothing_imported', `none of the ${read.inputs.length} articles could be imported`, {
            input: paths.join(' '),
          });
        }
        if (o.json) writeLine(summary);
        else
          process.stdout.write(
            `imported ${summary.added} of ${summary.read} articles (${summary.duplicates} already stored, ${summary.copies} copies folded), ` +
              `${summary.storiesTouched} stories updated, ${summary.briefs} briefs written, ${summary.errors} errors; ` +
              `database now has ${summary.articles} articles in ${summary.stories} stories (${summary.database})\n`,
          );
        if (notStored.length) {
          process.stderr.write(`storyline: not stored (${notStored.length}, the database failed; rerun to retry them): ${notStored.join(', ')}\n`);
        }
        if (unreadable.length) process.stderr.write(`storyline: skipped as unreadable (${unreadable.length}): ${unreadable.join(', ')}\n`);
        if (notStored.length || unreadable.length) process.exitCode = 1;
      } finally {
        // Not fatal: articles stored after the last state save are replayed into the clusterer on next start.
        await flushIngest(store).catch((err) => log.warn({ err: errorMessage(err) }, 'cluster state not saved'));
        await store.close();
      }
    });
}
