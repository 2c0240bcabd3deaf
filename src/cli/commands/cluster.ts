// `storyline cluster --in docs.jsonl`: streams documents through the story clusterer in publication
// order (input order where dates are absent, stable) and prints `{id, story}` per input line, in input
// order. Story ids are resolved through later merges, so two lines of the same final story agree.
import type { Command } from 'commander';
import { StorylineError } from '../../errors.ts';
import { StoryClusterer } from '../../cluster/stream.ts';
import { failBadInput, writeLine } from '../io.ts';
import { parseJsonl, readInput, requireStrings } from '../../io/read.ts';

interface DocLine {
  id: string;
  title: string;
  text: string;
  published?: string | null;
  lang?: string | null;
}

function check(v: unknown): string | null {
  const bad = requireStrings(v, ['id', 'title', 'text'], ['published', 'lang']);
  if (bad) return bad;
  const d = v as DocLine;
  if (d.id === '') return 'field "id" must not be empty';
  if (d.published && Number.isNaN(Date.parse(d.published))) return `field "published" is not a date: "${d.published}"`;
  return null;
}

/** Clusters docs and returns the final story of each, in input order. */
export function clusterDocs(docs: DocLine[], input = 'input'): { id: string; story: string }[] {
  const seen = new Set<string>();
  for (const d of docs) {
    if (seen.has(d.id)) throw new StorylineError('cli', 'duplicate_id', `id "${d.id}" appears twice`, { input });
    seen.add(d.id);
  }
  const order = docs.map((d, i) => ({ d, i, t: d.published ? Date.parse(d.published) : NaN }));
  // Undated docs keep their input position relative to dated ones: they take the time of the last dated
  // doc before them, so sorting is stable and never moves a doc ahead of what preceded it in the input.
  let lastT = -Infinity;
  for (const o of order) {
    if (Number.isNaN(o.t)) o.t = lastT;
    else lastT = o.t;
  }
  order.sort((a, b) => a.t - b.t || a.i - b.i);
  const c = new StoryClusterer();
  const story = new Array<string>(docs.length);
  // Only the documented fields reach the clusterer: a stray "entities" field would switch it to the nlp model.
  for (const { d, i } of order) story[i] = c.add({ id: d.id, title: d.title, text: d.text, published: d.published ?? null, lang: d.lang ?? null }).story;
  return docs.map((d, i) => ({ id: d.id, story: c.resolve(story[i]) }));
}

export function register(program: Command): void {
  program
    .command('cluster')
    .description('group documents into stories (JSONL {id,title,text,published?,lang?} in, {id,story} out)')
    .requiredOption('--in <file>', 'JSONL input file, or - for stdin')
    .action((opts: { in: string }) => {
      let out: { id: string; story: string }[];
      try {
        const name = opts.in === '-' ? 'stdin' : opts.in;
        // Parsed here rather than with readJsonlStrict so the message keeps the line number.
        const lines = parseJsonl<DocLine>(readInput(opts.in), name, check);
        const bad = lines.find((l) => l.error);
        if (bad) throw new StorylineError('cli', 'bad_input', bad.error!);
        if (lines.length === 0) throw new StorylineError('cli', 'empty_input', 'no JSON lines found', { input: name });
        out = clusterDocs(
          lines.map((l) => l.value!),
          name,
        );
      } catch (err) {
        failBadInput(err);
      }
      for (const o of out) writeLine(o);
    });
}
