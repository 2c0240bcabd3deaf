// `storyline annotate --in docs.jsonl`: one JSONL line per input document with its entities, quotes (who
// said what), time expressions resolved against the line's `published` date, plus sentences. A bad input line is reported on stderr (file and line) and the rest go
// on; a missing file or an input with no valid line is bad input (exit 2).
import type { Command } from 'commander';
import { StorylineError, errorMessage } from '../../errors.ts';
import { annotate } from '../../nlp/annotate.ts';
import { parseAnchor } from '../../nlp/time/calendar.ts';
import { failBadInput, writeLine } from '../io.ts';
import { parseJsonl, readInput, requireStrings } from '../../io/read.ts';

interface DocLine {
  id: string;
  text: string;
  title?: string | null;
  published?: string | null;
}

function check(v: unknown): string | null {
  const bad = requireStrings(v, ['id', 'text'], ['title', 'published']);
  if (bad) return bad;
  if ((v as DocLine).id === '') return 'field "id" must not be empty';
  // A date that cannot be read would silently turn every weekday and year into an unknown one.
  const published = (v as DocLine).published;
  if (published && !parseAnchor(published)) return 'field "published" must be an ISO date or date-time';
  return null;
}

export function register(program: Command): void {
  program
    .command('annotate')
    .description('sentences, entities and attributed quotes per document (JSONL {id,text,title?,published?} in)')
    .requiredOption('--in <file>', 'JSONL input file, or - for stdin')
    .action((opts: { in: string }) => {
      const name = opts.in === '-' ? 'stdin' : opts.in;
      let lines;
      try {
        lines = parseJsonl<DocLine>(readInput(opts.in), name, check);
        if (!lines.some((l) => l.value)) {
          const why = lines.length === 0 ? 'no JSON lines found' : `no valid line (${lines[0].error})`;
          throw new StorylineError('cli', 'empty_input', why, { input: name });
        }
      } catch (err) {
        failBadInput(err);
      }
      for (const l of lines) {
        if (l.error) {
          process.stderr.write(`storyline: ${l.error}\n`);
          continue;
        }
        const d = l.value!;
        try {
          const a = annotate({ id: d.id, text: d.text, ...(d.title ? { title: d.title } : {}), published: d.published ?? null });
          const times = (a.times ?? []).map((t) => ({ text: t.text, start: t.start, end: t.end, value: t.value }));
          writeLine({ id: a.id, entities: a.entities, quotes: a.quotes, times, sentences: a.sentences });
        } catch (err) {
          process.stderr.write(`storyline: ${name}:${l.line}: ${errorMessage(err)}\n`);
        }
      }
    });
}
