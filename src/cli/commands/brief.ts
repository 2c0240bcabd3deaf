// `storyline brief <story> [--format md|json|html] [--version N]`: a story's cited brief. A merged
// story id answers with the story it was merged into; a story without a brief yet gets one written now,
// as does any story with --rebuild. A brief written here goes through the writer model when one is set
// (--writer-url/--writer-model or STORYLINE_WRITER_*).
import type { Command } from 'commander';
import type { Article, BriefSentence, Citation, StoredBrief } from '../../types.ts';
import { loadConfig } from '../../config.ts';
import { openStore } from '../../store/open.ts';
import type { Store } from '../../store/store.ts';
import { StorylineError } from '../../errors.ts';
import { renderMarkdown } from '../../brief/render.ts';
import { lookupIn } from '../../brief/footnotes.ts';
import { focusedBrief, rebuildBrief } from '../../pipeline/ingest.ts';
import { focusProblem } from '../../brief/focus.ts';
import { defaultStages } from '../../pipeline/stages.ts';
import { DEMO_ATTRIBUTION_HTML, DEMO_SOURCE_NAME } from '../../pipeline/corpus.ts';
import { createLogger } from '../../log.ts';
import { addWriterOptions, writerEnv, type WriterFlags } from '../../brief/writer/options.ts';
import { escapeHtml as esc } from '../../server/feeds/brief-html.ts';

const FORMATS = ['md', 'json', 'html'] as const;

/** Standalone HTML page; every citation links to a numbered note quoting the cited source span. */
export function renderHtml(brief: StoredBrief, articles: Map<string, Article>): string {
  const notes = new Map<string, { n: number; c: Citation }>();
  const mark = (s: BriefSentence) =>
    esc(s.text) +
    s.citations
      .map((c) => {
        const k = `${c.articleId}:${c.start}-${c.end}`;
        if (!notes.has(k)) notes.set(k, { n: notes.size + 1, c });
        const n = notes.get(k)!.n;
        return `<sup><a href="#c${n}">[${n}]</a></sup>`;
      })
      .join('');
  const body: string[] = [`<h1>${mark(brief.headline)}</h1>`, `<p class="lead">${brief.lead.map(mark).join(' ')}</p>`];
  for (const d of brief.developments) {
    body.push(`<section><h2>${mark(d.headline)}${d.date ? ` <time>${esc(d.date.slice(0, 10))}</time>` : ''}</h2>`);
    body.push(`<p>${d.sentences.map(mark).join(' ')}</p></section>`);
  }
  if (brief.people.length) {
    body.push('<h2>People</h2><ul>' + brief.people.map((p) => `<li>${esc(p.name)}${p.role ? `, ${esc(p.role)}` : ''}</li>`).join('') + '</ul>');
  }
  if (brief.coverage.length) {
    body.push(
      '<h2>Coverage</h2><ul>' +
        brief.coverage.map((c) => `<li>${esc(c.source)}: ${c.articles}${c.first ? `, first ${esc(c.first.slice(0, 10))}` : ''}</li>`).join('') +
        '</ul>',
    );
  }
  body.push('<h2>Sources</h2><ol>');
  for (const { n, c } of notes.values()) {
    const a = articles.get(c.articleId);
    const quoted = a ? a.text.slice(c.start, c.end) : null;
    const title = a ? (a.url ? `<a href="${esc(a.url)}">${esc(a.title)}</a>` : esc(a.title)) : esc(c.articleId);
    body.push(
      `<li id="c${n}">${title}${a?.sourceName ? ` (${esc(a.sourceName)})` : ''}, characters ${c.start}–${c.end}` +
        (quoted ? `: <q>${esc(quoted)}</q>` : '') +
        '</li>',
    );
  }
  body.push('</ol>');
  if ([...articles.values()].some((a) => a.sourceName === DEMO_SOURCE_NAME)) body.push(`<footer><small>${DEMO_ATTRIBUTION_HTML}</small></footer>`);
  return (
    `<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>${esc(brief.headline.text)}</title></head>\n` +
    `<body><article data-story="${esc(brief.storyId)}" data-version="${brief.version}">\n${body.join('\n')}\n</article></body></html>\n`
  );
}

async function citedArticles(store: Store, brief: StoredBrief): Promise<Map<string, Article>> {
  const ids = new Set<string>();
  const visit = (s: BriefSentence) => s.citations.forEach((c) => ids.add(c.articleId));
  visit(brief.headline);
  brief.lead.forEach(visit);
  for (const d of brief.developments) {
    visit(d.headline);
    d.sentences.forEach(visit);
  }
  return new Map((await store.getArticles([...ids])).map((a) => [a.id, a]));
}

function checkFocus(text: string): string {
  const v = text.trim();
  const problem = v ? focusProblem(v) : 'must not be empty';
  if (problem) throw new StorylineError('cli', 'bad_option', `--focus ${problem}`);
  return v;
}

export function register(program: Command): void {
  const cmd = program
    .command('brief')
    .description("print a story's cited brief")
    .argument('<story>', 'story id (as `storyline stories` lists them)')
    .option('--format <format>', 'md | json | html', 'md')
    .option('--version <n>', 'an earlier version of the brief (default: the latest)')
    .option('--rebuild', 'write the brief again now (a new version when it changed), e.g. with a writer model')
    .option('--focus <text>', 'build the brief now, steered toward this topic statement (printed, not stored)');
  addWriterOptions(cmd).action(async (storyArg: string, o: { format: string; version?: string; rebuild?: boolean; focus?: string } & WriterFlags) => {
    if (!(FORMATS as readonly string[]).includes(o.format)) {
      throw new StorylineError('cli', 'bad_option', `--format must be md, json or html, not "${o.format}"`);
    }
    let version: number | undefined;
    if (o.version !== undefined) {
      version = Number(o.version);
      if (!/^\d+$/.test(o.version) || version < 1) throw new StorylineError('cli', 'bad_option', `--version must be a positive integer, not "${o.version}"`);
    }
    if (o.rebuild && version !== undefined) throw new StorylineError('cli', 'bad_option', '--rebuild writes the latest version; it cannot go with --version');
    const focus = o.focus === undefined ? null : checkFocus(o.focus);
    if (focus !== null && (version !== undefined || o.rebuild)) {
      throw new StorylineError('cli', 'bad_option', '--focus builds a one-off brief; it cannot go with --version or --rebuild');
    }
    const config = loadConfig(writerEnv(o));
    const stages = defaultStages({ writer: config.writer, log: createLogger(config.logLevel) });
    const store = await openStore(config);
    try {
      const id = await store.resolveStory(storyArg);
      if (!id) throw new StorylineError('cli', 'unknown_story', 'no such story (see `storyline stories`)', { input: storyArg });
      if (id !== storyArg) process.stderr.write(`storyline: story ${storyArg} was merged into ${id}\n`);
      let brief = o.rebuild || focus !== null ? null : await store.getBrief(id, version);
      if (focus !== null) {
        brief = await focusedBrief(store, id, focus);
        if (!brief) throw new StorylineError('cli', 'no_brief', "no brief could be built from the story's articles", { input: storyArg });
      } else if (!brief && version === undefined) {
        await rebuildBrief(store, id, stages);
        brief = await store.getBrief(id);
      }
      if (!brief) {
        throw new StorylineError('cli', 'no_brief', version ? `story has no brief version ${version}` : 'story has no brief', { input: storyArg });
      }
      if (o.format === 'json') process.stdout.write(JSON.stringify(brief, null, 2) + '\n');
      else if (o.format === 'md') process.stdout.write(renderMarkdown(brief, lookupIn((await citedArticles(store, brief)).values())));
      else process.stdout.write(renderHtml(brief, await citedArticles(store, brief)));
    } finally {
      await store.close();
    }
  });
}
