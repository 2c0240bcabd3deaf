// `storyline summarize --in docs.jsonl [--words N] [--focus TEXT] [--format json|md|text]`: the brief of
// the given documents taken as one story. Every line must be a valid document (the brief depends on the
// whole set), so the first bad line stops the command with exit 2 and names the file and line. With a
// writer model (--writer-url/--writer-model or STORYLINE_WRITER_*), the brief is rewritten by it when the
// rewrite passes the grounding check; the reason it did not is logged on stderr.
import type { Command } from 'commander';
import type { BriefArticle } from '../../types.ts';
import { StorylineError } from '../../errors.ts';
import { annotate } from '../../nlp/annotate.ts';
import { buildBrief } from '../../brief/build.ts';
import { renderMarkdown, renderText } from '../../brief/render.ts';
import { parseJsonl, readInput, requireStrings } from '../../io/read.ts';
import { loadLogLevel } from '../../config.ts';
import { createLogger } from '../../log.ts';
import { addWriterOptions, writerFromFlags, type WriterFlags } from '../../brief/writer/options.ts';
import { withWriter } from '../../brief/writer/writer.ts';

interface DocLine {
  id?: string;
  title?: string;
  text: string;
  published?: string | null;
  source?: string | null;
}

function checkDoc(v: unknown): string | null {
  const p = requireStrings(v, ['text'], ['id', 'title', 'published', 'source']);
  if (p) return p;
  if (!(v as DocLine).text.trim()) return 'field "text" is empty';
  return null;
}

/** Every line must be a document; the first bad one stops the command, named by file and line. */
function readDocs(path: string): DocLine[] {
  const name = path === '-' ? 'stdin' : path;
  const lines = parseJsonl<DocLine>(readInput(path), name, checkDoc);
  const bad = lines.find((l) => l.error);
  // The line's error already reads "<file>:<line>: <problem>".
  if (bad) throw new StorylineError('cli', 'bad_input', bad.error!.slice(name.length + 1).replace(/^(\d+): /, 'line $1: '), { input: name });
  if (lines.length === 0) throw new StorylineError('cli', 'empty_input', 'no JSON lines found', { input: name });
  return lines.map((l) => l.value!);
}

export function register(program: Command): void {
  const cmd = program
    .command('summarize')
    .description('write the cited brief of a set of documents taken as one story')
    .requiredOption('--in <file>', 'JSONL documents ({id?, title?, text, published?, source?}), "-" for stdin')
    .option('--words <n>', 'upper bound on the words of the brief body (lead + developments)')
    .option('--focus <text>', 'topic statement that steers sentence selection')
    .option('--format <format>', 'json | md | text', 'json');
  addWriterOptions(cmd).action(async (o: { in: string; words?: string; focus?: string; format: string } & WriterFlags) => {
    if (!['json', 'md', 'text'].includes(o.format)) throw new StorylineError('cli', 'bad_option', `--format must be json, md or text, not "${o.format}"`);
    let words: number | undefined;
    if (o.words !== undefined) {
      words = Number(o.words);
      if (!Number.isInteger(words) || words < 1) throw new StorylineError('cli', 'bad_option', `--words must be a positive integer, not "${o.words}"`);
    }
    // A bad writer setting is reported before the (slow) annotation runs for nothing.
    const writer = writerFromFlags(o);
    const build = writer ? withWriter(buildBrief, writer, { log: createLogger(loadLogLevel()) }) : buildBrief;
    const docs = readDocs(o.in);
    const articles: BriefArticle[] = docs.map((d, i) => {
      const id = d.id ?? `doc${i + 1}`;
      return {
        id,
        title: d.title ?? '',
        text: d.text,
        published: d.published ?? null,
        source: d.source ?? null,
        annotation: annotate({ id, text: d.text, title: d.title }),
      };
    });
    let brief;
    try {
      brief = await build(articles, { focus: o.focus, maxWords: words });
    } catch (err) {
      if (err instanceof StorylineError) throw new StorylineError(err.stage, err.code, err.message, { input: o.in === '-' ? 'stdin' : o.in, cause: err });
      throw err;
    }
    if (o.format === 'json') process.stdout.write(JSON.stringify(brief, null, 2) + '\n');
    else if (o.format === 'md') process.stdout.write(renderMarkdown(brief));
    else process.stdout.write(renderText(brief, words) + '\n');
  });
}
